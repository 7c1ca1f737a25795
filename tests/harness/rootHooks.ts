// Loaded by .mocharc.json for every run, whole suite or single file: stop the pack processes
// the scenario tests started, so mocha can exit.
import { closeAllPacks } from "./pack";

export const mochaHooks = {
    async afterAll(): Promise<void> {
        await closeAllPacks();
    },
};

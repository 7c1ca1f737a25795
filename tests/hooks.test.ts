// Root hooks: stop the pack processes the scenario tests started.
import { closeAllPacks } from "./harness/pack";

after(async () => {
    await closeAllPacks();
});

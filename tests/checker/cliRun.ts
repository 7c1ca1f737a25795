/**
 * Runs the checker the way a user does: `node bin/apigw-lambda-guard.js ...` as a child process in
 * the package root, against the built pack (dist/). Fails loudly when dist/ is missing or older
 * than the checker's sources, instead of testing stale code.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");
export const BIN = "bin/apigw-lambda-guard.js";

export interface CliResult {
    code: number | null;
    stdout: string;
    stderr: string;
}

/** Runs the CLI with `args` (paths relative to the package root). */
export function runCli(args: string[]): CliResult {
    const res = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, timeout: 300_000 });
    if (res.error) {
        throw res.error;
    }
    return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Throws unless dist/ holds a build of the pack and of the checker newer than checker/*.ts. */
export function assertBuilt(): void {
    const need = ["dist/policies/index.js", "dist/checker/cli.js"];
    for (const f of need) {
        if (!fs.existsSync(path.join(ROOT, f))) {
            throw new Error(`${f} is missing: run \`npm run build\` before these tests`);
        }
    }
    for (const src of fs.readdirSync(path.join(ROOT, "checker")).filter((f) => f.endsWith(".ts"))) {
        const built = path.join(ROOT, "dist", "checker", src.replace(/\.ts$/, ".js"));
        if (!fs.existsSync(built) || fs.statSync(built).mtimeMs < fs.statSync(path.join(ROOT, "checker", src)).mtimeMs) {
            throw new Error(`dist/checker is older than checker/${src}: run \`npm run build\` before these tests`);
        }
    }
}

// Runs on `npm install`/`npm ci` in a clone: compile TypeScript so package.json `main` exists.
// In a packed tarball (what `pulumi policy publish` uploads) there are no sources and no
// tsconfig: the compiled dist/ ships as is and nothing is built.
"use strict";
const { existsSync } = require("fs");
const { join } = require("path");
const { spawnSync } = require("child_process");

const root = join(__dirname, "..");
const tsconfig = join(root, "tsconfig.build.json");
if (!existsSync(tsconfig)) {
    process.exit(0);
}
let tsc;
try {
    tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
} catch {
    console.error("apigw-lambda-guard: typescript is not installed; cannot build dist/ (run `npm install` with dev dependencies).");
    process.exit(1);
}
const result = spawnSync(process.execPath, [tsc, "-p", tsconfig], { cwd: root, stdio: "inherit" });
process.exit(result.status === null ? 1 : result.status);

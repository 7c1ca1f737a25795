// Runs on `npm install`/`npm ci` in a clone: compile TypeScript so package.json `main` exists,
// and build the component provider's bin/ (provider/scripts/build.js) so provider/ runs from the
// checkout too. A packed tarball ships no sources, no tsconfig and no `prepare` script (see
// scripts/pack-manifest.js): its compiled dist/ ships as is and nothing is built.
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
for (const args of [[tsc, "-p", tsconfig], [join(root, "provider", "scripts", "build.js")]]) {
    const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
    if (result.status !== 0) {
        process.exit(result.status === null ? 1 : result.status);
    }
}

// Regenerates the checker's goldens (tests/golden/checker/) and the bundled example stacks from
// the current build of the policy pack, then shows what changed. Review the diff before committing.
//   node scripts/update-golden.js          (runs `npm run build` first)
"use strict";
const { spawnSync } = require("child_process");
const path = require("path");

const root = path.join(__dirname, "..");
const run = (cmd, args, env = {}) => {
    const res = spawnSync(cmd, args, { cwd: root, stdio: "inherit", env: { ...process.env, ...env } });
    if (res.status !== 0) {
        process.exit(res.status === null ? 1 : res.status);
    }
};
run("npm", ["run", "build"]);
// --no-config: only these two files, without the suite's root hooks (the checker stops its own packs).
const mocha = require.resolve("mocha/bin/mocha.js", { paths: [root] });
run(process.execPath, [mocha, "--no-config", "-r", "ts-node/register/transpile-only", "--extension", "ts", "--timeout", "300000",
    "tests/checker/examples.test.ts", "tests/checker/golden.test.ts"], { UPDATE_GOLDEN: "1" });
run("git", ["--no-pager", "diff", "--stat", "--", "tests/golden/checker", "examples/stacks"]);

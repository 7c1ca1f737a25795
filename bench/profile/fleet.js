// The checker's pool over the first N generated fleet exports (.bench-out/fleet, from bench/fleet.ts),
// for profiling with bench/profile/childProf.js. Prints the time per stack and the findings count.
"use strict";
const path = require("path");
const { checkExports } = require("../../dist/checker/check");
const n = Number(process.argv[2] || 100);
const root = path.join(__dirname, "..", "..");
const files = Array.from({ length: n }, (_, i) => path.join(root, ".bench-out", "fleet", `stack-${i}.json`));
(async () => {
    const t = process.hrtime.bigint();
    const o = await checkExports(files, { packDir: root, concurrency: 2 });
    const ms = Number(process.hrtime.bigint() - t) / 1e6;
    console.log(JSON.stringify({ stacks: n, ms, perStack: ms / n, findings: o.stacks.reduce((a, s) => a + s.findings.length, 0), problems: o.problems.length }));
})();

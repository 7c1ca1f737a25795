// Profiling the fleet audit (bench/RESULTS.md, issue 22 part 2): preloaded with `-r`, gives every
// node child the checker spawns (the pack processes) `--cpu-prof` into $PROF_DIR (NODE_OPTIONS
// refuses --cpu-prof), and makes those children exit normally on the SIGINT the engine stops them
// with, so that they write their profile. Summarize with bench/cpuprofile.ts.
//   PROF_DIR=/tmp/prof node --cpu-prof --cpu-prof-dir=/tmp/prof -r ./bench/profile/childProf.js bench/profile/fleet.js 100
"use strict";
const cp = require("child_process");
const path = require("path");
const dir = process.env.PROF_DIR;
const spawn = cp.spawn;
cp.spawn = function (cmd, args, opts) {
    if (dir && cmd === process.execPath) {
        args = ["--cpu-prof", `--cpu-prof-dir=${dir}`, "-r", path.join(__dirname, "exitOnSigint.js"), ...args];
    }
    return spawn.call(this, cmd, args, opts);
};

#!/usr/bin/env node
// Launcher for the offline checker: the code lives in dist/checker/cli.js (compiled by `npm run build`).
"use strict";
let cli;
try {
    cli = require("../dist/checker/cli.js");
} catch (err) {
    if (err && err.code === "MODULE_NOT_FOUND" && String(err.message).includes("dist/checker/cli.js")) {
        console.error("apigw-lambda-guard: not built: run `npm run build` in " + require("path").join(__dirname, ".."));
        process.exit(2);
    }
    throw err;
}
// `... | head` closes stdout early: stop quietly instead of crashing on EPIPE.
process.stdout.on("error", (err) => {
    if (err && err.code === "EPIPE") {
        process.exit(process.exitCode === undefined ? 0 : process.exitCode);
    }
    throw err;
});
cli.main(process.argv.slice(2)).then(
    (code) => {
        process.exitCode = code;
    },
    (err) => {
        console.error("apigw-lambda-guard:", err);
        process.exitCode = 2;
    },
);

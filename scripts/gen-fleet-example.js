// Writes examples/stacks/fleet-150-functions.json: 150 Lambda functions behind one HTTP API, all
// invoked through one shared role (the large-fleet exemption case). `--all` rewrites every bundled
// example. The stacks are defined in tests/checker/exampleStacks.ts; the examples test fails when a
// committed file no longer matches it.
//   node scripts/gen-fleet-example.js [--all]
"use strict";
const fs = require("fs");
const path = require("path");

require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } });
const { EXAMPLES, toJson } = require("../tests/checker/exampleStacks.ts");

const dir = path.join(__dirname, "..", "examples", "stacks");
const names = process.argv.includes("--all") ? Object.keys(EXAMPLES) : ["fleet-150-functions.json"];
fs.mkdirSync(dir, { recursive: true });
for (const name of names) {
    const file = path.join(dir, name);
    fs.writeFileSync(file, toJson(EXAMPLES[name]()));
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

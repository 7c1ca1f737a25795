// The package as a TypeScript program's library, installed the way a user installs it: `npm pack`
// the repository, copy examples/typescript-program to a scratch directory, `npm install` the
// tarball there (next to the program's own @pulumi/pulumi and @pulumi/aws), then check:
// - `npm ls @pulumi/pulumi` shows exactly one copy (the package takes it as a peer dependency);
// - the program type-checks against the published typings (moduleResolution node, which reads
//   typesVersions, as `pulumi new typescript` programs do);
// - importing the library loads the components, that one @pulumi/pulumi, and no policy pack.
// Exits non-zero with the reason on any failure.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-lambda-guard-library-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (cmd, args, cwd, env = process.env) => execFileSync(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

/** Every installed copy of `name` in an `npm ls --all --json` tree, as "version at path". */
function copies(tree, name, found = new Set()) {
    for (const [dep, node] of Object.entries(tree.dependencies || {})) {
        if (dep === name && !node.deduped) {
            found.add(`${node.version} at ${node.path || "?"}`);
        }
        copies(node, name, found);
    }
    return found;
}

function main() {
    // The library's tarball, as `npm publish` packs it: without the policy pack's bundled
    // dependencies (scripts/pack-manifest.js), so the program's own @pulumi/pulumi is the only one.
    const [packed] = JSON.parse(run(npm, ["pack", "--json", "--pack-destination", work], root, { ...process.env, APIGW_LAMBDA_GUARD_PACK: "library" }));
    const program = path.join(work, "program");
    fs.cpSync(path.join(root, "examples", "typescript-program"), program, { recursive: true });
    run(npm, ["install", "--no-audit", "--no-fund", "--loglevel=error", path.join(work, packed.filename)], program);

    const tree = JSON.parse(run(npm, ["ls", "@pulumi/pulumi", "--all", "--json", "--long"], program));
    const pulumiCopies = [...copies(tree, "@pulumi/pulumi")];
    console.error(`npm ls @pulumi/pulumi: ${pulumiCopies.join("; ")}`);
    if (pulumiCopies.length !== 1) {
        throw new Error(`expected one @pulumi/pulumi, found ${pulumiCopies.length}`);
    }

    const tsc = require.resolve("typescript/bin/tsc", { paths: [root] });
    run(process.execPath, [tsc, "-p", program], program);

    const probe = run(process.execPath, ["-e", `
        const lib = require("apigw-lambda-guard");
        const loaded = Object.keys(require.cache);
        console.log(JSON.stringify({
            components: typeof lib.LambdaHttpApi === "function" && typeof require("apigw-lambda-guard/components").LambdaRestApi === "function",
            sdks: [...new Set(loaded.filter((f) => /node_modules\\/@pulumi\\/pulumi\\/index\\.js$/.test(f)))],
            pack: loaded.filter((f) => f.includes("@pulumi/policy") || f.includes("/dist/policies/")),
        }));
    `], program);
    const loaded = JSON.parse(probe);
    if (!loaded.components || loaded.sdks.length !== 1 || loaded.pack.length !== 0) {
        throw new Error(`importing the library: ${probe}`);
    }
    console.error(`library: ${packed.filename} installs next to one @pulumi/pulumi; the program type-checks; importing it loads no policy pack`);
}

try {
    main();
} catch (e) {
    console.error(`verify-library: ${e.message}`);
    process.exitCode = 1;
} finally {
    fs.rmSync(work, { recursive: true, force: true });
}

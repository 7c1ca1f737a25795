// What `pulumi policy publish` uploads and what Pulumi Cloud later runs: `npm pack` the project
// (its stdout must be the file name alone, as the CLI reads it),
// unpack the tarball elsewhere, a plain `npm install` inside it (as the root project there, so npm
// would install devDependencies too: the packed manifest has none, see scripts/pack-manifest.js),
// check that no dev tooling came with it, boot it the way the engine does and ask it for its
// policies. Exits non-zero with the reason on any failure.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-lambda-guard-pack-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (args, cwd) => execFileSync(npm, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });

async function main() {
    // `pulumi policy publish` runs exactly this and takes its whole stdout as the file name (see .npmrc).
    const printed = run(["pack", "--dry-run", "--loglevel=error"], root).trim();
    const packed = JSON.parse(run(["pack", "--json", "--pack-destination", work], root));
    if (printed !== packed[0].filename) {
        throw new Error(`\`npm pack --loglevel=error\` prints ${JSON.stringify(printed)}, not just the file name ${packed[0].filename}: \`pulumi policy publish\` would fail`);
    }
    const tarball = path.join(work, packed[0].filename);
    const files = packed[0].files.map((f) => f.path);
    for (const required of ["dist/policies/index.js", "dist/components/index.js", "dist/components/index.d.ts", "PulumiPolicy.yaml", "package.json", "LICENSE"]) {
        if (!files.includes(required)) {
            throw new Error(`the tarball lacks ${required}`);
        }
    }
    const leaked = files.filter((f) => f.startsWith("tests/") || f.endsWith(".ts") && !f.endsWith(".d.ts"));
    if (leaked.length > 0) {
        throw new Error(`the tarball ships sources or tests: ${leaked.join(", ")}`);
    }
    const dir = path.join(work, "pack");
    fs.mkdirSync(dir);
    execFileSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"]);
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    for (const field of ["devDependencies", "scripts"]) {
        if (manifest[field] !== undefined) {
            throw new Error(`the packed package.json has ${field} (prepack did not strip it)`);
        }
    }
    if (fs.existsSync(path.join(root, "package.json.prepack"))) {
        throw new Error("package.json.prepack is left over: postpack did not restore package.json");
    }
    run(["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
    const dev = ["@pulumi/aws", "mocha", "typescript", "ts-node"].filter((p) => fs.existsSync(path.join(dir, "node_modules", p, "package.json")));
    if (dev.length > 0) {
        throw new Error(`a plain npm install of the tarball installed dev tooling: ${dev.join(", ")}`);
    }
    const { PolicyPackSession } = require(path.join(root, "dist", "engine", "session.js"));
    const session = await PolicyPackSession.start(dir, { organization: "acme", project: "shop", stack: "dev", dryRun: true });
    try {
        const info = await session.getAnalyzerInfo();
        console.error(`packed pack ${info.name}@${info.version} (${packed[0].size} bytes packed, ${files.length} files) serves: ${info.policies.map((p) => p.name).join(", ")}`);
        if (info.policies.length === 0) {
            throw new Error("the packed pack serves no policies");
        }
    } finally {
        await session.close();
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().catch((e) => {
    console.error(`verify-package: ${e.message}`);
    process.exit(1);
});

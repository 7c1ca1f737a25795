// What `pulumi policy publish` uploads and what Pulumi Cloud later runs: `npm pack` the project,
// unpack the tarball elsewhere, `npm install` it (no TypeScript compiler involved), boot it the way
// the engine does and ask it for its policies. Exits non-zero with the reason on any failure.
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
    const packed = JSON.parse(run(["pack", "--json", "--pack-destination", work], root));
    const tarball = path.join(work, packed[0].filename);
    const files = packed[0].files.map((f) => f.path);
    for (const required of ["dist/policies/index.js", "PulumiPolicy.yaml", "scripts/prepare.js", "package.json"]) {
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
    run(["install", "--omit=dev", "--no-audit", "--no-fund"], dir);
    if (fs.existsSync(path.join(dir, "node_modules", "typescript", "bin", "tsc"))) {
        console.error("note: typescript is present (a dependency pulled it in); the pack did not need it to build");
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

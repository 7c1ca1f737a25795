// What `pulumi policy publish` uploads and what Pulumi Cloud later runs: `npm pack` the project
// (its stdout must be the file name alone, as the CLI reads it),
// unpack the tarball elsewhere, a plain `npm install` inside it (as the root project there, so npm
// would install devDependencies too: the packed manifest has none, see scripts/pack-manifest.js),
// check that the tarball bundles its dependencies and the install (the CLI's `npm install
// --loglevel=error`, empty npm cache) fetched none of them, that no dev tooling came with it, boot
// it the way the engine does and ask it for its policies. Exits non-zero with the reason on any failure.
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-lambda-guard-pack-"));
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (args, cwd) => execFileSync(npm, args, { cwd, stdio: ["ignore", "pipe", "inherit"], encoding: "utf8", maxBuffer: 1 << 28 });

/** Package tarballs npm fetched into the cache `cache` (its index names each `pacote:tarball:NAME@VERSION`). */
function fetchedTarballs(cache) {
    const found = new Set();
    const walk = (d) => {
        for (const e of fs.existsSync(d) ? fs.readdirSync(d, { withFileTypes: true }) : []) {
            const p = path.join(d, e.name);
            if (e.isDirectory()) {
                walk(p);
            } else {
                const text = fs.readFileSync(p, "utf8");
                for (const m of text.matchAll(/"key":"pacote:tarball:([^"]+)"/g)) {
                    found.add(m[1]);
                }
                // A registry download: https://registry.npmjs.org/NAME/-/BASENAME-VERSION.tgz
                for (const m of text.matchAll(/"key":"make-fetch-happen:request-cache:https?:\/\/[^/"]+\/((?:@[^/"]+\/)?[^/"]+)\/-\/([^/"]+)\.tgz"/g)) {
                    const name = decodeURIComponent(m[1]);
                    found.add(`${name}@${m[2].slice(name.split("/").pop().length + 1)}`);
                }
            }
        }
    };
    walk(path.join(cache, "_cacache", "index-v5"));
    return [...found].sort();
}

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
    const leaked = files.filter((f) => !f.startsWith("node_modules/") && (f.startsWith("tests/") || f.endsWith(".ts") && !f.endsWith(".d.ts")));
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
    // `npm pack` (what `pulumi policy publish` runs) ships the dependencies inside the tarball.
    const bundled = manifest.bundleDependencies || [];
    const unbundled = Object.keys(manifest.dependencies || {}).filter((d) => !bundled.includes(d) || !files.includes(`node_modules/${d}/package.json`));
    if (unbundled.length > 0) {
        throw new Error(`the tarball does not bundle ${unbundled.join(", ")} (scripts/pack-manifest.js sets bundleDependencies for npm pack)`);
    }
    if (fs.existsSync(path.join(root, "package.json.prepack"))) {
        throw new Error("package.json.prepack is left over: postpack did not restore package.json");
    }
    // The CLI's own command, with an empty npm cache as on a fresh CI runner.
    const cache = path.join(work, "npm-cache");
    execFileSync(npm, ["install", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, npm_config_cache: cache } });
    const fetched = fetchedTarballs(cache);
    const essential = fetched.filter((f) => /^(@pulumi\/(policy|pulumi)|@grpc\/grpc-js|google-protobuf|ajv|protobufjs)@/.test(f));
    if (essential.length > 0) {
        throw new Error(`npm install fetched what the tarball bundles: ${essential.join(", ")}`);
    }
    // npm 11 fetches again a bundled package whose bin links are missing (npm pack ships no
    // node_modules/.bin): a handful of @pulumi/pulumi's dependencies; reported, not fatal.
    console.error(`npm install of the tarball (empty cache) fetched ${fetched.length} package tarballs${fetched.length ? `: ${fetched.join(", ")}` : ""}`);
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

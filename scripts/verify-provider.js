// What `pulumi package add <clone>/provider` and `pulumi package add github.com/ORG/REPO/provider@vX.Y.Z`
// rely on, without the Pulumi CLI: a pristine clone of the committed HEAD (the engine clones the
// whole repository), `npm install` in provider/ only (what the Node.js language host runs there),
// nothing installed or built at the repository root; then the provider started the way the
// language host starts it (run-plugin resolved from provider/, cwd elsewhere), asked for its
// schema over gRPC. Exits non-zero with the reason on any failure.
//
// node scripts/verify-provider.js [--keep]    (--keep leaves the clone and prints its path)
"use strict";
const { execFileSync, spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");
const keep = process.argv.includes("--keep");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-lambda-guard-provider-"));
const clone = path.join(work, "repo");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

async function main() {
    execFileSync("git", ["clone", "--quiet", "--depth", "1", `file://${root}`, clone], { stdio: "inherit" });
    const pluginDir = path.join(clone, "provider");
    const started = Date.now();
    execFileSync(npm, ["install", "--loglevel=error", "--no-audit", "--no-fund"], { cwd: pluginDir, stdio: ["ignore", "inherit", "inherit"] });
    const installSeconds = (Date.now() - started) / 1000;
    for (const absent of [path.join(clone, "node_modules"), path.join(clone, "dist")]) {
        if (fs.existsSync(absent)) {
            throw new Error(`${absent} exists: the provider must not need the repository root installed or built`);
        }
    }
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [pluginDir] });
    if (!runPlugin.startsWith(pluginDir)) {
        throw new Error(`run-plugin resolved outside provider/: ${runPlugin}`);
    }
    // The engine address is only dialled for logging; GetSchema does not need an engine.
    const child = spawn(process.execPath, [runPlugin, pluginDir, "127.0.0.1:1"], { cwd: work, stdio: ["ignore", "pipe", "pipe"] });
    try {
        const port = await firstLine(child);
        const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pluginDir] }));
        const providerGrpc = require(require.resolve("@pulumi/pulumi/proto/provider_grpc_pb", { paths: [pluginDir] }));
        const providerPb = require(require.resolve("@pulumi/pulumi/proto/provider_pb", { paths: [pluginDir] }));
        const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        const schema = await new Promise((resolve, reject) =>
            client.getSchema(new providerPb.GetSchemaRequest(), (err, resp) => (err ? reject(err) : resolve(JSON.parse(resp.getSchema())))),
        );
        client.close();
        const manifest = JSON.parse(fs.readFileSync(path.join(pluginDir, "package.json"), "utf8"));
        if (schema.name !== manifest.name || schema.version !== manifest.version) {
            throw new Error(`schema is ${schema.name}@${schema.version}, package.json says ${manifest.name}@${manifest.version}`);
        }
        console.error(
            `pristine provider: npm install in provider/ took ${installSeconds.toFixed(1)} s; ` +
                `it serves ${schema.name}@${schema.version}: ${Object.keys(schema.resources).join(", ")}`,
        );
    } finally {
        child.kill();
    }
}

/** The provider's first stdout line: its port. */
function firstLine(child) {
    return new Promise((resolve, reject) => {
        let out = "";
        let err = "";
        child.stderr.on("data", (d) => (err += d));
        child.once("exit", (code) => reject(new Error(`the provider exited with ${code} before printing its port:\n${err}`)));
        child.stdout.on("data", (d) => {
            out += d;
            const newline = out.indexOf("\n");
            if (newline >= 0) {
                const port = Number(out.slice(0, newline).trim());
                return Number.isInteger(port) && port > 0 ? resolve(port) : reject(new Error(`first stdout line is not a port: ${out}`));
            }
        });
    });
}

main()
    .catch((e) => {
        console.error(`verify-provider: ${e.message}`);
        process.exitCode = 1;
    })
    .finally(() => {
        if (keep) {
            console.error(`clone kept at ${clone}`);
        } else {
            fs.rmSync(work, { recursive: true, force: true });
        }
    });

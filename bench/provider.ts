/**
 * Start-up of the component provider against a minimal one-component Node.js provider
 * (bench/minimal-provider, laid out as Pulumi documents it: the schema is inferred at start),
 * measured side by side, alternating, the way the engine starts a plugin: `node run-plugin <dir>
 * <engine>` (run-plugin resolved from the plugin directory, cwd elsewhere), then time to the port
 * on stdout, then one GetSchema over gRPC.
 *
 *   npm run bench:provider -- [--runs 5] [--dir <plugin dir>]
 *
 * `--dir` measures another copy of provider/, e.g. one installed by `npm install` in a pristine
 * clone (`node scripts/verify-provider.js --keep` prints its path); the default is provider/ in
 * this checkout (its dependencies resolve from the repository root unless provider/node_modules exists).
 */
import { spawn } from "child_process";
import * as os from "os";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import { elapsedMs, intArg, median, ms, now } from "./stats";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerPb = require("@pulumi/pulumi/proto/provider_pb");

interface Sample {
    portMs: number;
    schemaMs: number;
}

async function measure(dir: string): Promise<Sample> {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [dir] });
    const start = now();
    const child = spawn(process.execPath, [runPlugin, dir, "127.0.0.1:1"], { cwd: os.tmpdir(), stdio: ["ignore", "pipe", "pipe"] });
    try {
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            child.stderr!.on("data", (d) => (err += d));
            child.once("exit", (code) => reject(new Error(`${dir} exited with ${code}:\n${err}`)));
            child.stdout!.on("data", (d) => {
                out += d;
                if (out.includes("\n")) {
                    resolve(Number(out.split("\n")[0].trim()));
                }
            });
        });
        const portMs = elapsedMs(start);
        const asked = now();
        const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        await new Promise<void>((resolve, reject) =>
            client.getSchema(new providerPb.GetSchemaRequest(), (e: Error | null) => (e ? reject(e) : resolve())),
        );
        client.close();
        return { portMs, schemaMs: elapsedMs(asked) };
    } finally {
        child.kill();
    }
}

function valueArg(name: string, fallback: string): string {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

async function main() {
    const runs = intArg("runs", 5);
    const ours = path.resolve(valueArg("dir", path.join(__dirname, "..", "provider")));
    const minimal = path.join(__dirname, "minimal-provider");
    const samples: Record<string, Sample[]> = { [ours]: [], [minimal]: [] };
    await measure(minimal); // warm the file cache for both before measuring
    await measure(ours);
    for (let i = 0; i < runs; i++) {
        for (const dir of i % 2 === 0 ? [ours, minimal] : [minimal, ours]) {
            samples[dir].push(await measure(dir));
        }
    }
    const row = (label: string, s: Sample[]) =>
        `${label.padEnd(28)} port ${ms(median(s.map((x) => x.portMs))).padStart(9)}   GetSchema ${ms(median(s.map((x) => x.schemaMs))).padStart(9)}`;
    console.log(`medians of ${runs} alternating runs (node ${process.version}, ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`);
    console.log(row("minimal provider (baseline)", samples[minimal]));
    console.log(row(`apigw-lambda-guard`, samples[ours]));
    const ratio = (f: (x: Sample) => number) => (median(samples[ours].map(f)) / median(samples[minimal].map(f))).toFixed(2);
    console.log(`ratio (ours / baseline): port ${ratio((x) => x.portMs)}x, GetSchema ${ratio((x) => x.schemaMs)}x (target <= 1.5x each)`);
}

main().catch((e) => {
    console.error(e);
    process.exit(1);
});

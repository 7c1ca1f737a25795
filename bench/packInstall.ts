/**
 * What installing the published pack costs, against an empty @pulumi/policy pack, side by side:
 * each tarball is unpacked into a fresh directory and `npm install` runs inside it, as wherever the
 * pack is installed from `pulumi policy publish` (a plain install: npm would install a root
 * project's devDependencies too). Reports installed packages, bytes on disk and install time
 * (medians of alternating runs, npm cache warmed first for both).
 *
 *   npm run bench:install -- [--runs 3]
 *
 * The empty pack depends on what any TypeScript pack does: @pulumi/policy (the same version as
 * ours) and @pulumi/pulumi (the same range as our peer dependency), with a PolicyPack of no policies.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { elapsedMs, intArg, median, ms, now } from "./stats";

const ROOT = path.join(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const run = (args: string[], cwd: string) => execFileSync(npm, args, { cwd, stdio: ["ignore", "pipe", "pipe"], encoding: "utf8" });

interface Sample {
    packages: number;
    bytes: number;
    ms: number;
}

function packOurs(work: string): string {
    // The library form: this bench measures the plain install of issue 9 (bench/packReady.ts the bundled pack).
    const [packed] = JSON.parse(execFileSync(npm, ["pack", "--json", "--pack-destination", work], { cwd: ROOT, encoding: "utf8", env: { ...process.env, APIGW_LAMBDA_GUARD_PACK: "library" } }));
    return path.join(work, packed.filename);
}

export function packEmpty(work: string): string {
    const ours = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    const dir = path.join(work, "empty-src");
    fs.mkdirSync(dir);
    fs.writeFileSync(
        path.join(dir, "package.json"),
        JSON.stringify({
            name: "empty-pack",
            version: "0.0.1",
            main: "index.js",
            dependencies: { "@pulumi/policy": ours.dependencies["@pulumi/policy"], "@pulumi/pulumi": ours.peerDependencies["@pulumi/pulumi"] },
        }),
    );
    fs.writeFileSync(path.join(dir, "index.js"), 'const { PolicyPack } = require("@pulumi/policy");\nnew PolicyPack("empty", { policies: [] });\n');
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
    const [packed] = JSON.parse(run(["pack", "--json", "--pack-destination", work], dir));
    return path.join(work, packed.filename);
}

function duBytes(dir: string): number {
    let total = 0;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        total += entry.isDirectory() ? duBytes(p) : entry.isFile() ? fs.statSync(p).size : 0;
    }
    return total;
}

function install(tarball: string, work: string, label: string, i: number): Sample {
    const dir = path.join(work, `${label}-${i}`);
    fs.mkdirSync(dir);
    execFileSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"]);
    const start = now();
    run(["install", "--no-audit", "--no-fund", "--loglevel=error"], dir);
    const took = elapsedMs(start);
    const packages = run(["ls", "--all", "--parseable"], dir).trim().split("\n").length - 1;
    const sample = { packages, bytes: duBytes(path.join(dir, "node_modules")), ms: took };
    fs.rmSync(dir, { recursive: true, force: true });
    return sample;
}

function main() {
    const runs = intArg("runs", 3);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-lambda-guard-install-"));
    try {
        const tarballs = { ours: packOurs(work), empty: packEmpty(work) };
        install(tarballs.empty, work, "warm-empty", 0);
        install(tarballs.ours, work, "warm-ours", 0);
        const samples: Record<"ours" | "empty", Sample[]> = { ours: [], empty: [] };
        for (let i = 0; i < runs; i++) {
            for (const label of i % 2 === 0 ? (["ours", "empty"] as const) : (["empty", "ours"] as const)) {
                samples[label].push(install(tarballs[label], work, label, i));
            }
        }
        const m = (label: "ours" | "empty", f: (s: Sample) => number) => median(samples[label].map(f));
        const row = (title: string, label: "ours" | "empty") =>
            `${title.padEnd(30)} ${String(m(label, (s) => s.packages)).padStart(4)} packages ${(m(label, (s) => s.bytes) / 1e6).toFixed(1).padStart(7)} MB ${ms(m(label, (s) => s.ms)).padStart(9)}`;
        console.log(`plain npm install inside the unpacked tarball, medians of ${runs} alternating runs (npm ${run(["--version"], work).trim()}, load ${os.loadavg()[0].toFixed(1)})`);
        console.log(row("empty @pulumi/policy pack", "empty"));
        console.log(row("apigw-lambda-guard", "ours"));
        const ratio = (f: (s: Sample) => number) => (m("ours", f) / m("empty", f)).toFixed(2);
        console.log(`ratio (ours / empty): packages ${ratio((s) => s.packages)}x, size ${ratio((s) => s.bytes)}x, time ${ratio((s) => s.ms)}x (target <= 1.2x)`);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

if (require.main === module) {
    main();
}

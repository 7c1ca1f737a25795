/**
 * Ready on a fresh CI runner (issue 22, part 5): how long from the pack's tarball to a pack that
 * listens, the way the Pulumi CLI installs a required pack: unpack the tarball, `npm install
 * --loglevel=error` inside it (the CLI's exact command) with an EMPTY npm cache (a fresh runner's),
 * then start it as the engine does (run-policy-pack, up to the port line). Side by side, rounds
 * interleaved: the empty @pulumi/policy pack, this pack as `npm publish` packs the library (its
 * dependencies fetched at install: the tarball before bundling), and this pack as `npm pack` /
 * `pulumi policy publish` packs it (bundleDependencies, scripts/pack-manifest.js). The download
 * itself is not timed (the same for all but for the tarball's size, reported).
 *
 *   npx ts-node -T bench/packReady.ts [--runs 3]
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { PolicyPackSession } from "../engine/session";
import { packEmpty } from "./packInstall";
import { elapsedMs, intArg, median, now } from "./stats";

const ROOT = path.join(__dirname, "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

type Label = "empty" | "library" | "bundled";

interface Sample {
    installMs: number;
    startMs: number;
    fetched: number;
}

function packOurs(work: string, form: "library" | "policy"): string {
    const out = path.join(work, form);
    fs.mkdirSync(out);
    const [packed] = JSON.parse(
        execFileSync(npm, ["pack", "--json", "--pack-destination", out], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28, env: { ...process.env, APIGW_LAMBDA_GUARD_PACK: form } }),
    );
    return path.join(out, packed.filename);
}

/** Package tarballs npm fetched into `cache` (its content index names each `pacote:tarball:NAME@VERSION`). */
function fetchedTarballs(cache: string): string[] {
    const index = path.join(cache, "_cacache", "index-v5");
    const found = new Set<string>();
    const walk = (dir: string) => {
        for (const e of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
            const p = path.join(dir, e.name);
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
                    found.add(`${name}@${m[2].slice(name.split("/").pop()!.length + 1)}`);
                }
            }
        }
    };
    walk(index);
    return [...found].sort();
}

async function ready(tarball: string, work: string, label: Label, round: number): Promise<Sample & { names: string[] }> {
    const dir = path.join(work, `${label}-${round}`);
    const cache = path.join(work, `cache-${label}-${round}`);
    fs.mkdirSync(dir);
    const start = now();
    execFileSync("tar", ["-xzf", tarball, "-C", dir, "--strip-components=1"]);
    execFileSync(npm, ["install", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, npm_config_cache: cache } });
    const installMs = elapsedMs(start);
    const t = now();
    const session = await PolicyPackSession.start(dir, { organization: "acme", project: "shop", stack: "ci", dryRun: true });
    const startMs = elapsedMs(t);
    await session.close();
    const names = fetchedTarballs(cache);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
    return { installMs, startMs, fetched: names.length, names };
}

async function main(): Promise<void> {
    const runs = intArg("runs", 3);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "apigw-lambda-guard-ready-"));
    try {
        const tarballs: Record<Label, string> = { empty: packEmpty(work), library: packOurs(work, "library"), bundled: packOurs(work, "policy") };
        const samples: Record<Label, Sample[]> = { empty: [], library: [], bundled: [] };
        const loads: string[] = [];
        let bundledFetched: string[] = [];
        const labels: Label[] = ["bundled", "empty", "library"];
        for (let round = 0; round < runs; round++) {
            loads.push(os.loadavg().map((l) => l.toFixed(1)).join(" "));
            for (const label of round % 2 === 0 ? labels : [...labels].reverse()) {
                const s = await ready(tarballs[label], work, label, round);
                samples[label].push(s);
                if (label === "bundled") {
                    bundledFetched = s.names;
                }
                console.error(`round ${round + 1} ${label}: install ${(s.installMs / 1000).toFixed(1)} s, start ${(s.startMs / 1000).toFixed(1)} s, ${s.fetched} tarballs fetched`);
            }
        }
        const m = (label: Label, f: (s: Sample) => number) => median(samples[label].map(f));
        const total = (s: Sample) => s.installMs + s.startMs;
        const size = (label: Label) => fs.statSync(tarballs[label]).size;
        console.log(`Unpack + \`npm install --loglevel=error\` (empty npm cache) + start to the port; medians of ${runs} interleaved rounds; npm ${execFileSync(npm, ["--version"], { encoding: "utf8" }).trim()}, Node ${process.version}; load average at each round's start: ${loads.join("; ")}.`);
        console.log("");
        console.log("| pack tarball | size | tarballs fetched | unpack + install | start to port | ready | vs empty pack |");
        console.log("| --- | --- | --- | --- | --- | --- | --- |");
        const titles: Record<Label, string> = {
            empty: "empty @pulumi/policy pack",
            library: "this pack, library form (`npm publish`; before)",
            bundled: "this pack, bundled (`npm pack`, `pulumi policy publish`)",
        };
        for (const label of ["empty", "library", "bundled"] as Label[]) {
            console.log(
                `| ${titles[label]} | ${(size(label) / 1e6).toFixed(2)} MB | ${m(label, (s) => s.fetched)} | ${(m(label, (s) => s.installMs) / 1000).toFixed(1)} s | ` +
                    `${(m(label, (s) => s.startMs) / 1000).toFixed(1)} s | ${(m(label, total) / 1000).toFixed(1)} s | ${(m(label, total) / m("empty", total)).toFixed(2)}x |`,
            );
        }
        console.log("");
        console.log(`Fetched by the bundled pack's install: ${bundledFetched.join(", ") || "nothing"}.`);
    } finally {
        fs.rmSync(work, { recursive: true, force: true });
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});

/**
 * Pack start-up time, from spawn to the port line, for the two ways a pack can be published
 * (ENGINE.md, "Launching a policy pack"): the precompiled JS entry this package ships
 * (package.json `main` = dist/policies/index.js) against a baseline of the same pack as a
 * TypeScript entry, which run-policy-pack compiles at start-up through ts-node WITH type-checking.
 *
 * Both are spawned by engine/session.ts exactly as the engine spawns packs
 * (`node <dir>/node_modules/@pulumi/pulumi/cmd/run-policy-pack ENGINE_ADDR <dir>`, cwd <dir>), N runs
 * each, interleaved, after one untimed warm-up of each (OS file cache). Timed: from just before the
 * spawn until PolicyPackSession.start resolves, i.e. the port line was read and one ConfigureStack
 * RPC answered (a few ms).
 *
 * The TypeScript baseline lives in .bench-out/ts-pack (git-ignored): package.json `main: index.ts`,
 * an index.ts that imports the repo's own entry (policies/index.ts, which constructs the PolicyPack)
 * and a tsconfig.json with the repo's compiler options, as a TypeScript pack would have.
 *
 * Run: npx ts-node -T bench/boot.ts [--runs 5]   (needs `npm run build` first for dist/)
 */
import * as fs from "fs";
import * as path from "path";
import { PolicyPackSession } from "../engine/session";
import type { StackContext } from "../engine/types";
import { elapsedMs, intArg, machine, max, median, min, ms, now } from "./stats";

const REPO = path.resolve(__dirname, "..");
const TS_PACK = path.join(REPO, ".bench-out", "ts-pack");
const STACK: StackContext = { organization: "acme", project: "shop", stack: "bench", dryRun: true };

/** Writes the TypeScript-entry pack; it reuses the repo's node_modules by normal resolution. */
function prepareTypeScriptPack(): void {
    fs.mkdirSync(TS_PACK, { recursive: true });
    const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    fs.writeFileSync(
        path.join(TS_PACK, "package.json"),
        JSON.stringify({ name: `${repoPackage.name}-ts-entry`, version: repoPackage.version, private: true, main: "index.ts" }, null, 2),
    );
    // run-policy-pack loads ./tsconfig.json's compilerOptions when present (else its own defaults).
    const repoTsconfig = JSON.parse(fs.readFileSync(path.join(REPO, "tsconfig.json"), "utf8"));
    const { rootDir, outDir, declaration, ...compilerOptions } = repoTsconfig.compilerOptions;
    void rootDir, outDir, declaration;
    fs.writeFileSync(path.join(TS_PACK, "tsconfig.json"), JSON.stringify({ compilerOptions: { ...compilerOptions, types: ["node"] } }, null, 2));
    fs.writeFileSync(
        path.join(TS_PACK, "index.ts"),
        "// The pack's real entry, compiled at start-up by run-policy-pack's ts-node (type-checking on).\nimport \"../../policies/index\";\n",
    );
}

interface Variant {
    label: string;
    dir: string;
    times: number[];
    policies?: string;
}

async function bootOnce(v: Variant): Promise<number> {
    const start = now();
    const session = await PolicyPackSession.start(v.dir, STACK, { startTimeoutMs: 120000 });
    const t = elapsedMs(start);
    try {
        // Outside the timing: prove both variants are the same, working pack.
        const info = await session.getAnalyzerInfo();
        const names = info.policies.map((p) => p.name).join(", ");
        if (v.policies !== undefined && v.policies !== names) {
            throw new Error(`${v.label} serves different policies: ${names} (expected ${v.policies})`);
        }
        v.policies = names;
    } finally {
        await session.close();
    }
    return t;
}

async function main(): Promise<void> {
    const runs = intArg("runs", 5);
    const main = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).main as string;
    if (!fs.existsSync(path.join(REPO, main))) {
        throw new Error(`${main} is missing: run \`npm run build\` first`);
    }
    prepareTypeScriptPack();
    const js: Variant = { label: `precompiled JS (${main})`, dir: REPO, times: [] };
    const ts: Variant = { label: "TypeScript entry via ts-node, type-checked (baseline)", dir: TS_PACK, times: [] };
    console.log(`Machine: ${machine()}`);
    console.log(`Warm-up (untimed): one boot of each...`);
    await bootOnce(js);
    await bootOnce(ts);
    for (let i = 0; i < runs; i++) {
        js.times.push(await bootOnce(js));
        ts.times.push(await bootOnce(ts));
        console.log(`  run ${i + 1}/${runs}: JS ${ms(js.times[i])}, TS ${ms(ts.times[i])}`);
    }
    console.log(`\nBoth serve: ${js.policies}`);
    console.log(`\n| entry | runs | median | min | max |`);
    console.log(`| --- | --- | --- | --- | --- |`);
    for (const v of [js, ts]) {
        console.log(`| ${v.label} | ${runs} | ${ms(median(v.times))} | ${ms(min(v.times))} | ${ms(max(v.times))} |`);
    }
    console.log(`\nBaseline / precompiled (medians): ${(median(ts.times) / median(js.times)).toFixed(2)}x; precompiled saves ${ms(median(ts.times) - median(js.times))} per start.`);
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
});

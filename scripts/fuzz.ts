/**
 * Fuzzes the built policy pack over the engine's gRPC protocol (issue 12): random OpenAPI bodies,
 * resources with properties of the wrong types and policy pack configs, each a whole engine run
 * at preview or update (tests/fuzz/arbitraries.ts). Fails on any RPC failure, any call past its
 * bound (tests/fuzz/engineCalls.ts: 10 s + 10 ms per KB the call carries) and any policy that
 * did not run. The seed is fixed, so a run is reproducible.
 *
 *   npm run fuzz                                  # 10,000 cases, seed 12
 *   npm run fuzz -- --cases 100000 --seed 7       # more, or other, cases
 *   npm run fuzz -- --packs 4                     # more pack processes in parallel
 *
 * Cases other than config cases share engine runs (up to 40 per run, each its own resources next
 * to a common base stack), so most calls carry one case's resource; a config case runs alone.
 *
 * Needs `npm run build` first (the pack runs from dist/, as the engine runs it).
 */
import * as fc from "fast-check";
import { PolicyPackSession } from "../engine/session";
import type { StackContext } from "../engine/types";
import { FuzzRun, anyCase, groupRuns, runResources } from "../tests/fuzz/arbitraries";
import { CallRecord, boundMs, failuresOf, timedRun } from "../tests/fuzz/engineCalls";
import { PACK_DIR } from "../tests/harness/pack";

interface Options {
    cases: number;
    seed: number;
    packs: number;
}

function parseArgs(argv: string[]): Options {
    const o: Options = { cases: 10_000, seed: 12, packs: 2 };
    for (let i = 0; i < argv.length; i++) {
        const [flag, value] = [argv[i], argv[i + 1]];
        const n = Number(value);
        if (!["--cases", "--seed", "--packs"].includes(flag) || !Number.isInteger(n) || n < 1) {
            throw new Error(`usage: fuzz [--cases N] [--seed S] [--packs P] (got ${flag} ${value ?? ""})`);
        }
        o[flag.slice(2) as keyof Options] = n;
        i++;
    }
    return o;
}

const CHUNK = 200;
const BATCH = 40;

async function main(): Promise<void> {
    const options = parseArgs(process.argv.slice(2));
    const started = Date.now();
    const stacks: Record<"preview" | "update", StackContext> = {
        preview: { organization: "acme", project: "shop", stack: "dev", dryRun: true },
        update: { organization: "acme", project: "shop", stack: "dev", dryRun: false },
    };
    // Each worker owns one pack process per mode, as the engine would start one per run.
    const workers = await Promise.all(
        Array.from({ length: options.packs }, async () => ({
            preview: await PolicyPackSession.start(PACK_DIR, stacks.preview),
            update: await PolicyPackSession.start(PACK_DIR, stacks.update),
        })),
    );
    let next = 0;
    let calls = 0;
    let slowest: { call: CallRecord; label: string } | undefined;
    let worstRatio: { call: CallRecord; label: string } | undefined;
    const failures: string[] = [];
    const byKind: Record<string, number> = {};
    let cases = 0;
    let pending: FuzzRun[] = [];
    let chunk = 0;
    const take = (): FuzzRun | undefined => {
        if (pending.length === 0 && next < options.cases) {
            // Generated a chunk at a time (seed + chunk index): memory stays flat for any --cases.
            const n = Math.min(CHUNK, options.cases - next);
            pending = groupRuns(fc.sample(anyCase, { seed: options.seed + chunk++, numRuns: n }), BATCH);
            next += n;
        }
        return pending.shift();
    };
    const work = async (w: (typeof workers)[number]) => {
        for (let run = take(); run; run = take()) {
            const timedResult = await timedRun(w[run.mode], stacks[run.mode], runResources(run), run.config);
            cases += run.cases.length;
            const label = run.cases.map((c) => c.label.slice(0, 160)).join(" | ");
            for (const c of run.cases) {
                byKind[c.kind] = (byKind[c.kind] ?? 0) + 1;
            }
            calls += timedResult.calls.length;
            for (const call of timedResult.calls) {
                if (!slowest || call.ms > slowest.call.ms) {
                    slowest = { call, label };
                }
                if (!worstRatio || call.ms / boundMs(call.bytes) > worstRatio.call.ms / boundMs(worstRatio.call.bytes)) {
                    worstRatio = { call, label };
                }
            }
            for (const f of failuresOf(timedResult)) {
                failures.push(`run at ${run.mode} of ${label.slice(0, 600)}: ${f}`);
            }
        }
    };
    const progress = setInterval(() => console.error(`fuzz: ${cases}/${options.cases} cases, ${calls} calls, ${failures.length} failures`), 15_000);
    try {
        await Promise.all(workers.map(work));
    } finally {
        clearInterval(progress);
        await Promise.all(workers.flatMap((w) => [w.preview.close(), w.update.close()]));
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(`fuzz: ${options.cases} cases (seed ${options.seed}; ${Object.entries(byKind).map(([k, n]) => `${n} ${k}`).join(", ")}), ${calls} calls in ${seconds.toFixed(1)} s on ${options.packs} pack pairs`);
    if (slowest) {
        console.log(`slowest call: ${slowest.call.method}, ${slowest.call.ms.toFixed(1)} ms for ${slowest.call.bytes} bytes (bound ${boundMs(slowest.call.bytes)} ms); case: ${slowest.label.slice(0, 200)}`);
    }
    if (worstRatio) {
        console.log(`closest to its bound: ${worstRatio.call.method}, ${worstRatio.call.ms.toFixed(1)} ms of ${boundMs(worstRatio.call.bytes)} ms (${worstRatio.call.bytes} bytes)`);
    }
    console.log(`RPC failures, calls past their bound and policies that did not run: ${failures.length}`);
    for (const f of failures.slice(0, 20)) {
        console.log(`  - ${f}`);
    }
    process.exitCode = failures.length > 0 ? 1 : 0;
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 2;
});

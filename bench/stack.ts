/**
 * AnalyzeStack cost of the pack's stack policies over generated stacks, reported as ratios against
 * a baseline run in the same process at the same time: the same work on a stack 1/10th the size.
 * A ratio near 10 means linear scaling; 100 would be quadratic.
 *
 * In-process: core `resolveStack` alone, and every stack policy's `validateStack` called the way
 * @pulumi/policy calls it (props behind the SDK's unknown-checking proxy, dependencies as resource
 * objects). End to end: `AnalyzeStack` over gRPC against the built pack (dist/), spawned as the
 * engine spawns it, for one size.
 *
 * Run: npx ts-node -T bench/stack.ts [--sizes 100,300,1000] [--rounds 3] [--mode update|preview] [--grpc-size 500]
 * (defaults keep it near a minute on 2 cores; `--sizes 5000` takes minutes: the policies scale quadratically).
 * (`npm run build` first for the gRPC part; it is skipped with a note if dist/ is missing.)
 */
import * as fs from "fs";
import * as path from "path";
import type { PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { resolveStack } from "../core/resolve";
import { StackIndex, StackResource } from "../core/stack";
import { toValue } from "../core/values";
import { reconcileConfig } from "../engine/config";
import { PolicyPackSession } from "../engine/session";
import type { EngineResource } from "../engine/types";
import { policies } from "../policies/policies";
import { Mode, generateStack } from "./generateStack";
import { elapsedMs, intArg, intListArg, machine, median, ms, now } from "./stats";

// The SDK exports its proxy at runtime only (typings stripped).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { unknownCheckingProxy } = require("@pulumi/policy/proxy") as { unknownCheckingProxy: (o: object) => Record<string, any> };

const REPO = path.resolve(__dirname, "..");

/** Resources as the core sees them after the policies' conversion (what resolveStack gets). */
function coreResources(resources: EngineResource[]): StackResource[] {
    return resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: toValue(r.outputs),
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
    }));
}

/** PolicyResources built the way @pulumi/policy's server builds them for validateStack. */
function policyResources(resources: EngineResource[]): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const out = resources.map((r) => {
        const pr = {
            type: r.type,
            urn: r.urn,
            name: r.name,
            props: unknownCheckingProxy(r.outputs),
            opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] },
            dependencies: [] as PolicyResource[],
            propertyDependencies: {} as Record<string, PolicyResource[]>,
            isType: () => false,
            asType: () => undefined,
        } as unknown as PolicyResource;
        byUrn.set(r.urn, pr);
        return pr;
    });
    resources.forEach((r, i) => {
        const pr = out[i] as { dependencies: PolicyResource[]; propertyDependencies: Record<string, PolicyResource[]>; parent?: PolicyResource };
        pr.dependencies = (r.dependencies ?? []).map((u) => byUrn.get(u)!).filter(Boolean);
        for (const [k, urns] of Object.entries(r.propertyDependencies ?? {})) {
            pr.propertyDependencies[k] = urns.map((u) => byUrn.get(u)!).filter(Boolean);
        }
        pr.parent = r.parent ? byUrn.get(r.parent) : undefined;
    });
    return out;
}

const stackPolicies = (policies as unknown as Partial<StackValidationPolicy>[]).filter(
    (p): p is StackValidationPolicy => typeof p.validateStack === "function",
);

/** Runs the given stack policies once; the number of violations reported. */
function runPolicies(resources: PolicyResource[], which: readonly StackValidationPolicy[] = stackPolicies): number {
    let violations = 0;
    const args: StackValidationArgs = {
        resources,
        stackTags: new Map(),
        getConfig: <T extends object>() => ({}) as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`not applicable: ${reason}`);
        },
    };
    for (const p of which) {
        p.validateStack(args, () => {
            violations++;
        });
    }
    return violations;
}

interface Work {
    label: string;
    integrations: number;
    run: () => number;
}

/** Milliseconds per call, repeating short calls so that one sample lasts at least `minMs`. */
function sample(work: Work, iterations: number): number {
    const start = now();
    for (let i = 0; i < iterations; i++) {
        work.run();
    }
    return elapsedMs(start) / iterations;
}

function iterationsFor(work: Work, minMs = 40): number {
    const once = sample(work, 1); // also warms up
    return Math.max(1, Math.min(1000, Math.ceil(minMs / Math.max(once, 0.01))));
}

/** Baseline and full interleaved, `rounds` times; medians and their ratio. */
function compare(base: Work, full: Work, rounds: number): { base: number; full: number; ratio: number } {
    const kb = iterationsFor(base);
    const kf = iterationsFor(full);
    const b: number[] = [];
    const f: number[] = [];
    for (let r = 0; r < rounds; r++) {
        b.push(sample(base, kb));
        f.push(sample(full, kf));
    }
    const mb = median(b);
    const mf = median(f);
    return { base: mb, full: mf, ratio: mf / mb };
}

function row(cells: string[]): string {
    return `| ${cells.join(" | ")} |`;
}

async function grpcEndToEnd(size: number, mode: Mode, rounds: number): Promise<void> {
    if (!fs.existsSync(path.join(REPO, "dist", "policies", "index.js"))) {
        console.log(`\nEnd to end over gRPC: skipped (dist/policies/index.js is missing: run \`npm run build\`).`);
        return;
    }
    const full = generateStack(size, mode).resources;
    const base = generateStack(size / 10, mode).resources;
    const session = await PolicyPackSession.start(REPO, { organization: "acme", project: "shop", stack: "bench", dryRun: mode === "preview" });
    try {
        await session.configure(reconcileConfig(await session.getAnalyzerInfo()));
        // Warm up both sizes once (JIT, protobuf classes), then interleave.
        const fullCount = (await session.analyzeStack(full)).length;
        const baseCount = (await session.analyzeStack(base)).length;
        const b: number[] = [];
        const f: number[] = [];
        for (let r = 0; r < rounds; r++) {
            let t = now();
            await session.analyzeStack(base);
            b.push(elapsedMs(t));
            t = now();
            await session.analyzeStack(full);
            f.push(elapsedMs(t));
        }
        const mb = median(b);
        const mf = median(f);
        console.log(`\nEnd to end: AnalyzeStack over gRPC to the built pack (${mode}), ${rounds} interleaved rounds, medians`);
        console.log(row(["integrations", "resources", "violations", "AnalyzeStack", "baseline (1/10th)", "baseline resources", "ratio"]));
        console.log(row(["---", "---", "---", "---", "---", "---", "---"]));
        console.log(row([String(size), String(full.length), String(fullCount), ms(mf), ms(mb), String(base.length), `${(mf / mb).toFixed(1)}x`]));
    } finally {
        await session.close();
    }
}

async function main(): Promise<void> {
    const sizes = intListArg("sizes", [100, 300, 1000]);
    const rounds = intArg("rounds", 3);
    const grpcSize = intArg("grpc-size", 500);
    const modeIndex = process.argv.indexOf("--mode");
    const mode: Mode = modeIndex >= 0 && process.argv[modeIndex + 1] === "preview" ? "preview" : "update";
    if (sizes.some((n) => n % 10 !== 0) || grpcSize % 10 !== 0) {
        throw new Error("sizes must be multiples of 10 (the baseline is 1/10th)");
    }
    const started = now();
    console.log(`Machine: ${machine()}`);
    console.log(`Stack policies: ${stackPolicies.map((p) => p.name).join(", ")}; mode: ${mode}; ${rounds} interleaved rounds per size, medians.`);
    console.log("Ratio = time(N) / time(N/10): 10x is linear, 100x quadratic.\n");
    console.log(row(["integrations", "resources", "violations", "core resolveStack", "baseline", "ratio", "all stack policies", "baseline", "ratio"]));
    console.log(row(["---", "---", "---", "---", "---", "---", "---", "---", "---"]));
    const perPolicy: string[] = [];
    for (const size of sizes) {
        const fullStack = generateStack(size, mode).resources;
        const baseStack = generateStack(size / 10, mode).resources;
        const fullCore = coreResources(fullStack);
        const baseCore = coreResources(baseStack);
        const fullPolicy = policyResources(fullStack);
        const basePolicy = policyResources(baseStack);
        const core = compare(
            { label: "core", integrations: size / 10, run: () => resolveStack(new StackIndex(baseCore)).invocations.length },
            { label: "core", integrations: size, run: () => resolveStack(new StackIndex(fullCore)).invocations.length },
            rounds,
        );
        // Each policy separately (medians summed), so the breakdown costs no extra runs.
        let full = 0;
        let base = 0;
        let violations = 0;
        for (const p of stackPolicies) {
            const c = compare(
                { label: p.name, integrations: size / 10, run: () => runPolicies(basePolicy, [p]) },
                { label: p.name, integrations: size, run: () => runPolicies(fullPolicy, [p]) },
                rounds,
            );
            const found = runPolicies(fullPolicy, [p]);
            violations += found;
            full += c.full;
            base += c.base;
            perPolicy.push(row([p.name, String(size), String(found), ms(c.full), ms(c.base), `${c.ratio.toFixed(1)}x`]));
        }
        console.log(row([
            String(size),
            String(fullStack.length),
            String(violations),
            ms(core.full),
            ms(core.base),
            `${core.ratio.toFixed(1)}x`,
            ms(full),
            ms(base),
            `${(full / base).toFixed(1)}x`,
        ]));
    }
    console.log("\nPer policy (validateStack, including its own resolveStack and proxy reads):");
    console.log(row(["policy", "integrations", "violations", "time", "baseline (1/10th)", "ratio"]));
    console.log(row(["---", "---", "---", "---", "---", "---"]));
    for (const line of perPolicy) {
        console.log(line);
    }
    await grpcEndToEnd(grpcSize, mode, rounds);
    console.log(`\nTotal bench time: ${(elapsedMs(started) / 1000).toFixed(1)} s`);
}

main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
});

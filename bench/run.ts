/**
 * `npm run bench`: every comparison of issue 11, side by side in one run, interleaved, medians
 * and ratios. Prints Markdown and writes it to .bench-out/last-run.md; bench/RESULTS.md is kept
 * from these runs.
 *
 * Sections (`--only startup,stack,fleet,component,preview`, default all):
 * - startup: spawn to port line, this pack (installed as users get it, and from this checkout
 *   with its dev dependencies) vs the empty pack vs @pulumi/awsguard;
 * - stack: AnalyzeStack at preview and update on generated stacks (`--sizes 1000,10000,50000`
 *   resources) vs the iterate and empty packs, each in a fresh process, and the peak RSS of each
 *   process (VmHWM);
 * - fleet: the offline checker over `--exports 1000` generated exports with its pool of long-lived
 *   pack processes vs one process per stack (on `--per-stack-sample 40` of them);
 * - component: LambdaHttpApi vs the same resources hand-written, under mocks (`--routes 10,100,1000`);
 * - budget: the components' consolidated permissions per function against Lambda's 20,480-byte
 *   policy limit at 10 to 5,000 routes (bench/budget.ts; no timing).
 * - preview: the real CLI's `pulumi preview` of generated TypeScript programs, no pack / empty pack /
 *   this pack, first preview and deployed (bench/preview.ts; `--preview-routes 10,100,1000`,
 *   `--preview-rounds 3`, `--preview-big-rounds 1` for >= 1,000 routes).
 *
 * The provider start-up / GetSchema and tarball install comparisons are separate commands
 * (`npm run bench:provider`, `npm run bench:install`, `npm run bench:ready`; figures in RESULTS.md),
 * and so is the fleet audit baseline against candidate (bench/fleetAb.ts).
 *
 * Options: --rounds N (default 5; 50k-resource stacks use --big-rounds, default 2, no warm-up).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { reconcileConfig } from "../engine/config";
import { PolicyPackSession, prepareStack } from "../engine/session";
import type { StackContext } from "../engine/types";
import { generateStack, Mode } from "./generateStack";
import { BenchPack, OUT, REPO, packageVersions, prepareAwsGuard, preparePacks } from "./packs";
import { elapsedMs, intArg, intListArg, machine, median, ms, now } from "./stats";
import { budgetSection } from "./budget";
import { fleetSection } from "./fleet";
import { componentSection } from "./component";
import { previewSection } from "./preview";

const lines: string[] = [];
function out(line = ""): void {
    lines.push(line);
    console.log(line);
}
const note = (line: string) => console.error(line);

const STACK: StackContext = { organization: "acme", project: "shop", stack: "bench", dryRun: true };

function ratio(a: number, b: number): string {
    return `${(a / b).toFixed(2)}x`;
}

/** Peak resident set of a process, from /proc (Linux), in MB. */
function peakRssMb(pid: number | undefined): number | undefined {
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        const m = /VmHWM:\s+(\d+) kB/.exec(status);
        return m ? Number(m[1]) / 1024 : undefined;
    } catch {
        return undefined;
    }
}

async function startupSection(packs: BenchPack[], rounds: number): Promise<void> {
    out("## Start-up: spawn to port line");
    out();
    out(`Each pack spawned as the engine spawns it (engine/session.ts); one untimed warm-up each, then ${rounds} rounds, interleaved.`);
    out();
    const times = new Map<BenchPack, number[]>(packs.map((p) => [p, []]));
    const boot = async (p: BenchPack) => {
        const t = now();
        const s = await PolicyPackSession.start(p.dir, STACK, { startTimeoutMs: 120000 });
        const elapsed = elapsedMs(t);
        await s.close();
        return elapsed;
    };
    for (const p of packs) {
        await boot(p);
    }
    for (let r = 0; r < rounds; r++) {
        for (const p of packs) {
            times.get(p)!.push(await boot(p));
        }
    }
    const empty = median(times.get(packs.find((p) => p.label.startsWith("empty"))!)!);
    out("| pack | median | vs empty pack |");
    out("| --- | --- | --- |");
    for (const p of packs) {
        const m = median(times.get(p)!);
        out(`| ${p.label} | ${ms(m)} | ${ratio(m, empty)} |`);
    }
    out();
}

interface StackFigures {
    time: number[];
    rss?: number;
    diagnostics: number;
}

async function stackSection(packs: { guard: BenchPack; iterate: BenchPack; empty: BenchPack; noop3: BenchPack }, sizes: number[], rounds: number, bigRounds: number): Promise<void> {
    out("## AnalyzeStack: this pack vs the iterate and empty packs");
    out();
    out("Generated stacks (bench/generateStack.ts: REST and HTTP APIs, a Function, a Permission and the route resources per integration, every 5th integration through a role). " +
        "Each pack in a fresh process per size and mode, configured with the reconciled default config; the request is built once and sent each round (the engine's encoding is not timed). " +
        `${rounds} rounds (${bigRounds} without warm-up at >= 50k resources), interleaved this pack / iterate / empty / three no-op stack policies (the SDK's own cost for a pack of three stack policies); medians. Peak RSS: the process's VmHWM after its calls.`);
    out();
    out("| mode | resources | this pack | iterate | empty | 3 no-op | vs iterate | vs empty | 3 no-op vs iterate | peak RSS this / iterate / empty / 3 no-op | RSS vs empty |");
    out("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    const linear: string[] = [];
    for (const mode of ["preview", "update"] as Mode[]) {
        const guardBySize = new Map<number, number>();
        for (const target of sizes) {
            const integrations = Math.max(10, Math.round(target / 4.52 / 10) * 10);
            const stack = generateStack(integrations, mode);
            const request = prepareStack(stack.resources);
            const big = stack.resources.length >= 40000;
            const n = big ? bigRounds : rounds;
            const variants = [packs.guard, packs.iterate, packs.empty, packs.noop3];
            const sessions: PolicyPackSession[] = [];
            const figures = new Map<BenchPack, StackFigures>();
            try {
                for (const p of variants) {
                    const s = await PolicyPackSession.start(p.dir, { ...STACK, dryRun: mode === "preview" }, { startTimeoutMs: 120000 });
                    sessions.push(s);
                    await s.configureStack({ ...STACK, dryRun: mode === "preview" });
                    await s.configure(reconcileConfig(await s.getAnalyzerInfo()));
                    figures.set(p, { time: [], diagnostics: 0 });
                }
                if (!big) {
                    for (const s of sessions) {
                        await s.analyzeStack(request);
                    }
                }
                for (let r = 0; r < n; r++) {
                    for (let i = 0; i < variants.length; i++) {
                        const t = now();
                        const d = await sessions[i].analyzeStack(request);
                        figures.get(variants[i])!.time.push(elapsedMs(t));
                        figures.get(variants[i])!.diagnostics = d.length;
                    }
                }
                variants.forEach((p, i) => (figures.get(p)!.rss = peakRssMb(sessions[i].pid)));
            } finally {
                await Promise.all(sessions.map((s) => s.close()));
            }
            const g = figures.get(packs.guard)!;
            const it = figures.get(packs.iterate)!;
            const e = figures.get(packs.empty)!;
            const z = figures.get(packs.noop3)!;
            if (g.diagnostics < stack.roleIntegrations) {
                throw new Error(`this pack reported ${g.diagnostics} findings on ${integrations} integrations; expected at least ${stack.roleIntegrations}`);
            }
            const mg = median(g.time);
            guardBySize.set(stack.resources.length, mg);
            const rss = (x?: number) => (x === undefined ? "n/a" : `${x.toFixed(0)} MB`);
            out(`| ${mode} | ${stack.resources.length} | ${ms(mg)} | ${ms(median(it.time))} | ${ms(median(e.time))} | ${ms(median(z.time))} | ` +
                `${ratio(mg, median(it.time))} | ${ratio(mg, median(e.time))} | ${ratio(median(z.time), median(it.time))} | ` +
                `${rss(g.rss)} / ${rss(it.rss)} / ${rss(e.rss)} / ${rss(z.rss)} | ${g.rss && e.rss ? ratio(g.rss, e.rss) : "n/a"} |`);
        }
        const measured = [...guardBySize.entries()].sort((a, b) => a[0] - b[0]);
        for (let i = 1; i < measured.length; i++) {
            const [n0, t0] = measured[i - 1];
            const [n1, t1] = measured[i];
            linear.push(`- ${mode}: ${n0} -> ${n1} resources (${(n1 / n0).toFixed(1)}x): this pack's time ${ratio(t1, t0)}`);
        }
    }
    out();
    out("Scaling (this pack's median, larger over smaller size):");
    out();
    for (const l of linear) {
        out(l);
    }
    out();
}

/**
 * Every section the runner knows. The provider's start-up and GetSchema and the pack tarball's
 * install have their own commands (`npm run bench:provider`, `npm run bench:install`): they need a
 * pristine clone and the network, and take minutes each.
 */
const SECTIONS = ["startup", "stack", "fleet", "component", "budget", "preview"] as const;

async function main(): Promise<void> {
    const onlyIndex = process.argv.indexOf("--only");
    const only = onlyIndex >= 0 ? process.argv[onlyIndex + 1].split(",") : [...SECTIONS];
    for (const s of only) {
        if (!(SECTIONS as readonly string[]).includes(s)) {
            throw new Error(`--only: unknown section "${s}" (known: ${SECTIONS.join(", ")})`);
        }
    }
    const rounds = intArg("rounds", 5);
    const bigRounds = intArg("big-rounds", 2);
    const sizes = intListArg("sizes", [1000, 10000, 50000]);
    const started = now();
    const packs = preparePacks(note);
    const awsguard = only.includes("startup") ? prepareAwsGuard(note) : undefined;
    out(`# Bench run ${new Date().toISOString()}`);
    out();
    out(`- Machine: ${machine()}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GB RAM`);
    out(`- Packages: ${packageVersions(awsguard)}`);
    out();
    if (only.includes("startup")) {
        const list: BenchPack[] = [packs.guard, { label: "this pack (this checkout, dev dependencies installed)", dir: REPO }, packs.empty];
        if (awsguard) {
            list.push(awsguard);
        }
        await startupSection(list, rounds);
    }
    if (only.includes("stack")) {
        await stackSection(packs, sizes, rounds, bigRounds);
    }
    if (only.includes("fleet")) {
        await fleetSection({ out, packDir: packs.guard.dir, exports: intArg("exports", 1000), sample: intArg("per-stack-sample", 40) });
    }
    if (only.includes("component")) {
        await componentSection({ out, rounds, routes: intListArg("routes", [10, 100, 1000]) });
    }
    if (only.includes("budget")) {
        budgetSection(out);
    }
    if (only.includes("preview")) {
        await previewSection({
            out,
            note,
            emptyPackDir: packs.empty.dir,
            routes: intListArg("preview-routes", [10, 100, 1000]),
            rounds: intArg("preview-rounds", 3),
            bigRounds: intArg("preview-big-rounds", 1),
        });
    }
    out(`Total bench time: ${(elapsedMs(started) / 1000).toFixed(0)} s`);
    fs.mkdirSync(OUT, { recursive: true });
    fs.writeFileSync(path.join(OUT, "last-run.md"), lines.join("\n") + "\n");
}

main().catch((e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exitCode = 1;
});

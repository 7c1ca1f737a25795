/**
 * The offline checker over a fleet of generated `pulumi stack export` files: its pool of
 * long-lived pack processes (each reconfigured per stack) against one pack process per stack, the
 * floor issue 11 names. The per-stack floor runs on a sample and is scaled to the whole fleet; on
 * that sample both models must give identical findings (the run fails otherwise).
 */
import * as fs from "fs";
import * as path from "path";
import { checkExports, type CheckOutcome } from "../checker/check";
import type { EngineResource } from "../engine/types";
import { generateStack } from "./generateStack";
import { OUT } from "./packs";
import { elapsedMs, now } from "./stats";

/** A deployment v3 document holding what generateStack made (update: every output known). */
export function toExport(resources: EngineResource[]): unknown {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2025-06-12T09:41:07Z", magic: "", version: "" },
            resources: resources.map((r) => ({
                urn: r.urn,
                custom: r.type !== "pulumi:pulumi:Stack",
                ...(r.type !== "pulumi:pulumi:Stack" ? { id: r.urn.split("::").pop() } : {}),
                type: r.type,
                inputs: r.inputs,
                outputs: r.outputs,
                ...(r.parent ? { parent: r.parent } : {}),
                dependencies: r.dependencies ?? [],
                propertyDependencies: r.propertyDependencies ?? {},
            })),
        },
    };
}

/** `count` export files of ~55 resources each (12 integrations), distinct stack names. */
export function writeFleet(count: number): string[] {
    const dir = path.join(OUT, "fleet");
    fs.mkdirSync(dir, { recursive: true });
    const files: string[] = [];
    for (let i = 0; i < count; i++) {
        const file = path.join(dir, `stack-${i}.json`);
        if (!fs.existsSync(file)) {
            fs.writeFileSync(file, JSON.stringify(toExport(generateStack(12, "update", `svc-${i}`).resources)));
        }
        files.push(file);
    }
    return files;
}

function findingsOf(o: CheckOutcome): string {
    return JSON.stringify(o.stacks.map((s) => [s.file, s.findings]));
}

export async function fleetSection(ctx: { out: (l?: string) => void; packDir: string; exports: number; sample: number }): Promise<void> {
    const { out } = ctx;
    const files = writeFleet(ctx.exports);
    const sample = files.slice(0, Math.min(ctx.sample, files.length));
    const resources = JSON.parse(fs.readFileSync(files[0], "utf8")).deployment.resources.length;
    out("## Offline checker: fleet audit");
    out();
    out(`${files.length} generated exports of ${resources} resources each (distinct stacks), concurrency 2 (the checker's default). ` +
        `Pool: long-lived pack processes, reconfigured per stack. Floor: one pack process per stack, on the first ${sample.length}, scaled to the fleet.`);
    out();
    const options = { packDir: ctx.packDir, concurrency: 2 };
    let t = now();
    const perStack = await checkExports(sample, { ...options, processModel: "per-stack" } as Parameters<typeof checkExports>[1]);
    const perStackMs = elapsedMs(t);
    t = now();
    const pooledSample = await checkExports(sample, { ...options, processModel: "pool" } as Parameters<typeof checkExports>[1]);
    const pooledSampleMs = elapsedMs(t);
    if (findingsOf(perStack) !== findingsOf(pooledSample) || perStack.problems.length + pooledSample.problems.length > 0) {
        throw new Error("the pool and one process per stack disagree on the sample (or a stack failed)");
    }
    t = now();
    const pooled = await checkExports(files, { ...options, processModel: "pool" } as Parameters<typeof checkExports>[1]);
    const pooledMs = elapsedMs(t);
    if (pooled.problems.length > 0 || pooled.stacks.length !== files.length) {
        throw new Error(`the fleet run had problems: ${pooled.problems.map((p) => p.message).join("; ")}`);
    }
    const perStackEach = perStackMs / sample.length;
    out("| process model | stacks | total | per stack | whole fleet |");
    out("| --- | --- | --- | --- | --- |");
    out(`| one process per stack | ${sample.length} | ${(perStackMs / 1000).toFixed(1)} s | ${perStackEach.toFixed(0)} ms | ${((perStackEach * files.length) / 1000).toFixed(0)} s (scaled) |`);
    out(`| pool, same sample | ${sample.length} | ${(pooledSampleMs / 1000).toFixed(1)} s | ${(pooledSampleMs / sample.length).toFixed(0)} ms | |`);
    out(`| pool | ${files.length} | ${(pooledMs / 1000).toFixed(1)} s | ${(pooledMs / files.length).toFixed(0)} ms | ${(pooledMs / 1000).toFixed(1)} s (measured) |`);
    out();
    out(`Findings on the sample: identical in both models (${perStack.stacks.reduce((n, s) => n + s.findings.length, 0)} findings).`);
    out();
}

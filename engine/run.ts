/**
 * One engine run of a policy pack over one stack, in the engine's order: GetAnalyzerInfo ->
 * Configure (reconciled config) -> Remediate + Analyze for every resource (several in flight) ->
 * AnalyzeStack with every resource's outputs.
 */
import { reconcileConfig } from "./config";
import { PolicyPackSession } from "./session";
import type { AnalyzerInfo, Diagnostic, EngineResource, PolicyPackConfigFile, StackContext } from "./types";

export interface StackRun {
    stack: StackContext;
    resources: EngineResource[];
    /** A `--policy-pack-config` file's content. */
    config?: PolicyPackConfigFile;
}

export interface RunResult {
    info: AnalyzerInfo;
    diagnostics: Diagnostic[];
}

/** How many Analyze calls the engine keeps in flight at once (resources register concurrently). */
const ANALYZE_CONCURRENCY = 8;

/** Runs an already started session over a stack; the session can be reused for the next run. */
export async function runOnSession(session: PolicyPackSession, run: StackRun): Promise<RunResult> {
    await session.configureStack(run.stack);
    const info = await session.getAnalyzerInfo();
    await session.configure(reconcileConfig(info, run.config));
    const diagnostics: Diagnostic[] = [];
    const queue = [...run.resources];
    const worker = async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
            const inputs = await session.remediate(r);
            diagnostics.push(...(await session.analyze({ ...r, inputs })));
        }
    };
    await Promise.all(Array.from({ length: Math.min(ANALYZE_CONCURRENCY, queue.length) }, worker));
    // Analyze responses arrive in any order; sort them so reports are stable.
    const order = new Map(run.resources.map((r, i) => [r.urn, i]));
    diagnostics.sort((a, b) => (order.get(a.urn ?? "") ?? -1) - (order.get(b.urn ?? "") ?? -1));
    diagnostics.push(...(await session.analyzeStack(run.resources)));
    return { info, diagnostics };
}

/** Spawns the pack, runs it over one stack and stops it. */
export async function runPolicyPack(packDir: string, run: StackRun): Promise<RunResult> {
    const session = await PolicyPackSession.start(packDir, run.stack);
    try {
        return await runOnSession(session, run);
    } finally {
        await session.close();
    }
}

/**
 * One engine run of a policy pack over one stack, in the engine's order: GetAnalyzerInfo ->
 * Configure (reconciled config) -> Remediate + Analyze for every resource (several in flight) ->
 * AnalyzeStack with every resource's outputs.
 *
 * What a pooled process (engine/pool.ts) does not repeat for every stack, since the result cannot
 * differ (the fleet audit's profile in bench/RESULTS.md found these among its per-stack costs):
 * - GetAnalyzerInfo is asked once per process, as the engine asks it once per plugin it loads.
 * - The config is reconciled (and its schemas compiled by ajv) once per pack description and
 *   config file, not per stack.
 * - Remediate is not sent when no policy's configured level is `remediate`: @pulumi/policy runs a
 *   remediation only for a resource policy at that level, so Remediate then returns none and the
 *   engine passes the inputs unchanged to Analyze (tests/engine/remediateSkip.test.ts).
 */
import { reconcileConfig } from "./config";
import { PolicyPackSession } from "./session";
import type { AnalyzerInfo, Diagnostic, EngineResource, PolicyPackConfigFile, ReconciledConfig, StackContext } from "./types";

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
    if (run.stack.announced !== false) {
        await session.configureStack(run.stack);
    }
    const info = await infoOf(session);
    const config = reconciled(info, run.config);
    await session.configure(config);
    const remediates = needsRemediate(config);
    const diagnostics: Diagnostic[] = [];
    const queue = [...run.resources];
    const worker = async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
            const inputs = remediates ? await session.remediate(r) : r.inputs;
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

/** True when some policy is configured at `remediate`: only then can Remediate change the inputs. */
export function needsRemediate(config: ReconciledConfig): boolean {
    return Object.values(config).some((c) => c.enforcementLevel === "remediate");
}

const infos = new WeakMap<PolicyPackSession, Promise<AnalyzerInfo>>();

function infoOf(session: PolicyPackSession): Promise<AnalyzerInfo> {
    let info = infos.get(session);
    if (!info) {
        info = session.getAnalyzerInfo();
        infos.set(session, info);
        info.catch(() => infos.delete(session));
    }
    return info;
}

const configs = new WeakMap<AnalyzerInfo, Map<PolicyPackConfigFile | undefined, ReconciledConfig>>();

/** reconcileConfig, once per pack description and config file (it throws the same for both). */
function reconciled(info: AnalyzerInfo, file: PolicyPackConfigFile | undefined): ReconciledConfig {
    let byFile = configs.get(info);
    if (!byFile) {
        byFile = new Map();
        configs.set(info, byFile);
    }
    let config = byFile.get(file);
    if (!config) {
        config = reconcileConfig(info, file);
        byFile.set(file, config);
    }
    return config;
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

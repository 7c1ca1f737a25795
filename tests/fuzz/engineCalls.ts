/**
 * One engine run over a stack, call by call, with each call's time and the bytes it sent: what
 * the fuzz script and the property tests hold to the bound. The order is the engine's
 * (ConfigureStack, GetAnalyzerInfo, Configure, Remediate + Analyze per resource, AnalyzeStack).
 */
import { PolicyConfigError, reconcileConfig } from "../../engine/config";
import { PolicyPackSession } from "../../engine/session";
import type { AnalyzerInfo, Diagnostic, EngineResource, PolicyPackConfigFile, ReconciledConfig, StackContext } from "../../engine/types";

/**
 * The bound every call must end within: 10 s plus 10 ms per KB the call carries. Generous on
 * purpose (the machines running it are shared): it is there to catch a call whose time grows
 * faster than its input (an alias bomb once kept AnalyzeStack busy past 120 s for 750 bytes),
 * not to measure speed; bench/ does that.
 */
export function boundMs(bytes: number): number {
    return 10_000 + Math.ceil(bytes / 1024) * 10;
}

export interface CallRecord {
    method: string;
    ms: number;
    bytes: number;
    /** Set when the RPC failed (an error status, a deadline, a dead pack). */
    error?: string;
}

export interface TimedRun {
    calls: CallRecord[];
    diagnostics: Diagnostic[];
    /** Set when the stand-in engine refused the config (the real one would refuse it too). */
    configRejected?: string;
}

/** As engine/run.ts: Analyze calls in flight at once. */
const ANALYZE_CONCURRENCY = 8;

/** Bytes a resource adds to a request: its properties as JSON. */
function sizeOf(r: EngineResource, which: "inputs" | "outputs"): number {
    return JSON.stringify(r[which] ?? {}).length + r.urn.length;
}

/**
 * The config as the real engine would send it: reconciled and validated, with entries for
 * unknown policy names forwarded. When the engine would refuse it, `unvalidated` is what the
 * pack gets instead (schema defaults and the file's values, unchecked): the pack must not fail
 * on a config nobody validated either.
 */
export function configFor(info: AnalyzerInfo, file: PolicyPackConfigFile | undefined): { config: ReconciledConfig; rejected?: string } {
    try {
        return { config: reconcileConfig(info, file, { unknownPolicies: "forward" }) };
    } catch (e) {
        if (!(e instanceof PolicyConfigError)) {
            throw e;
        }
        const config = reconcileConfig(info, {}, { unknownPolicies: "forward" });
        for (const [name, entry] of Object.entries(file ?? {})) {
            if (name === "all" || typeof entry !== "object" || entry === null || Array.isArray(entry)) {
                continue;
            }
            const { enforcementLevel: _level, ...rest } = entry as Record<string, unknown>;
            config[name] = { enforcementLevel: config[name]?.enforcementLevel ?? "advisory", properties: { ...config[name]?.properties, ...rest } };
        }
        return { config, rejected: e.problems.join("; ") };
    }
}

/** Runs the stack on a started session and records every call; never throws for an RPC failure. */
export async function timedRun(session: PolicyPackSession, stack: StackContext, resources: EngineResource[], file?: PolicyPackConfigFile): Promise<TimedRun> {
    const calls: CallRecord[] = [];
    const diagnostics: Diagnostic[] = [];
    const timed = async <T>(method: string, bytes: number, f: () => Promise<T>): Promise<T | undefined> => {
        const start = process.hrtime.bigint();
        try {
            const result = await f();
            calls.push({ method, bytes, ms: Number(process.hrtime.bigint() - start) / 1e6 });
            return result;
        } catch (e) {
            calls.push({ method, bytes, ms: Number(process.hrtime.bigint() - start) / 1e6, error: (e as Error).message.slice(0, 2000) });
            return undefined;
        }
    };
    await timed("configureStack", 0, () => session.configureStack(stack));
    const info = await timed("getAnalyzerInfo", 0, () => session.getAnalyzerInfo());
    if (!info) {
        return { calls, diagnostics };
    }
    const { config, rejected } = configFor(info, file);
    await timed("configure", JSON.stringify(config).length, () => session.configure(config));
    // Resources register concurrently: the engine keeps several Analyze calls in flight.
    const queue = [...resources];
    const worker = async () => {
        for (let r = queue.shift(); r; r = queue.shift()) {
            const resource = r;
            const bytes = sizeOf(resource, "inputs");
            const inputs = await timed("remediate", bytes, () => session.remediate(resource));
            const found = await timed("analyze", bytes, () => session.analyze({ ...resource, inputs: inputs ?? resource.inputs }));
            diagnostics.push(...(found ?? []));
        }
    };
    await Promise.all(Array.from({ length: Math.min(ANALYZE_CONCURRENCY, queue.length) }, worker));
    const stackBytes = resources.reduce((n, r) => n + sizeOf(r, "outputs"), 0);
    diagnostics.push(...((await timed("analyzeStack", stackBytes, () => session.analyzeStack(resources))) ?? []));
    return { calls, diagnostics, configRejected: rejected };
}

/**
 * What makes a run fail: an RPC failure, a call past its bound, a policy that did not run, or a
 * message with a raw unknown marker. `measured: false` leaves the bound to the RPC deadline (the
 * mocha tests: no timed assertions there; a call past its deadline fails as an RPC).
 */
export function failuresOf(run: TimedRun, { measured = true }: { measured?: boolean } = {}): string[] {
    const out: string[] = [];
    for (const c of run.calls) {
        if (c.error) {
            out.push(`${c.method} (${c.bytes} bytes) failed: ${c.error}`);
        } else if (measured && c.ms > boundMs(c.bytes)) {
            out.push(`${c.method} (${c.bytes} bytes) took ${Math.round(c.ms)} ms, past its bound of ${boundMs(c.bytes)} ms`);
        }
    }
    for (const d of run.diagnostics) {
        if (/could not complete its check|can't run policy/.test(d.message)) {
            out.push(`${d.policyName} did not run: ${d.message.split("\n")[0]}`);
        }
        if (/04da6b54-80e4-46f7-96ec-b56ff0331ba9|dd056dcd-154b-4c76-9bd3-c8f88648b5ff/.test(d.message)) {
            out.push(`${d.policyName} wrote an unknown marker: ${d.message.split("\n")[0]}`);
        }
    }
    return out;
}

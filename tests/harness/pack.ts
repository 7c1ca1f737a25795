/**
 * Runs scenarios against the BUILT policy pack over the engine's gRPC protocol. Pack processes
 * are started as the engine starts them and reused across scenarios of the same stack identity
 * (ConfigureStack and Configure are sent again for every run, replacing the previous state).
 */
import * as path from "path";
import { runOnSession } from "../../engine/run";
import { PolicyPackSession } from "../../engine/session";
import type { Diagnostic, EngineResource, PolicyPackConfigFile, StackContext } from "../../engine/types";

export const PACK_DIR = path.resolve(__dirname, "..", "..");

const sessions = new Map<string, Promise<PolicyPackSession>>();

function sessionFor(stack: StackContext): Promise<PolicyPackSession> {
    const key = JSON.stringify([stack.organization, stack.project, stack.stack, stack.dryRun, stack.config ?? {}, stack.announced ?? true]);
    let s = sessions.get(key);
    if (!s) {
        s = PolicyPackSession.start(PACK_DIR, stack);
        sessions.set(key, s);
    }
    return s;
}

/** Stops every pack process started by the tests. */
export async function closeAllPacks(): Promise<void> {
    const all = [...sessions.values()];
    sessions.clear();
    await Promise.all(all.map(async (s) => (await s).close().catch(() => undefined)));
}

export interface RunOptions {
    stack?: string;
    project?: string;
    dryRun: boolean;
    tags?: Record<string, string>;
    config?: PolicyPackConfigFile;
    /** Run the pack as `pulumi policy analyze` does: no stack identity, no ConfigureStack. */
    policyAnalyze?: boolean;
}

/**
 * One engine run over the resources. Fails the test if any policy could not run ("can't run
 * policy ... during preview"): that message means a check silently did not enforce.
 */
export async function analyze(resources: EngineResource[], options: RunOptions): Promise<Diagnostic[]> {
    const stack: StackContext = {
        organization: "acme",
        project: options.project ?? "shop",
        stack: options.stack ?? "dev",
        dryRun: options.dryRun,
        tags: options.tags,
        ...(options.policyAnalyze ? { announced: false } : {}),
    };
    const session = await sessionFor(stack);
    const { diagnostics } = await runOnSession(session, { stack, resources, config: options.config });
    const cantRun = diagnostics.filter((d) => /can't run|could not complete its check/.test(d.message));
    if (cantRun.length > 0) {
        throw new Error(`a policy did not run:\n${cantRun.map((d) => d.message).join("\n")}`);
    }
    return diagnostics;
}

/** A compact, comparable view of a diagnostic. */
export interface Found {
    policy: string;
    resource: string;
    level: string;
    phase: string;
    severity: string;
    message: string;
}

export function summarize(diagnostics: Diagnostic[]): Found[] {
    return diagnostics.map((d) => ({
        policy: d.policyName,
        resource: d.urn ? d.urn.slice(d.urn.lastIndexOf("::") + 2) : "(stack)",
        level: d.enforcementLevel,
        phase: d.phase,
        severity: d.severity ?? "",
        message: d.message,
    }));
}

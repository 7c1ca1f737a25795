/**
 * Scenario expectations shared by the policy tests: run a StackBuilder program through the pack
 * at preview or update and compare one policy's findings with the expected list, exactly.
 */
import * as assert from "assert";
import { Found, analyze, summarize } from "./pack";
import { Mode, StackBuilder } from "./stackBuilder";

export interface Expected {
    resource: string;
    level: "mandatory" | "advisory";
    phase?: "analyze" | "analyzeStack";
    severity?: "low" | "medium" | "high" | "critical";
    /** Substrings the message must contain. */
    includes?: string[];
}

export interface Scenario {
    build(s: StackBuilder): void;
    config?: Record<string, unknown>;
    stack?: string;
    /** Run as `pulumi policy analyze` does: the pack is told nothing of the stack. */
    policyAnalyze?: boolean;
}

/** The findings of `policy` when the scenario's program is previewed or updated. */
export async function findingsOf(policy: string, c: Scenario, mode: Mode): Promise<Found[]> {
    const s = new StackBuilder(c.stack ?? "dev");
    c.build(s);
    const diagnostics = await analyze(s.build(mode), { dryRun: mode === "preview", config: c.config, stack: c.stack, policyAnalyze: c.policyAnalyze });
    return summarize(diagnostics).filter((d) => d.policy === policy);
}

/** Every expected finding is there (each matched once), and nothing else. */
export function assertFindings(found: Found[], expected: Expected[]): void {
    const remaining = [...found];
    for (const e of expected) {
        const i = remaining.findIndex(
            (f) => f.resource === e.resource && f.level === e.level && (!e.phase || f.phase === e.phase) && (!e.severity || f.severity === e.severity) && (e.includes ?? []).every((t) => f.message.includes(t)),
        );
        assert.ok(i >= 0, `expected a ${e.level}${e.severity ? ` (severity ${e.severity})` : ""} finding on ${e.resource}${e.phase ? ` in ${e.phase}` : ""} containing ${JSON.stringify(e.includes ?? [])}; found:\n${JSON.stringify(remaining, null, 1)}`);
        remaining.splice(i, 1);
    }
    assert.deepStrictEqual(remaining, [], "unexpected extra findings");
}

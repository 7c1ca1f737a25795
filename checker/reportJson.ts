/**
 * `--format json`: the whole outcome as one JSON document for scripts. Stable field order, no
 * timings and no absolute paths beyond what the user typed.
 *
 * Shape (version 1):
 * ```
 * { "formatVersion": 1, "policyPack": {name, version} | null,
 *   "summary": {stacks, resources, mandatory, advisory, failingStacks, problems, exitCode},
 *   "stacks": [{file, organization, project, stack, resources, notes, findings: [...]}],
 *   "problems": [{file, kind, message}] }
 * ```
 */
import type { CheckOutcome } from "./check";
import type { Finding } from "./findings";
import { countOutcome, exitCodeOf } from "./summary";

/** Bump when a field changes meaning or disappears. */
export const JSON_FORMAT_VERSION = 1;

/** Renders the outcome as the JSON report (2-space indented, newline-terminated). */
export function formatJson(outcome: CheckOutcome): string {
    const doc = {
        formatVersion: JSON_FORMAT_VERSION,
        policyPack: outcome.pack ? { name: outcome.pack.name, version: outcome.pack.version } : null,
        summary: { ...countOutcome(outcome), exitCode: exitCodeOf(outcome) },
        stacks: outcome.stacks.map((s) => ({
            file: s.file,
            organization: s.stack.organization,
            project: s.stack.project,
            stack: s.stack.stack,
            resources: s.resourceCount,
            notes: s.notes,
            findings: s.findings.map(findingJson),
        })),
        problems: outcome.problems.map((p) => ({ file: p.file, kind: p.kind, message: p.message })),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
}

function findingJson(f: Finding) {
    return {
        policy: f.policy,
        enforcementLevel: f.enforcementLevel,
        severity: f.severity ?? null,
        urn: f.urn ?? null,
        resourceType: f.resourceType ?? null,
        resourceName: f.resourceName ?? null,
        api: f.api ?? null,
        route: f.route ?? null,
        property: f.property ?? null,
        summary: f.summary,
        why: f.why ?? null,
        sts: f.sts ?? null,
        exemption: f.exemption ?? null,
        fix: f.fix ?? null,
        phase: f.phase,
        message: f.message,
    };
}

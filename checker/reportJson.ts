/**
 * `--format json`: the whole outcome as one JSON document for scripts. Stable field order, no
 * timings and no absolute paths beyond what the user typed.
 *
 * Shape (version 1; fields are only ever added):
 * ```
 * { "formatVersion": 1, "policyPack": {name, version} | null,
 *   "summary": {stacks, resources, mandatory, advisory, failingStacks, problems, exitCode, failOn,
 *               sts: {now, after, routesNow, routesAfter}},
 *   "stacks": [{file, organization, project, stack, resources, notes, sts, findings: [...]}],
 *   (each finding's `cause`: {policy, resource, kind, routes?, function?, role?, exemption?} or null,
 *    see core/finding.ts FindingCause)
 *   "problems": [{file, kind, message}],
 *   "warnings": [{file, message}] }
 * ```
 */
import type { FailOn } from "./args";
import type { CheckOutcome } from "./check";
import type { Finding } from "./findings";
import { countOutcome, exitCodeOf, stsOfStack, stsTotal } from "./summary";

/** Bump when a field changes meaning or disappears. */
export const JSON_FORMAT_VERSION = 1;

/** Renders the outcome as the JSON report (2-space indented, newline-terminated). */
export function formatJson(outcome: CheckOutcome, failOn: FailOn = "mandatory"): string {
    const doc = {
        formatVersion: JSON_FORMAT_VERSION,
        policyPack: outcome.pack ? { name: outcome.pack.name, version: outcome.pack.version } : null,
        summary: { ...countOutcome(outcome), exitCode: exitCodeOf(outcome, failOn), failOn, sts: stsTotal(outcome.stacks) },
        stacks: outcome.stacks.map((s) => ({
            file: s.file,
            organization: s.stack.organization,
            project: s.stack.project,
            stack: s.stack.stack,
            resources: s.resourceCount,
            notes: s.notes,
            sts: stsOfStack(s),
            findings: s.findings.map(findingJson),
        })),
        problems: outcome.problems.map((p) => ({ file: p.file, kind: p.kind, message: p.message })),
        warnings: outcome.stacks.flatMap((s) => s.notes.map((message) => ({ file: s.file, message }))),
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
        cause: f.cause ?? null,
        phase: f.phase,
        message: f.message,
    };
}

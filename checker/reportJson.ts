/**
 * `--format json`: the whole outcome as one JSON document for scripts. Stable field order, no
 * timings and no absolute paths beyond what the user typed.
 *
 * Shape (version 1; fields are only ever added):
 * ```
 * { "formatVersion": 1, "policyPack": {name, version, policies, levels} | null,
 *   "summary": {stacks, resources, mandatory, advisory, failingStacks, problems, exitCode, failOn,
 *               sts: {now, after, routesNow, routesAfter}},
 *   "stacks": [{file, organization, project, stack, resources, stackUrn, notes, sts, findings: [...]}],
 *   (each finding's `cause`: {policy, resource, kind, routes?, function?, role?, exemption?} or null,
 *    see core/finding.ts FindingCause)
 *   "problems": [{file, kind, message}],
 *   "warnings": [{file, message}] }
 * ```
 * It carries everything the other formats show (the policies and their configured levels for
 * SARIF and JUnit, each finding's line in the export for SARIF), so `check merge`
 * (checker/merge.ts) renders shard reports in any format. With `--shard` it also has `shard`
 * ({index, count, inputs, digest}) and each stack's and problem's `input` position.
 */
import type { FailOn } from "./args";
import type { CheckOutcome, StackReport } from "./check";
import type { Finding } from "./findings";
import { countOutcome, exitCodeOf, stsOfStack, stsTotal } from "./summary";

/** Bump when a field changes meaning or disappears. */
export const JSON_FORMAT_VERSION = 1;

/** Renders the outcome as the JSON report (2-space indented, newline-terminated). */
export function formatJson(outcome: CheckOutcome, failOn: FailOn = "mandatory"): string {
    const doc = {
        formatVersion: JSON_FORMAT_VERSION,
        ...(outcome.shard ? { shard: outcome.shard } : {}),
        policyPack: outcome.pack
            ? {
                  name: outcome.pack.name,
                  version: outcome.pack.version,
                  // What SARIF and JUnit show of each policy (its config schema is left out: no report shows it).
                  policies: outcome.pack.policies.map(({ configSchema: _, ...p }) => p),
                  levels: outcome.pack.levels,
              }
            : null,
        summary: { ...countOutcome(outcome), exitCode: exitCodeOf(outcome, failOn), failOn, sts: stsTotal(outcome.stacks) },
        stacks: outcome.stacks.map((s) => ({
            file: s.file,
            organization: s.stack.organization,
            project: s.stack.project,
            stack: s.stack.stack,
            resources: s.resourceCount,
            stackUrn: s.stackUrn ?? null,
            notes: s.notes,
            sts: stsOfStack(s),
            findings: s.findings.map((f) => findingJson(f, s)),
            ...(s.input === undefined ? {} : { input: s.input }),
        })),
        problems: outcome.problems.map((p) => ({ file: p.file, kind: p.kind, message: p.message, ...(p.input === undefined ? {} : { input: p.input }) })),
        warnings: outcome.stacks.flatMap((s) => s.notes.map((message) => ({ file: s.file, message }))),
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
}

function findingJson(f: Finding, s: StackReport) {
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
        description: f.description,
        message: f.message,
        // The line of its resource's URN in the export (the stack's for a stack-wide finding).
        line: s.urnLines.get(f.urn ?? s.stackUrn ?? "") ?? null,
    };
}

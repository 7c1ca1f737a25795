/**
 * The checker's view of a policy violation: the engine Diagnostic plus the labelled parts of its
 * message (core/finding.ts) and the resource it names, ready to group by API and route. The
 * reports (text, JSON, SARIF) all read this one shape.
 *
 * @example
 * const f = toFinding(diagnostic);
 * f.api;   // "shop-api (REST API)"
 * f.route; // "GET /pets"
 * f.sts;   // { now: 1, after: 0 }
 */
import { FindingText, parseFinding } from "../core/finding";
import type { EnforcementLevel, Severity } from "../engine/protocol";
import type { Diagnostic } from "../engine/types";
import { parseUrn } from "./urn";

/** One violation, with the parts of its message (see core/finding.ts). */
export interface Finding extends FindingText {
    policy: string;
    enforcementLevel: EnforcementLevel;
    severity?: Severity;
    /** The resource the violation is about; stack policies may report none. */
    urn?: string;
    resourceType?: string;
    resourceName?: string;
    /** The policy's one-line description (what the rule is about). */
    description: string;
    /** The message as the pack sent it, without the description line the SDK prepends and without the cause line (`cause` has it). */
    message: string;
    /** Analyze (one resource's inputs) or AnalyzeStack (the whole stack's outputs). */
    phase: Diagnostic["phase"];
}

/** Reads one diagnostic; text that is not in the finding format stays in `summary`. */
export function toFinding(d: Diagnostic): Finding {
    const sent = stripDescription(d.message, d.description);
    const parsed = parseFinding(sent);
    const message = parsed.cause ? withoutCauseLine(sent) : sent;
    const urn = parseUrn(d.urn);
    const f: Finding = {
        policy: d.policyName,
        enforcementLevel: d.enforcementLevel,
        severity: d.severity,
        urn: d.urn,
        resourceType: urn?.type,
        resourceName: urn?.name,
        summary: parsed.summary.trim() || d.description,
        description: d.description,
        message,
        phase: d.phase,
    };
    for (const key of ["api", "route", "property", "why", "exemption", "fix"] as const) {
        if (parsed[key] !== undefined && parsed[key] !== "") {
            f[key] = parsed[key];
        }
    }
    if (parsed.sts) {
        f.sts = parsed.sts;
    }
    if (parsed.cause) {
        f.cause = parsed.cause;
    }
    return f;
}

/** The message for people: the data line `Cause: {...}` (core/finding.ts) taken out. */
function withoutCauseLine(message: string): string {
    return message.split("\n").filter((line) => !line.startsWith("Cause: {")).join("\n");
}

/**
 * @pulumi/policy sends `description + "\n" + message` for a string violation; the description is
 * the rule's, not the finding's, so the reports show it once per rule.
 */
function stripDescription(message: string, description: string): string {
    if (description && message.startsWith(`${description}\n`)) {
        return message.slice(description.length + 1);
    }
    return message;
}

const LEVEL_ORDER: Record<EnforcementLevel, number> = { mandatory: 0, remediate: 1, advisory: 2, disabled: 3 };

/** A stable order for reports: level (mandatory first), route, policy, resource, text. */
export function compareFindings(a: Finding, b: Finding): number {
    return (
        LEVEL_ORDER[a.enforcementLevel] - LEVEL_ORDER[b.enforcementLevel] ||
        cmp(a.route, b.route) ||
        cmp(a.policy, b.policy) ||
        cmp(a.urn, b.urn) ||
        cmp(a.property, b.property) ||
        cmp(a.summary, b.summary)
    );
}

function cmp(a: string | undefined, b: string | undefined): number {
    // Code-unit order, not locale order: goldens must not depend on the machine's ICU data.
    const x = a ?? "";
    const y = b ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
}

/** True for findings that fail a run (as `pulumi preview` would). */
export function isBlocking(f: Finding): boolean {
    return f.enforcementLevel === "mandatory" || f.enforcementLevel === "remediate";
}

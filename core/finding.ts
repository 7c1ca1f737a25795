/**
 * The text of a policy violation: a one-line summary, then labelled lines, and last its cause as
 * data (`Cause: {json}`, see FindingCause). The policies write it with `formatFinding` (through
 * policies/resources.ts `report`, the one place a message is made); the offline checker reads it
 * back with `parseFinding`, and folds and counts findings from the cause, never from the wording.
 * The engine's diagnostic has no field for data (AnalyzeDiagnostic: message, urn, levels), so the
 * cause travels as the message's last line. One module owns the format so the two sides cannot
 * drift apart.
 *
 * @example
 * formatFinding({ summary: "Integration uses an IAM role to invoke Lambda.", route: "GET /pets" })
 * // "Integration uses an IAM role to invoke Lambda.\nRoute: GET /pets"
 */
/** What kind of cause a finding reports; stable identifiers (the checker's reports carry them). */
export type CauseKind =
    /** An integration or Lambda authorizer invokes Lambda with an IAM role. */
    | "role-credentials"
    /** An integration invokes Lambda with the caller's identity (allowCallerCredentials false). */
    | "caller-credentials"
    /** A role inferred at preview from what an unknown OpenAPI body is built from. */
    | "inferred-role"
    /** An unknown OpenAPI body built from a role that trusts API Gateway, whose grants are not known. */
    | "unknown-body-role"
    /** A role-based authorizer a late-building component's inputs say it will create. */
    | "planned-role-authorizer"
    /** No permission lets API Gateway invoke a route's function. */
    | "missing-permission"
    /** A permission's sourceArn does not name one API. */
    | "unscoped-permission"
    /** A scoped permission broader than the routes that use it. */
    | "broad-permission"
    /** A permission that grants a method, path or stage the API does not have. */
    | "leftover-grant"
    /** An integration no route or method references. */
    | "unrouted-integration"
    /** A stage-variable target that cannot be checked. */
    | "stage-variable-target"
    /** An exemption entry that matched nothing, or is about to expire. */
    | "stale-exemption"
    /** A check deferred at preview because a value is unknown: a notice, asking nothing. */
    | "deferred-check"
    /** A resource input the checks cannot read. */
    | "input-problem"
    /** A problem with the policy's config. */
    | "config"
    /** The policy could not complete its check. */
    | "internal-error";

/** A finding's cause as data: what the checker folds and counts by. */
export interface FindingCause {
    policy: string;
    /** The URN the finding is on; "" for the stack. */
    resource: string;
    kind: CauseKind;
    /** Routes it affects (`GET /pets`, `authorizer token`), when known. */
    routes?: string[];
    /** The function invoked: its name or ARN, or its logical name. */
    function?: string;
    /** The role: its ARN, or its logical name. */
    role?: string;
    /** What exempts it: `exemptions[2]` or `fleetThreshold`. */
    exemption?: string;
}

export interface FindingText {
    /** What is wrong, on which resource: one sentence. */
    summary: string;
    /** The API: its resource name and kind, e.g. `shop-api (REST API)`. */
    api?: string;
    /** The route or authorizer, e.g. `GET /pets/{petId}`, `$default`, `authorizer token-auth`. */
    route?: string;
    /** The property (or OpenAPI location) holding the problem. */
    property?: string;
    /** Why it matters: latency, availability, who can invoke. */
    why?: string;
    /** STS AssumeRole calls a request to this route costs now and after the fix. */
    sts?: { now: number; after: number };
    /** The exemption that applied (or expired), with its reason. */
    exemption?: string;
    /** The exact fix. */
    fix?: string;
    /** The cause as data: written last, as one JSON line. */
    cause?: FindingCause;
}

const LABELS: [keyof FindingText, string][] = [
    ["api", "API"],
    ["route", "Route"],
    ["property", "Property"],
    ["why", "Why"],
    ["sts", "STS AssumeRole per request"],
    ["exemption", "Exemption"],
    ["fix", "Fix"],
    ["cause", "Cause"],
];

export function formatFinding(f: FindingText): string {
    const lines = [f.summary];
    for (const [key, label] of LABELS) {
        const value = f[key];
        if (value === undefined) {
            continue;
        }
        const text = key === "sts" ? formatSts(value as { now: number; after: number }) : key === "cause" ? JSON.stringify(value) : String(value);
        lines.push(`${label}: ${text.replace(/\n/g, " ")}`);
    }
    return lines.join("\n");
}

function formatSts(sts: { now: number; after: number }): string {
    return `${sts.now} now, ${sts.after} after the fix`;
}

/** Reads a message written by formatFinding; unlabelled text stays in the summary. */
export function parseFinding(message: string): FindingText {
    const lines = message.split("\n");
    const summary: string[] = [];
    const out: Partial<FindingText> = {};
    for (const line of lines) {
        const match = LABELS.find(([, label]) => line.startsWith(`${label}: `));
        if (!match) {
            summary.push(line);
            continue;
        }
        const [key, label] = match;
        const text = line.slice(label.length + 2);
        if (key === "sts") {
            const m = /^(\d+) now, (\d+) after the fix$/.exec(text);
            if (m) {
                out.sts = { now: Number(m[1]), after: Number(m[2]) };
            }
        } else if (key === "cause") {
            const cause = parseCause(text);
            if (cause) {
                out.cause = cause;
            }
        } else {
            (out as Record<string, string>)[key] = text;
        }
    }
    return { ...out, summary: summary.join("\n") };
}

/** A `Cause:` line's JSON, when it is a cause (policy, resource and kind are strings). */
function parseCause(text: string): FindingCause | undefined {
    try {
        const v = JSON.parse(text) as unknown;
        if (v === null || typeof v !== "object" || Array.isArray(v)) {
            return undefined;
        }
        const c = v as Record<string, unknown>;
        if (typeof c.policy !== "string" || typeof c.resource !== "string" || typeof c.kind !== "string") {
            return undefined;
        }
        const routes = Array.isArray(c.routes) ? c.routes.filter((r): r is string => typeof r === "string") : undefined;
        return {
            policy: c.policy,
            resource: c.resource,
            kind: c.kind as CauseKind,
            ...(routes ? { routes } : {}),
            ...(typeof c.function === "string" ? { function: c.function } : {}),
            ...(typeof c.role === "string" ? { role: c.role } : {}),
            ...(typeof c.exemption === "string" ? { exemption: c.exemption } : {}),
        };
    } catch {
        return undefined;
    }
}

/**
 * Exemptions for role-based invocations (the `exemptions` config of
 * lambda-invoke-via-resource-policy): every key of an entry must match; `reason` is required;
 * after `expires` (an ISO date, inclusive) the entry no longer applies and says so.
 */
import { matchesAny, splitArn, wildcardMatch } from "./wildcard";

export interface Exemption {
    /** Globs over the target function's name (Function `name`, its logical name, or the name in its ARN). */
    functions?: string[];
    /** Globs over the role ARN or the role resource's logical name. */
    roles?: string[];
    /** Globs over the integration or authorizer URN. */
    urns?: string[];
    /** Tags the target function must carry (all of them, exact values). */
    tags?: Record<string, string>;
    /** Globs over the stack name. */
    stacks?: string[];
    reason: string;
    /** Last day (ISO `YYYY-MM-DD`, UTC) on which the exemption applies. */
    expires?: string;
}

/** What is known about one finding, for matching. Unknown parts are simply absent. */
export interface ExemptionSubject {
    urn: string;
    stack: string;
    /** Candidate names of the target function. */
    functionNames: string[];
    /** The function's tags; undefined when unknown or not in the stack. */
    functionTags?: Record<string, string>;
    /** Role ARNs; parts unknown at preview are `*` (e.g. `arn:*:iam::*:role/invoker`). */
    roleArns: string[];
    /** Logical names of the role resources. */
    roleNames: string[];
}

export type ExemptionVerdict =
    | { kind: "exempt"; index: number; exemption: Exemption }
    | { kind: "expired"; index: number; exemption: Exemption }
    | { kind: "none" };

/** True when the entry needs whole-stack context (the function or the role resource) to decide. */
export function needsStackContext(exemption: Exemption): boolean {
    return exemption.functions !== undefined || exemption.tags !== undefined || exemption.roles !== undefined;
}

/** The first entry that matches and has not expired; else the first expired match; else none. */
export function findExemption(exemptions: readonly Exemption[], subject: ExemptionSubject, now: Date): ExemptionVerdict {
    let expired: ExemptionVerdict = { kind: "none" };
    exemptions.forEach((exemption, index) => {
        if (expired.kind === "exempt" || !matches(exemption, subject)) {
            return;
        }
        if (isExpired(exemption, now)) {
            if (expired.kind === "none") {
                expired = { kind: "expired", index, exemption };
            }
        } else {
            expired = { kind: "exempt", index, exemption };
        }
    });
    return expired;
}

/** Past the end (UTC) of the `expires` day. An unparseable or impossible date counts as expired. */
export function isExpired(exemption: Exemption, now: Date): boolean {
    if (exemption.expires === undefined) {
        return false;
    }
    const end = Date.parse(`${exemption.expires}T23:59:59.999Z`);
    // V8 rolls impossible days over (2027-02-30 -> March 2): a typo must not extend an exemption.
    if (Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== exemption.expires) {
        return true;
    }
    return now.getTime() > end;
}

function matches(e: Exemption, s: ExemptionSubject): boolean {
    if (e.urns && !matchesAny(e.urns, s.urn)) {
        return false;
    }
    if (e.stacks && !matchesAny(e.stacks, s.stack)) {
        return false;
    }
    if (e.functions && !s.functionNames.some((name) => matchesAny(e.functions!, name))) {
        return false;
    }
    if (e.tags) {
        const tags = s.functionTags;
        if (!tags || !Object.entries(e.tags).every(([k, v]) => tags[k] === v)) {
            return false;
        }
    }
    if (e.roles) {
        const byName = s.roleNames.some((name) => matchesAny(e.roles!, name));
        const byArn = s.roleArns.some((arn) => e.roles!.some((pattern) => roleArnMayMatch(pattern, arn)));
        if (!byName && !byArn) {
            return false;
        }
    }
    return true;
}

/**
 * Matches a role pattern against an ARN whose unknown parts are `*`: a part that is exactly `*`
 * in the ARN accepts any pattern part (it will be whatever the account/partition is).
 */
function roleArnMayMatch(pattern: string, arn: string): boolean {
    const p = splitArn(pattern);
    const a = splitArn(arn);
    if (!p || !a) {
        return wildcardMatch(pattern, arn);
    }
    return p.every((part, i) => a[i] === "*" || wildcardMatch(part, a[i]));
}

/** `exemptions[2] (functions legacy-*; reason "migrating in Q1"; expires 2027-03-31)`. */
export function describeExemption(index: number, e: Exemption): string {
    const keys: string[] = [];
    if (e.functions) keys.push(`functions ${e.functions.join(", ")}`);
    if (e.roles) keys.push(`roles ${e.roles.join(", ")}`);
    if (e.urns) keys.push(`urns ${e.urns.join(", ")}`);
    if (e.tags) keys.push(`tags ${Object.entries(e.tags).map(([k, v]) => `${k}=${v}`).join(", ")}`);
    if (e.stacks) keys.push(`stacks ${e.stacks.join(", ")}`);
    keys.push(`reason "${e.reason}"`);
    if (e.expires) keys.push(`expires ${e.expires}`);
    return `exemptions[${index}] (${keys.join("; ")})`;
}

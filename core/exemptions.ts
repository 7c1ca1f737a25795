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
    /** Who answers for the exemption (a team or a person); shown in its findings. */
    owner?: string;
    /** The ticket tracking its removal; shown in its findings. */
    ticket?: string;
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

/** The positions of every entry that matches the subject, expired or not. */
export function matchingEntries(exemptions: readonly Exemption[], subject: ExemptionSubject): number[] {
    const out: number[] = [];
    exemptions.forEach((e, i) => {
        if (matches(e, subject)) {
            out.push(i);
        }
    });
    return out;
}

/**
 * Whole days from `now` to the end (UTC) of the entry's `expires` day, rounded down: 0 on its
 * last day. Undefined when it has no valid date or has expired.
 */
export function daysLeft(exemption: Exemption, now: Date): number | undefined {
    if (exemption.expires === undefined) {
        return undefined;
    }
    const end = endOfDay(exemption.expires);
    if (end === undefined || now.getTime() > end) {
        return undefined;
    }
    return Math.floor((end - now.getTime()) / 86_400_000);
}

/**
 * Past the end (UTC) of the `expires` day. An unparseable or impossible date (see
 * `hasInvalidDate`) never applies either: a typo must not extend an exemption.
 */
export function isExpired(exemption: Exemption, now: Date): boolean {
    if (exemption.expires === undefined) {
        return false;
    }
    const end = endOfDay(exemption.expires);
    return end === undefined || now.getTime() > end;
}

/** True when `expires` is set but is no real calendar day written `YYYY-MM-DD` (2027-02-30). */
export function hasInvalidDate(exemption: Exemption): boolean {
    return exemption.expires !== undefined && endOfDay(exemption.expires) === undefined;
}

function endOfDay(date: unknown): number | undefined {
    if (typeof date !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        return undefined;
    }
    const end = Date.parse(`${date}T23:59:59.999Z`);
    // V8 rolls impossible days over (2027-02-30 -> March 2): compare the day back.
    if (Number.isNaN(end) || new Date(end).toISOString().slice(0, 10) !== date) {
        return undefined;
    }
    return end;
}

/**
 * Why an entry that matches no longer applies (a `findExemption` verdict `expired`): it expired,
 * or its date is not a real day.
 *
 * @example describeLapsedExemption(0, { stacks: ["x"], reason: "r", expires: "2027-02-30" })
 * // 'exemptions[0] (stacks x; reason "r"; expires 2027-02-30) does not apply: its expires date "2027-02-30" is not a valid date ...'
 */
export function describeLapsedExemption(index: number, e: Exemption): string {
    if (hasInvalidDate(e)) {
        return (
            `${describeExemption(index, e)} does not apply: its expires date ${JSON.stringify(String(e.expires))} is not a valid date ` +
            `(no such day), so it is never in effect; correct the date`
        );
    }
    return `${describeExemption(index, e)} expired on ${e.expires} and no longer applies`;
}

/** The selectors of an entry; an entry with none matches every finding. */
const SELECTORS = ["functions", "roles", "urns", "stacks", "tags"] as const;

/** A glob that matches every value: made only of `*`. */
export function isMatchAllGlob(glob: unknown): boolean {
    return typeof glob === "string" && /^\*+$/.test(glob);
}

/**
 * True when the entry matches every finding: each selector it has contains a glob made only of
 * `*` (`{"functions": ["*"]}`), or it has no selector at all. Such an entry turns the whole
 * policy advisory, so it needs `allowMatchAll: true`.
 */
export function matchesEverything(e: Exemption): boolean {
    return SELECTORS.every((key) => {
        const v = e[key];
        if (v === undefined) {
            return true;
        }
        return key !== "tags" && Array.isArray(v) && v.some(isMatchAllGlob);
    });
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
    if (e.functions !== undefined) keys.push(`functions ${list(e.functions)}`);
    if (e.roles !== undefined) keys.push(`roles ${list(e.roles)}`);
    if (e.urns !== undefined) keys.push(`urns ${list(e.urns)}`);
    if (e.tags !== undefined) keys.push(`tags ${isRecord(e.tags) ? Object.entries(e.tags).map(([k, v]) => `${k}=${String(v)}`).join(", ") : JSON.stringify(e.tags)}`);
    if (e.stacks !== undefined) keys.push(`stacks ${list(e.stacks)}`);
    keys.push(`reason "${e.reason}"`);
    if (e.expires) keys.push(`expires ${e.expires}`);
    if (e.owner !== undefined) keys.push(`owner ${JSON.stringify(String(e.owner))}`);
    if (e.ticket !== undefined) keys.push(`ticket ${JSON.stringify(String(e.ticket))}`);
    return `exemptions[${index}] (${keys.join("; ")})`;
}

/** A config value shown as written, even when it has the wrong type (config the engine did not validate). */
function list(v: unknown): string {
    return Array.isArray(v) ? v.map(String).join(", ") : JSON.stringify(v) ?? String(v);
}

function isRecord(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * True when every selector of the entry has the type the schema gives it (globs: lists of
 * strings; tags: strings by name), so matching cannot fail on it.
 */
export function isWellFormed(e: Exemption): boolean {
    const globs = [e.functions, e.roles, e.urns, e.stacks].every((v) => v === undefined || (Array.isArray(v) && v.every((g) => typeof g === "string")));
    const tags = e.tags === undefined || (isRecord(e.tags) && Object.values(e.tags).every((v) => typeof v === "string"));
    const labels = [e.owner, e.ticket].every((v) => v === undefined || typeof v === "string");
    return typeof e.reason === "string" && globs && tags && labels;
}

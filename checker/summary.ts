/**
 * Counts, STS AssumeRole figures and the exit code of a check, shared by every report format so
 * they cannot disagree.
 *
 * Exit codes: 0 nothing fails the run; 1 findings at or above `--fail-on` (mandatory by default);
 * 2 usage or input errors. A run with both input errors and failing findings exits 2: an audit
 * that did not cover every file is incomplete, and CI must not mistake it for a finished check
 * (the report still lists every finding of the files that could be read).
 *
 * @example
 * countOutcome(outcome).mandatory;
 * exitCodeOf(outcome, "advisory");
 * stsOfStack(outcome.stacks[0]); // { now: 2, after: 0, routesNow: 3, routesAfter: 0 }
 */
import type { FailOn } from "./args";
import type { CheckOutcome, StackReport } from "./check";
import { isBlocking, type Finding } from "./findings";
import { groupDigits, plural } from "./wrap";

/** Nothing at or above `--fail-on`. */
export const EXIT_CLEAN = 0;
/** At least one finding at or above `--fail-on`. */
export const EXIT_VIOLATIONS = 1;
/** A usage error, or an input that could not be checked. */
export const EXIT_INPUT_ERROR = 2;

/** What the summaries report. */
export interface Counts {
    stacks: number;
    resources: number;
    /** Findings per enforcement level (remediate counts as mandatory, as the engine does offline). */
    mandatory: number;
    advisory: number;
    /** Stacks with at least one mandatory finding. */
    failingStacks: number;
    /** Files (or the config) that could not be checked. */
    problems: number;
}

/**
 * STS AssumeRole calls per request: `now` is the most one request to any route of the stack makes
 * today, `after` the most once the findings are fixed (exempt findings, advisory with an
 * exemption, keep their role). `routesNow` / `routesAfter` count the routes (a Lambda authorizer
 * counts as one) that call STS at all.
 */
export interface StsSummary {
    now: number;
    after: number;
    routesNow: number;
    routesAfter: number;
}

/** Counts stacks, resources and findings per enforcement level. */
export function countOutcome(outcome: CheckOutcome): Counts {
    const counts: Counts = { stacks: 0, resources: 0, mandatory: 0, advisory: 0, failingStacks: 0, problems: outcome.problems.length };
    for (const s of outcome.stacks) {
        const level = levelCounts(s);
        counts.stacks++;
        counts.resources += s.resourceCount;
        counts.mandatory += level.mandatory;
        counts.advisory += level.advisory;
        if (level.mandatory > 0) {
            counts.failingStacks++;
        }
    }
    return counts;
}

/** Mandatory (remediate included) and advisory findings of one stack. */
export function levelCounts(stack: StackReport): { mandatory: number; advisory: number } {
    const mandatory = stack.findings.filter(isBlocking).length;
    return { mandatory, advisory: stack.findings.filter((f) => f.enforcementLevel === "advisory").length };
}

/** True for a finding that an exemption turned advisory: its fix is not expected. */
export function isExempt(f: Finding): boolean {
    return f.enforcementLevel === "advisory" && f.exemption !== undefined;
}

/** True when `f` fails a run with `--fail-on failOn`. */
export function failsRun(f: Finding, failOn: FailOn): boolean {
    return failOn === "advisory" ? f.enforcementLevel !== "disabled" : failOn === "mandatory" && isBlocking(f);
}

/** 2 if anything could not be checked, else 1 on findings at or above `failOn`, else 0. */
export function exitCodeOf(outcome: CheckOutcome, failOn: FailOn = "mandatory"): number {
    if (outcome.problems.length > 0) {
        return EXIT_INPUT_ERROR;
    }
    return outcome.stacks.some((s) => s.findings.some((f) => failsRun(f, failOn))) ? EXIT_VIOLATIONS : EXIT_CLEAN;
}

/** The last line of the human reports: the exit code and what it means for this run. */
export function exitLine(outcome: CheckOutcome, failOn: FailOn = "mandatory"): string {
    const code = exitCodeOf(outcome, failOn);
    const c = countOutcome(outcome);
    if (code === EXIT_INPUT_ERROR) {
        return `Exit code 2: ${plural(c.problems, "input")} could not be checked, so the check is incomplete (see the errors on stderr).`;
    }
    if (code === EXIT_VIOLATIONS) {
        const what = failOn === "advisory" ? `${plural(c.mandatory + c.advisory, "finding")} (--fail-on advisory)` : plural(c.mandatory, "mandatory finding");
        return `Exit code 1: the run fails on ${what} (0 if none, 2 if an input could not be checked).`;
    }
    if (failOn === "none") {
        return "Exit code 0: --fail-on none: findings never fail the run (2 if an input could not be checked).";
    }
    if (c.advisory > 0 && failOn === "mandatory") {
        return "Exit code 0: no mandatory findings; advisories do not fail the run (--fail-on advisory makes them).";
    }
    return "Exit code 0: no findings.";
}

/** A route's STS cost, keyed by API and route. */
const routeKey = (f: Finding) => `${f.api ?? ""}\u0000${f.route ?? f.urn ?? ""}`;
const isAuthorizer = (f: Finding) => f.route?.startsWith("authorizer ") === true;

/**
 * The STS figures of one stack. A finding's `sts` reads "calls a request to its route makes now,
 * and after its own fix": the difference is its own role, the rest are its authorizers' roles.
 * Those go away after the fixes when every role-using authorizer of the API is fixed too.
 */
export function stsOfStack(stack: StackReport): StsSummary {
    const withSts = stack.findings.filter((f) => f.sts !== undefined);
    const authorizersFixed = new Map<string, boolean>();
    for (const f of withSts.filter(isAuthorizer)) {
        const api = f.api ?? "";
        authorizersFixed.set(api, (authorizersFixed.get(api) ?? true) && !isExempt(f));
    }
    const routes = new Map<string, { now: number; after: number }>();
    for (const f of withSts) {
        const sts = f.sts!;
        const own = isAuthorizer(f) ? sts.now : sts.now - sts.after;
        const guards = isAuthorizer(f) ? 0 : sts.after;
        const after = (isExempt(f) ? own : 0) + (authorizersFixed.get(f.api ?? "") === true ? 0 : guards);
        const key = routeKey(f);
        const route = routes.get(key) ?? { now: 0, after: 0 };
        routes.set(key, { now: Math.max(route.now, sts.now), after: Math.max(route.after, after) });
    }
    const out: StsSummary = { now: 0, after: 0, routesNow: 0, routesAfter: 0 };
    for (const r of routes.values()) {
        out.now = Math.max(out.now, r.now);
        out.after = Math.max(out.after, r.after);
        out.routesNow += r.now > 0 ? 1 : 0;
        out.routesAfter += r.after > 0 ? 1 : 0;
    }
    return out;
}

/** Every stack together: the most per request, and the routes added up. */
export function stsTotal(stacks: readonly StackReport[]): StsSummary {
    const out: StsSummary = { now: 0, after: 0, routesNow: 0, routesAfter: 0 };
    for (const s of stacks.map(stsOfStack)) {
        out.now = Math.max(out.now, s.now);
        out.after = Math.max(out.after, s.after);
        out.routesNow += s.routesNow;
        out.routesAfter += s.routesAfter;
    }
    return out;
}

/** "2 now, 0 after the fixes (3 routes, 0)" or "none". */
export function stsText(sts: StsSummary): string {
    if (sts.routesNow === 0) {
        return "none";
    }
    return `up to ${groupDigits(sts.now)} now (${plural(sts.routesNow, "route")}), ${groupDigits(sts.after)} after the fixes (${plural(sts.routesAfter, "route")})`;
}

/** `Summary: 5 stacks, 2 with mandatory violations: 7 mandatory, 2 advisory, 1 input not checked.` */
export function summaryLine(outcome: CheckOutcome): string {
    const c = countOutcome(outcome);
    let text = `Summary: ${plural(c.stacks, "stack")}, ${groupDigits(c.failingStacks)} with mandatory violations: `;
    text += `${groupDigits(c.mandatory)} mandatory, ${groupDigits(c.advisory)} advisory`;
    if (c.problems > 0) {
        text += `, ${plural(c.problems, "input")} not checked`;
    }
    return `${text}.`;
}

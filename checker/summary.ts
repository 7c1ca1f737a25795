/**
 * Counts and the exit code of a check, shared by every report format so they cannot disagree.
 *
 * Exit codes: 0 clean or advisory only; 1 mandatory violations; 2 usage or input errors. A run
 * with both input errors and mandatory violations exits 2: an audit that did not cover every file
 * is incomplete, and CI must not mistake it for a finished check (the report still lists every
 * violation found in the files that could be read).
 */
import type { CheckOutcome } from "./check";
import { isBlocking } from "./findings";

/** Clean, or advisory findings only. */
export const EXIT_CLEAN = 0;
/** At least one mandatory finding. */
export const EXIT_VIOLATIONS = 1;
/** A usage error, or an input that could not be checked. */
export const EXIT_INPUT_ERROR = 2;

/** What the summary line and the JSON summary report. */
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

/** Counts stacks, resources and findings per enforcement level. */
export function countOutcome(outcome: CheckOutcome): Counts {
    const counts: Counts = { stacks: 0, resources: 0, mandatory: 0, advisory: 0, failingStacks: 0, problems: outcome.problems.length };
    for (const s of outcome.stacks) {
        counts.stacks++;
        counts.resources += s.resourceCount;
        const blocking = s.findings.filter(isBlocking).length;
        counts.mandatory += blocking;
        counts.advisory += s.findings.filter((f) => f.enforcementLevel === "advisory").length;
        if (blocking > 0) {
            counts.failingStacks++;
        }
    }
    return counts;
}

/** 2 if anything could not be checked, else 1 on mandatory findings, else 0. */
export function exitCodeOf(outcome: CheckOutcome): number {
    const counts = countOutcome(outcome);
    if (counts.problems > 0) {
        return EXIT_INPUT_ERROR;
    }
    return counts.mandatory > 0 ? EXIT_VIOLATIONS : EXIT_CLEAN;
}

/**
 * Exemptions over a stack's life: an entry that matched no finding of the stack (written for a
 * migration that is over, or misspelt) and an entry about to expire each get one advisory on the
 * stack naming the entry (its index, selectors, owner and ticket). ESLint reports unused
 * suppression comments for the same reason.
 *
 * An entry aimed at other stacks (its `stacks` or `urns` globs cannot match this stack) is not
 * reported as unused here. An unused entry is only reported when the stack is settled: nothing that decides a match or a
 * finding is unknown (no unknown value on an API Gateway resource, function or role, no unknown
 * OpenAPI body, no component still to build its API). At a first preview most of that is unknown,
 * so the report waits for the update or a later preview.
 */
import type { ReportViolation } from "@pulumi/policy";
import { Exemption, daysLeft, describeExemption, isExpired } from "../core/exemptions";
import { matchesAny, wildcardMatch } from "../core/wildcard";
import { declaresInvocations } from "../core/invocations";
import { LATE_COMPONENT_TYPES } from "../core/componentIntent";
import { FUNCTION_TYPES, ROLE_TYPES, StackIndex } from "../core/stack";
import { containsUnknown } from "../core/values";
import type { ReadInvokeConfig } from "./invokeConfig";
import { report } from "./resources";

/** True when a value that decides a finding or an exemption's match is unknown (preview). */
export function dependsOnUnknowns(index: StackIndex): boolean {
    return index.resources.some(
        (r) => (declaresInvocations(r.type) || FUNCTION_TYPES.has(r.type) || ROLE_TYPES.has(r.type) || LATE_COMPONENT_TYPES.has(r.type)) && containsUnknown(r.props),
    );
}

/**
 * True when the entry is meant for this stack: its `stacks` globs (if any) match the stack name,
 * and some `urns` glob (if any) can match a URN of this stack (`urn:pulumi:{stack}::...`). One
 * config serves many stacks (a Pulumi Cloud policy group), so an entry aimed at other stacks is
 * not stale here.
 */
export function aimsAt(e: Exemption, stack: string): boolean {
    if (stack === "") {
        return true;
    }
    if (e.stacks !== undefined && !matchesAny(e.stacks, stack)) {
        return false;
    }
    if (e.urns !== undefined) {
        return e.urns.some((glob) => {
            const parts = glob.split("::");
            return parts.length < 2 || wildcardMatch(parts[0], `urn:pulumi:${stack}`);
        });
    }
    return true;
}

/**
 * One advisory per entry that matched nothing (when `settled`) and per entry within
 * `warnBeforeExpiryDays` of its `expires` date. `used` holds the positions in `config.exemptions`
 * of the entries that matched a finding; `config.exemptionIndex` maps them to the config's own.
 */
export function reportExemptionHealth(
    reportViolation: ReportViolation,
    policy: string,
    config: ReadInvokeConfig,
    used: ReadonlySet<number>,
    settled: boolean,
    now: Date,
    stack: string,
): void {
    config.exemptions.forEach((e, i) => {
        const index = config.exemptionIndex[i] ?? i;
        const label = describeExemption(index, e);
        const who = e.owner !== undefined || e.ticket !== undefined ? ` (${[e.owner !== undefined ? `owner ${e.owner}` : "", e.ticket !== undefined ? `ticket ${e.ticket}` : ""].filter(Boolean).join(", ")})` : "";
        if (settled && !used.has(i) && aimsAt(e, stack)) {
            report(reportViolation, {
                policy,
                urn: "",
                kind: "stale-exemption",
                exemption: `exemptions[${index}]`,
                level: "advisory",
                text: {
                    summary: `${policy}: ${label} matched nothing in this stack${isExpired(e, now) ? " (and has expired)" : ""}.`,
                    property: `exemptions[${index}]`,
                    why:
                        "An exemption that matches no finding exempts nothing today, but would silently exempt whatever comes to match it later; " +
                        "it is usually left over from a finished migration, or its selectors are misspelt.",
                    fix: `Remove exemptions[${index}] from the ${policy} config${who}, or correct its selectors if it is meant to match something in this stack.`,
                },
            });
        }
        const left = daysLeft(e, now);
        if (left !== undefined && config.warnBeforeExpiryDays > 0 && left <= config.warnBeforeExpiryDays) {
            const when = left === 0 ? "today is its last day" : `${left} day${left === 1 ? "" : "s"} left`;
            report(reportViolation, {
                policy,
                urn: "",
                kind: "stale-exemption",
                exemption: `exemptions[${index}]`,
                level: "advisory",
                text: {
                    summary: `${policy}: ${label} expires on ${e.expires} (${when}); it still exempts until the end of that day (UTC).`,
                    property: `exemptions[${index}].expires`,
                    why:
                        "After that day the findings it exempts return at the policy's level, and a mandatory one fails the preview " +
                        `(warned ${config.warnBeforeExpiryDays} days ahead: warnBeforeExpiryDays).`,
                    fix: `Fix the findings it exempts before ${e.expires}, or move exemptions[${index}].expires to a later day${who}.`,
                },
            });
        }
    });
}

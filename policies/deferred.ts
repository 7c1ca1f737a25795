/**
 * Notices, not alarms: checks a policy defers at preview because a value it needs is not known
 * yet (an OpenAPI body or a sourceArn computed during the update). They ask nothing of the user,
 * so they are collected and reported once per stack and policy, as one advisory of severity low
 * that says what was deferred and where it will be checked. `deferredNotices: false` in the
 * policy's config turns them off.
 *
 * @example
 * const deferred = new DeferredChecks("lambda-permission-scoped");
 * deferred.add(permission.resource, "sourceArn", "it is computed during the update and built on no API of this stack");
 * if (config.deferredNotices) deferred.report(reportViolation);
 */
import type { ReportViolation } from "@pulumi/policy";
import { resourceLabel } from "../core/describe";
import type { StackResource } from "../core/stack";
import { report } from "./resources";

/** How many deferred checks the notice lists before summarising the rest. */
const MAX_LISTED = 10;

interface Deferred {
    resource: StackResource;
    property: string;
    why: string;
}

export class DeferredChecks {
    private readonly items: Deferred[] = [];

    constructor(readonly policy: string) {}

    /** One check deferred: the resource, the property whose value is unknown, and why it is. */
    add(resource: StackResource, property: string, why: string): void {
        this.items.push({ resource, property, why });
    }

    get size(): number {
        return this.items.length;
    }

    /** The one notice of this stack, when anything was deferred. */
    report(reportViolation: ReportViolation): void {
        if (this.items.length === 0) {
            return;
        }
        const shown = this.items.slice(0, MAX_LISTED).map((d) => `${resourceLabel(d.resource)} ${d.property} (${d.why})`);
        const more = this.items.length > MAX_LISTED ? `; and ${this.items.length - MAX_LISTED} more` : "";
        const n = this.items.length;
        report(reportViolation, {
            policy: this.policy,
            urn: "",
            kind: "deferred-check",
            level: "advisory",
            severity: "low",
            text: {
                summary: `${this.policy}: ${n === 1 ? "1 check was" : `${n} checks were`} deferred at this preview because a value is not known yet: ${shown.join("; ")}${more}.`,
                why:
                    "A notice, not a finding: those values are computed during the update. They are checked at update (after the changes) and by " +
                    "`apigw-lambda-guard check` on a stack export.",
                fix:
                    "Nothing to change. To have them checked at preview, build them only from values known before the update; " +
                    `to turn this notice off, set deferredNotices to false in the ${this.policy} config.`,
            },
        });
    }
}

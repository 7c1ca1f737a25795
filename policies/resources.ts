/**
 * The bridge from @pulumi/policy's arguments to the core's plain values: reads every property
 * through the SDK's unknown-checking proxy exactly once, guarded, so an unknown becomes the core's
 * `Unknown` instead of an exception (which would turn the check into a silent "can't run during
 * preview" advisory).
 */
import type { PolicyResource, ResourceValidationArgs, ReportViolation } from "@pulumi/policy";
import { StackResource } from "../core/stack";
import { formatFinding } from "../core/finding";
import { toValue } from "../core/values";
import type { EnforcementLevel } from "@pulumi/policy";

/** A resource under Analyze: no dependencies are sent with it. */
export function fromValidationArgs(args: ResourceValidationArgs): StackResource {
    return { urn: args.urn, type: args.type, name: args.name, props: toValue(args.props), dependencies: [], propertyDependencies: {} };
}

/** A resource under AnalyzeStack, with its dependencies as URNs. */
export function fromPolicyResource(r: PolicyResource): StackResource {
    const propertyDependencies: Record<string, string[]> = {};
    for (const [key, deps] of Object.entries(r.propertyDependencies ?? {})) {
        propertyDependencies[key] = (deps ?? []).map((d) => d.urn);
    }
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        props: toValue(r.props),
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        propertyDependencies,
    };
}

/** The stack name, from the environment the language host sets for the pack. */
export function currentStack(): string {
    return process.env.PULUMI_NODEJS_STACK ?? "";
}

/**
 * Reports a violation at a given enforcement level (exempted findings are advisory). The SDK's
 * reportViolation accepts an object form carrying the level; its typings only show the string
 * form, so the object is passed through this one cast, and tests assert the level on the wire.
 */
export function report(reportViolation: ReportViolation, message: string, urn: string, enforcementLevel?: EnforcementLevel): void {
    const violation = { message, urn, ...(enforcementLevel ? { enforcementLevel } : {}) };
    (reportViolation as unknown as (v: typeof violation) => void)(violation);
}

/**
 * A policy caught an error of its own: reported as one advisory naming the policy, never thrown
 * (a throw would fail the user's whole preview).
 */
export function reportInternalError(reportViolation: ReportViolation, policyName: string, urn: string | undefined, e: unknown): void {
    const detail = e instanceof Error ? e.message : String(e);
    report(reportViolation, formatFinding({
        summary: `${policyName} could not complete its check: ${detail}.`,
        why: `An internal error in the policy pack; the check did not run for this ${urn ? "resource" : "stack"}.`,
        fix: "Report this with the resource types involved to the apigw-lambda-guard maintainers.",
    }), urn ?? "", "advisory");
}

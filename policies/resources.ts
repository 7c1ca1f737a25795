/**
 * The bridge from @pulumi/policy's arguments to the core's plain values.
 *
 * Properties are read from the data behind the SDK's unknown-checking proxy (the proxy hands out
 * its target), not through the proxy: reading an unknown through the proxy throws an
 * UnknownValueError, and building one per unknown dominated AnalyzeStack at preview. The raw data
 * holds the engine's marker strings, which `toValue` turns into the core's `Unknown`, the same
 * seven markers the proxy throws on. Anything that is not such a proxy is converted with guarded
 * reads as before.
 *
 * The three stack policies share one converted and resolved stack per AnalyzeStack call
 * (`stackOf`). The SDK builds new resource objects for each policy, so the shared stack is reused
 * only after checking that the resources it was built from equal the ones this policy got (URNs,
 * types, names, dependencies and every property value); any difference builds it again.
 */
import type { PolicyResource, ResourceValidationArgs, ReportViolation, StackValidationArgs } from "@pulumi/policy";
import { StackIndex, StackResource } from "../core/stack";
import { CauseKind, FindingCause, FindingText, formatFinding } from "../core/finding";
import { LambdaPermission, readPermissions } from "../core/permissions";
import { equalsRaw } from "../core/rawValues";
import { FunctionIndex } from "../core/lambdaFunctions";
import { ResolvedInvocation, StackInvocations, resolveStack } from "../core/resolve";
import { InvokeTarget, invokeTargetOf } from "../core/sentArn";
import { STACK_NAME_TAG } from "../core/stackTag";
import { toValue } from "../core/values";
import type { EnforcementLevel, Severity } from "@pulumi/policy";

// The SDK exports these keys at runtime; its typings leave them out.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const proxyKeys = require("@pulumi/policy/proxy") as { isSpecialProxy?: string; getSpecialProxyTarget?: string };
const IS_PROXY = proxyKeys.isSpecialProxy ?? "__isSpecialProxy";
const PROXY_TARGET = proxyKeys.getSpecialProxyTarget ?? "__getSpecialProxyTarget";

/** The data behind an SDK unknown-checking proxy, or `props` itself when it is not one. */
export function rawProps(props: unknown): unknown {
    if (props === null || typeof props !== "object") {
        return props;
    }
    try {
        const p = props as Record<string, unknown>;
        if (p[IS_PROXY] === true) {
            const target = p[PROXY_TARGET];
            if (target !== null && typeof target === "object") {
                return target;
            }
        }
    } catch {
        // Not the SDK's proxy: read it the guarded way.
    }
    return props;
}

/** A resource under Analyze: no dependencies are sent with it. */
export function fromValidationArgs(args: ResourceValidationArgs): StackResource {
    noteStackTags(args.stackTags);
    return { urn: args.urn, type: args.type, name: args.name, props: toValue(rawProps(args.props)), dependencies: [], propertyDependencies: {} };
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
        props: toValue(rawProps(r.props)),
        dependencies: (r.dependencies ?? []).map((d) => d.urn),
        propertyDependencies,
    };
}

/** One AnalyzeStack call's stack, converted and resolved once for every stack policy. */
export class SharedStack {
    readonly index: StackIndex;
    private resolved?: StackInvocations;
    private permissionList?: LambdaPermission[];
    private permissionIndex?: FunctionIndex<LambdaPermission>;
    private readonly targets = new Map<ResolvedInvocation, InvokeTarget | undefined>();

    constructor(resources: StackResource[]) {
        this.index = new StackIndex(resources);
    }

    /** Every invocation of the stack, resolved (core/resolve.ts); computed on first use. */
    get invocations(): StackInvocations {
        return (this.resolved ??= resolveStack(this.index));
    }

    /** Every Lambda permission of the stack (core/permissions.ts); computed on first use. */
    get permissions(): LambdaPermission[] {
        return (this.permissionList ??= readPermissions(this.index));
    }

    /** The permissions by the function they are on (core/lambdaFunctions.ts FunctionIndex). */
    get permissionsByFunction(): FunctionIndex<LambdaPermission> {
        return (this.permissionIndex ??= new FunctionIndex(this.permissions, (p) => p.fn));
    }

    /** `invokeTargetOf` (core/sentArn.ts) of one of `invocations`, computed once per invocation. */
    targetOf(inv: ResolvedInvocation): InvokeTarget | undefined {
        if (!this.targets.has(inv)) {
            this.targets.set(inv, invokeTargetOf(this.index, inv));
        }
        return this.targets.get(inv);
    }
}

let shared: { stack: SharedStack; builtFrom: readonly StackResource[] } | undefined;

/**
 * The stack of this AnalyzeStack call, shared by the stack policies. Policies must treat it as
 * read-only. It is kept until the current event-loop turn ends (the SDK runs the stack policies of
 * one call back to back), and reused only when `args.resources` is equal to what it was built from.
 */
export function stackOf(args: StackValidationArgs): SharedStack {
    noteStackTags(args.stackTags);
    if (shared && sameResources(shared.builtFrom, args.resources)) {
        return shared.stack;
    }
    const resources = args.resources.map(fromPolicyResource);
    const stack = new SharedStack(resources);
    shared = { stack, builtFrom: resources };
    // Released after this call's policies have run, so a large stack is not held between calls.
    setImmediate(() => {
        if (shared?.stack === stack) {
            shared = undefined;
        }
    });
    return stack;
}

/** True when the policy resources are the ones `converted` was made from, value for value. */
function sameResources(converted: readonly StackResource[], resources: readonly PolicyResource[]): boolean {
    if (converted.length !== resources.length) {
        return false;
    }
    for (let i = 0; i < resources.length; i++) {
        const r = resources[i];
        const c = converted[i];
        if (r.urn !== c.urn || r.type !== c.type || r.name !== c.name) {
            return false;
        }
        const deps = r.dependencies ?? [];
        if (deps.length !== c.dependencies.length || deps.some((d, j) => d.urn !== c.dependencies[j])) {
            return false;
        }
        const propDeps = Object.entries(r.propertyDependencies ?? {});
        if (propDeps.length !== Object.keys(c.propertyDependencies).length) {
            return false;
        }
        for (const [key, list] of propDeps) {
            const urns = c.propertyDependencies[key];
            const l = list ?? [];
            if (!urns || urns.length !== l.length || l.some((d, j) => d.urn !== urns[j])) {
                return false;
            }
        }
        if (!equalsRaw(rawProps(r.props), c.props)) {
            return false;
        }
    }
    return true;
}

let taggedStack: string | undefined;

function noteStackTags(tags: ReadonlyMap<string, string> | undefined): void {
    const name = tags?.get(STACK_NAME_TAG);
    taggedStack = typeof name === "string" && name !== "" ? name : undefined;
}

/**
 * The stack name: from the stack tag STACK_NAME_TAG when the caller sent it in ConfigureStack
 * (read by the last fromValidationArgs/stackOf, which every policy calls before this), else from
 * the environment the language host sets for the pack, else from the stack part of `urn` (every
 * URN is `urn:pulumi:STACK::PROJECT::...`): `pulumi policy analyze` sends no ConfigureStack, and
 * the CLI itself names the stack from the URNs there.
 */
export function currentStack(urn?: string): string {
    return taggedStack ?? (process.env.PULUMI_NODEJS_STACK || stackOfUrn(urn));
}

function stackOfUrn(urn: string | undefined): string {
    const prefix = "urn:pulumi:";
    if (typeof urn !== "string" || !urn.startsWith(prefix)) {
        return "";
    }
    const end = urn.indexOf("::", prefix.length);
    return end < 0 ? "" : urn.slice(prefix.length, end);
}

/** One violation as the policies report it: its text, its cause as data, and its levels. */
export interface Violation {
    policy: string;
    /** The resource the finding is on; "" for the stack. */
    urn: string;
    kind: CauseKind;
    text: FindingText;
    routes?: string[];
    function?: string;
    role?: string;
    exemption?: string;
    /** Exempted findings and notices are advisory; omitted, the policy's level applies. */
    level?: EnforcementLevel;
    /** Notices are low; omitted, the policy's severity applies. */
    severity?: Severity;
}

/**
 * Reports a violation: the one place a message is made, so every finding carries its cause as
 * data (core/finding.ts). The SDK's reportViolation accepts an object form carrying the level and
 * severity; its typings only show the string form, so the object is passed through this one cast,
 * and tests assert the level on the wire.
 */
export function report(reportViolation: ReportViolation, v: Violation): void {
    const cause: FindingCause = {
        policy: v.policy,
        resource: v.urn,
        kind: v.kind,
        ...(v.routes && v.routes.length > 0 ? { routes: v.routes } : {}),
        ...(v.function !== undefined ? { function: v.function } : {}),
        ...(v.role !== undefined ? { role: v.role } : {}),
        ...(v.exemption !== undefined ? { exemption: v.exemption } : {}),
    };
    const violation = {
        message: formatFinding({ ...v.text, cause }),
        urn: v.urn,
        ...(v.level ? { enforcementLevel: v.level } : {}),
        ...(v.severity ? { severity: v.severity } : {}),
    };
    (reportViolation as unknown as (x: typeof violation) => void)(violation);
}

/**
 * A policy caught an error of its own: reported as one advisory naming the policy, never thrown
 * (a throw would fail the user's whole preview).
 */
export function reportInternalError(reportViolation: ReportViolation, policyName: string, urn: string | undefined, e: unknown): void {
    const detail = e instanceof Error ? e.message : String(e);
    report(reportViolation, {
        policy: policyName,
        urn: urn ?? "",
        kind: "internal-error",
        level: "advisory",
        text: {
            summary: `${policyName} could not complete its check: ${detail}.`,
            why: `An internal error in the policy pack; the check did not run for this ${urn ? "resource" : "stack"}.`,
            fix: "Report this with the resource types involved to the apigw-lambda-guard maintainers.",
        },
    });
}

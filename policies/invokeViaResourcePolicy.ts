/**
 * lambda-invoke-via-resource-policy: API Gateway must invoke Lambda through the function's
 * resource policy, not an IAM role (AWS.md, "Why").
 *
 * Where each finding is reported (each exactly once):
 * - Analyze (one resource, before it is created) when the finding is decided by that resource
 *   alone AND no configured exemption needs the stack (fleetThreshold 0; no `functions`, `tags`
 *   or `roles` entries). A mandatory finding there blocks the resource.
 * - AnalyzeStack otherwise: targets known only through a dependency, OpenAPI bodies, and every
 *   finding when the fleet threshold or a function/tag/role exemption is configured. A mandatory
 *   stack finding at preview fails the preview (so `pulumi up` stops before any change).
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    apiLabel,
    functionLabel,
    resourceLabel,
    roleLabel,
    roleResources,
    invocationRouteLabel,
    sourceArnsFor,
} from "../core/describe";
import { ExemptionSubject, describeExemption, findExemption, needsStackContext } from "../core/exemptions";
import { formatFinding } from "../core/finding";
import { Invocation, declaresInvocations, extractInvocations } from "../core/invocations";
import { ResolvedInvocation } from "../core/resolve";
import { StackIndex, prop } from "../core/stack";
import { Obj, isObj, str } from "../core/values";
import { InvokeConfig, INVOKE_CONFIG_SCHEMA, readInvokeConfig } from "./invokeConfig";
import { POLICY_DOCS_URL } from "./meta";
import { currentStack, fromValidationArgs, report, reportInternalError, stackOf } from "./resources";
import type { ReportViolation } from "@pulumi/policy";

export const INVOKE_POLICY_NAME = "lambda-invoke-via-resource-policy";

/** Findings go to AnalyzeStack when an exemption needs the whole stack to decide. */
function decidedPerResource(config: InvokeConfig): boolean {
    return config.fleetThreshold === 0 && !config.exemptions.some(needsStackContext);
}

function isFinding(inv: Invocation, config: InvokeConfig): boolean {
    if (inv.target.kind !== "lambda") {
        return false;
    }
    return inv.credentials.kind === "role" || (inv.credentials.kind === "caller" && !config.allowCallerCredentials);
}

export const invokeViaResourcePolicy: ResourceValidationPolicy & StackValidationPolicy = {
    name: INVOKE_POLICY_NAME,
    displayName: "API Gateway invokes Lambda through a resource policy, not an IAM role",
    description:
        "Flags API Gateway integrations and Lambda authorizers that invoke Lambda with IAM role credentials: " +
        "each request then waits for an STS AssumeRole call. Use a scoped aws.lambda.Permission instead.",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["aws", "apigateway", "lambda", "latency", "availability"],
    url: `${POLICY_DOCS_URL}#lambda-invoke-via-resource-policy`,
    remediationSteps:
        "Remove `credentials` (REST) / `credentialsArn` (HTTP, WebSocket) / `authorizerCredentials` from the integration or " +
        "authorizer, and add an aws.lambda.Permission with principal apigateway.amazonaws.com and the route's execute-api " +
        "sourceArn (the violation gives the exact one). The LambdaRestApi, LambdaHttpApi and LambdaApiPermissions components " +
        "of apigw-lambda-guard create them for you. For large fleets, set fleetThreshold or an exemption.",
    configSchema: INVOKE_CONFIG_SCHEMA,

    validateResource: (args, reportViolation) => {
        try {
            if (!declaresInvocations(args.type)) {
                return;
            }
            const config = readInvokeConfig(args.getConfig<Partial<InvokeConfig>>());
            if (!decidedPerResource(config)) {
                return;
            }
            const resource = fromValidationArgs(args);
            for (const inv of extractInvocations(resource).invocations) {
                if (inv.selfContained && isFinding(inv, config)) {
                    reportFinding(reportViolation, config, { ...inv, guardedBy: [] }, undefined, undefined);
                }
            }
        } catch (e) {
            reportInternalError(reportViolation, INVOKE_POLICY_NAME, args.urn, e);
        }
    },

    validateStack: (args, reportViolation) => {
        try {
            const config = readInvokeConfig(args.getConfig<Partial<InvokeConfig>>());
            const perResource = decidedPerResource(config);
            const shared = stackOf(args);
            const index = shared.index;
            const stack = shared.invocations;
            const fleet = config.fleetThreshold > 0 ? fleetSizes(index, stack.invocations) : undefined;
            for (const inv of stack.invocations) {
                if (!isFinding(inv, config) || (perResource && inv.selfContained && inv.uriProperty !== "body")) {
                    continue;
                }
                reportFinding(reportViolation, config, inv, index, fleet);
            }
            for (const problem of stack.problems) {
                report(reportViolation, formatFinding({
                    summary: `${resourceLabel(problem.source)}: ${problem.problem}.`,
                    property: problem.property,
                    why: "Its API Gateway integrations cannot be checked until this is fixed; API Gateway would reject it too.",
                    fix: `Correct ${problem.property} of ${resourceLabel(problem.source)}.`,
                }), problem.source.urn, "advisory");
            }
            for (const r of stack.unknownBodies) {
                report(reportViolation, formatFinding({
                    summary: `${resourceLabel(r)} has an OpenAPI body that is not known during this preview; its integrations and authorizers are checked once it is known.`,
                    property: "body",
                    why: "The body is built from values created during the update, so the integrations in it cannot be read yet. They are checked at update (after the changes) and by `apigw-lambda-guard check` on a stack export.",
                    fix: "Nothing to do now; to check at preview, build the body only from values known before the update.",
                }), r.urn, "advisory");
            }
        } catch (e) {
            reportInternalError(reportViolation, INVOKE_POLICY_NAME, undefined, e);
        }
    },
};

/** Distinct functions invoked per role: the large-fleet exemption. */
function fleetSizes(index: StackIndex, invocations: ResolvedInvocation[]): Map<string, Set<string>> {
    const sizes = new Map<string, Set<string>>();
    for (const inv of invocations) {
        if (inv.credentials.kind !== "role" || inv.target.kind !== "lambda") {
            continue;
        }
        const role = roleKey(index, inv);
        let set = sizes.get(role);
        if (!set) {
            set = new Set();
            sizes.set(role, set);
        }
        set.add(functionKey(inv));
    }
    return sizes;
}

function roleKey(index: StackIndex | undefined, inv: Invocation): string {
    if (inv.credentials.kind === "role" && typeof inv.credentials.arn === "string") {
        return inv.credentials.arn;
    }
    const roles = roleResources(index, inv);
    return roles.length > 0 ? roles[0].urn : `unknown role of ${inv.source.urn} ${inv.credentialsProperty}`;
}

function functionKey(inv: Invocation): string {
    const t = inv.target;
    if (t.kind === "lambda") {
        if (t.fn && !t.fn.stageVariable) {
            return `${t.fn.functionArn}:${t.fn.qualifier ?? ""}`;
        }
        if (t.functionUrns.length > 0) {
            return t.functionUrns[0];
        }
    }
    return `unknown function of ${inv.source.urn} ${inv.credentialsProperty}`;
}

function subjectOf(index: StackIndex | undefined, inv: Invocation): ExemptionSubject {
    const functionNames: string[] = [];
    let functionTags: Record<string, string> | undefined;
    if (inv.target.kind === "lambda") {
        if (inv.target.fn) {
            functionNames.push(inv.target.fn.name);
        }
        const fnResource = index && inv.target.functionUrns.length > 0 ? index.get(inv.target.functionUrns[0]) : undefined;
        if (fnResource) {
            functionNames.push(fnResource.name);
            const name = str(prop(fnResource, "name")) ?? str(prop(fnResource, "functionName"));
            if (typeof name === "string") {
                functionNames.push(name);
            }
            functionTags = stringTags(prop(fnResource, "tags")) ?? stringTags(prop(fnResource, "tagsAll"));
        }
    }
    const roleArns: string[] = [];
    const roleNames: string[] = [];
    if (inv.credentials.kind === "role" && typeof inv.credentials.arn === "string") {
        roleArns.push(inv.credentials.arn);
    }
    for (const role of roleResources(index, inv)) {
        roleNames.push(role.name);
        const arn = str(prop(role, "arn"));
        const name = str(prop(role, "name")) ?? str(prop(role, "roleName"));
        const path = str(prop(role, "path"));
        if (typeof arn === "string") {
            roleArns.push(arn);
        } else if (typeof name === "string") {
            roleArns.push(`arn:*:iam::*:role${typeof path === "string" ? path : "/"}${name}`);
        }
    }
    return { urn: inv.source.urn, stack: currentStack(), functionNames, functionTags, roleArns, roleNames };
}

function stringTags(v: unknown): Record<string, string> | undefined {
    if (!isObj(v as Obj)) {
        return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, value] of Object.entries(v as Obj)) {
        if (typeof value === "string") {
            out[k] = value;
        }
    }
    return out;
}

function stsCosts(index: StackIndex | undefined, inv: ResolvedInvocation): { now: number; after: number } {
    const mine = roleKey(index, inv);
    const roles = new Set<string>([mine]);
    for (const guard of inv.guardedBy) {
        if (guard.credentials.kind === "role") {
            roles.add(roleKey(index, guard));
        }
    }
    if (inv.credentials.kind !== "role") {
        roles.delete(mine);
        return { now: roles.size, after: roles.size };
    }
    return { now: roles.size, after: roles.size - 1 };
}

function reportFinding(
    reportViolation: ReportViolation,
    config: InvokeConfig,
    inv: ResolvedInvocation,
    index: StackIndex | undefined,
    fleet: Map<string, Set<string>> | undefined,
): void {
    const verdict = findExemption(config.exemptions, subjectOf(index, inv), new Date());
    let exemption: string | undefined;
    let level: "advisory" | undefined;
    if (verdict.kind === "exempt") {
        exemption = `exempted by ${describeExemption(verdict.index, verdict.exemption)}`;
        level = "advisory";
    } else if (fleet && inv.credentials.kind === "role") {
        const size = fleet.get(roleKey(index, inv))?.size ?? 0;
        if (size >= config.fleetThreshold) {
            exemption = `exempted by fleetThreshold: this role invokes ${size} distinct Lambda functions in this stack (threshold ${config.fleetThreshold})`;
            level = "advisory";
        }
    }
    if (!exemption && verdict.kind === "expired") {
        exemption = `${describeExemption(verdict.index, verdict.exemption)} expired on ${verdict.exemption.expires} and no longer applies`;
    }
    report(reportViolation, formatFinding(describeFinding(index, inv, exemption)), inv.source.urn, level);
}

function describeFinding(index: StackIndex | undefined, inv: ResolvedInvocation, exemption: string | undefined) {
    const what = inv.kind === "authorizer" ? "Lambda authorizer" : "integration";
    const fn = functionLabel(index, inv);
    const qualifier = inv.target.kind === "lambda" && inv.target.fn?.qualifier ? `, qualifier "${inv.target.fn.qualifier}"` : "";
    const arns = sourceArnsFor(inv.api, inv.routes, inv.apiKind).map((a) => `"${a}"`).join(" and ");
    const sts = stsCosts(index, inv);
    const permission = `add an aws.lambda.Permission for ${fn}${qualifier}: action "lambda:InvokeFunction", principal "apigateway.amazonaws.com", sourceArn ${arns}`;
    const component = "or let apigw-lambda-guard's LambdaRestApi / LambdaHttpApi / LambdaApiPermissions components create it";
    const base = {
        api: inv.api || index ? apiLabel(inv.api, inv.apiKind) : undefined,
        route: invocationRouteLabel(inv),
        property: inv.credentialsProperty,
        sts,
        exemption,
    };
    if (inv.credentials.kind === "caller") {
        return {
            ...base,
            summary: `${resourceLabel(inv.source)}: ${what} invokes ${fn} with the caller's own IAM identity (${inv.credentials.value}), and allowCallerCredentials is false.`,
            why: "Every caller then needs lambda:InvokeFunction in its own IAM policy; the function's resource policy no longer decides which API may invoke it.",
            fix: `Remove ${inv.credentialsProperty} and ${permission} (${component}); or set allowCallerCredentials to true if caller pass-through is intended.`,
        };
    }
    const twoRoles = sts.now > 1 ? " This route's authorizer uses another role, so each request makes two AssumeRole calls." : "";
    return {
        ...base,
        summary: `${resourceLabel(inv.source)}: ${what} invokes ${fn} with ${roleLabel(index, inv)}.`,
        why: `API Gateway calls STS AssumeRole for that role before it invokes the function: added latency on the request path and a dependency on STS.${twoRoles}`,
        fix: `Remove ${inv.credentialsProperty} and ${permission} (${component}).`,
    };
}

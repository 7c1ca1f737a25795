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
import { ExemptionSubject, describeExemption, describeLapsedExemption, findExemption, matchingEntries, needsStackContext } from "../core/exemptions";
import { describeRoute } from "../core/executeApi";
import { dependsOnUnknowns, reportExemptionHealth } from "./exemptionHealth";
import { DeferredChecks } from "./deferred";
import type { FindingText } from "../core/finding";
import { Invocation, declaresInvocations, extractInvocations } from "../core/invocations";
import { InferredInvocation, inferFromUnknownBodies } from "../core/bodyInference";
import { LATE_COMPONENT_TYPES, PlannedRoleAuthorizer, plannedRoleAuthorizers } from "../core/componentIntent";
import { inferredInvocationText, plannedAuthorizerText, unknownBodyText } from "../core/inferredFindings";
import { RoleEvidenceIndex } from "../core/roleEvidence";
import { ResolvedInvocation, resolveStack } from "../core/resolve";
import { ROLE_TYPES, StackIndex, StackResource, prop } from "../core/stack";
import { describeStageCredentials, stageVariableCredentials } from "../core/stageVariables";
import { Obj, isObj, str } from "../core/values";
import { InvokeConfig, ReadInvokeConfig, INVOKE_CONFIG_SCHEMA, checkInvokeConfig, readInvokeConfig } from "./invokeConfig";
import { reportConfigCheck } from "./configCheck";
import { POLICY_DOCS_URL } from "./meta";
import { currentStack, fromPolicyResource, fromValidationArgs, report, reportInternalError, stackOf } from "./resources";
import type { PolicyResource, ReportViolation } from "@pulumi/policy";

export const INVOKE_POLICY_NAME = "lambda-invoke-via-resource-policy";

/**
 * Role-based authorizers that late-building components (componentIntent.ts) will create, by
 * component URN, from their Analyze inputs. AnalyzeStack, which sees only outputs, reports
 * those whose component has not built its API in this run, and then clears the map. An entry
 * is replaced or removed by every Analyze of its component, so one left behind by a run that
 * never reached AnalyzeStack is only used if the next run analyzes that component again.
 */
const plannedByComponent = new Map<string, PlannedRoleAuthorizer[]>();

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
            if (LATE_COMPONENT_TYPES.has(args.type)) {
                const planned = plannedRoleAuthorizers(fromValidationArgs(args));
                if (planned.length > 0) {
                    plannedByComponent.set(args.urn, planned);
                } else {
                    plannedByComponent.delete(args.urn);
                }
                return;
            }
            if (!declaresInvocations(args.type)) {
                return;
            }
            const config = readInvokeConfig(args.getConfig<Partial<InvokeConfig>>());
            if (!decidedPerResource(config)) {
                return;
            }
            const resource = fromValidationArgs(args);
            const invocations = extractInvocations(resource).invocations;
            for (const inv of invocations) {
                if (inv.selfContained && isFinding(inv, config)) {
                    reportFinding(reportViolation, config, withinResource(inv, invocations), undefined, undefined, new Set(), new Map());
                }
            }
        } catch (e) {
            reportInternalError(reportViolation, INVOKE_POLICY_NAME, args.urn, e);
        }
    },

    validateStack: (args, reportViolation) => {
        try {
            const config = readInvokeConfig(args.getConfig<Partial<InvokeConfig>>());
            // Once per stack report: misspelt keys and match-everything settings (policies/configCheck.ts).
            reportConfigCheck(reportViolation, INVOKE_POLICY_NAME, checkInvokeConfig(INVOKE_POLICY_NAME, args.getConfig()));
            const perResource = decidedPerResource(config);
            const shared = stackOf(args);
            const index = shared.index;
            const stack = shared.invocations;
            const fleet = config.fleetThreshold > 0 ? fleetSizes(index, stack.invocations) : undefined;
            const inference = inferFromUnknownBodies(index, new RoleEvidenceIndex(index), stack.unknownBodies);
            if (fleet) {
                addInferredToFleet(fleet, inference.invocations);
            }
            // Exemption entries that matched a finding (exempted it, or matched it after it expired).
            const used = new Set<number>();
            const guarded = guardedRoutes(stack.invocations);
            for (const inv of stack.invocations) {
                if (!isFinding(inv, config)) {
                    continue;
                }
                // Analyze already reported what the resource alone decides (OpenAPI bodies included).
                if (perResource && inv.selfContained) {
                    noteMatches(used, config, subjectOf(index, inv));
                    continue;
                }
                reportFinding(reportViolation, config, inv, index, fleet, used, guarded);
            }
            for (const inferred of inference.invocations) {
                reportInferred(reportViolation, config, inferred, fleet, used);
            }
            const planned = reportPlannedAuthorizers(reportViolation, config, args.resources, used);
            const settled = planned === 0 && stack.unknownBodies.length === 0 && !dependsOnUnknowns(index);
            reportExemptionHealth(reportViolation, INVOKE_POLICY_NAME, config, used, settled, new Date(), currentStack(args.resources[0]?.urn));
            for (const problem of stack.problems) {
                report(reportViolation, { policy: INVOKE_POLICY_NAME, urn: problem.source.urn, kind: "input-problem", level: "advisory", text: {
                    summary: `${resourceLabel(problem.source)}: ${problem.problem}.`,
                    property: problem.property,
                    why: "Its API Gateway integrations cannot be checked until this is fixed; API Gateway would reject it too.",
                    fix: `Correct ${problem.property} of ${resourceLabel(problem.source)}.`,
                } });
            }
            const deferred = new DeferredChecks(INVOKE_POLICY_NAME);
            for (const hint of inference.hints) {
                if (hint.maybeRoles.length === 0) {
                    deferred.add(hint.api, "body", "its OpenAPI body is built from values created during the update");
                    continue;
                }
                report(reportViolation, { policy: INVOKE_POLICY_NAME, urn: hint.api.urn, kind: "unknown-body-role", level: "advisory", text: unknownBodyText(hint) });
            }
            if (config.deferredNotices) {
                deferred.report(reportViolation);
            }
        } catch (e) {
            reportInternalError(reportViolation, INVOKE_POLICY_NAME, undefined, e);
        } finally {
            plannedByComponent.clear();
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
    // A role named through a stage variable is each stage's value of it.
    roleArns.push(...(index ? stageVariableCredentials(index, inv as ResolvedInvocation)?.resolved.map((c) => c.value) ?? [] : []));
    // A role named by its ARN (an OpenAPI body's credentials) is matched to its resource by value.
    const credentialsArn = inv.credentials.kind === "role" && typeof inv.credentials.arn === "string" ? inv.credentials.arn : undefined;
    const byArn: StackResource[] = [];
    for (const type of index && credentialsArn ? ROLE_TYPES : []) {
        const role = index!.withValue(type, "arn", credentialsArn!);
        if (role) {
            byArn.push(role);
        }
    }
    for (const role of [...new Set([...roleResources(index, inv), ...byArn])]) {
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
    return { urn: inv.source.urn, stack: currentStack(inv.source.urn), functionNames, functionTags, roleArns, roleNames };
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
    used: Set<number>,
    guarded: Map<ResolvedInvocation, string[]>,
): void {
    const subject = subjectOf(index, inv);
    const verdict = findExemption(config.exemptions, subject, new Date());
    noteMatches(used, config, subject);
    let exemption: string | undefined;
    let exemptedBy: string | undefined;
    let level: "advisory" | undefined;
    if (verdict.kind === "exempt") {
        exemption = `exempted by ${describeExemption(configIndex(config, verdict.index), verdict.exemption)}`;
        exemptedBy = `exemptions[${configIndex(config, verdict.index)}]`;
        level = "advisory";
    } else if (fleet && inv.credentials.kind === "role") {
        const size = fleet.get(roleKey(index, inv))?.size ?? 0;
        if (size >= config.fleetThreshold) {
            exemption = `exempted by fleetThreshold: this role invokes ${size} distinct Lambda functions in this stack (threshold ${config.fleetThreshold})`;
            exemptedBy = "fleetThreshold";
            level = "advisory";
        }
    }
    if (!exemption && verdict.kind === "expired") {
        exemption = describeLapsedExemption(configIndex(config, verdict.index), verdict.exemption);
    }
    const routes = inv.kind === "authorizer" ? [invocationRouteLabel(inv) ?? "an authorizer", ...(guarded.get(inv) ?? [])] : inv.routes.map(describeRoute);
    report(reportViolation, {
        policy: INVOKE_POLICY_NAME,
        urn: inv.source.urn,
        kind: inv.credentials.kind === "caller" ? "caller-credentials" : "role-credentials",
        routes,
        function: functionKeyOf(index, inv),
        role: inv.credentials.kind === "role" ? roleKey(index, inv) : undefined,
        exemption: exemptedBy,
        level,
        text: describeFinding(index, inv, exemption, guarded.get(inv) ?? []),
    });
}

/** The position in the user's config of `config.exemptions[i]` (refused entries are left out of that list). */
function configIndex(config: InvokeConfig, i: number): number {
    return (config as Partial<ReadInvokeConfig>).exemptionIndex?.[i] ?? i;
}

/** Records every entry that matches the subject (exempting it or not). */
function noteMatches(used: Set<number>, config: InvokeConfig, subject: ExemptionSubject): void {
    for (const i of matchingEntries(config.exemptions, subject)) {
        used.add(i);
    }
}

/** For each authorizer, the routes of the integrations it guards (`GET /pets`), sorted. */
function guardedRoutes(invocations: readonly ResolvedInvocation[]): Map<ResolvedInvocation, string[]> {
    const out = new Map<ResolvedInvocation, string[]>();
    for (const inv of invocations) {
        for (const guard of inv.guardedBy) {
            const list = out.get(guard) ?? [];
            for (const route of inv.routes.map(describeRoute)) {
                if (!list.includes(route)) {
                    list.push(route);
                }
            }
            out.set(guard, list);
        }
    }
    // Registration order varies from run to run (the engine registers in parallel): sort.
    for (const list of out.values()) {
        list.sort(compareRoutes);
    }
    return out;
}

/** `GET /r2` before `GET /r10`: text order, numbers by value. */
function compareRoutes(a: string, b: string): number {
    const split = (x: string) => x.split(/(\d+)/).map((part, i) => (i % 2 === 1 ? Number(part) : part));
    const pa = split(a);
    const pb = split(b);
    for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
        if (pa[i] !== pb[i]) {
            return pa[i] < pb[i] ? -1 : 1;
        }
    }
    return pa.length - pb.length;
}

/** The function as data: its name or ARN when known, else its resource's logical name. */
function functionKeyOf(index: StackIndex | undefined, inv: Invocation): string | undefined {
    const t = inv.target;
    if (t.kind !== "lambda") {
        return undefined;
    }
    if (t.fn && !t.fn.stageVariable) {
        return t.fn.name ?? t.fn.functionArn;
    }
    const r = index && t.functionUrns.length > 0 ? index.get(t.functionUrns[0]) : undefined;
    if (r) {
        const name = str(prop(r, "name"));
        return typeof name === "string" ? name : r.name;
    }
    return t.fn?.name;
}

function describeFinding(index: StackIndex | undefined, inv: ResolvedInvocation, exemption: string | undefined, guards: string[]): FindingText {
    const what = inv.kind === "authorizer" ? "Lambda authorizer" : "integration";
    const fn = functionLabel(index, inv);
    const qualifier = inv.target.kind === "lambda" && inv.target.fn?.qualifier ? `, qualifier "${inv.target.fn.qualifier}"` : "";
    const arns = sourceArnsFor(inv.api, inv.routes, inv.apiKind).map((a) => `"${a}"`).join(" and ");
    const sts = stsCosts(index, inv);
    const permission = `add an aws.lambda.Permission for ${fn}${qualifier}: action "lambda:InvokeFunction", principal "apigateway.amazonaws.com", sourceArn ${arns}`;
    const component = "or let apigw-lambda-guard's LambdaRestApi / LambdaHttpApi / LambdaApiPermissions components create it";
    // An authorizer is one finding for every route it guards: the message names them.
    const guarding = guards.length > 0 ? ` It guards ${listRoutes(guards)}.` : "";
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
        summary: `${resourceLabel(inv.source)}: ${what} invokes ${fn} with ${roleLabel(index, inv)}${describeStageCredentials(index, inv)}.${guarding}`,
        why: `API Gateway calls STS AssumeRole for that role before it invokes the function: added latency on the request path and a dependency on STS.${twoRoles}`,
        fix: `Remove ${inv.credentialsProperty} and ${permission} (${component}).`,
    };
}

/**
 * Analyze sees one resource: an OpenAPI body's integration is guarded by the body's own
 * authorizers (its security schemes), and the API is the resource itself.
 */
function withinResource(inv: Invocation, all: Invocation[]): ResolvedInvocation {
    if (inv.uriProperty !== "body" || inv.kind !== "integration") {
        return { ...inv, api: inv.uriProperty === "body" ? inv.source : undefined, guardedBy: [] };
    }
    const schemes = new Set(inv.openApiSchemes ?? []);
    const guardedBy = all
        .filter((a) => a.kind === "authorizer" && a.uriProperty === "body" && (a.openApiSchemes ?? []).some((x) => schemes.has(x)))
        .map((a) => ({ ...a, api: a.source, guardedBy: [] }));
    return { ...inv, api: inv.source, guardedBy };
}

function addInferredToFleet(fleet: Map<string, Set<string>>, inferred: InferredInvocation[]): void {
    for (const inv of inferred) {
        let set = fleet.get(inv.role.urn);
        if (!set) {
            set = new Set();
            fleet.set(inv.role.urn, set);
        }
        for (const f of inv.functions) {
            set.add(f.urn);
        }
    }
}

/** Exemptions and the fleet threshold apply to an inferred invocation as to a read one. */
function reportInferred(reportViolation: ReportViolation, config: InvokeConfig, inv: InferredInvocation, fleet: Map<string, Set<string>> | undefined, used: Set<number>): void {
    const roleArns: string[] = [];
    const arn = str(prop(inv.role, "arn"));
    const name = str(prop(inv.role, "name")) ?? str(prop(inv.role, "roleName"));
    if (typeof arn === "string") {
        roleArns.push(arn);
    } else if (typeof name === "string") {
        const path = str(prop(inv.role, "path"));
        roleArns.push(`arn:*:iam::*:role${typeof path === "string" ? path : "/"}${name}`);
    }
    const subjects: ExemptionSubject[] = (inv.functions.length > 0 ? inv.functions : [undefined]).map((f) => {
        const fnName = f ? str(prop(f, "name")) ?? str(prop(f, "functionName")) : undefined;
        return {
            urn: inv.api.urn,
            stack: currentStack(inv.api.urn),
            functionNames: f ? [f.name, ...(typeof fnName === "string" ? [fnName] : [])] : [],
            functionTags: f ? stringTags(prop(f, "tags")) ?? stringTags(prop(f, "tagsAll")) : undefined,
            roleArns,
            roleNames: [inv.role.name],
        };
    });
    // Exempt only when every function it may invoke is exempt.
    const verdicts = subjects.map((subject) => findExemption(config.exemptions, subject, new Date()));
    subjects.forEach((subject) => noteMatches(used, config, subject));
    let exemption: string | undefined;
    let exemptedBy: string | undefined;
    let level: "advisory" | undefined;
    const first = verdicts[0];
    if (first.kind === "exempt" && verdicts.every((v) => v.kind === "exempt")) {
        exemption = `exempted by ${describeExemption(configIndex(config, first.index), first.exemption)}`;
        exemptedBy = `exemptions[${configIndex(config, first.index)}]`;
        level = "advisory";
    } else if (fleet) {
        const size = fleet.get(inv.role.urn)?.size ?? 0;
        if (size >= config.fleetThreshold) {
            exemption = `exempted by fleetThreshold: this role invokes ${size} distinct Lambda functions in this stack (threshold ${config.fleetThreshold})`;
            exemptedBy = "fleetThreshold";
            level = "advisory";
        }
    }
    const expired = verdicts.find((v) => v.kind === "expired");
    if (!exemption && expired && expired.kind === "expired") {
        exemption = describeLapsedExemption(configIndex(config, expired.index), expired.exemption);
    }
    report(reportViolation, {
        policy: INVOKE_POLICY_NAME,
        urn: inv.api.urn,
        kind: "inferred-role",
        function: inv.functions.length === 1 ? functionNameOf(inv.functions[0]) : undefined,
        role: typeof arn === "string" ? arn : inv.role.name,
        exemption: exemptedBy,
        level,
        text: { ...inferredInvocationText(inv), exemption },
    });
}

function functionNameOf(f: StackResource): string {
    const name = str(prop(f, "name")) ?? str(prop(f, "functionName"));
    return typeof name === "string" ? name : f.name;
}

/**
 * Role-based authorizers a late-building component will create, reported when the component has
 * not built its API in this run (no resource under it declares an invocation): once it has, the
 * API's own resources are checked instead. One authorizer guarding many routes is one cause: one
 * finding on the component naming every route it guards. Returns how many components were so
 * reported (their matches depend on what they will build).
 */
function reportPlannedAuthorizers(reportViolation: ReportViolation, config: InvokeConfig, resources: PolicyResource[], used: Set<number>): number {
    if (plannedByComponent.size === 0) {
        return 0;
    }
    const parentOf = new Map<string, string>();
    for (const r of resources) {
        if (r.parent?.urn) {
            parentOf.set(r.urn, r.parent.urn);
        }
    }
    const built = new Set<string>();
    for (const r of resources) {
        if (!declaresInvocations(r.type)) {
            continue;
        }
        const seen = new Set<string>();
        for (let p = parentOf.get(r.urn); p && !seen.has(p); p = parentOf.get(p)) {
            seen.add(p);
            built.add(p);
        }
    }
    const present = new Set(resources.map((r) => r.urn));
    let reported = 0;
    for (const [urn, planned] of plannedByComponent) {
        if (!present.has(urn) || built.has(urn)) {
            continue;
        }
        reported++;
        for (const group of groupPlanned(planned)) {
            const p = group[0];
            const subject: ExemptionSubject = {
                urn,
                stack: currentStack(urn),
                functionNames: p.handlerName ? [p.handlerName] : [],
                roleArns: [],
                roleNames: [],
            };
            const verdict = findExemption(config.exemptions, subject, new Date());
            noteMatches(used, config, subject);
            const exemption = verdict.kind === "exempt"
                ? `exempted by ${describeExemption(configIndex(config, verdict.index), verdict.exemption)}`
                : verdict.kind === "expired" ? describeLapsedExemption(configIndex(config, verdict.index), verdict.exemption) : undefined;
            const routes = group.map((g) => g.route);
            report(reportViolation, {
                policy: INVOKE_POLICY_NAME,
                urn,
                kind: "planned-role-authorizer",
                routes: [p.authorizerName ? `authorizer "${p.authorizerName}"` : "a Lambda authorizer", ...routes],
                function: p.handlerName,
                exemption: verdict.kind === "exempt" ? `exemptions[${configIndex(config, verdict.index)}]` : undefined,
                level: verdict.kind === "exempt" ? "advisory" : undefined,
                text: { ...plannedAuthorizerText(p, routes), exemption },
            });
        }
    }
    return reported;
}

/**
 * The planned authorizers of one component by the authorizer they are: same name and handler
 * (the provider makes one authorizer, and one role, per distinct definition). Unnamed ones with
 * no known handler stay apart: nothing says they are the same.
 */
function groupPlanned(planned: PlannedRoleAuthorizer[]): PlannedRoleAuthorizer[][] {
    const groups = new Map<string, PlannedRoleAuthorizer[]>();
    planned.forEach((p, i) => {
        const key = p.authorizerName !== undefined || p.handlerName !== undefined ? JSON.stringify([p.authorizerName ?? null, p.handlerName ?? null]) : `#${i}`;
        groups.set(key, [...(groups.get(key) ?? []), p]);
    });
    return [...groups.values()];
}

/** Up to ten routes, then how many more: `GET /a, GET /b and 3 more`. */
function listRoutes(routes: string[]): string {
    const shown = routes.slice(0, 10);
    const rest = routes.length - shown.length;
    if (rest > 0) {
        return `${shown.join(", ")} and ${rest} more`;
    }
    return shown.length <= 1 ? shown.join("") : `${shown.slice(0, -1).join(", ")} and ${shown[shown.length - 1]}`;
}

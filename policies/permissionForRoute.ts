/**
 * lambda-permission-for-route: every Lambda integration and Lambda authorizer that invokes without
 * a role must find a Lambda permission in the stack that API Gateway's request matches, or the API
 * answers 500 "Invalid permissions on Lambda function" (AWS.md, "The execute-api source ARN").
 *
 * A stack policy: permissions, functions, aliases and APIs are correlated through the stack's
 * dependencies at preview (every ARN unknown) and through values at update. The preview-time rules
 * are in core/permissions.ts, core/lambdaFunctions.ts, core/sentArn.ts and
 * docs/policies-permissions.md. Integrations with a role are lambda-invoke-via-resource-policy's
 * business; caller pass-through needs no resource policy. A function chosen by stage variables is
 * checked once per declared stage, with that stage's values (core/stageVariables.ts).
 */
import type { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { apiLabel, invocationRouteLabel, resourceLabel, roleResources } from "../core/describe";
import { functionLabelOf, sameFunction } from "../core/lambdaFunctions";
import { Evaluation, LambdaPermission, permissionAllows } from "../core/permissions";
import { ResolvedInvocation } from "../core/resolve";
import { InvokeTarget, RouteRequests, renderSent } from "../core/sentArn";
import { stageVariableFunction, stageVariableTargets } from "../core/stageVariables";
import { FUNCTION_TYPES, StackIndex, prop } from "../core/stack";
import { str } from "../core/values";
import { matchesAny } from "../core/wildcard";
import { POLICY_DOCS_URL } from "./meta";
import { FOR_ROUTE_CONFIG_SCHEMA, ForRouteConfig, checkForRouteConfig, readForRouteConfig } from "./permissionConfig";
import { reportConfigCheck } from "./configCheck";
import { report, reportInternalError, stackOf } from "./resources";
import { DeferredChecks } from "./deferred";
import { unroutedIntegrations } from "../core/unrouted";

export const FOR_ROUTE_POLICY_NAME = "lambda-permission-for-route";

export const permissionForRoute: StackValidationPolicy = {
    name: FOR_ROUTE_POLICY_NAME,
    displayName: "Every API Gateway -> Lambda invocation without a role has a matching Lambda permission",
    description:
        "For each Lambda integration and Lambda authorizer that uses no IAM role, the stack must hold an aws.lambda.Permission " +
        "(or aws-native) for principal apigateway.amazonaws.com, on the same function and qualifier, whose sourceArn matches " +
        "what API Gateway sends for the route; otherwise the API answers 500 \"Invalid permissions on Lambda function\".",
    enforcementLevel: "mandatory",
    severity: "high",
    tags: ["aws", "apigateway", "lambda", "availability"],
    url: `${POLICY_DOCS_URL}#lambda-permission-for-route`,
    remediationSteps:
        "Add an aws.lambda.Permission with action lambda:InvokeFunction, principal apigateway.amazonaws.com, the qualifier the " +
        "integration invokes, and the sourceArn the violation gives (built on the API's executionArn; * for each path parameter " +
        "and for ANY). If the function's permissions are managed in another stack, list it in externalFunctions.",
    configSchema: FOR_ROUTE_CONFIG_SCHEMA,

    validateStack: (args, reportViolation) => {
        try {
            const config = readForRouteConfig(args.getConfig<Partial<ForRouteConfig>>());
            // Once per stack report: misspelt keys and match-everything settings (policies/configCheck.ts).
            reportConfigCheck(reportViolation, FOR_ROUTE_POLICY_NAME, checkForRouteConfig(FOR_ROUTE_POLICY_NAME, args.getConfig()));
            const shared = stackOf(args);
            const index = shared.index;
            const permissions = shared.permissions;
            const deferred = new DeferredChecks(FOR_ROUTE_POLICY_NAME);
            for (const inv of shared.invocations.invocations) {
                if (inv.target.kind !== "lambda" || inv.credentials.kind !== "none") {
                    continue;
                }
                const template = stageVariableFunction(inv);
                if (template !== undefined) {
                    checkStageVariableTarget(reportViolation, index, inv, template, permissions, config, deferred);
                    continue;
                }
                const target = shared.targetOf(inv);
                if (!target || target.fn.stageVariable || isExternal(index, target, config)) {
                    continue;
                }
                // Only permissions that may be on this function can let its requests through.
                const candidates = shared.permissionsByFunction.candidates(target.fn);
                for (const route of target.routes) {
                    checkRoute(reportViolation, index, target, route, candidates, "");
                }
            }
            for (const inv of unroutedIntegrations(index, shared.invocations.invocations)) {
                reportUnrouted(reportViolation, index, inv);
            }
            if (config.deferredNotices) {
                deferred.report(reportViolation);
            }
        } catch (e) {
            reportInternalError(reportViolation, FOR_ROUTE_POLICY_NAME, undefined, e);
        }
    },
};

/** Only permissions that may be on the target's function can let its requests through. */
function checkTarget(reportViolation: ReportViolation, index: StackIndex, target: InvokeTarget, permissions: LambdaPermission[], context = ""): void {
    const candidates = permissions.filter((p) => sameFunction(p.fn, target.fn) !== "no");
    for (const route of target.routes) {
        checkRoute(reportViolation, index, target, route, candidates, context);
    }
}

/**
 * A function (or qualifier) named by stage variables: each declared stage invokes the function its
 * variables name, so each needs a permission for that stage's source ARN. What cannot be resolved
 * (the stage is not in the stack, a value is not known yet) is an advisory, never silence.
 */
function checkStageVariableTarget(
    reportViolation: ReportViolation,
    index: StackIndex,
    inv: ResolvedInvocation,
    template: string,
    permissions: LambdaPermission[],
    config: ForRouteConfig,
    deferred: DeferredChecks,
): void {
    for (const outcome of stageVariableTargets(index, inv, template)) {
        if (outcome.kind === "resolved") {
            if (!isExternal(index, outcome.target, config)) {
                checkTarget(reportViolation, index, outcome.target, permissions, ` on stage "${outcome.stage}" (${outcome.assignments})`);
            }
            continue;
        }
        if (outcome.deferred) {
            deferred.add(inv.source, functionProperty(inv), `the Lambda function "${template}" is chosen by stage variables, and ${outcome.problem}`);
            continue;
        }
        const what = inv.kind === "authorizer" ? "Lambda authorizer" : "integration";
        report(reportViolation, { policy: FOR_ROUTE_POLICY_NAME, urn: inv.source.urn, kind: "stage-variable-target", function: template, routes: routesOf(inv), level: "advisory", text: {
            summary: `${resourceLabel(inv.source)}: the ${what} invokes the Lambda function "${template}", chosen by stage variables, and its permission cannot be checked: ${outcome.problem}.`,
            api: apiLabel(inv.api, inv.apiKind),
            route: invocationRouteLabel(inv),
            property: functionProperty(inv),
            why:
                "API Gateway substitutes the variables of the stage a request arrives on: each stage invokes the function (and qualifier) " +
                'its variables name, and without a permission on it for that stage the API answers 500 "Invalid permissions on Lambda function".',
            fix: outcome.fix,
        } });
    }
}

function isExternal(index: StackIndex, target: InvokeTarget, config: ForRouteConfig): boolean {
    if (config.externalFunctions.length === 0) {
        return false;
    }
    const fn = target.fn;
    const q = fn.qualifier.kind === "known" ? fn.qualifier.value : undefined;
    const names = [fn.name, fn.arn, fn.arn && q ? `${fn.arn}:${q}` : undefined, ...fn.functionUrns.map((u) => index.get(u)?.name)];
    return names.some((n) => typeof n === "string" && matchesAny(config.externalFunctions, n));
}

function checkRoute(reportViolation: ReportViolation, index: StackIndex, target: InvokeTarget, route: RouteRequests, permissions: LambdaPermission[], context: string): void {
    const uncovered = route.sent.filter((sent) => !permissions.some((p) => permissionAllows(p, target, sent).verdict !== "no"));
    if (uncovered.length === 0) {
        return;
    }
    const inv = target.invocation;
    const fn = functionLabelOf(index, target.fn);
    const outside = notInStack(index, target);
    const partial = uncovered.length < route.sent.length;
    const what = inv.kind === "authorizer" ? `the Lambda authorizer (${route.label})` : route.label;
    const summary = partial
        ? `${resourceLabel(inv.source)}: the Lambda permissions in this stack let API Gateway invoke ${fn} for only some requests to ${what}${context} (${uncovered.length} of ${route.sent.length} source ARNs are not covered).`
        : `${resourceLabel(inv.source)}: no Lambda permission in this stack lets API Gateway invoke ${fn} for ${what}${context}${outside ? "; the function is not a resource of this stack" : ""}.`;

    const shown = uncovered.slice(0, 3).map((s) => `"${renderSent(s, target)}"`).join(", ");
    const more = uncovered.length > 3 ? ` and ${uncovered.length - 3} more` : "";
    const closest = closestPermission(permissions, target, uncovered[0]);
    const closestText = closest
        ? ` Closest permission: ${resourceLabel(closest.permission.resource)}: ${closest.evaluation.reasons.join("; ") || "it may not apply"}.`
        : ` No permission in the stack is for this function and principal "apigateway.amazonaws.com".`;
    const failing = inv.kind === "authorizer" ? "every request the authorizer guards" : "every request to this route";

    const qualifier = target.fn.qualifier.kind === "known" && target.fn.qualifier.value ? `, qualifier "${target.fn.qualifier.value}"` : "";
    const unqualified = functionLabelOf(index, { ...target.fn, qualifier: { kind: "known" } });
    const add = `add an aws.lambda.Permission for ${unqualified}${qualifier}: action "lambda:InvokeFunction", principal "apigateway.amazonaws.com", sourceArn "${route.recommended}"`;
    const correct = closest ? correction(closest.permission, closest.evaluation, target, route) : undefined;
    const external = outside || target.fn.functionUrns.length === 0
        ? `; if this function's permissions are managed outside this stack, list it in externalFunctions of ${FOR_ROUTE_POLICY_NAME} (e.g. "${target.fn.name ?? "function-name"}")`
        : "";

    const sts = authorizerRoles(index, inv);
    report(reportViolation, { policy: FOR_ROUTE_POLICY_NAME, urn: inv.source.urn, kind: "missing-permission", routes: [route.label], function: fn, text: {
        summary,
        api: apiLabel(inv.api, inv.apiKind),
        route: route.label,
        property: functionProperty(inv),
        why:
            `API Gateway invokes a function without a role only if the function's resource policy allows it; otherwise the API ` +
            `answers 500 "Invalid permissions on Lambda function" to ${failing}. Not covered: ${shown}${more}.${closestText}`,
        sts: { now: sts, after: sts },
        fix: `${capitalize(add)}${correct ? ` (or ${correct})` : ""}${external}.`,
    } });
}

/** True when the function is surely not a resource of the stack (every Function's name is known and none is it). */
function notInStack(index: StackIndex, target: InvokeTarget): boolean {
    if (target.fn.functionUrns.length > 0 || target.fn.name === undefined) {
        return false;
    }
    return index.ofType(...FUNCTION_TYPES).every((r) => typeof (str(prop(r, "name")) ?? str(prop(r, "functionName"))) === "string");
}

/** The permission closest to letting the request through: same function and principal first. */
function closestPermission(permissions: LambdaPermission[], target: InvokeTarget, sent: string): { permission: LambdaPermission; evaluation: Evaluation } | undefined {
    let best: { permission: LambdaPermission; evaluation: Evaluation; score: number } | undefined;
    for (const permission of permissions) {
        const evaluation = permissionAllows(permission, target, sent);
        const parts = evaluation.parts;
        if (parts.function === "no" || parts.principal === "no") {
            continue;
        }
        const score = Object.values(parts).filter((v) => v === "no").length * 2 + (parts.function === "yes" ? 0 : 1);
        if (!best || score < best.score) {
            best = { permission, evaluation, score };
        }
    }
    return best;
}

/** How to correct a near miss: the property values it needs. */
function correction(p: LambdaPermission, evaluation: Evaluation, target: InvokeTarget, route: RouteRequests): string | undefined {
    const changes: string[] = [];
    const parts = evaluation.parts;
    if (parts.action === "no") {
        changes.push('action to "lambda:InvokeFunction"');
    }
    if (parts.qualifier === "no") {
        const q = target.fn.qualifier.kind === "known" ? target.fn.qualifier.value : undefined;
        if (p.functionProperty === "functionName") {
            changes.push(q ? `functionName to the function's ARN qualified with ":${q}"` : "functionName to the unqualified function ARN");
        } else {
            changes.push(q ? `qualifier to "${q}"` : "no qualifier");
        }
    }
    if (parts.sourceAccount === "no" && target.api.account) {
        changes.push(`sourceAccount to "${target.api.account}"`);
    }
    if (parts.sourceArn === "no") {
        changes.push(`sourceArn to "${route.recommended}"`);
    }
    return changes.length > 0 ? `set ${changes.join(", ")} on ${resourceLabel(p.resource)} if no other route relies on it` : undefined;
}

/** Where the invocation names its function. */
function functionProperty(inv: ResolvedInvocation): string {
    if (inv.uriProperty === "body") {
        return inv.credentialsProperty.replace(/\.authorizerCredentials$/, ".authorizerUri").replace(/\.credentials$/, ".uri");
    }
    return inv.uriProperty === "integration" ? "integration.uri" : inv.uriProperty;
}

/** STS AssumeRole calls per request that remain: authorizers guarding the route with a role. */
function authorizerRoles(index: StackIndex, inv: ResolvedInvocation): number {
    const roles = new Set<string>();
    for (const guard of inv.guardedBy) {
        if (guard.credentials.kind !== "role") {
            continue;
        }
        const arn = guard.credentials.arn;
        roles.add(typeof arn === "string" ? arn : roleResources(index, guard)[0]?.urn ?? `${guard.source.urn} ${guard.credentialsProperty}`);
    }
    return roles.size;
}

/** An integration no route targets (core/unrouted.ts): never invoked, so its permission is not checked. */
function reportUnrouted(reportViolation: ReportViolation, index: StackIndex, inv: ResolvedInvocation): void {
    const fn = inv.target.kind === "lambda" && inv.target.functionUrns.length > 0 ? index.get(inv.target.functionUrns[0])?.name : undefined;
    const role = inv.credentials.kind === "role" ? " Its IAM role is still reported by lambda-invoke-via-resource-policy: it takes effect as soon as a route uses the integration." : "";
    report(reportViolation, {
        policy: FOR_ROUTE_POLICY_NAME,
        urn: inv.source.urn,
        kind: "unrouted-integration",
        function: inv.target.kind === "lambda" ? inv.target.fn?.name ?? fn : undefined,
        level: "advisory",
        text: {
            summary: `${resourceLabel(inv.source)}: no route targets this integration, so API Gateway never invokes it.`,
            api: inv.api ? apiLabel(inv.api, inv.apiKind) : undefined,
            property: "target (of the routes)",
            why: `An integration no route uses is dead configuration; its Lambda permission is checked once a route targets it.${role}`,
            fix: `Set a route's target to "integrations/\${${inv.source.name}.id}" if it is meant to serve one, or remove ${resourceLabel(inv.source)}.`,
        },
    });
}

/** The invocation's routes as labels (`GET /pets`, `authorizer token`). */
function routesOf(inv: ResolvedInvocation): string[] {
    const label = invocationRouteLabel(inv);
    return label === undefined ? [] : [label];
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * lambda-permission-scoped: a Lambda permission for API Gateway must name the calling API. Its
 * sourceArn must be an execute-api ARN with a concrete region, a 12-digit account and a concrete
 * API id; without one any API in any account can invoke the function (the confused deputy, AWS.md
 * "Why"). A scoped permission broader than the routes that use it gets an advisory with the
 * narrower ARN(s), unless narrowing would crowd the function's 20 KB resource policy.
 *
 * At preview an unknown sourceArn that depends on an API of the stack is taken to be built on its
 * executionArn (checked once known); one that depends on no API gets an advisory saying so.
 */
import type { ReportViolation, StackValidationPolicy } from "@pulumi/policy";
import { apiLabel, resourceLabel } from "../core/describe";
import { admitsEveryRoute } from "../core/narrowing";
import { FunctionIndex, functionLabelOf, sameFunction, sameQualifier } from "../core/lambdaFunctions";
import {
    LambdaPermission,
    grantsApiGateway,
    patternWithin,
    permissionAllows,
    permissionStatementBytes,
    policyBytesOf,
    samePolicy,
    scopeProblems,
} from "../core/permissions";
import { POLICY_LIMIT_BYTES } from "../core/policySize";
import { InvokeTarget, RouteRequests } from "../core/sentArn";
import { StackIndex } from "../core/stack";
import { Unknown } from "../core/values";
import { POLICY_DOCS_URL } from "./meta";
import { SCOPED_CONFIG_SCHEMA, ScopedConfig, checkScopedConfig, readScopedConfig } from "./permissionConfig";
import { reportConfigCheck } from "./configCheck";
import { SharedStack, report, reportInternalError, stackOf } from "./resources";
import { stageVariableFunction, stageVariableTargets } from "../core/stageVariables";
import { DeferredChecks } from "./deferred";
import { ApiShape, LeftoverGrant, apiShapes, leftoverGrant } from "../core/leftoverGrants";

export const SCOPED_POLICY_NAME = "lambda-permission-scoped";

/** How many ARNs a message lists before summarising the rest. */
const MAX_LISTED = 10;

export const permissionScoped: StackValidationPolicy = {
    name: SCOPED_POLICY_NAME,
    displayName: "Lambda permissions for API Gateway are scoped to one API",
    description:
        "A Lambda permission for principal apigateway.amazonaws.com (or *) must carry a sourceArn naming a concrete region, " +
        "account and API id; otherwise any API in any account can invoke the function. Advises the narrower sourceArn when a " +
        "permission is broader than the routes that use it.",
    enforcementLevel: "mandatory",
    severity: "critical",
    tags: ["aws", "apigateway", "lambda", "security"],
    url: `${POLICY_DOCS_URL}#lambda-permission-scoped`,
    remediationSteps:
        "Set the permission's sourceArn to the calling route's execute-api ARN, built on the API's executionArn " +
        "(e.g. pulumi.interpolate`${api.executionArn}/*/GET/pets`); sourceAccount alone is not enough.",
    configSchema: SCOPED_CONFIG_SCHEMA,

    validateStack: (args, reportViolation) => {
        try {
            const config = readScopedConfig(args.getConfig<Partial<ScopedConfig>>());
            // Once per stack report: misspelt keys and match-everything settings (policies/configCheck.ts).
            reportConfigCheck(reportViolation, SCOPED_POLICY_NAME, checkScopedConfig(SCOPED_POLICY_NAME, args.getConfig()));
            const shared = stackOf(args);
            const index = shared.index;
            const permissions = shared.permissions;
            if (permissions.length === 0) {
                return;
            }
            const targets = routeTargets(shared);
            const targetsByFunction = new FunctionIndex(targets, (t) => t.fn);
            const deferred = new DeferredChecks(SCOPED_POLICY_NAME);
            const apis = apiShapes(index, shared.invocations.invocations, shared.invocations.unknownBodies);
            for (const p of permissions) {
                if (grantsApiGateway(p) !== "yes") {
                    continue;
                }
                // Only the permissions and routes that may be on p's function matter to it.
                checkPermission(reportViolation, index, config, p, shared.permissionsByFunction.candidates(p.fn), targetsByFunction.candidates(p.fn), deferred, apis);
            }
            if (config.deferredNotices) {
                deferred.report(reportViolation);
            }
        } catch (e) {
            reportInternalError(reportViolation, SCOPED_POLICY_NAME, undefined, e);
        }
    },
};

function checkPermission(
    reportViolation: ReportViolation,
    index: StackIndex,
    config: ScopedConfig,
    p: LambdaPermission,
    permissions: LambdaPermission[],
    targets: InvokeTarget[],
    deferred: DeferredChecks,
    apis: ReadonlyMap<string, ApiShape>,
): void {
    const fn = functionLabelOf(index, p.fn);
    const who = `"${typeof p.principal === "string" ? p.principal : "apigateway.amazonaws.com"}"`;
    if (p.sourceArn === Unknown) {
        if (p.sourceArnApis.length === 0) {
            deferred.add(p.resource, "sourceArn", "computed during the update and built on no API of this stack, so whether it names one API cannot be seen yet");
        }
        return;
    }
    const problems = p.sourceArn === undefined ? [] : scopeProblems(p.sourceArn);
    if (p.sourceArn === undefined || problems.length > 0) {
        const users = usersOf(p, targets, false);
        const account = typeof p.sourceAccount === "string" ? p.sourceAccount : undefined;
        const why = p.sourceArn === undefined
            ? `Without a sourceArn any API Gateway API, in any AWS account, can invoke the function (the confused deputy)` +
              (account ? `; sourceAccount "${account}" only narrows that to every API in account ${account}` : "") + "."
            : `${capitalize(problems.join("; "))}: APIs other than the calling one can invoke the function (the confused deputy).`;
        report(reportViolation, { policy: SCOPED_POLICY_NAME, urn: p.resource.urn, kind: "unscoped-permission", routes: routesOf(users), function: functionKey(index, p), text: {
            summary: p.sourceArn === undefined
                ? `${resourceLabel(p.resource)}: the permission lets ${who} invoke ${fn} with no sourceArn${account ? " (only a sourceAccount)" : ""}.`
                : `${resourceLabel(p.resource)}: the permission lets ${who} invoke ${fn} with sourceArn "${p.sourceArn}", which is not scoped to one API.`,
            ...apiAndRoute(users),
            property: "sourceArn",
            why,
            fix: scopeFix(users),
        } });
        return;
    }
    const leftover = leftoverGrant(p, apis);
    if (leftover) {
        reportLeftover(reportViolation, index, leftover, fn);
        return;
    }
    if (config.adviseNarrowerScope) {
        adviseNarrower(reportViolation, index, config, p, permissions, targets, fn);
    }
}

/** Routes whose requests this permission may let through (strict: every part certain). */
function usersOf(p: LambdaPermission, targets: InvokeTarget[], strict: boolean): { target: InvokeTarget; route: RouteRequests }[] {
    const out: { target: InvokeTarget; route: RouteRequests }[] = [];
    for (const target of targets) {
        if (sameFunction(p.fn, target.fn) === "no" || sameQualifier(p.fn.qualifier, target.fn.qualifier) === "no") {
            continue;
        }
        for (const route of target.routes) {
            if (!strict || route.sent.some((sent) => permissionAllows(p, target, sent).verdict === "yes")) {
                out.push({ target, route });
            }
        }
    }
    return out;
}

function apiAndRoute(users: { target: InvokeTarget; route: RouteRequests }[]): { api?: string; route?: string } {
    const apis = new Set(users.map((u) => u.target.invocation.api?.urn ?? ""));
    if (users.length === 0 || apis.size !== 1) {
        return {};
    }
    const first = users[0].target.invocation;
    const routes = new Set(users.map((u) => u.route.label));
    return { api: apiLabel(first.api, first.apiKind), route: routes.size === 1 ? users[0].route.label : undefined };
}

function recommendedFor(users: { route: RouteRequests }[]): string[] {
    return [...new Set(users.map((u) => u.route.recommended))];
}

function listArns(arns: string[]): string {
    const listed = arns.slice(0, MAX_LISTED).map((a) => `"${a}"`).join(", ");
    return arns.length > MAX_LISTED ? `${listed} and ${arns.length - MAX_LISTED} more` : listed;
}

function scopeFix(users: { route: RouteRequests }[]): string {
    const arns = recommendedFor(users);
    if (arns.length === 0) {
        return 'Set sourceArn to the calling route\'s execute-api ARN, built on the API\'s executionArn, e.g. "${api.executionArn}/*/GET/pets" ({apiId}/{stage}/{VERB}/{path}; * for each path parameter).';
    }
    if (arns.length === 1) {
        return `Set sourceArn to "${arns[0]}".`;
    }
    return `Replace it with one permission per route, sourceArn ${listArns(arns)}.`;
}

function adviseNarrower(
    reportViolation: ReportViolation,
    index: StackIndex,
    config: ScopedConfig,
    p: LambdaPermission,
    permissions: LambdaPermission[],
    targets: InvokeTarget[],
    fn: string,
): void {
    const sourceArn = p.sourceArn as string;
    const users = usersOf(p, targets, true);
    const arns = recommendedFor(users);
    // A catch-all route (`ANY /{proxy+}`) needs `apiId/*/*/*`: advising it narrows nothing.
    if (arns.length === 0 || arns.some((arn) => patternWithin(sourceArn, arn) || admitsEveryRoute(arn))) {
        return;
    }
    const routes = [...new Set(users.map((u) => u.route.label))];
    const routeText = routes.length <= MAX_LISTED ? routes.join(", ") : `${routes.slice(0, MAX_LISTED).join(", ")} and ${routes.length - MAX_LISTED} more`;
    const others = samePolicy(p, permissions).filter((o) => o !== p).map((o) => permissionStatementBytes(o));
    const after = policyBytesOf([...others, ...arns.map((arn) => permissionStatementBytes(p, arn))]);
    const budget = POLICY_LIMIT_BYTES - config.budgetHeadroomBytes;
    const where = apiAndRoute(users);
    if (after > budget) {
        // Asks nothing of the reader: severity low.
        report(reportViolation, { policy: SCOPED_POLICY_NAME, urn: p.resource.urn, kind: "broad-permission", routes, function: functionKey(index, p), level: "advisory", severity: "low", text: {
            summary: `${resourceLabel(p.resource)}: sourceArn "${sourceArn}" is broader than the ${routes.length} route(s) that use it, and for ${fn} that is the right call.`,
            ...where,
            property: "sourceArn",
            why:
                `One permission per route would take the function's resource policy to about ${after} bytes, past the budget of ${budget} ` +
                `bytes (the ${POLICY_LIMIT_BYTES}-byte limit minus budgetHeadroomBytes ${config.budgetHeadroomBytes}). The permission is already scoped to one API.`,
            fix: "Nothing to change: keep the broad sourceArn (set adviseNarrowerScope to false to stop this advice).",
        } });
        return;
    }
    report(reportViolation, { policy: SCOPED_POLICY_NAME, urn: p.resource.urn, kind: "broad-permission", routes, function: functionKey(index, p), level: "advisory", text: {
        summary: `${resourceLabel(p.resource)}: sourceArn "${sourceArn}" lets more of the API invoke ${fn} than the route(s) that use it (${routeText}).`,
        ...where,
        property: "sourceArn",
        why:
            "Routes and stages added later can then invoke the function without anyone deciding they should. The narrower " +
            `sourceArn costs one statement per route; the function's resource policy would be about ${after} of ${POLICY_LIMIT_BYTES} bytes.`,
        fix: arns.length === 1 ? `Set sourceArn to "${arns[0]}".` : `Replace it with one permission per route, sourceArn ${listArns(arns)}.`,
    } });
}

/**
 * What API Gateway will request of each function without a role: one target per invocation, and
 * for a function chosen by stage variables one per declared stage whose variables name it (the
 * route policy's outcomes, core/stageVariables.ts). A stage whose value cannot be read yet gives
 * no target here; lambda-permission-for-route reports it.
 */
function routeTargets(shared: SharedStack): InvokeTarget[] {
    const out: InvokeTarget[] = [];
    for (const inv of shared.invocations.invocations) {
        if (inv.target.kind !== "lambda" || inv.credentials.kind !== "none") {
            continue;
        }
        const template = stageVariableFunction(inv);
        if (template !== undefined) {
            for (const outcome of stageVariableTargets(shared.index, inv, template)) {
                if (outcome.kind === "resolved") {
                    out.push(outcome.target);
                }
            }
            continue;
        }
        const t = shared.targetOf(inv);
        if (t !== undefined && !t.fn.stageVariable) {
            out.push(t);
        }
    }
    return out;
}

/** A grant for a stage, route or authorizer its API does not have (core/leftoverGrants.ts). */
function reportLeftover(reportViolation: ReportViolation, index: StackIndex, g: LeftoverGrant, fn: string): void {
    const p = g.permission;
    const api = apiLabel(g.api.api, g.api.kind);
    const what = g.part === "authorizer"
        ? `authorizer "${g.name}"`
        : `${g.name !== undefined ? `route "${g.name}"` : `${g.method} ${g.path}`} on stage "${g.stage}"`;
    const missing = g.part === "stage"
        ? `no stage "${g.stage}" (its stages: ${(g.api.stages ?? []).join(", ") || "none"})`
        : g.part === "authorizer"
            ? `no authorizer with id "${g.name}" (its authorizers: ${(g.api.authorizers ?? []).join(", ") || "none"})`
            : `no ${g.name !== undefined ? `route "${g.name}"` : `route for ${g.method} ${g.path}`} (its routes: ${listRoutes(g.api.routes)})`;
    report(reportViolation, {
        policy: SCOPED_POLICY_NAME,
        urn: p.resource.urn,
        kind: "leftover-grant",
        routes: g.part === "authorizer" ? [`authorizer ${g.name}`] : [g.name ?? `${g.method} ${g.path}`],
        function: functionKey(index, p),
        level: "advisory",
        text: {
            summary: `${resourceLabel(p.resource)}: the permission lets API Gateway invoke ${fn} for ${what} of ${api}, which has ${missing}: a leftover grant.`,
            api,
            property: "sourceArn",
            why:
                "A permission outlives the route or stage it was made for. It still lets that path invoke the function, and a route or stage " +
                "added later under that name could invoke it without anyone deciding it should.",
            fix: `Remove ${resourceLabel(p.resource)} if nothing uses it any more, or set its sourceArn (now "${p.sourceArn as string}") to the route and stage it is meant for.`,
        },
    });
}

function listRoutes(routes: string[]): string {
    if (routes.length === 0) {
        return "none";
    }
    return routes.length <= MAX_LISTED ? routes.join(", ") : `${routes.slice(0, MAX_LISTED).join(", ")} and ${routes.length - MAX_LISTED} more`;
}

/** The routes a permission serves, as labels. */
function routesOf(users: { route: RouteRequests }[]): string[] {
    return [...new Set(users.map((u) => u.route.label))].sort();
}

/** The permission's function as data: its name or ARN, or its resource's logical name. */
function functionKey(index: StackIndex, p: LambdaPermission): string | undefined {
    if (p.fn.name !== undefined) {
        return p.fn.name;
    }
    const r = p.fn.functionUrns.length > 0 ? index.get(p.fn.functionUrns[0]) : undefined;
    return r?.name;
}

function capitalize(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

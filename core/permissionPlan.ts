/**
 * The one place that decides which Lambda permissions an API's routes need (STYLE.md: the
 * binding of a route to a function is the one place that creates the permission).
 *
 * (API, routes with their targets, stages, scope, budget) -> statements grouped per target, where
 * a target is one (function, qualifier) pair: each alias/version has its own resource policy.
 * Each route gets the narrowest sourceArn that covers what API Gateway sends (AWS.md). When a
 * target's statements would pass the 20 KB policy limit (minus headroom for statements managed
 * elsewhere), that target alone is widened: route -> first path segment -> whole API, never beyond.
 * No two statements of a target have the same effect: a statement another one covers is dropped.
 * Names and statement ids derive from routes and scopes, never from list positions; statement ids
 * also hash the API's identity (statementIdFor), so they are unique per function across APIs.
 */
import { Route, describeRoute, recommendedSourceArn } from "./executeApi";
import {
    MAX_AUTHORIZER_ID_BYTES,
    MAX_EXECUTION_ARN_BYTES,
    POLICY_LIMIT_BYTES,
    estimatedStatementBytes,
    policyBytes,
} from "./policySize";
import { routePath } from "./routeInput";
import { stableName, statementIdFor } from "./stableName";
import { wildcardMatch } from "./wildcard";

/** How narrowly permissions are scoped before any budget widening. */
export const PermissionScope = {
    /** One statement per route (per stage when stages are restricted): the narrowest. */
    Route: "route",
    /** One statement per function for the whole API (per stage when stages are restricted). */
    Api: "api",
} as const;
export type PermissionScope = (typeof PermissionScope)[keyof typeof PermissionScope];

/** The levels a target's statements can be at, narrowest first. */
export type ScopeLevel = "route" | "prefix" | "api";

/** The defaults, in one place, for the components and their docs. */
export const PLAN_DEFAULTS = {
    scope: PermissionScope.Route as PermissionScope,
    /** `*`: every stage, including the console's `test-invoke-stage`. */
    stages: ["*"] as readonly string[],
    /** Room left in each function's policy for statements managed elsewhere (~10 statements). */
    headroomBytes: 4096,
};

/** A (function, qualifier) pair: one resource policy. */
export interface PlanTarget {
    /** Unique among the plan's targets. */
    key: string;
    /** Bytes of the statement's `Resource` (function ARN with `:qualifier`); an upper bound if unknown. */
    functionArnBytes: number;
}

/** A route (or Lambda authorizer, with `authorizerId` = its stable name) and the target it invokes. */
export interface PlanRoute {
    route: Route;
    target: string;
}

export interface PermissionPlanInput {
    /** Stable name of the API (the component's name): part of every name and statement id. */
    api: string;
    routes: readonly PlanRoute[];
    targets: readonly PlanTarget[];
    /** Stages that may invoke. @default ["*"] */
    stages?: readonly string[];
    /** @default "route" */
    scope?: PermissionScope;
    /** @default 4096 */
    headroomBytes?: number;
    /** Bytes of the API's executionArn; an upper bound when unknown. @default MAX_EXECUTION_ARN_BYTES */
    executionArnBytes?: number;
    /** Bytes of an authorizer id. @default MAX_AUTHORIZER_ID_BYTES */
    authorizerIdBytes?: number;
}

export interface PlannedPermission {
    target: string;
    /** Stable resource name. */
    name: string;
    /**
     * What the statement id derives from, with the API's identity (the component's URN):
     * `statementIdFor(identity, api, statementKey)`. Stable as routes are added.
     */
    statementKey: string;
    /** sourceArn = executionArn + path, e.g. `/*\/GET/pets/*`. For `authorizer`: `/authorizers/` + its id. */
    path: string;
    /** Set when the statement names one authorizer: the component substitutes its real id. */
    authorizer?: string;
    level: ScopeLevel;
    /** The routes this statement covers (`GET /pets/{petId}`, `authorizer token`). */
    routes: string[];
}

export interface TargetSummary {
    target: string;
    level: ScopeLevel;
    /** The level the scope option asked for, when the budget forced a wider one. */
    widenedFrom?: ScopeLevel;
    routeCount: number;
    statements: number;
    /** Stored policy bytes of this plan's statements (upper bound when ARNs are unknown). */
    bytes: number;
    /** Bytes available: 20480 minus headroom. */
    budgetBytes: number;
    /** Even the whole-API scope does not fit (only with many restricted stages or a huge headroom). */
    overBudget: boolean;
}

export interface PermissionPlan {
    permissions: PlannedPermission[];
    targets: TargetSummary[];
}

interface Candidate {
    path: string;
    authorizer?: string;
    /** Identity for the name and statement id. */
    key: string;
    routes: string[];
}

const AUTHORIZER_PATH = "/authorizers/";

/**
 * Plans the permissions for an API's routes.
 * @example
 * planPermissions({ api: "shop", targets: [{ key: "fn", functionArnBytes: 60 }],
 *   routes: [{ target: "fn", route: { kind: "rest", method: "GET", path: "/pets/{petId}" } }] })
 * // permissions: [{ path: "/*\/GET/pets/*", level: "route", routes: ["GET /pets/{petId}"], ... }]
 */
export function planPermissions(input: PermissionPlanInput): PermissionPlan {
    const stages = input.stages && input.stages.length > 0 ? [...new Set(input.stages)] : [...PLAN_DEFAULTS.stages];
    const scope = input.scope ?? PLAN_DEFAULTS.scope;
    const budgetBytes = POLICY_LIMIT_BYTES - (input.headroomBytes ?? PLAN_DEFAULTS.headroomBytes);
    const executionArnBytes = input.executionArnBytes ?? MAX_EXECUTION_ARN_BYTES;
    const authorizerIdBytes = input.authorizerIdBytes ?? MAX_AUTHORIZER_ID_BYTES;
    const levels: ScopeLevel[] = scope === PermissionScope.Api ? ["api"] : ["route", "prefix", "api"];

    const permissions: PlannedPermission[] = [];
    const targets: TargetSummary[] = [];
    for (const target of input.targets) {
        const routes = input.routes.filter((r) => r.target === target.key).map((r) => r.route);
        if (routes.length === 0) {
            continue;
        }
        const anchor = routes.map(describeRoute).sort()[0];
        const sizeOf = (c: Candidate): number => {
            const pathBytes = c.authorizer !== undefined ? AUTHORIZER_PATH.length + authorizerIdBytes : c.path.length;
            return estimatedStatementBytes(statementIdFor("", input.api, c.key), target.functionArnBytes, executionArnBytes + pathBytes);
        };
        let chosen: { level: ScopeLevel; statements: Candidate[]; bytes: number } | undefined;
        for (const level of levels) {
            const statements = withoutCovered(candidates(level, routes, stages, anchor));
            const bytes = policyBytes([]) - 1 + statements.reduce((sum, c) => sum + sizeOf(c), 0);
            chosen = { level, statements, bytes };
            if (bytes <= budgetBytes) {
                break;
            }
        }
        if (!chosen) {
            continue;
        }
        targets.push({
            target: target.key,
            level: chosen.level,
            widenedFrom: chosen.level !== levels[0] ? levels[0] : undefined,
            routeCount: routes.length,
            statements: chosen.statements.length,
            bytes: chosen.bytes,
            budgetBytes,
            overBudget: chosen.bytes > budgetBytes,
        });
        for (const c of chosen.statements) {
            permissions.push({
                target: target.key,
                name: stableName(input.api, c.key),
                statementKey: c.key,
                path: c.path,
                authorizer: c.authorizer,
                level: chosen.level,
                routes: c.routes,
            });
        }
    }
    return { permissions, targets };
}

/** One target's statements at a level, before removing covered ones. */
function candidates(level: ScopeLevel, routes: Route[], stages: string[], anchor: string): Candidate[] {
    const out: Candidate[] = [];
    const stageKey = (stage: string, key: string) => (stage === "*" ? key : `${stage} ${key}`);
    for (const route of routes) {
        const name = describeRoute(route);
        if (route.kind === "authorizer") {
            const key = `authorizer ${route.authorizerId}`;
            out.push({ path: AUTHORIZER_PATH + route.authorizerId, authorizer: route.authorizerId, key, routes: [name] });
            continue;
        }
        for (const stage of stages) {
            const path = routePath(route);
            if (level === "api") {
                out.push({ path: stage === "*" ? "/*" : `/${stage}/*`, key: stageKey(stage, `api via ${anchor}`), routes: [name] });
            } else if (level === "prefix" && path !== undefined) {
                const prefix = pathPrefix(path);
                out.push({ path: `/${stage}/*${prefix}`, key: stageKey(stage, `prefix ${prefix} via ${anchor}`), routes: [name] });
            } else {
                out.push({ path: recommendedSourceArn("", route, stage), key: stageKey(stage, name), routes: [name] });
            }
        }
    }
    return out;
}

/** `/` -> `/`; `/pets` -> `/pets`; `/pets/{id}/toys` -> `/pets/*`; `/{proxy+}` -> `/*`. */
function pathPrefix(path: string): string {
    if (path === "/") {
        return "/";
    }
    const segments = path.slice(1).split("/");
    if (segments[0].startsWith("{")) {
        return "/*";
    }
    return segments.length === 1 ? `/${segments[0]}` : `/${segments[0]}/*`;
}

/**
 * Drops statements another statement covers (same or narrower effect), merging their routes into
 * the one that stays. Among equal paths the smallest key stays, so the choice is deterministic.
 * Covering is tested by matching one pattern against the other's text: with `*` as the only
 * wildcard, that match implies every ARN the narrower pattern allows, the wider one allows too.
 */
function withoutCovered(all: Candidate[]): Candidate[] {
    const sorted = [...all].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const covers = (a: Candidate, b: Candidate) => wildcardMatch(a.path, b.path);
    const kept: Candidate[] = [];
    sorted.forEach((c, i) => {
        const coveredBy = sorted.some((d, j) => j !== i && covers(d, c) && (d.path !== c.path || j < i));
        if (!coveredBy) {
            kept.push({ ...c, routes: [] });
        }
    });
    for (const c of sorted) {
        const keeper = kept.find((k) => covers(k, c)) as Candidate;
        for (const route of c.routes) {
            if (!keeper.routes.includes(route)) {
                keeper.routes.push(route);
            }
        }
    }
    return kept;
}

/**
 * The warning for a target the budget forced wider, naming the function.
 * @example "Lambda function orders: 300 routes of API shop need 300 per-route permissions ..."
 */
export function wideningWarning(api: string, functionLabel: string, summary: TargetSummary): string {
    const what = `Lambda function ${functionLabel}: ${summary.routeCount} routes of API ${api}`;
    if (summary.overBudget) {
        return (
            `${what} need ${summary.statements} permission statement(s) (about ${summary.bytes} bytes) even at whole-API scope, ` +
            `over the ${summary.budgetBytes}-byte budget (20480-byte resource-policy limit minus headroom). ` +
            `Fix: restrict fewer stages, lower policyHeadroomBytes, or split the function.`
        );
    }
    return (
        `${what} would need more than the ${summary.budgetBytes}-byte budget of its resource policy ` +
        `(20480-byte limit minus headroom) at ${summary.widenedFrom}-level scope; ` +
        `widened to ${summary.level === "api" ? "the whole API" : "path prefixes"} for this function only: ` +
        `${summary.statements} statement(s), about ${summary.bytes} bytes. ` +
        `Still limited to this API; to keep per-route scope, split the routes across more functions.`
    );
}

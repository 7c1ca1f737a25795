/**
 * Leftover grants: a Lambda permission whose sourceArn names an API of this stack, and a stage,
 * method or path (or authorizer) that API does not have. Routes are deleted and their permissions
 * stay; such a grant still lets that path invoke the function, and would let a route or stage
 * added later invoke it without anyone deciding so.
 *
 * Only decided where the stack shows the API whole: its id and executionArn known, no unknown
 * value on any resource that depends on it (routes, methods, integrations, stages), and no
 * unknown OpenAPI body. A sourceArn naming an API that is not in this stack is never leftover (it
 * may be another stack's API). A `*` part matches anything; `test-invoke-stage` (the console's
 * test calls) is always a stage. An HTTP or WebSocket `$default` route is sent as `{stage}/$default`
 * (AWS.md), so it is one more request, not every method and path.
 *
 * @example
 * leftoverGrant(index, permission, apis) // { api, stage: "prod", method: "GET", path: "/old", part: "route" }
 */
import { ApiKind, HTTP_VERBS, parseExecuteApiArn, parseHttpRouteKey } from "./executeApi";
import type { LambdaPermission } from "./permissions";
import type { ResolvedInvocation } from "./resolve";
import { API_TYPES, stagesOf } from "./sentArn";
import { StackIndex, StackResource, prop } from "./stack";
import { containsUnknown, str } from "./values";
import { wildcardMatch } from "./wildcard";

/** What an API of the stack has, for comparing grants with. */
export interface ApiShape {
    api: StackResource;
    kind?: ApiKind;
    partition: string;
    region: string;
    account: string;
    apiId: string;
    /** Stage names; undefined when the stack does not say (then no stage is called leftover). */
    stages?: string[];
    /** `VERB/path` (REST, HTTP), `$default`, or route keys (WebSocket): what a request's ARN can carry after the stage. */
    requests: string[];
    /** Route labels, for messages. */
    routes: string[];
    /** Authorizer ids; undefined when not all are known. */
    authorizers?: string[];
}

export interface LeftoverGrant {
    permission: LambdaPermission;
    api: ApiShape;
    /** Which part names what the API does not have. */
    part: "stage" | "route" | "authorizer";
    stage?: string;
    method?: string;
    path?: string;
    /** WebSocket route key, or authorizer id. */
    name?: string;
}

/** The APIs of the stack that are known whole, by API id. */
export function apiShapes(index: StackIndex, invocations: readonly ResolvedInvocation[], unknownBodies: readonly StackResource[]): Map<string, ApiShape> {
    const out = new Map<string, ApiShape>();
    const unknownBody = new Set(unknownBodies.map((r) => r.urn));
    const byApi = new Map<string, ResolvedInvocation[]>();
    for (const inv of invocations) {
        if (inv.api) {
            byApi.set(inv.api.urn, [...(byApi.get(inv.api.urn) ?? []), inv]);
        }
    }
    const incomplete = new Set<string>();
    for (const r of index.resources) {
        if (containsUnknown(r.props)) {
            for (const dep of r.dependencies) {
                incomplete.add(dep);
            }
        }
    }
    for (const api of index.ofType(...API_TYPES)) {
        const exec = str(prop(api, "executionArn"));
        const parsed = typeof exec === "string" ? parseExecuteApiArn(exec) : undefined;
        if (!parsed || unknownBody.has(api.urn) || incomplete.has(api.urn) || containsUnknown(api.props)) {
            continue;
        }
        const invs = byApi.get(api.urn) ?? [];
        const shape = shapeOf(index, api, invs);
        if (shape) {
            out.set(parsed.apiId, { ...shape, partition: parsed.partition, region: parsed.region, account: parsed.account, apiId: parsed.apiId });
        }
    }
    return out;
}

function shapeOf(index: StackIndex, api: StackResource, invs: ResolvedInvocation[]): Omit<ApiShape, "partition" | "region" | "account" | "apiId"> | undefined {
    const kind = invs.find((i) => i.apiKind)?.apiKind ?? (api.type.includes("apigatewayv2") ? (prop(api, "protocolType") === "WEBSOCKET" ? "websocket" : "http") : "rest");
    const requests: string[] = [];
    const routes: string[] = [];
    const authorizerIds: string[] = [];
    let authorizersKnown = true;
    for (const inv of invs) {
        if (inv.kind === "authorizer") {
            const id = inv.uriProperty === "body" ? undefined : str(prop(inv.source, "id"));
            if (typeof id === "string" && id !== "") {
                authorizerIds.push(id);
            } else {
                authorizersKnown = false;
            }
            continue;
        }
        // A REST integration not placed on a method and path: the routes are not all known.
        if (inv.routes.length === 0 && kind === "rest") {
            return undefined;
        }
        for (const route of inv.routes) {
            if (route.kind === "rest") {
                routes.push(`${route.method} ${route.path}`);
                requests.push(...verbs(route.method).flatMap((v) => [`${v}${samplePath(route.path)}`, `${v}${route.path}`]));
            } else if (route.kind === "http") {
                routes.push(route.routeKey);
                const key = parseHttpRouteKey(route.routeKey);
                if (typeof key === "string") {
                    return undefined;
                }
                if ("default" in key) {
                    requests.push("$default");
                } else {
                    requests.push(...verbs(key.method).flatMap((v) => [`${v}${samplePath(key.path)}`, `${v}${key.path}`]));
                }
            } else if (route.kind === "websocket") {
                routes.push(route.routeKey);
                requests.push(route.routeKey);
            }
        }
    }
    // Quick create (an HTTP API's `target`) makes the `$default` route.
    const target = prop(api, "target");
    if (typeof target === "string" && target !== "") {
        routes.push("$default");
        requests.push("$default");
    }
    return { api, kind, stages: stagesOf(index, api), requests, routes: [...new Set(routes)], authorizers: authorizersKnown ? authorizerIds : undefined };
}

function verbs(method: string): string[] {
    return method === "ANY" ? [...HTTP_VERBS] : [method];
}

/** A request path a route template receives: `{id}` -> `p1`, `{proxy+}` -> `p1/p2`. */
function samplePath(path: string): string {
    return path.replace(/\{[^}]+\+\}/g, "p1/p2").replace(/\{[^}]+\}/g, "p1");
}

/** The part of a permission's sourceArn its API does not have, or undefined. Never throws. */
export function leftoverGrant(p: LambdaPermission, apis: ReadonlyMap<string, ApiShape>): LeftoverGrant | undefined {
    if (typeof p.sourceArn !== "string") {
        return undefined;
    }
    const arn = parseExecuteApiArn(p.sourceArn);
    if (!arn || /[*?]/.test(arn.apiId)) {
        return undefined;
    }
    const api = apis.get(arn.apiId);
    // Another account's or region's API with the same id is not this stack's.
    if (!api || !partMatches(arn.region, api.region) || !partMatches(arn.account, api.account) || !partMatches(arn.partition, api.partition)) {
        return undefined;
    }
    const slash = arn.path.indexOf("/");
    const first = slash < 0 ? arn.path : arn.path.slice(0, slash);
    const rest = slash < 0 ? "" : arn.path.slice(slash + 1);
    if (first === "authorizers") {
        if (api.authorizers === undefined || rest === "" || api.authorizers.some((id) => wildcardMatch(rest, id))) {
            return undefined;
        }
        return { permission: p, api, part: "authorizer", name: rest };
    }
    if (first === "" || rest === "") {
        return undefined;
    }
    if (api.stages !== undefined && ![...api.stages, "test-invoke-stage"].some((s) => wildcardMatch(first, s))) {
        return { permission: p, api, part: "stage", stage: first, ...requestParts(api, rest) };
    }
    if (api.requests.length === 0 || api.requests.some((r) => wildcardMatch(rest, r))) {
        return undefined;
    }
    return { permission: p, api, part: "route", stage: first, ...requestParts(api, rest) };
}

function requestParts(api: ApiShape, rest: string): { method?: string; path?: string; name?: string } {
    if (api.kind === "websocket") {
        return { name: rest };
    }
    const slash = rest.indexOf("/");
    return slash < 0 ? { method: rest, path: "/*" } : { method: rest.slice(0, slash), path: rest.slice(slash) };
}

function partMatches(pattern: string, value: string): boolean {
    return pattern === "" || wildcardMatch(pattern, value);
}

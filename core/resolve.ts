/**
 * Completes the invocations of a whole stack: targets behind unknown URIs (through the
 * dependency on a Function or Alias), the API each belongs to and its kind, the routes each
 * integration serves, and the authorizers guarding those routes.
 */
import { ApiKind, Route } from "./executeApi";
import { Extraction, InputProblem, Invocation, extractInvocations } from "./invocations";
import { parseFunctionArn } from "./lambdaUri";
import { FUNCTION_TYPES, StackIndex, StackResource, prop } from "./stack";
import { Unknown, str } from "./values";

export interface ResolvedInvocation extends Invocation {
    /** The API resource, when the stack holds it. */
    api?: StackResource;
    /** Authorizer invocations guarding this integration's routes (integrations only). */
    guardedBy: ResolvedInvocation[];
}

export interface StackInvocations {
    invocations: ResolvedInvocation[];
    problems: InputProblem[];
    /** Resources whose OpenAPI body is unknown (preview). */
    unknownBodies: StackResource[];
}

const REST_API_TYPES = new Set(["aws:apigateway/restApi:RestApi", "aws-native:apigateway:RestApi"]);
const V2_API_TYPES = new Set(["aws:apigatewayv2/api:Api", "aws-native:apigatewayv2:Api"]);
const REST_RESOURCE_TYPES = new Set(["aws:apigateway/resource:Resource", "aws-native:apigateway:Resource"]);
const REST_METHOD_TYPES = new Set(["aws:apigateway/method:Method", "aws-native:apigateway:Method"]);
const V2_ROUTE_TYPES = new Set(["aws:apigatewayv2/route:Route", "aws-native:apigatewayv2:Route"]);
const V2_INTEGRATION_TYPES = new Set(["aws:apigatewayv2/integration:Integration", "aws-native:apigatewayv2:Integration"]);
const AUTHORIZER_TYPES = new Set([
    "aws:apigateway/authorizer:Authorizer",
    "aws-native:apigateway:Authorizer",
    "aws:apigatewayv2/authorizer:Authorizer",
    "aws-native:apigatewayv2:Authorizer",
]);

/** Extracts and resolves every invocation of the stack. Never throws. */
export function resolveStack(index: StackIndex): StackInvocations {
    const out: StackInvocations = { invocations: [], problems: [], unknownBodies: [] };
    const links = new StackLinks(index);
    const extractions: Extraction[] = index.resources.map(extractInvocations);
    extractions.forEach((e, i) => {
        out.problems.push(...e.problems);
        if (e.unknownBody) {
            out.unknownBodies.push(index.resources[i]);
        }
        for (const inv of e.invocations) {
            out.invocations.push(resolveOne(index, links, inv));
        }
    });
    linkAuthorizers(index, links, out.invocations);
    return out;
}

/**
 * The stack's cross-resource links, computed in one pass each so that resolving N integrations
 * costs O(N) rather than a scan of the stack per integration.
 */
class StackLinks {
    /** Routes by the integration URN their `target` depends on, and by their `target` value. */
    private readonly routesByDependency = new Map<string, StackResource[]>();
    private readonly routesByTarget = new Map<string, StackResource[]>();
    /** Functions by unqualified ARN. */
    private readonly functionsByArn = new Map<string, StackResource>();
    /** REST methods (aws:apigateway/method:Method) by API, resource and verb. */
    private readonly restMethods = new Map<string, StackResource>();

    constructor(private readonly index: StackIndex) {
        const push = (map: Map<string, StackResource[]>, key: string, r: StackResource) => {
            const list = map.get(key);
            if (list) {
                list.push(r);
            } else {
                map.set(key, [r]);
            }
        };
        for (const route of index.ofType(...V2_ROUTE_TYPES)) {
            for (const urn of route.propertyDependencies.target ?? []) {
                push(this.routesByDependency, urn, route);
            }
            const target = str(prop(route, "target"));
            if (typeof target === "string") {
                push(this.routesByTarget, target, route);
            }
        }
        for (const fn of index.ofType(...FUNCTION_TYPES)) {
            const arn = str(prop(fn, "arn"));
            const unqualified = typeof arn === "string" ? parseFunctionArn(arn)?.functionArn ?? arn : undefined;
            if (unqualified && !this.functionsByArn.has(unqualified)) {
                this.functionsByArn.set(unqualified, fn);
            }
        }
        for (const method of index.ofType("aws:apigateway/method:Method")) {
            const key = this.restMethodKey(method);
            if (key && !this.restMethods.has(key)) {
                this.restMethods.set(key, method);
            }
        }
    }

    /** The v2 routes whose target is this integration (by dependency or by `integrations/{id}`). */
    routesTo(integration: StackResource): StackResource[] {
        const id = str(prop(integration, "id")) ?? str(prop(integration, "integrationId"));
        const byValue = typeof id === "string" ? this.routesByTarget.get(`integrations/${id}`) ?? [] : [];
        return [...new Set([...(this.routesByDependency.get(integration.urn) ?? []), ...byValue])];
    }

    functionByArn(functionArn: string): StackResource | undefined {
        return this.functionsByArn.get(functionArn);
    }

    /** The REST Method resource for an Integration (same API, resource and verb). */
    restMethodFor(integration: StackResource): StackResource | undefined {
        const key = this.restMethodKey(integration);
        return key ? this.restMethods.get(key) : undefined;
    }

    private restMethodKey(r: StackResource): string | undefined {
        const verb = str(prop(r, "httpMethod"));
        const resource = restResourceKey(this.index, r);
        const api = this.index.referenced(r, "restApi", REST_API_TYPES)?.urn ?? str(prop(r, "restApi"));
        if (typeof verb !== "string" || typeof resource !== "string" || typeof api !== "string") {
            return undefined;
        }
        return JSON.stringify([api, resource, verb]);
    }
}

function resolveOne(index: StackIndex, links: StackLinks, inv: Invocation): ResolvedInvocation {
    const resolved: ResolvedInvocation = { ...inv, routes: [...inv.routes], guardedBy: [] };
    try {
        const functions = index.dependenciesOf(inv.source, inv.uriProperty, FUNCTION_TYPES).map((r) => r.urn);
        if (inv.target.kind === "undetermined" && functions.length > 0 && inv.uriProperty !== "body") {
            resolved.target = { kind: "lambda", functionUrns: functions };
        } else if (inv.target.kind === "lambda") {
            const byArn = inv.target.fn ? links.functionByArn(inv.target.fn.functionArn) : undefined;
            const urns = inv.uriProperty === "body" ? [] : functions;
            resolved.target = { ...inv.target, functionUrns: byArn && urns.length === 0 ? [byArn.urn] : urns };
        }
        resolved.api = inv.apiProperty
            ? index.referenced(inv.source, inv.apiProperty, new Set([...REST_API_TYPES, ...V2_API_TYPES]))
            : inv.source;
        resolved.apiKind = inv.apiKind ?? apiKindOf(resolved.api) ?? undefined;
        if (resolved.routes.length === 0 && inv.kind === "integration") {
            resolved.routes = routesOf(index, links, inv, resolved.apiKind);
        }
    } catch {
        // Keep what was found per resource; a resolution failure only loses context.
    }
    return resolved;
}

function apiKindOf(api: StackResource | undefined): ApiKind | undefined {
    if (!api) {
        return undefined;
    }
    if (REST_API_TYPES.has(api.type)) {
        return "rest";
    }
    const protocol = str(prop(api, "protocolType"));
    return protocol === "WEBSOCKET" ? "websocket" : protocol === "HTTP" ? "http" : undefined;
}

function routesOf(index: StackIndex, links: StackLinks, inv: Invocation, apiKind: ApiKind | undefined): Route[] {
    const r = inv.source;
    if (r.type === "aws:apigateway/integration:Integration" || r.type === "aws-native:apigateway:Method") {
        const method = str(prop(r, "httpMethod"));
        const path = restPath(index, r, "resourceId");
        return typeof method === "string" && path !== undefined ? [{ kind: "rest", method, path }] : [];
    }
    if (V2_INTEGRATION_TYPES.has(r.type)) {
        const routes: Route[] = [];
        for (const route of links.routesTo(r)) {
            const routeKey = str(prop(route, "routeKey"));
            if (typeof routeKey === "string") {
                routes.push({ kind: apiKind === "websocket" ? "websocket" : "http", routeKey });
            }
        }
        return routes;
    }
    return [];
}

/** The path template of the REST resource that `owner[key]` names; undefined when unknowable. */
export function restPath(index: StackIndex, owner: StackResource, key: string, depth = 0): string | undefined {
    if (depth > 64) {
        return undefined;
    }
    const resource = index.referenced(owner, key, REST_RESOURCE_TYPES);
    if (!resource) {
        // Depending only on the RestApi means the root resource (`rootResourceId`).
        const apis = index.dependenciesOf(owner, key, REST_API_TYPES);
        if (apis.length > 0) {
            return "/";
        }
        const value = str(prop(owner, key));
        if (typeof value === "string" && [...REST_API_TYPES].some((t) => index.withValue(t, "rootResourceId", value))) {
            return "/";
        }
        return undefined;
    }
    const known = str(prop(resource, "path"));
    if (typeof known === "string") {
        return known;
    }
    const part = str(prop(resource, "pathPart"));
    if (typeof part !== "string") {
        return undefined;
    }
    const parent = restPath(index, resource, "parentId", depth + 1);
    return parent === undefined ? undefined : `${parent === "/" ? "" : parent}/${part}`;
}

/** Connects each integration to the authorizers of its routes (REST methods, v2 routes, OpenAPI security). */
function linkAuthorizers(index: StackIndex, links: StackLinks, invocations: ResolvedInvocation[]): void {
    const authorizerBySource = new Map<string, ResolvedInvocation>();
    for (const inv of invocations) {
        if (inv.kind === "authorizer" && inv.uriProperty !== "body") {
            authorizerBySource.set(inv.source.urn, inv);
        }
    }
    const authorizerOf = (owner: StackResource): ResolvedInvocation | undefined => {
        const auth = index.referenced(owner, "authorizerId", AUTHORIZER_TYPES);
        return auth ? authorizerBySource.get(auth.urn) : undefined;
    };
    const bodyAuthorizers = new Map<StackResource, ResolvedInvocation[]>();
    for (const inv of invocations) {
        if (inv.kind === "authorizer" && inv.uriProperty === "body") {
            bodyAuthorizers.set(inv.source, [...(bodyAuthorizers.get(inv.source) ?? []), inv]);
        }
    }
    for (const inv of invocations) {
        if (inv.kind !== "integration") {
            continue;
        }
        try {
            if (inv.uriProperty === "body") {
                const schemes = new Set(inv.openApiSchemes ?? []);
                inv.guardedBy = (bodyAuthorizers.get(inv.source) ?? []).filter((a) => (a.openApiSchemes ?? []).some((s) => schemes.has(s)));
            } else if (inv.source.type === "aws:apigateway/integration:Integration") {
                const method = links.restMethodFor(inv.source);
                const auth = method ? authorizerOf(method) : undefined;
                inv.guardedBy = auth ? [auth] : [];
            } else if (inv.source.type === "aws-native:apigateway:Method") {
                const auth = authorizerOf(inv.source);
                inv.guardedBy = auth ? [auth] : [];
            } else if (V2_INTEGRATION_TYPES.has(inv.source.type)) {
                const guards = new Set<ResolvedInvocation>();
                for (const route of links.routesTo(inv.source)) {
                    const auth = authorizerOf(route);
                    if (auth) {
                        guards.add(auth);
                    }
                }
                inv.guardedBy = [...guards];
            }
        } catch {
            inv.guardedBy = [];
        }
    }
}

/** Identifies the REST resource `owner.resourceId` names; the root is known at preview only through its RestApi. */
function restResourceKey(index: StackIndex, owner: StackResource): string | Unknown | undefined {
    const resource = index.referenced(owner, "resourceId", REST_RESOURCE_TYPES);
    if (resource) {
        return resource.urn;
    }
    const api = index.dependenciesOf(owner, "resourceId", REST_API_TYPES)[0];
    return api ? `root of ${api.urn}` : str(prop(owner, "resourceId"));
}

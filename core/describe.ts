/**
 * Names for messages: resources, functions, roles and APIs as a user would recognise them,
 * never `undefined` and never a raw unknown marker.
 */
import { ApiKind, Route, describeRoute, recommendedSourceArn } from "./executeApi";
import { describeFunction } from "./lambdaUri";
import type { Invocation } from "./invocations";
import { FUNCTION_TYPES, ROLE_TYPES, StackIndex, StackResource, prop } from "./stack";
import { str } from "./values";

/** `"get-pets" (aws:apigateway/integration:Integration)`. */
export function resourceLabel(r: StackResource): string {
    return `"${r.name}" (${r.type})`;
}

const API_KIND_NAMES: Record<ApiKind, string> = { rest: "REST API", http: "HTTP API", websocket: "WebSocket API" };

/** `shop-api (REST API)`; `REST API (not in this stack)` when it cannot be found. */
export function apiLabel(api: StackResource | undefined, kind: ApiKind | undefined): string {
    const kindName = kind ? API_KIND_NAMES[kind] : "API";
    return api ? `${api.name} (${kindName})` : `${kindName} (not in this stack)`;
}

/** The API's executionArn when known, else a `${name.executionArn}` placeholder. */
export function executionArnText(api: StackResource | undefined): string {
    const arn = api ? str(prop(api, "executionArn")) : undefined;
    if (typeof arn === "string") {
        return arn;
    }
    return api ? `\${${api.name}.executionArn}` : "${api.executionArn}";
}

/** The function a target names: `pets:live`, or the Function resource's name. */
export function functionLabel(index: StackIndex | undefined, inv: Invocation): string {
    const t = inv.target;
    if (t.kind !== "lambda") {
        return "its Lambda function";
    }
    if (t.fn && !t.fn.stageVariable) {
        return `Lambda function "${describeFunction(t.fn)}"`;
    }
    const r = index && t.functionUrns.length > 0 ? index.get(t.functionUrns[0]) : undefined;
    if (r) {
        const name = str(prop(r, "name"));
        return typeof name === "string" ? `Lambda function "${name}"` : `Lambda function "${r.name}" (name known after create)`;
    }
    if (t.fn) {
        return `Lambda function "${describeFunction(t.fn)}" (chosen by a stage variable)`;
    }
    return "its Lambda function";
}

/** Role resources the credentials property depends on. */
export function roleResources(index: StackIndex | undefined, inv: Invocation): StackResource[] {
    if (!index || inv.uriProperty === "body") {
        return [];
    }
    const key = inv.credentialsProperty.split(".")[0];
    return index.dependenciesOf(inv.source, key, ROLE_TYPES);
}

/** `role "arn:aws:iam::123456789012:role/invoker"` or `role "invoker" (ARN known after create)`. */
export function roleLabel(index: StackIndex | undefined, inv: Invocation): string {
    if (inv.credentials.kind === "role" && typeof inv.credentials.arn === "string") {
        return `IAM role "${inv.credentials.arn}"`;
    }
    const roles = roleResources(index, inv);
    if (roles.length > 0) {
        return `IAM role "${roles[0].name}" (ARN known after create)`;
    }
    return "an IAM role whose ARN is not known until the update";
}

/** The route for messages, or undefined. */
export function routeLabel(routes: readonly Route[]): string | undefined {
    return routes.length > 0 ? routes.map(describeRoute).join(", ") : undefined;
}

/**
 * What a user calls the route of an invocation: its routes, or for an authorizer its name (the
 * resource's logical name, or the OpenAPI security scheme), since its id is often unknown.
 */
export function invocationRouteLabel(inv: Invocation): string | undefined {
    if (inv.kind === "authorizer") {
        const name = inv.uriProperty === "body" ? inv.openApiSchemes?.[0] ?? "(OpenAPI)" : inv.source.name;
        return `authorizer "${name}"`;
    }
    return routeLabel(inv.routes);
}

/** The sourceArn patterns a permission should use for these routes (stage `*`). */
export function sourceArnsFor(api: StackResource | undefined, routes: readonly Route[], kind: ApiKind | undefined): string[] {
    const base = executionArnText(api);
    if (routes.length === 0) {
        return [kind === "websocket" ? `${base}/*/*` : `${base}/*/*/*`];
    }
    return [...new Set(routes.map((r) => recommendedSourceArn(base, r)))];
}

/** True when the resource is a function (or alias/version) resource. */
export function isFunctionResource(r: StackResource): boolean {
    return FUNCTION_TYPES.has(r.type);
}

/**
 * The execute-api source ARN model (AWS.md, "The execute-api source ARN API Gateway sends"):
 * what API Gateway puts in `AWS:SourceArn` when it invokes a function for a route or an
 * authorizer, and the narrowest permission pattern that covers it for every stage.
 *
 * `executionArn` is `arn:{partition}:execute-api:{region}:{account}:{apiId}` (the `executionArn`
 * output of RestApi / apigatewayv2 Api); it may also be a placeholder such as
 * `${api.executionArn}` when a message has to show the pattern before the ARN is known.
 */
import { splitArn } from "./wildcard";

export type ApiKind = "rest" | "http" | "websocket";

/** A route of an API, or one of its Lambda authorizers. */
export type Route =
    /** REST: a method on a resource path template, e.g. GET `/pets/{petId}`; `ANY` for all verbs. */
    | { kind: "rest"; method: string; path: string }
    /** HTTP API: a route key such as `GET /pets/{id}`, `ANY /{proxy+}` or `$default`. */
    | { kind: "http"; routeKey: string }
    /** WebSocket API: a route key such as `$connect` or `sendMessage`. */
    | { kind: "websocket"; routeKey: string }
    /** Any Lambda authorizer (REST TOKEN/REQUEST, HTTP, WebSocket). */
    | { kind: "authorizer"; authorizerId: string };

/** The verbs API Gateway sends; `ANY` routes receive one of these. */
export const HTTP_VERBS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
const ROUTE_METHODS = new Set<string>([...HTTP_VERBS, "ANY"]);

/** A route key split into verb and path; `$default` has neither. */
export type ParsedRouteKey = { method: string; path: string } | { default: true };

/** Parses an HTTP API route key; a string describing the problem when it is not valid. */
export function parseHttpRouteKey(routeKey: string): ParsedRouteKey | string {
    if (routeKey === "$default") {
        return { default: true };
    }
    const space = routeKey.indexOf(" ");
    if (space < 0) {
        return `route key "${routeKey}" must be "$default" or "METHOD /path" (e.g. "GET /pets")`;
    }
    const method = routeKey.slice(0, space);
    const path = routeKey.slice(space + 1);
    if (!ROUTE_METHODS.has(method)) {
        return `route key "${routeKey}" has method "${method}"; expected one of ${[...ROUTE_METHODS].join(", ")}`;
    }
    const pathProblem = validatePath(path);
    return pathProblem ? `route key "${routeKey}": ${pathProblem}` : { method, path };
}

// No `*`: in a sourceArn it would act as a wildcard.
const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@!$&'(),;=-]+$/;
const PARAM_SEGMENT = /^\{[A-Za-z0-9._-]+\+?\}$/;

/** Checks a resource path template (`/`, `/pets/{petId}`, `/{proxy+}`); a problem or undefined. */
export function validatePath(path: string): string | undefined {
    if (!path.startsWith("/")) {
        return `path "${path}" must start with "/"`;
    }
    if (path === "/") {
        return undefined;
    }
    const segments = path.slice(1).split("/");
    for (let i = 0; i < segments.length; i++) {
        const segment = segments[i];
        if (segment === "") {
            return `path "${path}" has an empty segment`;
        }
        if (PARAM_SEGMENT.test(segment)) {
            if (segment.endsWith("+}") && i !== segments.length - 1) {
                return `path "${path}": greedy parameter ${segment} must be the last segment`;
            }
            continue;
        }
        if (!LITERAL_SEGMENT.test(segment) || segment.includes("{") || segment.includes("}")) {
            return `path "${path}" has an invalid segment "${segment}"`;
        }
    }
    return undefined;
}

/** Checks a REST method; a problem or undefined. */
export function validateMethod(method: string): string | undefined {
    return ROUTE_METHODS.has(method) ? undefined : `method "${method}" is not one of ${[...ROUTE_METHODS].join(", ")}`;
}

/** Checks a WebSocket route key; a problem or undefined. */
export function validateWebSocketRouteKey(routeKey: string): string | undefined {
    return routeKey !== "" && !/\s/.test(routeKey) ? undefined : `WebSocket route key "${routeKey}" must be non-empty with no spaces`;
}

/** `/pets/{petId}` -> `/pets/*`: the deployed template may name parameters differently. */
export function wildcardPathParameters(path: string): string {
    return path.replace(/\{[^}/]*\}/g, "*");
}

/** A short human name: `GET /pets/{petId}`, `$default`, `$connect`, `authorizer abc123`. */
export function describeRoute(route: Route): string {
    switch (route.kind) {
        case "rest":
            return `${route.method} ${route.path}`;
        case "http":
        case "websocket":
            return route.routeKey;
        case "authorizer":
            return `authorizer ${route.authorizerId}`;
    }
}

/**
 * The source ARNs API Gateway sends for a route on one stage: one per verb for `ANY` routes.
 * @example sentSourceArns(base, { kind: "rest", method: "GET", path: "/" }, "prod") -> [`${base}/prod/GET/`]
 */
export function sentSourceArns(executionArn: string, route: Route, stage: string): string[] {
    switch (route.kind) {
        case "authorizer":
            return [`${executionArn}/authorizers/${route.authorizerId}`];
        case "websocket":
            return [`${executionArn}/${stage}/${route.routeKey}`];
        case "rest":
            return verbs(route.method).map((verb) => `${executionArn}/${stage}/${verb}${route.path}`);
        case "http": {
            const key = parseHttpRouteKey(route.routeKey);
            if (typeof key === "string") {
                return [];
            }
            if ("default" in key) {
                return [`${executionArn}/${stage}/$default`];
            }
            return verbs(key.method).map((verb) => `${executionArn}/${stage}/${verb}${key.path}`);
        }
    }
}

function verbs(method: string): string[] {
    return method === "ANY" ? [...HTTP_VERBS] : [method];
}

/**
 * The narrowest sourceArn pattern that covers a route on the given stage (`*` = every stage,
 * including the console's `test-invoke-stage`): `ANY` -> `*`, path parameters -> `*`.
 * @example recommendedSourceArn("${api.executionArn}", { kind: "http", routeKey: "GET /pets/{id}" }) === "${api.executionArn}/*\/GET/pets/*"
 */
export function recommendedSourceArn(executionArn: string, route: Route, stage = "*"): string {
    switch (route.kind) {
        case "authorizer":
            return `${executionArn}/authorizers/${route.authorizerId}`;
        case "websocket":
            return `${executionArn}/${stage}/${route.routeKey}`;
        case "rest":
            return `${executionArn}/${stage}/${route.method === "ANY" ? "*" : route.method}${wildcardPathParameters(route.path)}`;
        case "http": {
            const key = parseHttpRouteKey(route.routeKey);
            if (typeof key === "string") {
                // API Gateway rejects an invalid route key; cover the stage rather than guess a route.
                return `${executionArn}/${stage}/*`;
            }
            if ("default" in key) {
                return `${executionArn}/${stage}/$default`;
            }
            return `${executionArn}/${stage}/${key.method === "ANY" ? "*" : key.method}${wildcardPathParameters(key.path)}`;
        }
    }
}

/** The parts of an execute-api ARN or ARN pattern. */
export interface ExecuteApiArn {
    partition: string;
    region: string;
    account: string;
    apiId: string;
    /** Everything after `{apiId}/`, e.g. `prod/GET/pets`; "" when the ARN ends at the API id. */
    path: string;
}

/** Parses `arn:{partition}:execute-api:{region}:{account}:{apiId}[/...]`; undefined otherwise. */
export function parseExecuteApiArn(arn: string): ExecuteApiArn | undefined {
    const parts = splitArn(arn);
    if (!parts || parts[0] !== "arn" || parts[2] !== "execute-api") {
        return undefined;
    }
    const resource = parts[5];
    const slash = resource.indexOf("/");
    return {
        partition: parts[1],
        region: parts[3],
        account: parts[4],
        apiId: slash < 0 ? resource : resource.slice(0, slash),
        path: slash < 0 ? "" : resource.slice(slash + 1),
    };
}

/** `arn:aws:execute-api:us-east-1:123456789012:abc123` from its parts. */
export function executionArnOf(partition: string, region: string, account: string, apiId: string): string {
    return `arn:${partition}:execute-api:${region}:${account}:${apiId}`;
}

/**
 * Routes as users write them for the components (`GET /pets/{petId}`, `$default`, `$connect`),
 * turned into the core `Route` model, and the route sets API Gateway would reject.
 */
import {
    ApiKind,
    Route,
    describeRoute,
    parseHttpRouteKey,
    validateMethod,
    validatePath,
    validateWebSocketRouteKey,
} from "./executeApi";

/**
 * Parses a route as written for an API kind; a string describing the problem when invalid.
 * REST: `METHOD /path` (`ANY` for every verb). HTTP: a route key or `$default`. WebSocket: a key.
 * @example parseRoute("rest", "GET /pets/{petId}") // { kind: "rest", method: "GET", path: "/pets/{petId}" }
 */
export function parseRoute(kind: ApiKind, routeKey: string): Route | string {
    switch (kind) {
        case "websocket": {
            const problem = validateWebSocketRouteKey(routeKey);
            return problem ?? { kind: "websocket", routeKey };
        }
        case "http": {
            const parsed = parseHttpRouteKey(routeKey);
            return typeof parsed === "string" ? parsed : { kind: "http", routeKey };
        }
        case "rest": {
            const space = routeKey.indexOf(" ");
            if (space < 0) {
                return `REST route "${routeKey}" must be "METHOD /path" (e.g. "GET /pets/{petId}")`;
            }
            return restRoute(routeKey.slice(0, space), routeKey.slice(space + 1));
        }
    }
}

/** A REST route from its method and path; a problem string when either is invalid. */
export function restRoute(method: string, path: string): Route | string {
    const problem = validateMethod(method) ?? validatePath(path);
    return problem ?? { kind: "rest", method, path };
}

/** The path of a route with one (REST, HTTP `METHOD /path`); undefined otherwise. */
export function routePath(route: Route): string | undefined {
    if (route.kind === "rest") {
        return route.path;
    }
    if (route.kind === "http") {
        const parsed = parseHttpRouteKey(route.routeKey);
        return typeof parsed !== "string" && !("default" in parsed) ? parsed.path : undefined;
    }
    return undefined;
}

export interface RouteConflict {
    /** Index of the later route of the conflicting pair. */
    index: number;
    problem: string;
}

/**
 * Route sets API Gateway rejects: the same route twice, or (REST) two different path parameters
 * under the same parent (`/pets/{id}` and `/pets/{petId}`): a REST resource has at most one
 * parameter child.
 */
export function findRouteConflicts(routes: readonly Route[]): RouteConflict[] {
    const conflicts: RouteConflict[] = [];
    const seen = new Map<string, number>();
    const paramChild = new Map<string, { segment: string; route: string }>();
    routes.forEach((route, index) => {
        const name = describeRoute(route);
        const key = `${route.kind} ${name}`;
        if (seen.has(key)) {
            conflicts.push({ index, problem: `duplicate route "${name}"` });
            return;
        }
        seen.set(key, index);
        const path = route.kind === "rest" ? route.path : undefined;
        if (path === undefined || path === "/") {
            return;
        }
        const segments = path.slice(1).split("/");
        segments.forEach((segment, i) => {
            if (!segment.startsWith("{")) {
                return;
            }
            const parent = "/" + segments.slice(0, i).join("/");
            const other = paramChild.get(parent);
            if (other === undefined) {
                paramChild.set(parent, { segment, route: name });
            } else if (other.segment !== segment) {
                conflicts.push({
                    index,
                    problem: `route "${name}" uses path parameter ${segment} where route "${other.route}" uses ${other.segment} (under ${parent}): API Gateway allows one parameter name per position`,
                });
            }
        });
    });
    return conflicts;
}

/**
 * Checks a stage name as the components accept it: letters, digits, `-` and `_` (API Gateway's
 * rule), or `$default` for HTTP APIs. A problem or undefined.
 */
export function validateStageName(kind: ApiKind, stage: string): string | undefined {
    if (kind !== "rest" && stage === "$default") {
        return undefined;
    }
    return /^[A-Za-z0-9_-]{1,128}$/.test(stage)
        ? undefined
        : `stage name "${stage}" must be 1-128 letters, digits, "-" or "_"${kind === "rest" ? "" : ', or "$default"'}`;
}

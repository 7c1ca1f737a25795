/**
 * What API Gateway sends: the execute-api source ARNs of a Lambda integration or authorizer's
 * requests (AWS.md, "The execute-api source ARN API Gateway sends"), and ArnLike of a permission's
 * sourceArn against them.
 *
 * Preview-time rule (docs/policies-permissions.md): unknown parts of the ARN API Gateway sends
 * (API id, region, account, authorizer id, a stage no stack resource names) are holes: the
 * permission matches for sure only if a wildcard covers the hole, and may match if some value of
 * the hole would make it match.
 */
import type { ResolvedInvocation } from "./resolve";
import { ApiKind, Route, describeRoute, parseExecuteApiArn, recommendedSourceArn, sentSourceArns } from "./executeApi";
import { executionArnText, invocationRouteLabel } from "./describe";
import { FunctionIdentity, invokedFunction } from "./lambdaFunctions";
import { StackIndex, StackResource, prop } from "./stack";
import { Unknown, str } from "./values";
import { Verdict, allOf } from "./verdict";
import { splitArn, wildcardMatch } from "./wildcard";

/** The API resources a sourceArn or a stage can name. */
export const API_TYPES: ReadonlySet<string> = new Set([
    "aws:apigateway/restApi:RestApi",
    "aws-native:apigateway:RestApi",
    "aws:apigatewayv2/api:Api",
    "aws-native:apigatewayv2:Api",
]);
/** Stage-like resources: [type, stage name property, API property]. */
export const STAGES: [string, string, string][] = [
    ["aws:apigateway/stage:Stage", "stageName", "restApi"],
    ["aws:apigateway/deployment:Deployment", "stageName", "restApi"],
    ["aws:apigatewayv2/stage:Stage", "name", "apiId"],
    ["aws-native:apigateway:Stage", "stageName", "restApiId"],
    ["aws-native:apigateway:Deployment", "stageName", "restApiId"],
    ["aws-native:apigatewayv2:Stage", "stageName", "apiId"],
];

/** Private-use characters standing for a part of a sent ARN that is not known. */
const HOLE = {
    partition: "\uE001",
    region: "\uE002",
    account: "\uE003",
    apiId: "\uE004",
    stage: "\uE005",
    authorizerId: "\uE006",
    path: "\uE007",
    method: "\uE008",
} as const;
const HOLES = /[\uE001-\uE008]/g;
const HAS_HOLE = /[\uE001-\uE008]/;

/** The invocation's API as an execute-api ARN prefix; undefined parts are not known. */
export interface ApiArn {
    api?: StackResource;
    kind?: ApiKind;
    partition?: string;
    region?: string;
    account?: string;
    apiId?: string;
}

export function apiArnOf(inv: ResolvedInvocation): ApiArn {
    const api = inv.api;
    const exec = api ? str(prop(api, "executionArn")) : undefined;
    const parsed = typeof exec === "string" ? parseExecuteApiArn(exec) : undefined;
    if (parsed) {
        return { api, kind: inv.apiKind, partition: parsed.partition, region: parsed.region, account: parsed.account, apiId: parsed.apiId };
    }
    const id = api
        ? str(prop(api, "id")) ?? str(prop(api, "restApiId")) ?? str(prop(api, "apiId"))
        : inv.apiProperty
            ? str(prop(inv.source, inv.apiProperty))
            : undefined;
    return { api, kind: inv.apiKind, apiId: typeof id === "string" ? id : undefined };
}

function executionArnTemplate(a: ApiArn): string {
    return `arn:${a.partition ?? HOLE.partition}:execute-api:${a.region ?? HOLE.region}:${a.account ?? HOLE.account}:${a.apiId ?? HOLE.apiId}`;
}

/** Stage names of the API in the stack; undefined when unknown or none is declared (any stage). */
export function stagesOf(index: StackIndex, api: StackResource | undefined): string[] | undefined {
    if (!api) {
        return undefined;
    }
    const declared = stagesByApi(index).get(api.urn);
    if (declared?.unknown) {
        return undefined;
    }
    const names = new Set<string>(declared?.names);
    const target = prop(api, "target");
    if (api.type.includes("apigatewayv2") && target !== undefined && target !== null && target !== "") {
        names.add("$default"); // quick create makes the $default stage
    }
    return names.size > 0 ? [...names].sort() : undefined;
}

interface DeclaredStages {
    names: Set<string>;
    /** Some stage of the API has a name not known yet. */
    unknown: boolean;
}

const stageCache = new WeakMap<StackIndex, Map<string, DeclaredStages>>();

/** Every stage-like resource grouped by the API it belongs to: one pass per stack, not per invocation. */
function stagesByApi(index: StackIndex): Map<string, DeclaredStages> {
    let byApi = stageCache.get(index);
    if (byApi) {
        return byApi;
    }
    byApi = new Map();
    for (const [type, nameKey, apiKey] of STAGES) {
        for (const stage of index.ofType(type)) {
            const api = index.referenced(stage, apiKey, API_TYPES);
            if (!api) {
                continue;
            }
            let entry = byApi.get(api.urn);
            if (!entry) {
                entry = { names: new Set(), unknown: false };
                byApi.set(api.urn, entry);
            }
            const name = str(prop(stage, nameKey));
            if (name === Unknown) {
                entry.unknown = true;
            } else if (typeof name === "string") {
                entry.names.add(name);
            }
        }
    }
    stageCache.set(index, byApi);
    return byApi;
}

/** One route or authorizer and the source ARNs API Gateway sends for it. */
export interface RouteRequests {
    /** For labels and fixes (placeholders such as `${auth.id}` where a value is unknown). */
    route: Route;
    label: string;
    /** The narrowest sourceArn pattern that covers it on every stage. */
    recommended: string;
    /** One per stage and verb; templates whose unknown parts are holes. */
    sent: string[];
}

/** An integration or authorizer that relies on the function's resource policy. */
export interface InvokeTarget {
    invocation: ResolvedInvocation;
    fn: FunctionIdentity;
    api: ApiArn;
    /** Stage names the stack declares for the API; undefined = any stage. */
    stages?: string[];
    routes: RouteRequests[];
}

/** The invocation as what API Gateway will request; undefined when its target is not Lambda. */
export function invokeTargetOf(index: StackIndex, inv: ResolvedInvocation): InvokeTarget | undefined {
    const fn = invokedFunction(index, inv);
    if (!fn) {
        return undefined;
    }
    const api = apiArnOf(inv);
    const stages = stagesOf(index, inv.api);
    const base = executionArnTemplate(api);
    const shown = executionArnText(inv.api);
    const routes: RouteRequests[] = [];
    const stageNames = stages ?? [HOLE.stage];
    const sentFor = (route: Route) => [...new Set(stageNames.flatMap((stage) => sentSourceArns(base, route, stage)))];

    if (inv.kind === "authorizer") {
        const fromBody = inv.uriProperty === "body";
        const id = fromBody ? undefined : str(prop(inv.source, "id")) ?? str(prop(inv.source, "authorizerId"));
        const known = typeof id === "string" ? id : undefined;
        const shownRoute: Route = { kind: "authorizer", authorizerId: known ?? (fromBody ? "*" : `\${${inv.source.name}.id}`) };
        routes.push({
            route: shownRoute,
            label: invocationRouteLabel(inv) ?? describeRoute(shownRoute),
            recommended: recommendedSourceArn(shown, shownRoute),
            sent: sentFor({ kind: "authorizer", authorizerId: known ?? HOLE.authorizerId }),
        });
    } else if (inv.routes.length > 0) {
        for (const route of inv.routes) {
            routes.push({ route, label: describeRoute(route), recommended: recommendedSourceArn(shown, route), sent: sentFor(route) });
        }
    } else if (inv.source.type === "aws:apigateway/integration:Integration" || inv.source.type === "aws-native:apigateway:Method") {
        // A REST method whose resource path cannot be read: the path is a hole.
        const method = str(prop(inv.source, "httpMethod"));
        const verb = typeof method === "string" ? method : undefined;
        const route: Route = { kind: "rest", method: verb ?? "*", path: "/*" };
        routes.push({
            route,
            label: `${verb ?? "(method not known)"} (resource path not known)`,
            recommended: `${shown}/*/${verb === undefined || verb === "ANY" ? "*" : verb}/*`,
            sent: sentFor({ kind: "rest", method: verb ?? HOLE.method, path: HOLE.path }),
        });
    }
    // An HTTP/WebSocket integration that no route targets is never invoked: nothing to check.
    return { invocation: inv, fn, api, stages, routes };
}

/** A sent ARN for messages: holes become `${api.executionArn}`, `{stage}`, ... */
export function renderSent(sent: string, target: Pick<InvokeTarget, "api" | "invocation">): string {
    const base = executionArnTemplate({});
    let text = sent.startsWith(base) ? executionArnText(target.invocation.api) + sent.slice(base.length) : sent;
    text = text
        .replace(new RegExp(HOLE.partition, "g"), "{partition}")
        .replace(new RegExp(HOLE.region, "g"), "{region}")
        .replace(new RegExp(HOLE.account, "g"), "{account}")
        .replace(new RegExp(HOLE.apiId, "g"), "{apiId}")
        .replace(new RegExp(HOLE.stage, "g"), "{stage}")
        .replace(new RegExp(HOLE.authorizerId, "g"), "{authorizerId}")
        .replace(new RegExp(HOLE.path, "g"), "{path}")
        .replace(new RegExp(HOLE.method, "g"), "{method}");
    return text.replace(HOLES, "");
}

// ---------------------------------------------------------------------------------------------
// ArnLike over templates

/**
 * ArnLike (core/wildcard.ts arnLike) of a pattern against a sent ARN that may contain holes:
 * "yes" when it matches whatever the holes hold, "maybe" when some value would match.
 */
export function arnLikeSent(pattern: string, sent: string): Verdict {
    const p = splitArn(pattern);
    const s = splitArn(sent);
    if (!p || !s) {
        return "no";
    }
    return allOf(...p.map((part, i) => matchPart(part, s[i])));
}

function matchPart(pattern: string, value: string): Verdict {
    if (!HAS_HOLE.test(value)) {
        return wildcardMatch(pattern, value) ? "yes" : "no";
    }
    // Literal characters never match the filler: only wildcards can cover a hole.
    const short = value.replace(HOLES, "\uE0F0");
    const long = value.replace(HOLES, "\uE0F0\uE0F0\uE0F0");
    if (wildcardMatch(pattern, short) && wildcardMatch(pattern, long)) {
        return "yes";
    }
    return couldMatch(pattern, value) ? "maybe" : "no";
}

/** Whether some text for each hole makes the pattern match: a hole can stand for a pattern span. */
function couldMatch(pattern: string, value: string): boolean {
    const memo = new Map<number, boolean>();
    const go = (p: number, v: number): boolean => {
        const key = p * (value.length + 1) + v;
        const cached = memo.get(key);
        if (cached !== undefined) {
            return cached;
        }
        let result: boolean;
        if (v === value.length) {
            result = /^\**$/.test(pattern.slice(p));
        } else if (HAS_HOLE.test(value[v])) {
            // Only a resource path spans "/": ids, stages and verbs never contain one.
            const spansSlash = value[v] === HOLE.path;
            result = false;
            for (let q = p; q <= pattern.length && !result; q++) {
                if (q > p && !spansSlash && pattern[q - 1] === "/") {
                    break;
                }
                result = go(q, v + 1);
            }
        } else if (p === pattern.length) {
            result = false;
        } else if (pattern[p] === "*") {
            result = go(p + 1, v) || go(p, v + 1);
        } else {
            result = (pattern[p] === "?" || pattern[p] === value[v]) && go(p + 1, v + 1);
        }
        memo.set(key, result);
        return result;
    };
    return go(0, 0);
}

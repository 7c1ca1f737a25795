/**
 * Lambda permissions (`aws:lambda/permission:Permission`, `aws-native:lambda:Permission`) and the
 * question both permission policies ask: does this permission let API Gateway invoke this function
 * for this route? (AWS.md, "The execute-api source ARN API Gateway sends".)
 *
 * Answers are three-valued. "maybe" means a value is unknown (a preview's computed ARN) and the
 * known parts do not rule the permission out. Preview-time rules, each documented in
 * docs/policies-permissions.md:
 * - A reference whose value is unknown is identified by the resource it depends on: an Alias means
 *   that alias; a Function means the unqualified function or one of its published versions (its
 *   `qualifiedArn`), never an alias.
 * - An unknown sourceArn that depends on the invocation's API (or one of its stages) is taken to
 *   be built on that API's executionArn: "maybe", verified once the value is known. One that
 *   depends only on other APIs of the stack is scoped to those APIs: "no".
 * - Unknown parts of the ARN API Gateway sends (API id, region, account, authorizer id, a stage
 *   no stack resource names) are holes: the permission matches for sure only if a wildcard covers
 *   the hole, and may match if some value of the hole would make it match.
 */
import type { ResolvedInvocation } from "./resolve";
import { ApiKind, Route, describeRoute, parseExecuteApiArn, recommendedSourceArn, sentSourceArns } from "./executeApi";
import { executionArnText } from "./describe";
import { parseFunctionArn } from "./lambdaUri";
import { estimatedStatementBytes, policyBytes, MAX_EXECUTION_ARN_BYTES, MAX_FUNCTION_ARN_BYTES, MAX_QUALIFIER_BYTES } from "./policySize";
import { FUNCTION_TYPES, StackIndex, StackResource, prop } from "./stack";
import { Unknown, str } from "./values";
import { splitArn, wildcardMatch } from "./wildcard";

export type Verdict = "yes" | "no" | "maybe";

/** "no" if any is "no", "yes" if all are "yes", else "maybe". */
export function allOf(...verdicts: Verdict[]): Verdict {
    return verdicts.includes("no") ? "no" : verdicts.every((v) => v === "yes") ? "yes" : "maybe";
}

export const PERMISSION_TYPES: ReadonlySet<string> = new Set(["aws:lambda/permission:Permission", "aws-native:lambda:Permission"]);
export const API_GATEWAY_PRINCIPAL = "apigateway.amazonaws.com";

const FUNCTION_ONLY_TYPES: ReadonlySet<string> = new Set(["aws:lambda/function:Function", "aws-native:lambda:Function"]);
const ALIAS_TYPES: ReadonlySet<string> = new Set(["aws:lambda/alias:Alias", "aws-native:lambda:Alias"]);
const API_TYPES: ReadonlySet<string> = new Set([
    "aws:apigateway/restApi:RestApi",
    "aws-native:apigateway:RestApi",
    "aws:apigatewayv2/api:Api",
    "aws-native:apigatewayv2:Api",
]);
/** Stage-like resources: [type, stage name property, API property]. */
const STAGES: [string, string, string][] = [
    ["aws:apigateway/stage:Stage", "stageName", "restApi"],
    ["aws:apigateway/deployment:Deployment", "stageName", "restApi"],
    ["aws:apigatewayv2/stage:Stage", "name", "apiId"],
    ["aws-native:apigateway:Stage", "stageName", "restApiId"],
    ["aws-native:apigateway:Deployment", "stageName", "restApiId"],
    ["aws-native:apigatewayv2:Stage", "stageName", "apiId"],
];
const STAGE_TYPES: ReadonlySet<string> = new Set(STAGES.map(([t]) => t));

// ---------------------------------------------------------------------------------------------
// Which function (and qualifier) a permission or an invocation names

export type Qualifier =
    /** Known: `value` is the alias or version, undefined for the unqualified function. */
    | { kind: "known"; value?: string }
    /** An unknown value that depends on a Function: the function itself or a published version. */
    | { kind: "function-or-version" }
    | { kind: "unknown" };

export interface FunctionIdentity {
    /** The Function resources of the stack it names (an Alias or Version resolved to its function). */
    functionUrns: string[];
    /** The function name, when a value or the Function resource shows it. */
    name?: string;
    /** The account, when an ARN shows it. */
    account?: string;
    /** The unqualified function ARN, when known. */
    arn?: string;
    qualifier: Qualifier;
    /** True when a stage variable chooses the function (`function:${stageVariables.fn}`). */
    stageVariable: boolean;
}

/** `$LATEST` and "" are the unqualified function. */
function normalQualifier(value: string | undefined): string | undefined {
    return value === undefined || value === "" || value === "$LATEST" ? undefined : value;
}

function knownQualifier(value: string | undefined): Qualifier {
    return { kind: "known", value: normalQualifier(value) };
}

/** `name`, `name:qualifier`, `123456789012:function:name[:q]` or a function ARN. */
export function parseFunctionReference(text: string): { name: string; account?: string; arn?: string; qualifier?: string } | undefined {
    const full = parseFunctionArn(text);
    if (full) {
        return { name: full.name, account: full.account, arn: full.functionArn, qualifier: full.qualifier };
    }
    const partial = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(text);
    if (partial) {
        return { name: partial[2], account: partial[1], qualifier: normalQualifier(partial[3]) };
    }
    const bare = /^([A-Za-z0-9_-]+)(?::([^:]+))?$/.exec(text);
    return bare ? { name: bare[1], qualifier: normalQualifier(bare[2]) } : undefined;
}

function functionName(r: StackResource): string | undefined {
    const name = str(prop(r, "name")) ?? str(prop(r, "functionName"));
    return typeof name === "string" ? name : undefined;
}

/** Function resources behind Function / Alias / Version resources, and the qualifier they imply. */
function throughResources(index: StackIndex, resources: StackResource[]): { urns: string[]; qualifier?: Qualifier } {
    const urns = new Set<string>();
    let qualifier: Qualifier | undefined;
    for (const r of resources) {
        if (FUNCTION_ONLY_TYPES.has(r.type)) {
            urns.add(r.urn);
            qualifier ??= { kind: "function-or-version" };
            continue;
        }
        // An Alias or a Version: its own resource policy, on the function it points at.
        const q = ALIAS_TYPES.has(r.type) ? str(prop(r, "name")) : str(prop(r, "version"));
        qualifier = typeof q === "string" ? knownQualifier(q) : { kind: "unknown" };
        for (const fn of index.dependenciesOf(r, "functionName", FUNCTION_ONLY_TYPES)) {
            urns.add(fn.urn);
        }
    }
    return { urns: [...urns], qualifier };
}

function nameOfUrns(index: StackIndex, urns: string[]): { name?: string; account?: string; arn?: string } {
    const r = urns.length === 1 ? index.get(urns[0]) : undefined;
    if (!r) {
        return {};
    }
    const arnText = str(prop(r, "arn"));
    const parsed = typeof arnText === "string" ? parseFunctionArn(arnText) : undefined;
    return { name: functionName(r) ?? parsed?.name, account: parsed?.account, arn: parsed?.functionArn };
}

/** Function resources of the stack with this name (and account, when both are known). */
function functionsNamed(index: StackIndex, name: string, account: string | undefined): string[] {
    return index
        .ofType(...FUNCTION_ONLY_TYPES)
        .filter((r) => {
            if (functionName(r) !== name) {
                return false;
            }
            const arn = str(prop(r, "arn"));
            const fnAccount = typeof arn === "string" ? parseFunctionArn(arn)?.account : undefined;
            return !account || !fnAccount || account === fnAccount;
        })
        .map((r) => r.urn);
}

/** The function a permission names through `key` (`function` / `functionName`) and `qualifier`. */
export function permissionFunction(index: StackIndex, owner: StackResource, key: string, qualifierKey?: string): FunctionIdentity {
    const value = prop(owner, key);
    const text = str(value);
    const through = throughResources(index, index.dependenciesOf(owner, key, FUNCTION_TYPES));
    const parsed = typeof text === "string" ? parseFunctionReference(text) : undefined;
    const fromResource = nameOfUrns(index, through.urns);
    const name = parsed?.name ?? fromResource.name;
    const account = parsed?.account ?? fromResource.account;
    const urns = through.urns.length > 0 || !name ? through.urns : functionsNamed(index, name, account);

    let qualifier: Qualifier;
    const explicit = qualifierKey ? prop(owner, qualifierKey) : undefined;
    const explicitText = str(explicit);
    if (typeof explicitText === "string") {
        qualifier = knownQualifier(explicitText);
    } else if (explicitText === Unknown) {
        const viaAlias = throughResources(index, index.dependenciesOf(owner, qualifierKey!, ALIAS_TYPES)).qualifier;
        qualifier = viaAlias ?? { kind: "unknown" };
    } else if (typeof text === "string") {
        qualifier = knownQualifier(parsed?.qualifier);
    } else {
        qualifier = through.qualifier ?? { kind: "unknown" };
    }
    return { functionUrns: urns, name, account, arn: parsed?.arn ?? fromResource.arn, qualifier, stageVariable: false };
}

/** The function an integration or authorizer invokes; undefined when its target is not Lambda. */
export function invokedFunction(index: StackIndex, inv: ResolvedInvocation): FunctionIdentity | undefined {
    const t = inv.target;
    if (t.kind !== "lambda") {
        return undefined;
    }
    const through = throughResources(index, t.functionUrns.map((u) => index.get(u)).filter((r): r is StackResource => !!r));
    if (t.fn) {
        const urns = through.urns.length > 0 ? through.urns : functionsNamed(index, t.fn.name, t.fn.account);
        return {
            functionUrns: urns,
            name: t.fn.name,
            account: t.fn.account,
            arn: t.fn.functionArn,
            qualifier: knownQualifier(t.fn.qualifier),
            stageVariable: t.fn.stageVariable,
        };
    }
    const named = nameOfUrns(index, through.urns);
    return { functionUrns: through.urns, ...named, qualifier: through.qualifier ?? { kind: "unknown" }, stageVariable: false };
}

/** Whether two references name the same function. */
export function sameFunction(a: FunctionIdentity, b: FunctionIdentity): Verdict {
    if (a.functionUrns.length > 0 && b.functionUrns.length > 0) {
        return a.functionUrns.some((u) => b.functionUrns.includes(u)) ? "yes" : "no";
    }
    if (a.name !== undefined && b.name !== undefined) {
        if (a.name !== b.name || (a.account && b.account && a.account !== b.account)) {
            return "no";
        }
        return "yes";
    }
    return "maybe";
}

/** Whether two qualifiers name the same resource policy (each alias/version has its own). */
export function sameQualifier(a: Qualifier, b: Qualifier): Verdict {
    if (a.kind === "unknown" || b.kind === "unknown") {
        return "maybe";
    }
    if (a.kind === "known" && b.kind === "known") {
        return a.value === b.value ? "yes" : "no";
    }
    const known = a.kind === "known" ? a : b.kind === "known" ? b : undefined;
    if (!known || known.value === undefined || /^\d+$/.test(known.value)) {
        return "maybe";
    }
    // A Function's own outputs never name an alias.
    return "no";
}

export function describeQualifier(q: Qualifier): string {
    switch (q.kind) {
        case "known":
            return q.value === undefined ? "the unqualified function" : `qualifier "${q.value}"`;
        case "function-or-version":
            return "the function or one of its versions";
        case "unknown":
            return "a qualifier not known yet";
    }
}

// ---------------------------------------------------------------------------------------------
// The permission model

export interface LambdaPermission {
    resource: StackResource;
    /** `function` (aws) or `functionName` (aws-native, which has no qualifier property). */
    functionProperty: string;
    fn: FunctionIdentity;
    principal: string | Unknown | undefined;
    action: string | Unknown | undefined;
    sourceArn: string | Unknown | undefined;
    /** URNs of the APIs the sourceArn depends on (directly or through a stage). */
    sourceArnApis: string[];
    sourceAccount: string | Unknown | undefined;
    statementId: string | undefined;
}

/** Reads one permission resource; undefined for other types. Never throws on odd values. */
export function readPermission(index: StackIndex, r: StackResource): LambdaPermission | undefined {
    if (!PERMISSION_TYPES.has(r.type)) {
        return undefined;
    }
    const native = r.type === "aws-native:lambda:Permission";
    const functionProperty = native ? "functionName" : "function";
    const apis = new Set<string>();
    for (const dep of r.propertyDependencies.sourceArn ?? []) {
        const d = index.get(dep);
        if (d && API_TYPES.has(d.type)) {
            apis.add(d.urn);
        } else if (d && STAGE_TYPES.has(d.type)) {
            const apiKey = STAGES.find(([t]) => t === d.type)![2];
            const api = index.referenced(d, apiKey, API_TYPES);
            if (api) {
                apis.add(api.urn);
            }
        }
    }
    const sid = str(prop(r, "statementId")) ?? str(prop(r, "id"));
    return {
        resource: r,
        functionProperty,
        fn: permissionFunction(index, r, functionProperty, native ? undefined : "qualifier"),
        principal: str(prop(r, "principal")),
        action: str(prop(r, "action")),
        sourceArn: str(prop(r, "sourceArn")),
        sourceArnApis: [...apis],
        sourceAccount: str(prop(r, "sourceAccount")),
        statementId: typeof sid === "string" ? sid : undefined,
    };
}

export function readPermissions(index: StackIndex): LambdaPermission[] {
    return index.ofType(...PERMISSION_TYPES).map((r) => readPermission(index, r)!);
}

/** True for apigateway.amazonaws.com, or `*` with an action that allows lambda:InvokeFunction. */
export function grantsApiGateway(p: LambdaPermission): Verdict {
    if (p.principal === Unknown) {
        return "maybe";
    }
    const principal = p.principal?.toLowerCase();
    if (principal === API_GATEWAY_PRINCIPAL) {
        return "yes";
    }
    return principal === "*" ? actionVerdict(p.action) : "no";
}

function actionVerdict(action: string | Unknown | undefined): Verdict {
    if (action === Unknown) {
        return "maybe";
    }
    // IAM actions are case-insensitive; `lambda:*` and `lambda:Invoke*` count.
    return action !== undefined && wildcardMatch(action.toLowerCase(), "lambda:invokefunction") ? "yes" : "no";
}

// ---------------------------------------------------------------------------------------------
// What API Gateway sends: execute-api ARN templates with holes for unknown parts

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
    const names = new Set<string>();
    const target = prop(api, "target");
    if (api.type.includes("apigatewayv2") && target !== undefined && target !== null && target !== "") {
        names.add("$default"); // quick create makes the $default stage
    }
    for (const [type, nameKey, apiKey] of STAGES) {
        for (const stage of index.ofType(type)) {
            if (index.referenced(stage, apiKey, API_TYPES)?.urn !== api.urn) {
                continue;
            }
            const name = str(prop(stage, nameKey));
            if (name === Unknown) {
                return undefined;
            }
            if (typeof name === "string") {
                names.add(name);
            }
        }
    }
    return names.size > 0 ? [...names].sort() : undefined;
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
            label: fromBody ? `authorizer ${inv.openApiSchemes?.[0] ?? "(OpenAPI)"}` : describeRoute(shownRoute),
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

// ---------------------------------------------------------------------------------------------
// Does a permission let API Gateway invoke the target for one sent ARN?

export interface Evaluation {
    verdict: Verdict;
    /** Why it does not (or may not) apply, one phrase per failing part. */
    reasons: string[];
    /** Verdicts per part, to rank near misses. */
    parts: { principal: Verdict; action: Verdict; function: Verdict; qualifier: Verdict; sourceAccount: Verdict; sourceArn: Verdict };
}

/**
 * Whether `permission` lets API Gateway invoke `target`'s function when it sends `sent`.
 * @example permissionAllows(p, target, target.routes[0].sent[0]).verdict === "yes"
 */
export function permissionAllows(permission: LambdaPermission, target: Pick<InvokeTarget, "fn" | "api" | "invocation">, sent: string): Evaluation {
    const reasons: string[] = [];
    const p = permission;
    const principalText = p.principal;
    const principal: Verdict = principalText === Unknown ? "maybe" : principalText !== undefined && [API_GATEWAY_PRINCIPAL, "*"].includes(principalText.toLowerCase()) ? "yes" : "no";
    if (principal === "no") {
        reasons.push(typeof principalText === "string" ? `its principal is "${principalText}", not "${API_GATEWAY_PRINCIPAL}"` : "it has no principal");
    }
    const actionText = p.action;
    const action = actionVerdict(actionText);
    if (action === "no") {
        reasons.push(`its action is ${typeof actionText === "string" ? `"${actionText}"` : "not set"}, not "lambda:InvokeFunction"`);
    }
    const fn = sameFunction(p.fn, target.fn);
    if (fn === "no") {
        reasons.push(`it is for another function (${functionText(p.fn)})`);
    }
    const qualifier = sameQualifier(p.fn.qualifier, target.fn.qualifier);
    if (qualifier === "no") {
        reasons.push(`it is on ${describeQualifier(p.fn.qualifier)}, but API Gateway invokes ${describeQualifier(target.fn.qualifier)} (each alias and version has its own resource policy)`);
    }
    let sourceAccount: Verdict = "yes";
    if (p.sourceAccount === Unknown) {
        sourceAccount = "maybe";
    } else if (typeof p.sourceAccount === "string") {
        sourceAccount = target.api.account === undefined ? "maybe" : p.sourceAccount === target.api.account ? "yes" : "no";
        if (sourceAccount === "no") {
            reasons.push(`its sourceAccount "${p.sourceAccount}" is not the API's account "${target.api.account}"`);
        }
    }
    const sourceArn = sourceArnVerdict(p, target, sent, reasons);
    const verdict = allOf(principal, action, fn, qualifier, sourceAccount, sourceArn);
    return { verdict, reasons, parts: { principal, action, function: fn, qualifier, sourceAccount, sourceArn } };
}

function sourceArnVerdict(p: LambdaPermission, target: Pick<InvokeTarget, "api" | "invocation">, sent: string, reasons: string[]): Verdict {
    if (p.sourceArn === undefined) {
        return "yes"; // no condition: any API may invoke (lambda-permission-scoped reports it)
    }
    const apiUrn = target.api.api?.urn;
    const onOtherApisOnly = p.sourceArnApis.length > 0 && (!apiUrn || !p.sourceArnApis.includes(apiUrn));
    if (p.sourceArn === Unknown) {
        if (apiUrn && onOtherApisOnly) {
            const others = p.sourceArnApis.map((u) => `"${u.slice(u.lastIndexOf("::") + 2)}"`).join(", ");
            reasons.push(`its sourceArn is built on another API (${others}), not on this one`);
            return "no";
        }
        return "maybe";
    }
    const verdict = arnLikeSent(p.sourceArn, sent);
    if (verdict === "maybe" && apiUrn && onOtherApisOnly) {
        reasons.push(`its sourceArn "${p.sourceArn}" is built on another API, not on this one`);
        return "no";
    }
    if (verdict === "no") {
        reasons.push(`its sourceArn "${p.sourceArn}" does not match${sourceArnHint(p.sourceArn, sent, target.api)}`);
    }
    return verdict;
}

/** Names the usual mistake behind a sourceArn that does not match (AWS.md lists them). */
export function sourceArnHint(pattern: string, sent: string, api: ApiArn): string {
    const p = parseExecuteApiArn(pattern);
    const s = parseExecuteApiArn(sent);
    if (!p || !s) {
        return ": it is not an execute-api ARN";
    }
    const concrete = (x: string) => x !== "" && !/[*?]/.test(x);
    if (api.account && concrete(p.account) && p.account !== api.account) {
        return `: its account "${p.account}" is not the API's account "${api.account}" (the sourceArn carries the API's account, not the function's)`;
    }
    if (api.apiId && concrete(p.apiId) && p.apiId !== api.apiId) {
        return `: it names API id "${p.apiId}", not this API's id "${api.apiId}"`;
    }
    if (api.region && concrete(p.region) && p.region !== api.region) {
        return `: its region "${p.region}" is not the API's region "${api.region}"`;
    }
    if (/(^|\/)ANY(\/|$)/.test(p.path)) {
        return ": a literal ANY never matches, API Gateway sends the request's verb (use *)";
    }
    if (s.path.endsWith("/$default") && s.path.split("/").length === 2 && /\/\$default$/.test(p.path) && p.path.split("/").length > 2) {
        return ": the $default route's ARN has no verb segment (use {apiId}/*/$default, never */*/$default)";
    }
    const params = (x: string): string[] => x.match(/\{[^}/]*\}/g) ?? [];
    const patternParams = params(p.path);
    if (patternParams.length > 0 && patternParams.some((x) => !params(s.path).includes(x))) {
        return `: path parameters are matched literally and API Gateway sends the route's template (${params(s.path).join(", ") || "none"}); use * for each parameter`;
    }
    if (s.path.endsWith("/") && !p.path.endsWith("/") && !p.path.endsWith("*")) {
        return ": the root resource's ARN ends with a slash (.../GET/)";
    }
    return "";
}

/**
 * `Lambda function "pets" (qualifier "live")`, `Lambda function "pets" (name known after create)`:
 * the function, never an alias resource's name mistaken for it.
 */
export function functionLabelOf(index: StackIndex, fn: FunctionIdentity): string {
    const q = fn.qualifier.kind === "known" && fn.qualifier.value ? `qualifier "${fn.qualifier.value}"` : undefined;
    if (fn.name) {
        return `Lambda function "${fn.name}"${q ? ` (${q})` : ""}`;
    }
    const r = fn.functionUrns.length > 0 ? index.get(fn.functionUrns[0]) : undefined;
    if (r) {
        return `Lambda function "${r.name}" (name known after create${q ? `; ${q}` : ""})`;
    }
    return `its Lambda function${q ? ` (${q})` : ""}`;
}

function functionText(fn: FunctionIdentity): string {
    if (fn.name) {
        return `"${fn.name}"`;
    }
    return fn.functionUrns.length > 0 ? `"${fn.functionUrns[0].slice(fn.functionUrns[0].lastIndexOf("::") + 2)}"` : "a function not known yet";
}

// ---------------------------------------------------------------------------------------------
// Scope of a sourceArn

/**
 * Why a sourceArn does not scope a permission to one API: it must be an execute-api ARN with a
 * concrete region, a 12-digit account and a concrete API id. Empty when it does.
 */
export function scopeProblems(sourceArn: string): string[] {
    const parsed = parseExecuteApiArn(sourceArn);
    if (!parsed) {
        return [`it is not an execute-api ARN (arn:{partition}:execute-api:{region}:{account}:{apiId}/...)`];
    }
    const problems: string[] = [];
    const wild = (x: string) => x === "" || /[*?]/.test(x);
    if (wild(parsed.region)) {
        problems.push(`its region "${parsed.region}" is not concrete`);
    }
    if (!/^\d{12}$/.test(parsed.account)) {
        problems.push(`its account "${parsed.account}" is not a concrete 12-digit account id`);
    }
    if (wild(parsed.apiId)) {
        problems.push(`its API id "${parsed.apiId}" is not concrete`);
    }
    return problems;
}

/**
 * Whether every ARN `inner` matches is also matched by `outer` (a close approximation: each
 * wildcard of `inner` is replaced by text only a wildcard of `outer` can cover).
 */
export function patternWithin(inner: string, outer: string): boolean {
    return wildcardMatchArn(outer, inner.replace(/\*/g, "\uE0F0\uE0F1").replace(/\?/g, "\uE0F2"));
}

function wildcardMatchArn(pattern: string, arn: string): boolean {
    const p = splitArn(pattern);
    const a = splitArn(arn);
    return !!p && !!a && p.every((part, i) => wildcardMatch(part, a[i]));
}

// ---------------------------------------------------------------------------------------------
// Resource-policy size (core/policySize.ts counts bytes the way Lambda stores the policy)

/** Typical length of a generated statement id when the stack does not show it. */
const DEFAULT_SID_BYTES = 40;

/**
 * Estimated stored bytes of one permission's statement; with `sourceArn`, of a new statement like
 * it with that sourceArn (and a generated statement id).
 */
export function permissionStatementBytes(p: LambdaPermission, sourceArn?: string): number {
    const sid = sourceArn === undefined && p.statementId !== undefined ? p.statementId : "s".repeat(DEFAULT_SID_BYTES);
    const q = p.fn.qualifier;
    const qualifierBytes = q.kind === "known" ? (q.value ? q.value.length + 1 : 0) : MAX_QUALIFIER_BYTES + 1;
    const fnArnBytes = (p.fn.arn?.length ?? MAX_FUNCTION_ARN_BYTES) + qualifierBytes;
    return estimatedStatementBytes(sid, fnArnBytes, sourceArnBytes(sourceArn ?? p.sourceArn));
}

/** Bytes of a sourceArn; a `${x.executionArn}` placeholder or an unknown counts at its upper bound. */
export function sourceArnBytes(sourceArn: string | Unknown | undefined): number {
    if (sourceArn === undefined) {
        return 0;
    }
    if (sourceArn === Unknown) {
        return MAX_EXECUTION_ARN_BYTES + 16;
    }
    const placeholder = /^\$\{[^}]*\}/.exec(sourceArn);
    return placeholder ? MAX_EXECUTION_ARN_BYTES + sourceArn.length - placeholder[0].length : Buffer.byteLength(sourceArn, "utf8");
}

/** Estimated stored bytes of a resource policy made of these statements' byte counts. */
export function policyBytesOf(statementBytes: number[]): number {
    const empty = policyBytes([]);
    return statementBytes.length === 0 ? empty : empty + statementBytes.reduce((a, b) => a + b, 0) - 1;
}

/** Permissions of the stack that share `p`'s resource policy (same function and qualifier, for sure). */
export function samePolicy(p: LambdaPermission, all: readonly LambdaPermission[]): LambdaPermission[] {
    return all.filter((o) => o === p || (sameFunction(o.fn, p.fn) === "yes" && sameQualifier(o.fn.qualifier, p.fn.qualifier) === "yes"));
}


/**
 * Lambda permissions (`aws:lambda/permission:Permission`, `aws-native:lambda:Permission`) and the
 * question both permission policies ask: does this permission let API Gateway invoke this function
 * for this route? (AWS.md, "The execute-api source ARN API Gateway sends".)
 *
 * Answers are three-valued (core/verdict.ts). Preview-time rules, each documented in
 * docs/policies-permissions.md:
 * - Which function and qualifier a reference names: core/lambdaFunctions.ts.
 * - An unknown sourceArn that depends on the invocation's API (or one of its stages) is taken to
 *   be built on that API's executionArn: "maybe", verified once the value is known. One that
 *   depends only on other APIs of the stack is scoped to those APIs: "no".
 * - Unknown parts of the ARN API Gateway sends are holes: core/sentArn.ts.
 */
import { parseExecuteApiArn } from "./executeApi";
import { FunctionIdentity, describeQualifier, permissionFunction, sameFunction, sameQualifier } from "./lambdaFunctions";
import { estimatedStatementBytes, policyBytes, MAX_EXECUTION_ARN_BYTES, MAX_FUNCTION_ARN_BYTES, MAX_QUALIFIER_BYTES } from "./policySize";
import { API_TYPES, ApiArn, InvokeTarget, STAGES, arnLikeSent } from "./sentArn";
import { StackIndex, StackResource, prop } from "./stack";
import { Unknown, str } from "./values";
import { Verdict, allOf } from "./verdict";
import { splitArn, wildcardMatch } from "./wildcard";

export const PERMISSION_TYPES: ReadonlySet<string> = new Set(["aws:lambda/permission:Permission", "aws-native:lambda:Permission"]);
export const API_GATEWAY_PRINCIPAL = "apigateway.amazonaws.com";
const STAGE_TYPES: ReadonlySet<string> = new Set(STAGES.map(([t]) => t));

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

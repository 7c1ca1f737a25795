/**
 * Reads IAM policy documents (a JSON string, as @pulumi/aws takes them, or an object, as
 * aws-native does) just far enough to answer two questions: does a trust policy let a service
 * assume the role, and does a permission policy allow an action. Never throws.
 */
import { wildcardMatch } from "./wildcard";
import { Obj, Unknown, Value, isObj, toValue } from "./values";

export type Tri = "yes" | "no" | "unknown";

/** The statements of a document; Unknown when the document (or its list) is not known; undefined when unreadable. */
function statementsOf(doc: Value): Obj[] | Unknown | undefined {
    if (doc === Unknown) {
        return Unknown;
    }
    let value: Value = doc;
    if (typeof doc === "string") {
        try {
            value = toValue(JSON.parse(doc));
        } catch {
            return undefined;
        }
    }
    if (!isObj(value)) {
        return undefined;
    }
    const statements = value.Statement;
    if (statements === Unknown) {
        return Unknown;
    }
    const list = Array.isArray(statements) ? statements : statements === undefined ? [] : [statements];
    return list.filter(isObj);
}

function stringsOf(v: Value): string[] | Unknown | undefined {
    if (v === Unknown) {
        return Unknown;
    }
    if (typeof v === "string") {
        return [v];
    }
    if (!Array.isArray(v)) {
        return undefined;
    }
    if (v.some((x) => x === Unknown)) {
        return Unknown;
    }
    return v.filter((x): x is string => typeof x === "string");
}

/** IAM action names are case-insensitive; `*` and `?` are wildcards. */
function actionCovers(pattern: string, action: string): boolean {
    return wildcardMatch(pattern.toLowerCase(), action.toLowerCase());
}

/** Does one Allow statement grant `action`? (Action, or NotAction that does not exclude it.) */
function statementAllows(s: Obj, action: string): Tri {
    if (s.Effect === Unknown) {
        return "unknown";
    }
    if (s.Effect !== "Allow") {
        return "no";
    }
    if (s.Action !== undefined) {
        const actions = stringsOf(s.Action);
        if (actions === Unknown) {
            return "unknown";
        }
        return (actions ?? []).some((a) => actionCovers(a, action)) ? "yes" : "no";
    }
    if (s.NotAction !== undefined) {
        const excluded = stringsOf(s.NotAction);
        if (excluded === Unknown) {
            return "unknown";
        }
        return (excluded ?? []).some((a) => actionCovers(a, action)) ? "no" : "yes";
    }
    return "no";
}

/**
 * Does the document allow `action` (e.g. `lambda:InvokeFunction`) on some resource? Resources
 * and conditions are not weighed: the question is what the role is for, not whether one
 * particular call would be allowed.
 */
export function documentAllows(doc: Value, action: string): Tri {
    const statements = statementsOf(doc);
    if (statements === Unknown) {
        return "unknown";
    }
    if (statements === undefined) {
        return "unknown";
    }
    let verdict: Tri = "no";
    for (const s of statements) {
        const v = statementAllows(s, action);
        if (v === "yes") {
            return "yes";
        }
        if (v === "unknown") {
            verdict = "unknown";
        }
    }
    return verdict;
}

/** Does the trust policy let `service` (e.g. `apigateway.amazonaws.com`) call sts:AssumeRole? */
export function trustsService(doc: Value, service: string): Tri {
    const statements = statementsOf(doc);
    if (statements === Unknown || statements === undefined) {
        return "unknown";
    }
    let verdict: Tri = "no";
    for (const s of statements) {
        const allows = statementAllows(s, "sts:AssumeRole");
        if (allows === "no") {
            continue;
        }
        const principal = s.Principal;
        if (principal === Unknown || allows === "unknown") {
            verdict = "unknown";
            continue;
        }
        if (!isObj(principal)) {
            continue;
        }
        const services = stringsOf(principal.Service);
        if (services === Unknown) {
            verdict = "unknown";
        } else if ((services ?? []).some((x) => x.toLowerCase() === service)) {
            return "yes";
        }
    }
    return verdict;
}

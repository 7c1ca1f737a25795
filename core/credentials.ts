/**
 * What an integration's or authorizer's `credentials` value means (AWS.md, "Credentials values").
 */
import { Unknown, Value } from "./values";

export type Credentials =
    /** No credentials: API Gateway relies on the function's resource policy. */
    | { kind: "none" }
    /** `arn:aws:iam::*:user/*`: the caller's own identity is passed through; no AssumeRole. */
    | { kind: "caller"; value: string }
    /** A role API Gateway must assume (STS AssumeRole per request); `arn` is Unknown at preview. */
    | { kind: "role"; arn: string | Unknown };

const CALLER_PASS_THROUGH = /^arn:aws(-[a-z-]+)?:iam::\*:user\/\*$/;

/** Classifies a credentials property value; a present but unknown value counts as a role. */
export function classifyCredentials(value: Value): Credentials {
    if (value === Unknown) {
        return { kind: "role", arn: Unknown };
    }
    if (value === undefined || value === null || value === "") {
        return { kind: "none" };
    }
    const text = typeof value === "string" ? value : JSON.stringify(value);
    if (CALLER_PASS_THROUGH.test(text)) {
        return { kind: "caller", value: text };
    }
    return { kind: "role", arn: text };
}

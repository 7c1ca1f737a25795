/**
 * Properties of the wrong type on the resources that declare invocations: `type: 7`,
 * `uri: 42`, `credentials: 12345`. The provider would reject them, and a check reading them
 * would silently skip the resource (a number is no Lambda URI), so each is a problem naming the
 * resource's property, reported like a malformed OpenAPI body.
 */
import { Obj, Unknown, Value, isObj } from "./values";

/** The string properties each type token's checks read (an object property: `integration.type`). */
const STRING_PROPERTIES: Record<string, string[]> = {
    "aws:apigateway/integration:Integration": ["type", "uri", "credentials"],
    "aws-native:apigateway:Method": ["integration.type", "integration.uri", "integration.credentials"],
    "aws:apigatewayv2/integration:Integration": ["integrationType", "integrationSubtype", "integrationUri", "credentialsArn"],
    "aws-native:apigatewayv2:Integration": ["integrationType", "integrationSubtype", "integrationUri", "credentialsArn"],
    "aws:apigateway/authorizer:Authorizer": ["type", "authorizerUri", "authorizerCredentials"],
    "aws-native:apigateway:Authorizer": ["type", "authorizerUri", "authorizerCredentials"],
    "aws:apigatewayv2/authorizer:Authorizer": ["authorizerType", "authorizerUri", "authorizerCredentialsArn"],
    "aws-native:apigatewayv2:Authorizer": ["authorizerType", "authorizerUri", "authorizerCredentialsArn"],
    "aws:apigatewayv2/api:Api": ["protocolType", "target", "routeKey", "credentialsArn"],
    "aws-native:apigatewayv2:Api": ["protocolType", "target", "routeKey", "credentialsArn"],
};

/** Object properties whose fields are read. */
const OBJECT_PROPERTIES: Record<string, string[]> = {
    "aws-native:apigateway:Method": ["integration"],
};

export interface WrongType {
    property: string;
    /** e.g. `credentials is a number (12345), not a string`. */
    problem: string;
}

/**
 * Each read property of `type` whose value is present, known and not a string.
 *
 * @example wrongPropertyTypes("aws:apigateway/integration:Integration", { type: 7 })
 * // [{ property: "type", problem: "type is a number (7), not a string" }]
 */
export function wrongPropertyTypes(type: string, props: Value): WrongType[] {
    const out: WrongType[] = [];
    for (const property of OBJECT_PROPERTIES[type] ?? []) {
        const v = read(props, [property]);
        if (v !== undefined && v !== null && v !== Unknown && !isObj(v)) {
            out.push({ property, problem: `${property} is ${typeName(v)}, not an object` });
        }
    }
    for (const property of STRING_PROPERTIES[type] ?? []) {
        const v = read(props, property.split("."));
        if (v === undefined || v === null || v === Unknown || typeof v === "string") {
            continue;
        }
        out.push({ property, problem: `${property} is ${typeName(v)}, not a string` });
    }
    return out;
}

function read(props: Value, path: string[]): Value {
    let cur: Value = props;
    for (const key of path) {
        if (!isObj(cur)) {
            return undefined; // a parent of the wrong type is the parent's own problem
        }
        cur = (cur as Obj)[key];
    }
    return cur;
}

function typeName(v: Value): string {
    if (Array.isArray(v)) {
        return "a list";
    }
    if (isObj(v)) {
        return "an object";
    }
    if (typeof v === "string") {
        return "a string";
    }
    return `a ${typeof v} (${String(v)})`;
}

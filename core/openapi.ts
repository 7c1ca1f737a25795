/**
 * Walks an API Gateway OpenAPI (or Swagger 2) body for the Lambda invocations it declares:
 * every `x-amazon-apigateway-integration` (inline or `$ref`'d from
 * `components.x-amazon-apigateway-integrations`) and every `x-amazon-apigateway-authorizer`.
 * Never throws: malformed input becomes a `problems` entry naming the location.
 */
import * as yaml from "js-yaml";
import { Obj, Unknown, Value, isObj, toValue } from "./values";

const METHOD_KEYS: Record<string, string> = {
    get: "GET",
    put: "PUT",
    post: "POST",
    delete: "DELETE",
    options: "OPTIONS",
    head: "HEAD",
    patch: "PATCH",
    "x-amazon-apigateway-any-method": "ANY",
};

export interface OpenApiIntegration {
    /** Route path template, e.g. `/pets/{petId}`, or `$default` (HTTP APIs). */
    path: string;
    /** Upper-case verb, or `ANY`. */
    method: string;
    /** The integration object (after `$ref` resolution). */
    integration: Obj;
    /** Where it sits, e.g. `paths["/pets"].get.x-amazon-apigateway-integration`. */
    location: string;
    /** Names of the security schemes the operation requires (its authorizers). */
    security: string[];
}

export interface OpenApiAuthorizer {
    /** Security scheme name. */
    name: string;
    authorizer: Obj;
    location: string;
}

export interface OpenApiWalk {
    integrations: OpenApiIntegration[];
    authorizers: OpenApiAuthorizer[];
    /** Problems with the document, each naming its location. */
    problems: string[];
}

export type ParsedBody = { kind: "document"; doc: Obj } | { kind: "unknown" } | { kind: "absent" } | { kind: "invalid"; problem: string };

/**
 * Parses a body property: a JSON or YAML string (@pulumi/aws) or an object (aws-native).
 * An unknown body, or a string with an unknown inside, is `unknown`.
 */
export function parseBody(body: Value): ParsedBody {
    if (body === undefined || body === null || body === "") {
        return { kind: "absent" };
    }
    if (body === Unknown) {
        return { kind: "unknown" };
    }
    if (isObj(body)) {
        return { kind: "document", doc: body };
    }
    if (typeof body !== "string") {
        return { kind: "invalid", problem: `is a ${Array.isArray(body) ? "list" : typeof body}, not an OpenAPI document` };
    }
    let parsed: unknown;
    try {
        parsed = JSON.parse(body);
    } catch (jsonError) {
        try {
            parsed = yaml.load(body, { schema: yaml.JSON_SCHEMA });
        } catch (yamlError) {
            const e = yamlError as yaml.YAMLException;
            const line = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : "";
            return { kind: "invalid", problem: `is neither valid JSON nor valid YAML (${e.reason ?? e.message}${line})` };
        }
    }
    const value = toValue(parsed);
    if (!isObj(value)) {
        return { kind: "invalid", problem: "does not hold an OpenAPI document (expected a JSON/YAML object)" };
    }
    return { kind: "document", doc: value };
}

/** Lists the integrations and authorizers of an OpenAPI document. */
export function walkOpenApi(doc: Obj): OpenApiWalk {
    const out: OpenApiWalk = { integrations: [], authorizers: [], problems: [] };
    const shared = isObj(doc.components) ? doc.components["x-amazon-apigateway-integrations"] : undefined;
    const globalSecurity = securityNames(doc.security);

    const paths = doc.paths;
    if (paths !== undefined && !isObj(paths)) {
        out.problems.push(`paths is not an object`);
    }
    for (const [path, item] of Object.entries(isObj(paths) ? paths : {})) {
        if (!isObj(item)) {
            out.problems.push(`paths["${path}"] is not an object`);
            continue;
        }
        for (const [key, op] of Object.entries(item)) {
            const method = METHOD_KEYS[key.toLowerCase()];
            if (!method) {
                continue;
            }
            const where = `paths["${path}"].${key}`;
            if (!isObj(op)) {
                out.problems.push(`${where} is not an object`);
                continue;
            }
            const raw = op["x-amazon-apigateway-integration"];
            if (raw === undefined) {
                continue;
            }
            const resolved = resolveIntegration(raw, shared, `${where}.x-amazon-apigateway-integration`);
            if (typeof resolved === "string") {
                out.problems.push(resolved);
                continue;
            }
            out.integrations.push({
                path,
                method,
                integration: resolved.integration,
                location: resolved.location,
                security: op.security !== undefined ? securityNames(op.security) : globalSecurity,
            });
        }
    }

    const schemes: [string, Value][] = [
        ["components.securitySchemes", isObj(doc.components) ? doc.components.securitySchemes : undefined],
        ["securityDefinitions", doc.securityDefinitions],
    ];
    for (const [prefix, container] of schemes) {
        if (!isObj(container)) {
            continue;
        }
        for (const [name, scheme] of Object.entries(container)) {
            if (!isObj(scheme) || scheme["x-amazon-apigateway-authorizer"] === undefined) {
                continue;
            }
            const authorizer = scheme["x-amazon-apigateway-authorizer"];
            const location = `${prefix}["${name}"].x-amazon-apigateway-authorizer`;
            if (!isObj(authorizer)) {
                out.problems.push(`${location} is not an object`);
                continue;
            }
            out.authorizers.push({ name, authorizer, location });
        }
    }
    return out;
}

function resolveIntegration(raw: Value, shared: Value, location: string): { integration: Obj; location: string } | string {
    if (!isObj(raw)) {
        return `${location} is not an object`;
    }
    const ref = raw.$ref;
    if (ref === undefined) {
        return { integration: raw, location };
    }
    const prefix = "#/components/x-amazon-apigateway-integrations/";
    if (typeof ref !== "string" || !ref.startsWith(prefix)) {
        return `${location}.$ref ${JSON.stringify(ref)} must point into ${prefix}`;
    }
    const name = ref.slice(prefix.length);
    const target = isObj(shared) ? shared[name] : undefined;
    if (!isObj(target)) {
        return `${location}.$ref "${ref}" names no integration under components.x-amazon-apigateway-integrations`;
    }
    return { integration: target, location: `components["x-amazon-apigateway-integrations"]["${name}"]` };
}

function securityNames(security: Value): string[] {
    if (!Array.isArray(security)) {
        return [];
    }
    const names: string[] = [];
    for (const requirement of security) {
        if (isObj(requirement)) {
            names.push(...Object.keys(requirement));
        }
    }
    return names;
}

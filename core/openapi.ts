/**
 * Walks an API Gateway OpenAPI (or Swagger 2) body for the Lambda invocations it declares:
 * every `x-amazon-apigateway-integration` (inline or `$ref`'d from
 * `components.x-amazon-apigateway-integrations`) and every `x-amazon-apigateway-authorizer`.
 * Never throws: malformed input becomes a `problems` entry naming the location.
 *
 * Bounded by the body's size: a YAML body is read in time and memory proportional to its text
 * (aliases are shared, never copied, and a body whose aliases expand past a limit proportional to
 * its length is refused: the "billion laughs"); `$ref` chains are followed at most
 * `MAX_REF_HOPS` deep, each `$ref` resolved once, and a cycle is a problem, never a loop.
 */
import * as yaml from "js-yaml";
import { Obj, Unknown, Value, isObj, toValueBounded } from "./values";

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
 * How many values (aliases expanded) a body string may stand for: 4 per character of its text,
 * and at least 200,000. A JSON body or a YAML body without aliases never comes near (each value
 * takes at least one character); a legitimate YAML body that shares an integration through an
 * anchor stays far below; an alias bomb of a few hundred bytes (which stands for billions of
 * values) is refused after at most this many steps.
 */
export function bodyNodeLimit(text: string): number {
    return Math.max(200_000, 4 * text.length);
}

/** How many `$ref`s one reference may pass through before it is a problem (a chain, not a cycle). */
export const MAX_REF_HOPS = 32;

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
    } catch {
        try {
            parsed = yaml.load(body, { schema: yaml.JSON_SCHEMA });
        } catch (yamlError) {
            if (!(yamlError instanceof yaml.YAMLException)) {
                // The YAML parser recurses per nesting level; a body nested too deep ends here.
                return { kind: "invalid", problem: `could not be read as YAML (${(yamlError as Error).message}); it is nested too deeply` };
            }
            const e = yamlError;
            const line = e.mark ? ` at line ${e.mark.line + 1}, column ${e.mark.column + 1}` : "";
            return { kind: "invalid", problem: `is neither valid JSON nor valid YAML (${e.reason ?? e.message}${line})` };
        }
    }
    const limit = bodyNodeLimit(body);
    const converted = toValueBounded(parsed, limit);
    if (converted.kind === "too-large") {
        return {
            kind: "invalid",
            problem:
                `expands to more than ${limit.toLocaleString("en-US")} values through YAML aliases (anchors referenced over and over, ` +
                `an "alias bomb"), for ${body.length.toLocaleString("en-US")} characters of text; it is not read`,
        };
    }
    if (converted.kind === "cycle") {
        return { kind: "invalid", problem: "is YAML whose aliases refer to themselves (an anchor used inside its own value), a cycle; it is not read" };
    }
    const value = converted.value;
    if (!isObj(value)) {
        return { kind: "invalid", problem: "does not hold an OpenAPI document (expected a JSON/YAML object)" };
    }
    return { kind: "document", doc: value };
}

const INTEGRATIONS_POINTER = "#/components/x-amazon-apigateway-integrations/";

/** Integration and authorizer fields the checks read; each must be a string when present. */
const INTEGRATION_STRING_FIELDS = ["type", "uri", "credentials", "integrationSubtype"];
const AUTHORIZER_STRING_FIELDS = ["type", "authorizerUri", "authorizerCredentials"];

/** Lists the integrations and authorizers of an OpenAPI document. */
export function walkOpenApi(doc: Obj): OpenApiWalk {
    const out: OpenApiWalk = { integrations: [], authorizers: [], problems: [] };
    const refs = new RefResolver(doc);
    const globalSecurity = securityNames(doc.security);

    const paths = doc.paths;
    if (paths !== undefined && !isObj(paths)) {
        out.problems.push(`paths is not an object`);
    }
    const operationsOf = new Map<Obj, [string, string, Value][]>();
    for (const [path, rawItem] of Object.entries(isObj(paths) ? paths : {})) {
        const itemAt = refs.follow(rawItem, `paths["${path}"]`);
        if ("problem" in itemAt) {
            out.problems.push(itemAt.problem);
            continue;
        }
        const item = itemAt.value;
        if (!isObj(item)) {
            out.problems.push(`${itemAt.location} is not an object`);
            continue;
        }
        // Path items shared through $ref or YAML aliases are indexed once, whatever their size.
        let operations = operationsOf.get(item);
        if (!operations) {
            operations = [];
            for (const [key, op] of Object.entries(item)) {
                const method = METHOD_KEYS[key.toLowerCase()];
                if (method) {
                    operations.push([key, method, op]);
                }
            }
            operationsOf.set(item, operations);
        }
        for (const [key, method, rawOp] of operations) {
            const opAt = refs.follow(rawOp, `${itemAt.location}.${key}`);
            if ("problem" in opAt) {
                out.problems.push(opAt.problem);
                continue;
            }
            const op = opAt.value;
            const where = opAt.location;
            if (!isObj(op)) {
                out.problems.push(`${where} is not an object`);
                continue;
            }
            const raw = op["x-amazon-apigateway-integration"];
            if (raw === undefined) {
                continue;
            }
            const resolved = refs.follow(raw, `${where}.x-amazon-apigateway-integration`, INTEGRATIONS_POINTER);
            if ("problem" in resolved) {
                out.problems.push(resolved.problem);
                continue;
            }
            if (!isObj(resolved.value)) {
                out.problems.push(`${resolved.location} is not an object`);
                continue;
            }
            const wrongTypes = wrongFieldTypes(resolved.value, resolved.location, INTEGRATION_STRING_FIELDS);
            if (wrongTypes.length > 0) {
                out.problems.push(...wrongTypes);
                continue;
            }
            out.integrations.push({
                path,
                method,
                integration: resolved.value,
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
        for (const [name, rawScheme] of Object.entries(container)) {
            const schemeAt = refs.follow(rawScheme, `${prefix}["${name}"]`);
            if ("problem" in schemeAt) {
                out.problems.push(schemeAt.problem);
                continue;
            }
            const scheme = schemeAt.value;
            if (!isObj(scheme) || scheme["x-amazon-apigateway-authorizer"] === undefined) {
                continue;
            }
            const authorizer = scheme["x-amazon-apigateway-authorizer"];
            const location = `${schemeAt.location}.x-amazon-apigateway-authorizer`;
            if (!isObj(authorizer)) {
                out.problems.push(`${location} is not an object`);
                continue;
            }
            const wrongTypes = wrongFieldTypes(authorizer, location, AUTHORIZER_STRING_FIELDS);
            if (wrongTypes.length > 0) {
                out.problems.push(...wrongTypes);
                continue;
            }
            out.authorizers.push({ name, authorizer, location });
        }
    }
    return out;
}

/** `location.type is a number (7), not a string` for each field of the wrong type. */
function wrongFieldTypes(o: Obj, location: string, fields: string[]): string[] {
    const problems: string[] = [];
    for (const field of fields) {
        const v = o[field];
        if (v === undefined || v === null || v === Unknown || typeof v === "string") {
            continue;
        }
        const shown = typeof v === "number" || typeof v === "boolean" ? ` (${String(v)})` : "";
        problems.push(`${location}.${field} is ${describeType(v)}${shown}, not a string`);
    }
    return problems;
}

function describeType(v: Value): string {
    if (v === null) {
        return "null";
    }
    if (v === Unknown) {
        return "not known during this preview";
    }
    if (Array.isArray(v)) {
        return "a list";
    }
    if (isObj(v)) {
        return "an object";
    }
    return `a ${typeof v}`;
}

type Followed = { value: Value; location: string } | { problem: string };

/** Where a chain of `$ref`s starting at one reference ends; shared by every chain through it. */
type ChainEnd =
    | { kind: "found"; value: Value; location: string }
    | { kind: "cycle"; cycle: string[] }
    | { kind: "too-long" }
    | { kind: "dangling"; ref: string }
    | { kind: "outside"; ref: string }
    | { kind: "escapes"; ref: string }
    | { kind: "not-a-string"; location: string; value: Value };

/**
 * Follows local `$ref`s (`#/...` JSON pointers) through a document. Each reference is resolved
 * once (memoized), so a document that references the same target many times costs one chain.
 */
class RefResolver {
    private readonly ends = new Map<string, ChainEnd>();

    constructor(private readonly doc: Obj) {}

    /**
     * The value behind `value` (itself when it is no `{$ref}`) and where it is. `within`: every
     * hop must point under this pointer prefix (integrations live in components).
     */
    follow(value: Value, location: string, within?: string): Followed {
        if (!isObj(value) || value.$ref === undefined) {
            return { value, location };
        }
        const ref = value.$ref;
        if (typeof ref !== "string") {
            return { problem: `${location}.$ref is ${describeType(ref)}, not a string` };
        }
        const end = this.chain(ref, within);
        const at = `${location}.$ref ${JSON.stringify(ref)}`;
        switch (end.kind) {
            case "found":
                return { value: end.value, location: end.location };
            case "cycle":
                return { problem: `${at} leads to a $ref cycle (${end.cycle.join(" -> ")}); what it names is never defined, so it is not checked` };
            case "too-long":
                return { problem: `${at} passes through more than ${MAX_REF_HOPS} $refs; it is not followed further` };
            case "dangling":
                return within === INTEGRATIONS_POINTER
                    ? { problem: `${at}${end.ref === ref ? "" : ` (through "${end.ref}")`} names no integration under components.x-amazon-apigateway-integrations` }
                    : { problem: `${at}${end.ref === ref ? "" : ` (through "${end.ref}")`} names nothing in the document` };
            case "escapes":
                return { problem: `${at}${end.ref === ref ? "" : ` (through "${end.ref}")`} must point into ${within}` };
            case "outside":
                return { problem: `${at}${end.ref === ref ? "" : ` (through "${end.ref}")`} points outside this document; it cannot be followed, so what it names is not checked` };
            case "not-a-string":
                return { problem: `${end.location}.$ref is ${describeType(end.value)}, not a string` };
        }
    }

    private chain(first: string, within: string | undefined): ChainEnd {
        const key = `${within ?? ""} ${first}`;
        const known = this.ends.get(key);
        if (known) {
            return known;
        }
        const visited: string[] = [];
        let ref = first;
        let end: ChainEnd;
        for (;;) {
            const memo = this.ends.get(`${within ?? ""} ${ref}`);
            if (memo) {
                end = memo;
                break;
            }
            const loop = visited.indexOf(ref);
            if (loop >= 0) {
                end = { kind: "cycle", cycle: [...visited.slice(loop), ref] };
                break;
            }
            if (visited.length >= MAX_REF_HOPS) {
                end = { kind: "too-long" };
                break;
            }
            visited.push(ref);
            if (!ref.startsWith("#")) {
                end = { kind: "outside", ref };
                break;
            }
            if (within && !ref.startsWith(within)) {
                end = { kind: "escapes", ref };
                break;
            }
            const tokens = pointerTokens(ref);
            const target = tokens ? resolvePointer(this.doc, tokens) : undefined;
            if (target === undefined || (within && !isObj(target))) {
                end = { kind: "dangling", ref };
                break;
            }
            const location = pointerLabel(tokens!);
            if (!isObj(target) || target.$ref === undefined) {
                end = { kind: "found", value: target, location };
                break;
            }
            if (typeof target.$ref !== "string") {
                end = { kind: "not-a-string", location, value: target.$ref };
                break;
            }
            ref = target.$ref;
        }
        for (const r of visited) {
            this.ends.set(`${within ?? ""} ${r}`, end);
        }
        return end;
    }
}

/** `#/components/x/a~1b` -> ["components", "x", "a/b"]; undefined when not a JSON pointer. */
function pointerTokens(ref: string): string[] | undefined {
    let fragment: string;
    try {
        fragment = decodeURIComponent(ref.slice(1));
    } catch {
        return undefined;
    }
    if (fragment === "") {
        return [];
    }
    if (!fragment.startsWith("/")) {
        return undefined;
    }
    return fragment.slice(1).split("/").map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function resolvePointer(doc: Obj, tokens: string[]): Value {
    let cur: Value = doc;
    for (const token of tokens) {
        if (Array.isArray(cur)) {
            cur = /^(0|[1-9]\d*)$/.test(token) ? cur[Number(token)] : undefined;
        } else if (isObj(cur)) {
            cur = Object.prototype.hasOwnProperty.call(cur, token) ? cur[token] : undefined;
        } else {
            return undefined;
        }
    }
    return cur;
}

/** Containers whose keys are names (paths, integrations, schemes): always written `["name"]`. */
const NAMED_CONTAINERS = new Set(["paths", "x-amazon-apigateway-integrations", "securitySchemes", "securityDefinitions"]);

/** ["components", "x-amazon-apigateway-integrations", "a"] -> `components["x-amazon-apigateway-integrations"]["a"]`. */
function pointerLabel(tokens: string[]): string {
    if (tokens.length === 0) {
        return "(the document root)";
    }
    let label = tokens[0];
    for (let i = 1; i < tokens.length; i++) {
        const t = tokens[i];
        const named = NAMED_CONTAINERS.has(tokens[i - 1]) || t === "x-amazon-apigateway-integrations";
        label += !named && /^[A-Za-z_$][\w$-]*$/.test(t) ? `.${t}` : /^\d+$/.test(t) ? `[${t}]` : `[${JSON.stringify(t)}]`;
    }
    return label;
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

/**
 * Finds every API Gateway -> Lambda invocation a resource declares: integrations and Lambda
 * authorizers of REST, HTTP and WebSocket APIs, as resources, in OpenAPI bodies and as aws-native
 * resources. Per resource only, with no stack context: this is what Analyze can see. `resolve.ts`
 * completes the picture (targets behind unknown URIs, APIs, routes, authorizers) from the stack.
 */
import { ApiKind, Route } from "./executeApi";
import { Credentials, classifyCredentials } from "./credentials";
import { LambdaFunctionRef, parseIntegrationUri } from "./lambdaUri";
import { wrongPropertyTypes } from "./inputTypes";
import { parseBody, walkOpenApi } from "./openapi";
import { StackResource, prop } from "./stack";
import { Obj, Unknown, Value, str } from "./values";

export type Target =
    /** A Lambda function; `fn` when its ARN is known, `functionUrns` when the stack shows it. */
    | { kind: "lambda"; fn?: LambdaFunctionRef; functionUrns: string[] }
    /** The URI is unknown and the type does not decide: the stack's dependencies may. */
    | { kind: "undetermined" }
    /** S3, SQS, Step Functions, HTTP...: these need a role and are out of scope. */
    | { kind: "not-lambda" };

export interface Invocation {
    kind: "integration" | "authorizer";
    /** The resource that declares it. */
    source: StackResource;
    /** Where the credentials are: a property name, or an OpenAPI location. */
    credentialsProperty: string;
    /** The property whose dependencies lead to the function (`uri`, `integrationUri`...). */
    uriProperty: string;
    /** The property that names the API (`restApi`, `apiId`...); undefined when the source is the API. */
    apiProperty?: string;
    credentials: Credentials;
    target: Target;
    /** True when the target was decided from this resource alone (what Analyze can decide). */
    selfContained: boolean;
    apiKind?: ApiKind;
    /** Routes it serves, when the resource itself says (OpenAPI, quick create, authorizers). */
    routes: Route[];
    /** OpenAPI: security scheme names guarding the operation; for authorizers, the scheme name. */
    openApiSchemes?: string[];
}

/** A problem with a resource's input, naming the property. Reported, never thrown. */
export interface InputProblem {
    source: StackResource;
    property: string;
    problem: string;
}

export interface Extraction {
    invocations: Invocation[];
    problems: InputProblem[];
    /** Set when the resource's OpenAPI body is unknown (preview): checked once it is known. */
    unknownBody?: string;
}

type Extractor = (r: StackResource, out: Extraction) => void;

const REST_LAMBDA_AUTHORIZER_TYPES = new Set(["TOKEN", "REQUEST"]);

/** Type tokens this module understands, and what each contributes. */
const EXTRACTORS: Record<string, Extractor> = {
    "aws:apigateway/integration:Integration": (r, out) =>
        pushIntegration(out, r, "rest", restTarget(prop(r, "type"), prop(r, "uri")), "credentials", "uri", "restApi"),
    "aws-native:apigateway:Method": (r, out) => {
        const integration = prop(r, "integration");
        if (integration === undefined || integration === null) {
            return;
        }
        const get = (k: string): Value => (integration === Unknown ? Unknown : typeof integration === "object" && !Array.isArray(integration) ? (integration as Obj)[k] : undefined);
        pushIntegration(out, r, "rest", restTarget(get("type"), get("uri")), "integration.credentials", "integration", "restApiId", get("credentials"));
    },
    "aws:apigatewayv2/integration:Integration": (r, out) =>
        pushIntegration(out, r, undefined, v2Target(prop(r, "integrationType"), prop(r, "integrationSubtype"), prop(r, "integrationUri")), "credentialsArn", "integrationUri", "apiId"),
    "aws-native:apigatewayv2:Integration": (r, out) =>
        pushIntegration(out, r, undefined, v2Target(prop(r, "integrationType"), prop(r, "integrationSubtype"), prop(r, "integrationUri")), "credentialsArn", "integrationUri", "apiId"),
    "aws:apigateway/authorizer:Authorizer": (r, out) => restAuthorizer(r, out, "authorizerCredentials", "restApi"),
    "aws-native:apigateway:Authorizer": (r, out) => restAuthorizer(r, out, "authorizerCredentials", "restApiId"),
    "aws:apigatewayv2/authorizer:Authorizer": (r, out) => v2Authorizer(r, out),
    "aws-native:apigatewayv2:Authorizer": (r, out) => v2Authorizer(r, out),
    "aws:apigateway/restApi:RestApi": (r, out) => bodyInvocations(r, out, "rest"),
    "aws-native:apigateway:RestApi": (r, out) => bodyInvocations(r, out, "rest"),
    "aws:apigatewayv2/api:Api": (r, out) => v2Api(r, out),
    "aws-native:apigatewayv2:Api": (r, out) => v2Api(r, out),
};

/** True for the type tokens that can declare an invocation. */
export function declaresInvocations(type: string): boolean {
    return type in EXTRACTORS;
}

/** The invocations one resource declares, from its own properties only. Never throws. */
export function extractInvocations(resource: StackResource): Extraction {
    const out: Extraction = { invocations: [], problems: [] };
    const extractor = EXTRACTORS[resource.type];
    if (!extractor) {
        return out;
    }
    try {
        // A property of the wrong type is reported, like a malformed body, and nothing is guessed.
        const wrong = wrongPropertyTypes(resource.type, resource.props);
        if (wrong.length > 0) {
            out.problems.push(...wrong.map((w) => ({ source: resource, property: w.property, problem: w.problem })));
            return out;
        }
        extractor(resource, out);
    } catch (e) {
        // A bug here must not fail the user's preview: report it as a problem with the resource.
        out.problems.push({ source: resource, property: "(all)", problem: `could not be analysed: ${(e as Error).message}` });
    }
    return out;
}

function pushIntegration(
    out: Extraction,
    r: StackResource,
    apiKind: ApiKind | undefined,
    target: Target,
    credentialsProperty: string,
    uriProperty: string,
    apiProperty: string | undefined,
    credentialsValue: Value = prop(r, credentialsProperty),
    routes: Route[] = [],
): void {
    if (target.kind === "not-lambda") {
        return;
    }
    out.invocations.push({
        kind: "integration",
        source: r,
        credentialsProperty,
        uriProperty,
        apiProperty,
        credentials: classifyCredentials(credentialsValue),
        target,
        selfContained: target.kind === "lambda",
        apiKind,
        routes,
    });
}

function lambdaFromUri(uri: Value): Target | undefined {
    const text = str(uri);
    if (text === Unknown) {
        return undefined;
    }
    if (text === undefined) {
        return { kind: "not-lambda" };
    }
    const parsed = parseIntegrationUri(normalizeTemplateVariables(text));
    return parsed.kind === "lambda" ? { kind: "lambda", fn: parsed.fn, functionUrns: [] } : { kind: "not-lambda" };
}

/** `${AWS::Region}`-style template variables carry colons that would split an ARN: make them `*`. */
function normalizeTemplateVariables(uri: string): string {
    return uri.replace(/\$\{AWS::[A-Za-z]+\}/g, "*");
}

/** REST: AWS_PROXY is always Lambda; AWS is Lambda when the URI says so. */
function restTarget(type: Value, uri: Value): Target {
    const t = str(type);
    const fromUri = lambdaFromUri(uri);
    if (typeof t === "string") {
        const upper = t.toUpperCase();
        if (upper === "AWS_PROXY") {
            return fromUri && fromUri.kind === "lambda" ? fromUri : { kind: "lambda", functionUrns: [] };
        }
        if (upper !== "AWS") {
            return { kind: "not-lambda" };
        }
    }
    return fromUri ?? { kind: "undetermined" };
}

/** HTTP/WebSocket: AWS_PROXY without a subtype is Lambda; AWS (WebSocket) when the URI says so. */
function v2Target(type: Value, subtype: Value, uri: Value): Target {
    if (subtype === Unknown || str(subtype) !== undefined) {
        return { kind: "not-lambda" };
    }
    const t = str(type);
    const fromUri = lambdaFromUri(uri);
    if (typeof t === "string") {
        const upper = t.toUpperCase();
        if (upper === "AWS_PROXY") {
            // Without a subtype AWS_PROXY is always Lambda, even when the URI cannot be read.
            return fromUri && fromUri.kind === "lambda" ? fromUri : { kind: "lambda", functionUrns: [] };
        }
        if (upper !== "AWS") {
            return { kind: "not-lambda" };
        }
    }
    return fromUri ?? { kind: "undetermined" };
}

function authorizerTarget(uri: Value): Target {
    const fromUri = lambdaFromUri(uri);
    return fromUri && fromUri.kind === "lambda" ? fromUri : { kind: "lambda", functionUrns: [] };
}

function pushAuthorizer(out: Extraction, r: StackResource, apiKind: ApiKind | undefined, credentialsProperty: string, apiProperty: string): void {
    out.invocations.push({
        kind: "authorizer",
        source: r,
        credentialsProperty,
        uriProperty: "authorizerUri",
        apiProperty,
        credentials: classifyCredentials(prop(r, credentialsProperty)),
        target: authorizerTarget(prop(r, "authorizerUri")),
        selfContained: true,
        apiKind,
        routes: [{ kind: "authorizer", authorizerId: authorizerIdOf(r) }],
    });
}

function authorizerIdOf(r: StackResource): string {
    const id = str(prop(r, "id")) ?? str(prop(r, "authorizerId"));
    return typeof id === "string" ? id : `\${${r.name}.id}`;
}

function restAuthorizer(r: StackResource, out: Extraction, credentialsProperty: string, apiProperty: string): void {
    const type = str(prop(r, "type"));
    // TOKEN is the default; COGNITO_USER_POOLS invokes no function.
    if (typeof type === "string" && !REST_LAMBDA_AUTHORIZER_TYPES.has(type.toUpperCase())) {
        return;
    }
    pushAuthorizer(out, r, "rest", credentialsProperty, apiProperty);
}

function v2Authorizer(r: StackResource, out: Extraction): void {
    const type = str(prop(r, "authorizerType"));
    if (typeof type === "string" && type.toUpperCase() !== "REQUEST") {
        return; // JWT
    }
    pushAuthorizer(out, r, undefined, "authorizerCredentialsArn", "apiId");
}

function v2Api(r: StackResource, out: Extraction): void {
    const protocol = str(prop(r, "protocolType"));
    const kind: ApiKind | undefined = protocol === "WEBSOCKET" ? "websocket" : protocol === "HTTP" ? "http" : undefined;
    const target = prop(r, "target");
    if (target !== undefined && target !== null && target !== "") {
        // Quick create: one integration behind the route key (default `$default`).
        const routeKey = str(prop(r, "routeKey"));
        const fromUri = lambdaFromUri(target);
        pushIntegration(out, r, "http", fromUri ?? { kind: "undetermined" }, "credentialsArn", "target", undefined, prop(r, "credentialsArn"), [
            { kind: "http", routeKey: typeof routeKey === "string" ? routeKey : "$default" },
        ]);
    }
    bodyInvocations(r, out, kind);
}

function bodyInvocations(r: StackResource, out: Extraction, apiKind: ApiKind | undefined): void {
    const parsed = parseBody(prop(r, "body"));
    switch (parsed.kind) {
        case "absent":
            return;
        case "unknown":
            out.unknownBody = "body";
            return;
        case "invalid":
            out.problems.push({ source: r, property: "body", problem: `body ${parsed.problem}` });
            return;
    }
    const walk = walkOpenApi(parsed.doc);
    for (const problem of walk.problems) {
        out.problems.push({ source: r, property: "body", problem: `body: ${problem}` });
    }
    const kind = apiKind ?? "rest";
    for (const op of walk.integrations) {
        const i = op.integration;
        const type = str(i.type);
        const target = typeof type === "string" && type.toUpperCase() === "AWS_PROXY" && kind !== "rest"
            ? v2Target(type, i.integrationSubtype, i.uri)
            : restTarget(type, i.uri);
        const route: Route =
            kind === "rest"
                ? { kind: "rest", method: op.method, path: op.path }
                : { kind: "http", routeKey: op.path === "$default" ? "$default" : `${op.method} ${op.path}` };
        if (target.kind === "not-lambda") {
            continue;
        }
        out.invocations.push({
            kind: "integration",
            source: r,
            credentialsProperty: `body: ${op.location}.credentials`,
            uriProperty: "body",
            credentials: classifyCredentials(i.credentials),
            target,
            selfContained: target.kind === "lambda",
            apiKind: kind,
            routes: [route],
            openApiSchemes: op.security,
        });
    }
    for (const a of walk.authorizers) {
        const auth = a.authorizer;
        const type = str(auth.type);
        const lambdaType = typeof type === "string" ? ["TOKEN", "REQUEST"].includes(type.toUpperCase()) : auth.authorizerUri !== undefined;
        if (!lambdaType) {
            continue;
        }
        out.invocations.push({
            kind: "authorizer",
            source: r,
            credentialsProperty: `body: ${a.location}.authorizerCredentials`,
            uriProperty: "body",
            credentials: classifyCredentials(auth.authorizerCredentials),
            target: authorizerTarget(auth.authorizerUri),
            selfContained: true,
            apiKind: kind,
            routes: [{ kind: "authorizer", authorizerId: "*" }],
            openApiSchemes: [a.name],
        });
    }
}

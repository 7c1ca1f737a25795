/**
 * Random inputs for the robustness classes of issue 12, as fast-check arbitraries: OpenAPI
 * bodies (JSON, YAML with anchors, alias bombs, $ref chains and cycles, fields of every type,
 * damaged text), resources whose properties have the wrong types, and policy pack configs
 * (misspelt keys and policy names, match-everything globs, impossible dates). Each case is a
 * whole engine run: a stack and a config, at preview or update.
 */
import * as fc from "fast-check";
import * as yaml from "js-yaml";
import type { PolicyPackConfigFile } from "../../engine/types";
import { fn, permission, restApi, restResource, restRoute, role, ACCOUNT, REGION } from "../harness/fixtures";
import { Mode, StackBuilder } from "../harness/stackBuilder";

export interface FuzzCase {
    kind: "body" | "resource" | "config";
    mode: Mode;
    /** Adds the case's resources to a stack that already holds `baseStack`'s; `id` keeps names unique. */
    add: (s: StackBuilder, id: string) => void;
    /** A config case runs alone under its config; other cases can share one run. */
    config?: PolicyPackConfigFile;
    /** A short description for failure reports. */
    label: string;
}

const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d`;
const LAMBDA_URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/invoker-1a2b3c`;
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Values of every JSON type (and the unknown marker), for fields that should be strings. */
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
    fc.constantFrom(7, 42, 12345, 0, -1, 1.5, true, false, null, [], {}, "", UNKNOWN, ["AWS_PROXY"], { a: 1 }),
    fc.string({ maxLength: 12 }),
    fc.integer(),
);

const integrationType = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("AWS_PROXY", "aws_proxy", "AWS", "HTTP", "MOCK", "HTTP_PROXY") }, { weight: 1, arbitrary: oddValue });
const uri = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(LAMBDA_URI, FN_ARN, `arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/q`, "https://example.com", "${stageVariables.fn}") },
    { weight: 1, arbitrary: oddValue },
);
const credentials = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(ROLE_ARN, "arn:aws:iam::*:user/*", "", undefined) },
    { weight: 1, arbitrary: oddValue },
);

function definedFields(o: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

const integration = fc.record({ type: integrationType, uri, credentials, integrationSubtype: fc.option(fc.constantFrom("SQS-SendMessage", 3), { nil: undefined }) }).map(definedFields);

const componentNames = ["A", "B", "C", "D"];
const pathNames = ["/a", "/b", "/c", "/pets/{id}", "$default"];
const escapePath = (p: string) => p.replace(/~/g, "~0").replace(/\//g, "~1");

/** A `$ref` somewhere in the document: to a component, a path, an operation, a scheme, or nowhere. */
const anyRef = fc.oneof(
    fc.constantFrom(...componentNames).map((n) => `#/components/x-amazon-apigateway-integrations/${n}`),
    fc.constantFrom(...pathNames).map((p) => `#/paths/${escapePath(p)}`),
    fc.constantFrom(...pathNames).map((p) => `#/paths/${escapePath(p)}/get`),
    fc.constantFrom("#/components/securitySchemes/auth", "#/components/securitySchemes/other", "#/nowhere", "other.yaml#/x", "#", "#/paths/%ZZ"),
    oddValue,
);

const integrationOrRef = fc.oneof({ weight: 3, arbitrary: integration }, { weight: 2, arbitrary: anyRef.map(($ref) => ({ $ref })) });

const operation = fc.oneof(
    { weight: 5, arbitrary: fc.record({ "x-amazon-apigateway-integration": integrationOrRef, security: fc.option(fc.constant([{ auth: [] }]), { nil: undefined }) }).map(definedFields) },
    { weight: 1, arbitrary: anyRef.map(($ref) => ({ $ref })) },
    { weight: 1, arbitrary: oddValue },
);

const pathItem = fc.oneof(
    { weight: 5, arbitrary: fc.dictionary(fc.constantFrom("get", "post", "PUT", "x-amazon-apigateway-any-method", "summary", "parameters"), operation, { maxKeys: 4 }) },
    { weight: 1, arbitrary: anyRef.map(($ref) => ({ $ref })) },
    { weight: 1, arbitrary: oddValue },
);

const authorizer = fc.record({ type: fc.oneof(fc.constantFrom("token", "request", "cognito_user_pools"), oddValue), authorizerUri: uri, authorizerCredentials: credentials }).map(definedFields);

const scheme = fc.oneof(
    fc.record({ type: fc.constant("apiKey"), "x-amazon-apigateway-authorizer": fc.oneof({ weight: 4, arbitrary: authorizer }, { weight: 1, arbitrary: oddValue }) }),
    anyRef.map(($ref) => ({ $ref })),
);

/** An OpenAPI document whose parts may point at each other in any way, cycles included. */
export const openApiDoc: fc.Arbitrary<Record<string, unknown>> = fc.record({
    openapi: fc.constant("3.0.1"),
    paths: fc.oneof({ weight: 8, arbitrary: fc.dictionary(fc.constantFrom(...pathNames), pathItem, { maxKeys: 5 }) }, { weight: 1, arbitrary: oddValue }),
    components: fc.record({
        "x-amazon-apigateway-integrations": fc.dictionary(fc.constantFrom(...componentNames), integrationOrRef, { maxKeys: 4 }),
        securitySchemes: fc.dictionary(fc.constantFrom("auth", "other"), scheme, { maxKeys: 2 }),
    }),
});

/** YAML whose anchors nest `depth` levels of `width` aliases each: width^depth values. */
export function aliasBomb(width: number, depth: number, tail = "paths: {}\n"): string {
    let text = `l0: &l0 [${Array(width).fill('"lol"').join(", ")}]\n`;
    for (let i = 1; i < depth; i++) {
        text += `l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(", ")}]\n`;
    }
    return text + tail;
}

/** Damages text: cuts it, or inserts characters that YAML and JSON both care about. */
const damage = (text: string) =>
    fc.oneof(
        fc.nat({ max: Math.max(0, text.length) }).map((n) => text.slice(0, n)),
        fc.tuple(fc.nat({ max: Math.max(0, text.length) }), fc.constantFrom("&", "*", ":", "\n  ", "{", "[", "\t", "\u0000", "\uFEFF", "!!", "<<: *x\n", "%YAML 1.1\n")).map(
            ([n, s]) => text.slice(0, n) + s + text.slice(n),
        ),
    );

/** A body as a provider would carry it: JSON or YAML text (anchors for shared parts), damaged text, a bomb, or an object. */
export const bodyValue: fc.Arbitrary<unknown> = fc.oneof(
    { weight: 3, arbitrary: openApiDoc.map((d) => JSON.stringify(d)) },
    { weight: 3, arbitrary: openApiDoc.map((d) => yaml.dump(shareParts(d), { noRefs: false, skipInvalid: true })) },
    { weight: 2, arbitrary: openApiDoc.chain((d) => damage(yaml.dump(d, { skipInvalid: true }))) },
    { weight: 2, arbitrary: fc.tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 })).map(([w, d]) => aliasBomb(w, d)) },
    {
        weight: 1,
        arbitrary: fc.tuple(fc.integer({ min: 2, max: 9 }), fc.integer({ min: 2, max: 9 })).map(([w, d]) =>
            aliasBomb(w, d, `paths:\n  /a:\n    get:\n      x-amazon-apigateway-integration: &i\n        type: aws_proxy\n        uri: ${LAMBDA_URI}\n        credentials: ${ROLE_ARN}\n        x: *l${d - 1}\n  /b:\n    get:\n      x-amazon-apigateway-integration: *i\n`),
        ),
    },
    { weight: 1, arbitrary: fc.constantFrom("a: &a [*a]\n", "a: &a {b: *a}\npaths: *a\n", "[".repeat(5000), "{}", "null", "[]", "42", '"str"', UNKNOWN) },
    { weight: 1, arbitrary: openApiDoc },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
);

/** Makes every integration object of the document one shared object, so yaml.dump writes anchors and aliases. */
function shareParts(d: Record<string, unknown>): Record<string, unknown> {
    const paths = d.paths;
    if (typeof paths !== "object" || paths === null || Array.isArray(paths)) {
        return d;
    }
    let shared: unknown;
    for (const item of Object.values(paths as Record<string, unknown>)) {
        if (typeof item === "object" && item !== null && !Array.isArray(item)) {
            for (const [k, op] of Object.entries(item as Record<string, unknown>)) {
                if (typeof op === "object" && op !== null && !Array.isArray(op) && "x-amazon-apigateway-integration" in op) {
                    shared ??= (op as Record<string, unknown>)["x-amazon-apigateway-integration"];
                    (item as Record<string, unknown>)[k] = { ...(op as object), "x-amazon-apigateway-integration": shared };
                }
            }
        }
    }
    return d;
}

const mode = fc.constantFrom<Mode>("preview", "update");

/** A stack with a role, a function, a REST route with a role and an API (REST, HTTP or aws-native) carrying the body. */
export const bodyCase: fc.Arbitrary<FuzzCase> = fc.record({ body: bodyValue, api: fc.constantFrom("rest", "http", "websocket", "native"), mode }).map(({ body, api, mode }) => {
    const add = (s: StackBuilder, id: string) => {
        const name = `body-api-${id}`;
        if (api === "rest") {
            s.add("aws:apigateway/restApi:RestApi", name, { inputs: { name, body }, computed: { id: "b0d1e2f3a4" } });
        } else if (api === "native") {
            s.add("aws-native:apigateway:RestApi", name, { inputs: { name, body }, computed: { restApiId: "b0d1e2f3a4" } });
        } else {
            s.add("aws:apigatewayv2/api:Api", name, { inputs: { name, protocolType: api === "http" ? "HTTP" : "WEBSOCKET", body }, computed: { id: "b0d1e2f3a4" } });
        }
    };
    return { kind: "body", mode, add, label: `${api} body ${JSON.stringify(body)?.slice(0, 300)}` };
});

/** Property names each type token's checks read, given random values of any type. */
const RESOURCE_PROPS: Record<string, string[]> = {
    "aws:apigateway/integration:Integration": ["type", "uri", "credentials", "restApi"],
    "aws-native:apigateway:Method": ["integration", "restApiId"],
    "aws:apigatewayv2/integration:Integration": ["integrationType", "integrationSubtype", "integrationUri", "credentialsArn", "apiId"],
    "aws:apigateway/authorizer:Authorizer": ["type", "authorizerUri", "authorizerCredentials", "restApi"],
    "aws:apigatewayv2/authorizer:Authorizer": ["authorizerType", "authorizerUri", "authorizerCredentialsArn", "apiId"],
    "aws:apigatewayv2/api:Api": ["protocolType", "target", "routeKey", "credentialsArn"],
    "aws:lambda/permission:Permission": ["action", "function", "principal", "sourceArn", "qualifier", "sourceAccount"],
    "aws:lambda/function:Function": ["name", "arn", "tags"],
};

const propValue = fc.oneof(integrationType, uri, credentials, oddValue, fc.constant(integrationLike()));
function integrationLike(): unknown {
    return { type: 7, uri: 42, credentials: 12345 };
}

/** One resource of a checked type whose properties hold anything, next to a well-formed route. */
export const resourceCase: fc.Arbitrary<FuzzCase> = fc
    .constantFrom(...Object.keys(RESOURCE_PROPS))
    .chain((type) => fc.record({ type: fc.constant(type), props: fc.record(Object.fromEntries(RESOURCE_PROPS[type].map((p) => [p, fc.option(propValue, { nil: undefined })]))), mode }))
    .map(({ type, props, mode }) => {
        const add = (s: StackBuilder, id: string) => void s.add(type, `odd-${id}`, { inputs: definedFields(props) });
        return { kind: "resource", mode, add, label: `${type} ${JSON.stringify(props).slice(0, 300)}` };
    });

const POLICIES = ["lambda-invoke-via-resource-policy", "lambda-permission-for-route", "lambda-permission-scoped"];
const KEYS = ["allowCallerCredentials", "fleetThreshold", "exemptions", "allowMatchAll", "externalFunctions", "adviseNarrowerScope", "budgetHeadroomBytes", "enforcementLevel"];

/** A misspelling: a letter dropped, doubled or swapped. */
const misspelt = (word: string) =>
    fc.nat({ max: word.length - 2 }).chain((i) =>
        fc.constantFrom(word.slice(0, i) + word.slice(i + 1), word.slice(0, i) + word[i] + word.slice(i), word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)),
    );

const glob = fc.oneof(fc.constantFrom("*", "**", "legacy-*", "pets*", "?", "urn:*", "sandbox-*", ""), fc.string({ maxLength: 8 }));
const date = fc.tuple(fc.integer({ min: 1999, max: 2100 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(
    ([y, m, d]) => `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`,
);
const exemption = fc
    .record({
        functions: fc.option(fc.array(glob, { maxLength: 2 }), { nil: undefined }),
        roles: fc.option(fc.array(glob, { maxLength: 2 }), { nil: undefined }),
        urns: fc.option(fc.array(glob, { maxLength: 2 }), { nil: undefined }),
        stacks: fc.option(fc.array(glob, { maxLength: 2 }), { nil: undefined }),
        tags: fc.option(fc.dictionary(fc.constantFrom("tier", "invoke-mode"), fc.oneof(fc.string({ maxLength: 4 }), oddValue), { maxKeys: 2 }), { nil: undefined }),
        reason: fc.oneof({ weight: 5, arbitrary: fc.constantFrom("migrating", "fleet") }, { weight: 1, arbitrary: oddValue }),
        expires: fc.option(fc.oneof(date, oddValue), { nil: undefined }),
        function: fc.option(fc.constant(["pets*"]), { nil: undefined }), // a misspelt selector
    })
    .map(definedFields);

const entryValue = fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom<unknown>("advisory", "mandatory", "disabled", "remediate", "strict", 1) },
    {
        weight: 5,
        arbitrary: fc
            .array(
                fc.tuple(
                    fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...KEYS) }, { weight: 2, arbitrary: fc.constantFrom(...KEYS).chain(misspelt) }),
                    fc.oneof(fc.boolean(), fc.integer({ min: -5, max: 500 }), fc.array(exemption, { maxLength: 3 }), fc.array(glob, { maxLength: 3 }), fc.constantFrom("advisory", "mandatory"), oddValue),
                ),
                { maxLength: 5 },
            )
            .map((pairs) => Object.fromEntries(pairs)),
    },
);

/** A policy pack config: real and misspelt policy names, each with levels or objects of any keys. */
export const configFile: fc.Arbitrary<PolicyPackConfigFile> = fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...POLICIES, "all") }, { weight: 1, arbitrary: fc.constantFrom(...POLICIES).chain(misspelt) }), entryValue), { maxLength: 4 })
    .map((pairs) => Object.fromEntries(pairs));

/** The base stack (a role-based route, a role-less route without permission, a broad permission) under a random config. */
export const configCase: fc.Arbitrary<FuzzCase> = fc.record({ config: configFile, mode }).map(({ config, mode }) => ({
    kind: "config" as const,
    mode,
    add: () => undefined,
    config,
    label: `config ${JSON.stringify(config).slice(0, 400)}`,
}));

/** Every class, mixed. */
export const anyCase: fc.Arbitrary<FuzzCase> = fc.oneof({ weight: 5, arbitrary: bodyCase }, { weight: 3, arbitrary: resourceCase }, { weight: 2, arbitrary: configCase });

/**
 * What every run holds besides its cases: a REST route invoking with a role (every policy has
 * something to say), a role-less route with no permission, and a permission scoped to nothing.
 */
export function baseStack(): StackBuilder {
    const s = new StackBuilder("dev");
    role(s, "invoker");
    fn(s, "pets");
    fn(s, "toys");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", role: "invoker" });
    restResource(s, "toys-res", "shop-api", "toys");
    restRoute(s, "get-toys", { api: "shop-api", resource: "toys-res", method: "GET", function: "toys" });
    permission(s, "broad", { function: "pets", sourceArn: "arn:aws:execute-api:*:*:*" });
    return s;
}

/** One engine run's cases: a config case alone, or up to `batch` other cases of the same mode. */
export interface FuzzRun {
    mode: Mode;
    cases: FuzzCase[];
    config?: PolicyPackConfigFile;
}

/** Groups cases (in order) into runs. */
export function groupRuns(cases: FuzzCase[], batch: number): FuzzRun[] {
    const runs: FuzzRun[] = [];
    const open: Partial<Record<Mode, FuzzRun>> = {};
    for (const c of cases) {
        if (c.kind === "config") {
            runs.push({ mode: c.mode, cases: [c], config: c.config });
            continue;
        }
        let run = open[c.mode];
        if (!run || run.cases.length >= batch) {
            run = { mode: c.mode, cases: [] };
            open[c.mode] = run;
            runs.push(run);
        }
        run.cases.push(c);
    }
    return runs;
}

/** The resources of a run: the base stack plus each case's, names suffixed by the case's index. */
export function runResources(run: FuzzRun) {
    const s = baseStack();
    run.cases.forEach((c, i) => c.add(s, String(i)));
    return s.build(run.mode);
}

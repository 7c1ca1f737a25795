/**
 * Per-resource extraction (what Analyze can see): every API Gateway -> Lambda invocation each
 * Pulumi type token of AWS.md ("Pulumi type tokens and properties") declares, at update (all known;
 * unset strings as "") and at preview (computed values unknown).
 */
import * as assert from "assert";
import { Credentials } from "../../core/credentials";
import { ApiKind, Route } from "../../core/executeApi";
import { Invocation, Target, declaresInvocations, extractInvocations } from "../../core/invocations";
import { LambdaFunctionRef } from "../../core/lambdaUri";
import type { StackResource } from "../../core/stack";
import { Obj, Unknown, Value } from "../../core/values";

const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:pets";
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const ALIAS_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}:live/invocations`;
const ROLE = "arn:aws:iam::123456789012:role/invoker";
const CALLER = "arn:aws:iam::*:user/*";

const PETS: LambdaFunctionRef = {
    functionArn: FN_ARN,
    partition: "aws",
    region: "us-east-1",
    account: "123456789012",
    name: "pets",
    qualifier: undefined,
    stageVariable: false,
};

function resource(type: string, props: Value, name = "it"): StackResource {
    return { urn: `urn:pulumi:dev::shop::${type}::${name}`, type, name, props, dependencies: [], propertyDependencies: {} };
}

/** What a user reads off an invocation. */
interface Seen {
    kind: Invocation["kind"];
    credentials: Credentials;
    credentialsProperty: string;
    uriProperty: string;
    apiProperty?: string;
    target: Target;
    selfContained: boolean;
    apiKind?: ApiKind;
    routes: Route[];
}

function seen(inv: Invocation): Seen {
    const s: Seen = {
        kind: inv.kind,
        credentials: inv.credentials,
        credentialsProperty: inv.credentialsProperty,
        uriProperty: inv.uriProperty,
        target: inv.target,
        selfContained: inv.selfContained,
        routes: inv.routes,
    };
    if (inv.apiProperty !== undefined) s.apiProperty = inv.apiProperty;
    if (inv.apiKind !== undefined) s.apiKind = inv.apiKind;
    return s;
}

const lambda = (fn?: LambdaFunctionRef): Target => (fn ? { kind: "lambda", fn, functionUrns: [] } : { kind: "lambda", functionUrns: [] });
const role = (arn: string | typeof Unknown = ROLE): Credentials => ({ kind: "role", arn });
const none: Credentials = { kind: "none" };

interface Case {
    why: string;
    type: string;
    props: Value;
    name?: string;
    expected: Seen[];
    problems?: string[];
}

const restIntegration = (over: Partial<Seen> = {}): Seen => ({
    kind: "integration",
    credentials: role(),
    credentialsProperty: "credentials",
    uriProperty: "uri",
    apiProperty: "restApi",
    target: lambda(PETS),
    selfContained: true,
    apiKind: "rest",
    routes: [],
    ...over,
});

const v2Integration = (over: Partial<Seen> = {}): Seen => ({
    kind: "integration",
    credentials: role(),
    credentialsProperty: "credentialsArn",
    uriProperty: "integrationUri",
    apiProperty: "apiId",
    target: lambda(PETS),
    selfContained: true,
    routes: [],
    ...over,
});

const cases: Case[] = [
    // aws:apigateway/integration:Integration
    {
        why: "a REST AWS_PROXY integration with a role (update)",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS_PROXY", uri: URI, credentials: ROLE, integrationHttpMethod: "POST", httpMethod: "GET", restApi: "abc123", resourceId: "r1" },
        expected: [restIntegration()],
    },
    {
        why: "a REST AWS_PROXY integration without credentials (update: credentials is \"\")",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS_PROXY", uri: URI, credentials: "", integrationHttpMethod: "POST" },
        expected: [restIntegration({ credentials: none })],
    },
    {
        why: "a REST AWS_PROXY integration with caller pass-through",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS_PROXY", uri: URI, credentials: CALLER },
        expected: [restIntegration({ credentials: { kind: "caller", value: CALLER } })],
    },
    {
        why: "a REST AWS_PROXY integration to an alias",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS_PROXY", uri: ALIAS_URI, credentials: ROLE },
        expected: [restIntegration({ target: lambda({ ...PETS, qualifier: "live" }) })],
    },
    {
        why: "a REST AWS_PROXY integration at preview (uri unknown, role known)",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS_PROXY", uri: Unknown, credentials: ROLE },
        expected: [restIntegration({ target: lambda() })],
    },
    {
        why: "a REST AWS_PROXY integration at preview (role unknown)",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS_PROXY", uri: Unknown, credentials: Unknown },
        expected: [restIntegration({ target: lambda(), credentials: role(Unknown) })],
    },
    {
        why: "a REST AWS (non-proxy) integration to Lambda",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS", uri: URI, credentials: ROLE },
        expected: [restIntegration()],
    },
    {
        why: "a REST AWS integration at preview (unknown uri: Lambda or another service?)",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS", uri: Unknown, credentials: ROLE },
        expected: [restIntegration({ target: { kind: "undetermined" }, selfContained: false })],
    },
    {
        why: "a REST AWS integration to S3",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS", uri: "arn:aws:apigateway:us-east-1:s3:path/bucket/{key}", credentials: ROLE },
        expected: [],
    },
    {
        why: "a REST AWS integration to SQS",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS", uri: "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders", credentials: ROLE },
        expected: [],
    },
    {
        why: "a REST AWS integration to Step Functions",
        type: "aws:apigateway/integration:Integration",
        props: { type: "AWS", uri: "arn:aws:apigateway:us-east-1:states:action/StartExecution", credentials: ROLE },
        expected: [],
    },
    { why: "a REST HTTP_PROXY integration", type: "aws:apigateway/integration:Integration", props: { type: "HTTP_PROXY", uri: "https://example.com" }, expected: [] },
    { why: "a REST MOCK integration", type: "aws:apigateway/integration:Integration", props: { type: "MOCK" }, expected: [] },
    {
        why: "a REST integration in aws-cn with a role",
        type: "aws:apigateway/integration:Integration",
        props: {
            type: "AWS_PROXY",
            uri: "arn:aws-cn:apigateway:cn-north-1:lambda:path/2015-03-31/functions/arn:aws-cn:lambda:cn-north-1:123456789012:function:pets/invocations",
            credentials: "arn:aws-cn:iam::123456789012:role/invoker",
        },
        expected: [
            restIntegration({
                credentials: role("arn:aws-cn:iam::123456789012:role/invoker"),
                target: lambda({ ...PETS, functionArn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:pets", partition: "aws-cn", region: "cn-north-1" }),
            }),
        ],
    },
    {
        why: "a REST integration whose function comes from a stage variable",
        type: "aws:apigateway/integration:Integration",
        props: {
            type: "AWS_PROXY",
            uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}/invocations",
            credentials: "arn:aws:iam::123456789012:${stageVariables.role}",
        },
        expected: [
            restIntegration({
                credentials: role("arn:aws:iam::123456789012:${stageVariables.role}"),
                target: lambda({ ...PETS, functionArn: "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}", name: "${stageVariables.fn}", stageVariable: true }),
            }),
        ],
    },

    // aws-native:apigateway:Method
    {
        why: "an aws-native REST Method with an AWS_PROXY integration and a role",
        type: "aws-native:apigateway:Method",
        props: { httpMethod: "GET", restApiId: "abc123", resourceId: "r1", integration: { type: "AWS_PROXY", uri: URI, credentials: ROLE, integrationHttpMethod: "POST" } },
        expected: [restIntegration({ credentialsProperty: "integration.credentials", uriProperty: "integration", apiProperty: "restApiId" })],
    },
    {
        why: "an aws-native REST Method at preview (integration uri unknown)",
        type: "aws-native:apigateway:Method",
        props: { httpMethod: "GET", restApiId: Unknown, resourceId: Unknown, integration: { type: "AWS_PROXY", uri: Unknown, credentials: ROLE } },
        expected: [restIntegration({ credentialsProperty: "integration.credentials", uriProperty: "integration", apiProperty: "restApiId", target: lambda() })],
    },
    {
        why: "an aws-native REST Method without credentials",
        type: "aws-native:apigateway:Method",
        props: { httpMethod: "GET", integration: { type: "AWS_PROXY", uri: URI } },
        expected: [restIntegration({ credentials: none, credentialsProperty: "integration.credentials", uriProperty: "integration", apiProperty: "restApiId" })],
    },
    { why: "an aws-native REST Method without an integration", type: "aws-native:apigateway:Method", props: { httpMethod: "GET" }, expected: [] },
    { why: "an aws-native REST Method with a MOCK integration", type: "aws-native:apigateway:Method", props: { httpMethod: "OPTIONS", integration: { type: "MOCK" } }, expected: [] },

    // aws:apigatewayv2/integration:Integration
    {
        why: "an HTTP AWS_PROXY integration without a subtype whose URI cannot be read (still Lambda)",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationUri: "${stageVariables.fn}", credentialsArn: ROLE },
        expected: [v2Integration({ target: lambda() })],
    },
    {
        why: "an HTTP AWS_PROXY integration with a role (update: integrationSubtype is \"\")",
        type: "aws:apigatewayv2/integration:Integration",
        props: { apiId: "abc123", integrationType: "AWS_PROXY", integrationSubtype: "", integrationUri: FN_ARN, credentialsArn: ROLE },
        expected: [v2Integration()],
    },
    {
        why: "an HTTP AWS_PROXY integration given an invocations URI",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationUri: URI, credentialsArn: ROLE },
        expected: [v2Integration()],
    },
    {
        why: "an HTTP AWS_PROXY integration without credentials (update: credentialsArn is \"\")",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationSubtype: "", integrationUri: FN_ARN, credentialsArn: "" },
        expected: [v2Integration({ credentials: none })],
    },
    {
        why: "an HTTP AWS_PROXY integration at preview (uri unknown)",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationUri: Unknown, credentialsArn: ROLE },
        expected: [v2Integration({ target: lambda() })],
    },
    {
        why: "an HTTP AWS_PROXY integration with an integrationSubtype (SQS-SendMessage)",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationSubtype: "SQS-SendMessage", credentialsArn: ROLE },
        expected: [],
    },
    {
        why: "an HTTP AWS_PROXY integration with an integrationSubtype (StepFunctions-StartExecution)",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationSubtype: "StepFunctions-StartExecution", credentialsArn: ROLE },
        expected: [],
    },
    { why: "an HTTP_PROXY integration", type: "aws:apigatewayv2/integration:Integration", props: { integrationType: "HTTP_PROXY", integrationUri: "https://example.com" }, expected: [] },
    {
        why: "a WebSocket AWS (non-proxy) integration to Lambda",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS", integrationUri: URI, credentialsArn: ROLE },
        expected: [v2Integration()],
    },
    {
        why: "a WebSocket AWS integration at preview (unknown uri)",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS", integrationUri: Unknown, credentialsArn: ROLE },
        expected: [v2Integration({ target: { kind: "undetermined" }, selfContained: false })],
    },
    {
        why: "an HTTP AWS_PROXY integration to an alias with caller pass-through in aws-us-gov",
        type: "aws:apigatewayv2/integration:Integration",
        props: { integrationType: "AWS_PROXY", integrationUri: "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:pets:live", credentialsArn: "arn:aws-us-gov:iam::*:user/*" },
        expected: [
            v2Integration({
                credentials: { kind: "caller", value: "arn:aws-us-gov:iam::*:user/*" },
                target: lambda({ ...PETS, functionArn: "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:pets", partition: "aws-us-gov", region: "us-gov-west-1", qualifier: "live" }),
            }),
        ],
    },

    // aws-native:apigatewayv2:Integration
    {
        why: "an aws-native v2 AWS_PROXY integration with a role",
        type: "aws-native:apigatewayv2:Integration",
        props: { apiId: "abc123", integrationType: "AWS_PROXY", integrationUri: URI, credentialsArn: ROLE },
        expected: [v2Integration()],
    },
    {
        why: "an aws-native v2 integration at preview (role unknown)",
        type: "aws-native:apigatewayv2:Integration",
        props: { apiId: Unknown, integrationType: "AWS_PROXY", integrationUri: Unknown, credentialsArn: Unknown },
        expected: [v2Integration({ target: lambda(), credentials: role(Unknown) })],
    },

    // aws:apigateway/authorizer:Authorizer
    {
        why: "a REST TOKEN authorizer with a role (update: id known)",
        type: "aws:apigateway/authorizer:Authorizer",
        name: "token-auth",
        props: { id: "auth42", restApi: "abc123", type: "TOKEN", authorizerUri: URI, authorizerCredentials: ROLE },
        expected: [
            {
                kind: "authorizer",
                credentials: role(),
                credentialsProperty: "authorizerCredentials",
                uriProperty: "authorizerUri",
                apiProperty: "restApi",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "rest",
                routes: [{ kind: "authorizer", authorizerId: "auth42" }],
            },
        ],
    },
    {
        why: "a REST authorizer without a type (TOKEN is the default) at preview",
        type: "aws:apigateway/authorizer:Authorizer",
        name: "token-auth",
        props: { id: Unknown, restApi: Unknown, authorizerUri: Unknown, authorizerCredentials: ROLE },
        expected: [
            {
                kind: "authorizer",
                credentials: role(),
                credentialsProperty: "authorizerCredentials",
                uriProperty: "authorizerUri",
                apiProperty: "restApi",
                target: lambda(),
                selfContained: true,
                apiKind: "rest",
                routes: [{ kind: "authorizer", authorizerId: "${token-auth.id}" }],
            },
        ],
    },
    {
        why: "a REST REQUEST authorizer without credentials (update: \"\")",
        type: "aws:apigateway/authorizer:Authorizer",
        props: { id: "auth42", type: "REQUEST", authorizerUri: URI, authorizerCredentials: "" },
        expected: [
            {
                kind: "authorizer",
                credentials: none,
                credentialsProperty: "authorizerCredentials",
                uriProperty: "authorizerUri",
                apiProperty: "restApi",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "rest",
                routes: [{ kind: "authorizer", authorizerId: "auth42" }],
            },
        ],
    },
    {
        why: "a REST COGNITO_USER_POOLS authorizer (invokes no function)",
        type: "aws:apigateway/authorizer:Authorizer",
        props: { type: "COGNITO_USER_POOLS", providerArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/x"] },
        expected: [],
    },

    // aws-native:apigateway:Authorizer
    {
        why: "an aws-native REST authorizer with a role",
        type: "aws-native:apigateway:Authorizer",
        props: { authorizerId: "auth42", restApiId: "abc123", type: "TOKEN", authorizerUri: URI, authorizerCredentials: ROLE },
        expected: [
            {
                kind: "authorizer",
                credentials: role(),
                credentialsProperty: "authorizerCredentials",
                uriProperty: "authorizerUri",
                apiProperty: "restApiId",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "rest",
                routes: [{ kind: "authorizer", authorizerId: "auth42" }],
            },
        ],
    },
    { why: "an aws-native Cognito authorizer", type: "aws-native:apigateway:Authorizer", props: { type: "COGNITO_USER_POOLS" }, expected: [] },

    // aws:apigatewayv2/authorizer:Authorizer
    {
        why: "an HTTP REQUEST authorizer with a role",
        type: "aws:apigatewayv2/authorizer:Authorizer",
        props: { id: "auth42", apiId: "abc123", authorizerType: "REQUEST", authorizerUri: URI, authorizerCredentialsArn: ROLE },
        expected: [
            {
                kind: "authorizer",
                credentials: role(),
                credentialsProperty: "authorizerCredentialsArn",
                uriProperty: "authorizerUri",
                apiProperty: "apiId",
                target: lambda(PETS),
                selfContained: true,
                routes: [{ kind: "authorizer", authorizerId: "auth42" }],
            },
        ],
    },
    { why: "an HTTP JWT authorizer", type: "aws:apigatewayv2/authorizer:Authorizer", props: { authorizerType: "JWT", jwtConfiguration: { issuer: "https://x" } }, expected: [] },

    // aws-native:apigatewayv2:Authorizer
    {
        why: "an aws-native v2 REQUEST authorizer at preview",
        type: "aws-native:apigatewayv2:Authorizer",
        name: "ws-auth",
        props: { apiId: Unknown, authorizerType: "REQUEST", authorizerUri: Unknown, authorizerCredentialsArn: Unknown },
        expected: [
            {
                kind: "authorizer",
                credentials: role(Unknown),
                credentialsProperty: "authorizerCredentialsArn",
                uriProperty: "authorizerUri",
                apiProperty: "apiId",
                target: lambda(),
                selfContained: true,
                routes: [{ kind: "authorizer", authorizerId: "${ws-auth.id}" }],
            },
        ],
    },

    // aws:apigatewayv2/api:Api (quick create) and aws-native:apigatewayv2:Api
    {
        why: "an HTTP API quick create with a target and a role",
        type: "aws:apigatewayv2/api:Api",
        props: { protocolType: "HTTP", target: FN_ARN, credentialsArn: ROLE },
        expected: [
            {
                kind: "integration",
                credentials: role(),
                credentialsProperty: "credentialsArn",
                uriProperty: "target",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "http",
                routes: [{ kind: "http", routeKey: "$default" }],
            },
        ],
    },
    {
        why: "an HTTP API quick create with a route key at preview (target unknown)",
        type: "aws:apigatewayv2/api:Api",
        props: { protocolType: "HTTP", target: Unknown, routeKey: "GET /pets", credentialsArn: "" },
        expected: [
            {
                kind: "integration",
                credentials: none,
                credentialsProperty: "credentialsArn",
                uriProperty: "target",
                target: { kind: "undetermined" },
                selfContained: false,
                apiKind: "http",
                routes: [{ kind: "http", routeKey: "GET /pets" }],
            },
        ],
    },
    {
        why: "an HTTP API without quick create or body (update: target \"\")",
        type: "aws:apigatewayv2/api:Api",
        props: { protocolType: "HTTP", target: "", credentialsArn: "", body: "", routeKey: "" },
        expected: [],
    },
    { why: "a WebSocket API", type: "aws:apigatewayv2/api:Api", props: { protocolType: "WEBSOCKET", routeSelectionExpression: "$request.body.action" }, expected: [] },
    {
        why: "an aws-native HTTP API quick create with a role",
        type: "aws-native:apigatewayv2:Api",
        props: { protocolType: "HTTP", target: URI, credentialsArn: ROLE },
        expected: [
            {
                kind: "integration",
                credentials: role(),
                credentialsProperty: "credentialsArn",
                uriProperty: "target",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "http",
                routes: [{ kind: "http", routeKey: "$default" }],
            },
        ],
    },
    {
        why: "an aws-native HTTP API with an object body",
        type: "aws-native:apigatewayv2:Api",
        props: { protocolType: "HTTP", body: { paths: { "/pets": { get: { "x-amazon-apigateway-integration": { type: "AWS_PROXY", uri: URI, credentials: ROLE } } } } } },
        expected: [
            {
                kind: "integration",
                credentials: role(),
                credentialsProperty: 'body: paths["/pets"].get.x-amazon-apigateway-integration.credentials',
                uriProperty: "body",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "http",
                routes: [{ kind: "http", routeKey: "GET /pets" }],
            },
        ],
    },

    // aws:apigateway/restApi:RestApi and aws-native:apigateway:RestApi
    {
        why: "a REST API with a JSON body",
        type: "aws:apigateway/restApi:RestApi",
        props: { body: JSON.stringify({ paths: { "/": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI, credentials: ROLE } } } } }) },
        expected: [
            {
                kind: "integration",
                credentials: role(),
                credentialsProperty: 'body: paths["/"].get.x-amazon-apigateway-integration.credentials',
                uriProperty: "body",
                target: lambda(PETS),
                selfContained: true,
                apiKind: "rest",
                routes: [{ kind: "rest", method: "GET", path: "/" }],
            },
        ],
    },
    { why: "a REST API without a body (update: \"\")", type: "aws:apigateway/restApi:RestApi", props: { body: "", name: "shop" }, expected: [] },
    {
        why: "an aws-native REST API with an object body and no Lambda",
        type: "aws-native:apigateway:RestApi",
        props: { body: { paths: { "/": { get: { "x-amazon-apigateway-integration": { type: "mock" } } } } } },
        expected: [],
    },
];

const NOT_DECLARING = [
    "aws:apigatewayv2/route:Route",
    "aws:lambda/permission:Permission",
    "aws:lambda/function:Function",
    "aws:apigateway/method:Method",
    "aws:apigateway/resource:Resource",
    "aws-native:lambda:Permission",
    "aws:iam/role:Role",
    "pulumi:pulumi:Stack",
];

describe("core/invocations", () => {
    describe("extractInvocations, per type token", () => {
        for (const c of cases) {
            it(`given ${c.why} (${c.type}), when extracted, then ${c.expected.length === 0 ? "no invocation is found" : `${c.expected.length} invocation(s) as expected`}`, () => {
                const e = extractInvocations(resource(c.type, c.props, c.name));
                assert.deepStrictEqual(e.problems.map((p) => p.problem), c.problems ?? []);
                assert.deepStrictEqual(e.invocations.map(seen), c.expected);
            });
        }

        it("given the extracted invocation, when its source is read, then it is the resource itself", () => {
            const r = resource("aws:apigateway/integration:Integration", { type: "AWS_PROXY", uri: URI, credentials: ROLE });
            assert.strictEqual(extractInvocations(r).invocations[0].source, r);
        });
    });

    describe("declaresInvocations", () => {
        const declaring = [...new Set(cases.map((c) => c.type))];
        it("given the table above, when its type tokens are counted, then all twelve declaring tokens are covered", () => {
            assert.strictEqual(declaring.length, 12);
        });
        for (const type of declaring) {
            it(`given ${type}, when asked, then it can declare an invocation`, () => {
                assert.strictEqual(declaresInvocations(type), true);
            });
        }
        for (const type of NOT_DECLARING) {
            it(`given ${type}, when asked, then it declares none and extraction finds nothing`, () => {
                assert.strictEqual(declaresInvocations(type), false);
                assert.deepStrictEqual(extractInvocations(resource(type, { sourceArn: URI, credentials: ROLE })), { invocations: [], problems: [] });
            });
        }
    });

    describe("robustness", () => {
        const declaring = [...new Set(cases.map((c) => c.type))];
        for (const type of declaring) {
            it(`given ${type} whose whole props are unknown, when extracted, then it does not throw and names no unknown marker`, () => {
                const e = extractInvocations(resource(type, Unknown));
                assert.ok(Array.isArray(e.invocations));
                assert.doesNotMatch(JSON.stringify(e.problems.map((p) => p.problem)), /04da6b54|undefined/);
            });
        }

        it("given props whose read throws inside the extractor, when extracted, then it is a problem on the resource, not an exception", () => {
            const props = {
                type: "AWS_PROXY",
                get uri(): Value {
                    throw new Error("boom");
                },
            } as unknown as Obj;
            const e = extractInvocations(resource("aws:apigateway/integration:Integration", props));
            assert.deepStrictEqual(e.invocations, []);
            assert.deepStrictEqual(e.problems.map((p) => [p.property, p.problem]), [["(all)", "could not be analysed: boom"]]);
        });
    });
});

/**
 * lambda-invoke-via-resource-policy, through the built pack over the engine's gRPC protocol,
 * at preview (first preview: every computed value unknown) and at update (values known).
 * Each case lists every finding of this policy that a user must see, and only those.
 */
import * as assert from "assert";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { ACCOUNT, REGION, fn, httpApi, permission, restApi, restResource, restRoute, role, v2Route } from "../harness/fixtures";
import { Mode, StackBuilder, UNKNOWN } from "../harness/stackBuilder";
import { analyze } from "../harness/pack";
import { Expected, assertFindings, findingsOf } from "../harness/expect";

interface Case {
    title: string;
    build(s: StackBuilder): void;
    config?: Record<string, unknown>;
    stack?: string;
    /** Same expectation at preview and update unless split. */
    expect: Expected[] | { preview: Expected[]; update: Expected[] };
}

const EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5`;

/** The once-per-stack notice of a deferred body check: advisory, severity low, on the stack. */
const DEFERRED_BODY: Expected = {
    resource: "(stack)",
    level: "advisory",
    severity: "low",
    includes: ['1 check was deferred at this preview', '"body-api" (aws:apigateway/restApi:RestApi) body', "checked at update", "deferredNotices"],
};
const PER_RESOURCE = { [INVOKE_POLICY_NAME]: { fleetThreshold: 0 } };

function restWithRole(s: StackBuilder, opts: { role?: string; credentials?: string; type?: "AWS_PROXY" | "AWS" } = { role: "invoker" }) {
    if (opts.role) {
        role(s, opts.role);
    }
    fn(s, "pets");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", ...opts });
}

const cases: Case[] = [
    {
        title: "REST AWS_PROXY integration with a role, default config: reported once, by AnalyzeStack",
        build: (s) => restWithRole(s),
        expect: {
            preview: [{
                resource: "get-pets",
                level: "mandatory",
                phase: "analyzeStack",
                includes: [
                    'IAM role "invoker" (ARN known after create)',
                    "Route: GET /pets",
                    "API: shop-api (REST API)",
                    "Property: credentials",
                    "STS AssumeRole per request: 1 now, 0 after the fix",
                    'sourceArn "${shop-api.executionArn}/*/GET/pets"',
                    'Lambda function "pets" (name known after create)',
                ],
            }],
            update: [{
                resource: "get-pets",
                level: "mandatory",
                phase: "analyzeStack",
                includes: [`IAM role "arn:aws:iam::${ACCOUNT}:role/invoker-1a2b3c"`, `sourceArn "${EXEC}/*/GET/pets"`, 'Lambda function "pets-9f8e7d"'],
            }],
        },
    },
    {
        title: "REST AWS_PROXY integration with a role, fleetThreshold 0: reported once, by Analyze (blocks the resource)",
        build: (s) => restWithRole(s),
        config: PER_RESOURCE,
        expect: [{ resource: "get-pets", level: "mandatory", phase: "analyze", includes: ["Property: credentials", "1 now, 0 after the fix"] }],
    },
    {
        title: "REST integration without credentials: nothing",
        build: (s) => restWithRole(s, {}),
        expect: [],
    },
    {
        title: "REST AWS (non-proxy) integration with a Lambda URI and a role: recognised at preview through the uri's dependency on the Function",
        build: (s) => restWithRole(s, { role: "invoker", type: "AWS" }),
        config: PER_RESOURCE,
        expect: {
            preview: [{ resource: "get-pets", level: "mandatory", phase: "analyzeStack" }],
            update: [{ resource: "get-pets", level: "mandatory", phase: "analyze" }],
        },
    },
    {
        title: "REST AWS integration to S3 with a role: not Lambda, nothing",
        build: (s) => {
            role(s, "s3-reader");
            restApi(s, "shop-api");
            s.add("aws:apigateway/integration:Integration", "get-object", {
                inputs: {
                    restApi: s.ref("shop-api", "id"),
                    resourceId: s.ref("shop-api", "rootResourceId"),
                    httpMethod: "GET",
                    type: "AWS",
                    integrationHttpMethod: "GET",
                    uri: `arn:aws:apigateway:${REGION}:s3:path/my-bucket/index.html`,
                    credentials: s.ref("s3-reader", "arn"),
                },
            });
        },
        expect: [],
    },
    {
        title: "caller pass-through credentials: accepted by default",
        build: (s) => restWithRole(s, { credentials: "arn:aws:iam::*:user/*" }),
        expect: [],
    },
    {
        title: "caller pass-through credentials with allowCallerCredentials false: reported, no STS call",
        build: (s) => restWithRole(s, { credentials: "arn:aws:iam::*:user/*" }),
        config: { [INVOKE_POLICY_NAME]: { allowCallerCredentials: false } },
        expect: [{ resource: "get-pets", level: "mandatory", includes: ["caller's own IAM identity", "0 now, 0 after the fix", "allowCallerCredentials"] }],
    },
    {
        title: "HTTP API AWS_PROXY integration with credentialsArn: reported with its route",
        build: (s) => {
            role(s, "invoker");
            fn(s, "orders");
            httpApi(s, "orders-api");
            v2Route(s, "list-orders", { api: "orders-api", routeKey: "GET /orders/{id}", function: "orders", role: "invoker" });
        },
        expect: {
            preview: [{ resource: "list-orders", level: "mandatory", includes: ["Route: GET /orders/{id}", "API: orders-api (HTTP API)", "Property: credentialsArn", 'sourceArn "${orders-api.executionArn}/*/GET/orders/*"'] }],
            update: [{ resource: "list-orders", level: "mandatory", includes: [`sourceArn "arn:aws:execute-api:${REGION}:${ACCOUNT}:h1t2t3p4a5/*/GET/orders/*"`] }],
        },
    },
    {
        title: "HTTP API $default route: the fix names .../*/$default",
        build: (s) => {
            role(s, "invoker");
            fn(s, "catch-all");
            httpApi(s, "orders-api");
            v2Route(s, "default", { api: "orders-api", routeKey: "$default", function: "catch-all", role: "invoker" });
        },
        expect: [{ resource: "default", level: "mandatory", includes: ["Route: $default", '/*/$default"'] }],
    },
    {
        title: "HTTP API integration with an integrationSubtype (SQS) and a role: not Lambda, nothing",
        build: (s) => {
            role(s, "sqs-sender");
            fn(s, "unused");
            httpApi(s, "orders-api");
            v2Route(s, "enqueue", { api: "orders-api", routeKey: "POST /orders", function: "unused", role: "sqs-sender", integrationSubtype: "SQS-SendMessage" });
        },
        expect: [],
    },
    {
        title: "WebSocket AWS integration with a Lambda URI and a role: reported with its route key",
        build: (s) => {
            role(s, "invoker");
            fn(s, "connect");
            httpApi(s, "chat", "w1s2s3a4p5", "WEBSOCKET");
            v2Route(s, "on-connect", { api: "chat", routeKey: "$connect", function: "connect", role: "invoker", integrationType: "AWS", uriOutput: "invokeArn" });
        },
        config: PER_RESOURCE,
        expect: {
            preview: [{ resource: "on-connect", level: "mandatory", phase: "analyzeStack", includes: ["Route: $connect", "API: chat (WebSocket API)", '/*/$connect"'] }],
            update: [{ resource: "on-connect", level: "mandatory", phase: "analyze" }],
        },
    },
    {
        title: "HTTP quick create (Api target) with credentialsArn: reported on the Api for $default",
        build: (s) => {
            role(s, "invoker");
            fn(s, "quick");
            httpApi(s, "quick-api", "q1u2i3c4k5", "HTTP", { target: s.ref("quick", "arn"), credentialsArn: s.ref("invoker", "arn") });
        },
        expect: [{ resource: "quick-api", level: "mandatory", includes: ["Route: $default", "Property: credentialsArn"] }],
    },
    {
        title: "REST Lambda authorizer with its own role, integration with another role: two AssumeRole calls per request",
        build: (s) => {
            role(s, "invoker");
            role(s, "auth-invoker");
            fn(s, "pets");
            fn(s, "auth");
            restApi(s, "shop-api");
            restResource(s, "pets-res", "shop-api", "pets");
            s.add("aws:apigateway/authorizer:Authorizer", "token-auth", {
                inputs: {
                    restApi: s.ref("shop-api", "id"),
                    type: "TOKEN",
                    authorizerUri: s.ref("auth", "invokeArn"),
                    authorizerCredentials: s.ref("auth-invoker", "arn"),
                },
                computed: { id: "auth123" },
            });
            restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", role: "invoker", authorizer: "token-auth" });
        },
        expect: {
            preview: [
                { resource: "token-auth", level: "mandatory", includes: ["Lambda authorizer", "Property: authorizerCredentials", '"${shop-api.executionArn}/authorizers/${token-auth.id}"'] },
                { resource: "get-pets", level: "mandatory", includes: ["2 now, 1 after the fix", "two AssumeRole calls"] },
            ],
            update: [
                { resource: "token-auth", level: "mandatory", includes: [`"${EXEC}/authorizers/auth123"`] },
                { resource: "get-pets", level: "mandatory", includes: ["2 now, 1 after the fix"] },
            ],
        },
    },
    {
        title: "HTTP REQUEST authorizer with a role is reported; a JWT authorizer is not",
        build: (s) => {
            role(s, "invoker");
            fn(s, "auth");
            httpApi(s, "orders-api");
            s.add("aws:apigatewayv2/authorizer:Authorizer", "req-auth", {
                inputs: { apiId: s.ref("orders-api", "id"), authorizerType: "REQUEST", authorizerUri: s.ref("auth", "invokeArn"), authorizerCredentialsArn: s.ref("invoker", "arn") },
                computed: { id: "au1" },
            });
            s.add("aws:apigatewayv2/authorizer:Authorizer", "jwt-auth", {
                inputs: { apiId: s.ref("orders-api", "id"), authorizerType: "JWT", jwtConfiguration: { audiences: ["x"], issuer: "https://issuer" } },
                computed: { id: "au2" },
            });
        },
        expect: [{ resource: "req-auth", level: "mandatory", includes: ["Property: authorizerCredentialsArn"] }],
    },
    {
        title: "REST OpenAPI body (JSON, known at preview) with role credentials on an integration and an authorizer",
        build: (s) => restApi(s, "body-api", "b0dy000001", JSON.stringify(restBody)),
        expect: [
            { resource: "body-api", level: "mandatory", includes: ['paths["/pets/{petId}"].get.x-amazon-apigateway-integration.credentials', "Route: GET /pets/{petId}", "/*/GET/pets/*"] },
            { resource: "body-api", level: "mandatory", includes: ['securitySchemes["lambda-auth"].x-amazon-apigateway-authorizer.authorizerCredentials'] },
        ],
    },
    {
        title: "REST OpenAPI body built from unknown ARNs: advisory at preview, findings at update",
        build: (s) => {
            role(s, "invoker");
            fn(s, "pets");
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: { name: "body-api", body: s.interp`{"openapi":"3.0.1","paths":{"/pets":{"get":{"x-amazon-apigateway-integration":{"type":"aws_proxy","httpMethod":"POST","uri":"${s.ref("pets", "invokeArn")}","credentials":"${s.ref("invoker", "arn")}"}}}}}` },
                computed: { id: "b0dy000002", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:b0dy000002` },
            });
        },
        expect: {
            preview: [DEFERRED_BODY],
            update: [{ resource: "body-api", level: "mandatory", includes: ["Route: GET /pets", ":b0dy000002/*/GET/pets\""] }],
        },
    },
    {
        title: "HTTP OpenAPI body (YAML) with a $ref'd integration under components: reported with the shared location",
        build: (s) => httpApi(s, "yaml-api", "y4m1000001", "HTTP", { body: httpYamlBody }),
        expect: [{ resource: "yaml-api", level: "mandatory", includes: ['components["x-amazon-apigateway-integrations"]["petsIntegration"].credentials', "Route: GET /pets"] }],
    },
    {
        title: "malformed OpenAPI body: an advisory naming the resource and the property, never a crash",
        build: (s) => restApi(s, "bad-api", "badbadbad1", "openapi: 3.0.1\npaths: [unclosed"),
        expect: [{ resource: "bad-api", level: "advisory", includes: ['"bad-api" (aws:apigateway/restApi:RestApi): body is neither valid JSON nor valid YAML', "Property: body"] }],
    },
    {
        title: "aws-native resources: Method, Authorizer, RestApi body object, v2 Integration, v2 Api quick create, v2 Authorizer",
        build: (s) => {
            role(s, "invoker");
            fn(s, "pets");
            s.add("aws-native:apigateway:Method", "native-method", {
                inputs: { restApiId: "n4t1v3", resourceId: "res1", httpMethod: "GET", authorizationType: "NONE", integration: { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: s.ref("pets", "invokeArn"), credentials: s.ref("invoker", "arn") } },
            });
            s.add("aws-native:apigateway:Authorizer", "native-auth", {
                inputs: { restApiId: "n4t1v3", type: "REQUEST", name: "a", authorizerUri: s.ref("pets", "invokeArn"), authorizerCredentials: s.ref("invoker", "arn") },
                computed: { authorizerId: "na1" },
            });
            s.add("aws-native:apigateway:RestApi", "native-body", { inputs: { body: restBody } });
            s.add("aws-native:apigatewayv2:Integration", "native-v2-int", {
                inputs: { apiId: "n4t1v32", integrationType: "AWS_PROXY", integrationUri: s.ref("pets", "arn"), credentialsArn: s.ref("invoker", "arn") },
            });
            s.add("aws-native:apigatewayv2:Api", "native-quick", {
                inputs: { protocolType: "HTTP", target: s.ref("pets", "arn"), credentialsArn: s.ref("invoker", "arn") },
            });
            s.add("aws-native:apigatewayv2:Authorizer", "native-v2-auth", {
                inputs: { apiId: "n4t1v32", authorizerType: "REQUEST", authorizerUri: s.ref("pets", "invokeArn"), authorizerCredentialsArn: s.ref("invoker", "arn"), name: "a" },
            });
        },
        expect: [
            { resource: "native-method", level: "mandatory", includes: ["Property: integration.credentials"] },
            { resource: "native-auth", level: "mandatory", includes: ["Property: authorizerCredentials"] },
            { resource: "native-body", level: "mandatory", includes: ["Route: GET /pets/{petId}"] },
            { resource: "native-body", level: "mandatory", includes: ["authorizerCredentials"] },
            { resource: "native-v2-int", level: "mandatory", includes: ["Property: credentialsArn"] },
            { resource: "native-quick", level: "mandatory", includes: ["Route: $default"] },
            { resource: "native-v2-auth", level: "mandatory", includes: ["Property: authorizerCredentialsArn"] },
        ],
    },
];

/** Exemption cases: the same role-based route, exempted (advisory, naming the exemption) or not. */
type Exempt = boolean | "expired";
const exemptionCases: { title: string; exemption: Record<string, unknown>; stack?: string; exempt: Exempt | { preview: Exempt; update: Exempt } }[] = [
    { title: "functions glob over the function's logical name (preview) and name (update)", exemption: { functions: ["pets*"], reason: "migrating" }, exempt: true },
    { title: "functions glob that matches nothing", exemption: { functions: ["legacy-*"], reason: "migrating" }, exempt: false },
    { title: "roles glob over the role's logical name", exemption: { roles: ["invoker"], reason: "shared role" }, exempt: true },
    { title: "roles glob over the ARN an explicitly named role will have (its ARN is unknown at preview)", exemption: { roles: [`arn:aws:iam::${ACCOUNT}:role/invoker-*`], reason: "shared role" }, exempt: true },
    { title: "roles glob over another role's ARN", exemption: { roles: ["arn:aws:iam::*:role/other-*"], reason: "x" }, exempt: false },
    {
        title: "roles glob naming another account: at preview the account is not known yet, so it may match; at update it does not",
        exemption: { roles: ["arn:aws:iam::999999999999:role/invoker-*"], reason: "other account" },
        exempt: { preview: true, update: false },
    },
    { title: "urns glob over the integration URN", exemption: { urns: ["urn:pulumi:dev::shop::aws:apigateway/integration:Integration::get-*"], reason: "ticket 42" }, exempt: true },
    { title: "tags of the target function", exemption: { tags: { "invoke-mode": "role" }, reason: "tagged" }, exempt: true },
    { title: "tags that differ", exemption: { tags: { "invoke-mode": "policy" }, reason: "tagged" }, exempt: false },
    { title: "stacks glob over the stack name", exemption: { stacks: ["sandbox-*"], reason: "sandbox" }, stack: "sandbox-7", exempt: true },
    { title: "stacks glob on another stack", exemption: { stacks: ["sandbox-*"], reason: "sandbox" }, exempt: false },
    { title: "all keys of an entry must match (function matches, stack does not)", exemption: { functions: ["pets"], stacks: ["prod"], reason: "x" }, exempt: false },
    { title: "an expired exemption no longer applies and says so", exemption: { functions: ["pets"], reason: "migrating in Q1", expires: "2020-03-31" }, exempt: "expired" },
    { title: "an exemption expiring in the future applies", exemption: { functions: ["pets"], reason: "migrating in Q1", expires: "2999-03-31" }, exempt: true },
];

function exemptionStack(s: StackBuilder): void {
    role(s, "invoker", "invoker-1a2b3c");
    fn(s, "pets", { tags: { "invoke-mode": "role" } });
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", role: "invoker" });
}

function fleet(size: number) {
    return (s: StackBuilder) => {
        role(s, "fleet-invoker");
        httpApi(s, "fleet-api");
        for (let i = 0; i < size; i++) {
            fn(s, `f${i}`);
            v2Route(s, `r${i}`, { api: "fleet-api", routeKey: `GET /f${i}`, function: `f${i}`, role: "fleet-invoker" });
        }
    };
}

const restBody = {
    openapi: "3.0.1",
    info: { title: "pets", version: "1" },
    paths: {
        "/pets/{petId}": {
            get: {
                security: [{ "lambda-auth": [] }],
                "x-amazon-apigateway-integration": {
                    type: "aws_proxy",
                    httpMethod: "POST",
                    uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets/invocations`,
                    credentials: `arn:aws:iam::${ACCOUNT}:role/api-invoker`,
                },
            },
        },
        "/health": { get: { "x-amazon-apigateway-integration": { type: "mock" } } },
    },
    components: {
        securitySchemes: {
            "lambda-auth": {
                type: "apiKey",
                name: "Authorization",
                in: "header",
                "x-amazon-apigateway-authorizer": {
                    type: "token",
                    authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:auth/invocations`,
                    authorizerCredentials: `arn:aws:iam::${ACCOUNT}:role/auth-invoker`,
                },
            },
        },
    },
};

const httpYamlBody = `openapi: "3.0.1"
info: { title: orders, version: "1" }
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        $ref: "#/components/x-amazon-apigateway-integrations/petsIntegration"
components:
  x-amazon-apigateway-integrations:
    petsIntegration:
      type: AWS_PROXY
      httpMethod: POST
      uri: arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets
      credentials: arn:aws:iam::${ACCOUNT}:role/api-invoker
      payloadFormatVersion: "2.0"
`;

describe(INVOKE_POLICY_NAME, () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            for (const c of cases) {
                it(c.title, async () => {
                    const expected = Array.isArray(c.expect) ? c.expect : c.expect[mode];
                    assertFindings(await findingsOf(INVOKE_POLICY_NAME, c, mode), expected);
                });
            }

            describe("exemptions", () => {
                for (const e of exemptionCases) {
                    const exempt = typeof e.exempt === "object" ? e.exempt[mode] : e.exempt;
                    it(`${e.title}: ${exempt === true ? "advisory, naming the exemption" : exempt === "expired" ? "mandatory, naming the expired exemption" : "still mandatory"}`, async () => {
                        const found = await findingsOf(INVOKE_POLICY_NAME, { build: exemptionStack, stack: e.stack, config: { [INVOKE_POLICY_NAME]: { exemptions: [e.exemption] } } }, mode);
                        if (exempt === true) {
                            assertFindings(found, [{ resource: "get-pets", level: "advisory", includes: ["Exemption: exempted by exemptions[0]", `reason "${e.exemption.reason}"`] }]);
                        } else if (exempt === "expired") {
                            assertFindings(found, [{ resource: "get-pets", level: "mandatory", includes: ["expired on 2020-03-31 and no longer applies"] }]);
                        } else {
                            // At update every value is known: the entry that matched nothing says so (at preview it may still match),
                            // unless it is aimed at other stacks (stacks prod, sandbox-*: this stack is dev).
                            const aimedHere = e.exemption.stacks === undefined;
                            const stale: Expected[] = mode === "update" && aimedHere ? [{ resource: "(stack)", level: "advisory", includes: ["exemptions[0] (", "matched nothing in this stack", "Remove exemptions[0]"] }] : [];
                            assertFindings(found, [{ resource: "get-pets", level: "mandatory" }, ...stale]);
                        }
                    });
                }
            });

            describe("run as `pulumi policy analyze` runs it (no ConfigureStack, no stack in the environment)", () => {
                const sandbox = { [INVOKE_POLICY_NAME]: { exemptions: [{ stacks: ["sandbox-*"], reason: "sandbox" }] } };
                it("a stacks exemption applies by the stack part of the resources' URNs", async () => {
                    const found = await findingsOf(INVOKE_POLICY_NAME, { build: exemptionStack, stack: "sandbox-7", policyAnalyze: true, config: sandbox }, mode);
                    assertFindings(found, [{ resource: "get-pets", level: "advisory", includes: ["Exemption: exempted by exemptions[0]"] }]);
                });
                it("and does not apply to another stack's URNs, nor is it called stale there (it is aimed at other stacks)", async () => {
                    const found = await findingsOf(INVOKE_POLICY_NAME, { build: exemptionStack, stack: "prod", policyAnalyze: true, config: sandbox }, mode);
                    assertFindings(found, [{ resource: "get-pets", level: "mandatory" }]);
                });
            });

            describe("fleet threshold (default 100)", () => {
                it("99 functions behind one role: every route is mandatory", async () => {
                    const found = await findingsOf(INVOKE_POLICY_NAME, { build: fleet(99) }, mode);
                    assert.strictEqual(found.length, 99);
                    assert.ok(found.every((f) => f.level === "mandatory"), "all mandatory");
                });
                it("100 functions behind one role: every route is advisory, naming the fleet exemption", async () => {
                    const found = await findingsOf(INVOKE_POLICY_NAME, { build: fleet(100) }, mode);
                    assert.strictEqual(found.length, 100);
                    assert.ok(found.every((f) => f.level === "advisory" && f.message.includes("invokes 100 distinct Lambda functions in this stack (threshold 100)")));
                });
                it("fleetThreshold 0 disables the fleet exemption", async () => {
                    const found = await findingsOf(INVOKE_POLICY_NAME, { build: fleet(100), config: PER_RESOURCE }, mode);
                    assert.strictEqual(found.filter((f) => f.level === "mandatory").length, 100);
                });
            });
        });
    }

    it("the raw unknown marker and `undefined` never appear in a message", async () => {
        for (const c of cases) {
            for (const f of await findingsOf(INVOKE_POLICY_NAME, c, "preview")) {
                assert.ok(!f.message.includes(UNKNOWN) && !/\bundefined\b/.test(f.message), f.message);
            }
        }
    });
});

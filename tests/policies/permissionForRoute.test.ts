/**
 * lambda-permission-for-route, through the built pack over the engine's gRPC protocol, at preview
 * (first preview: every computed value unknown) and at update (values known). Each case lists
 * every finding of this policy a user must see, and only those. Where preview and update differ,
 * the preview-time rule of docs/policies-permissions.md is why (a sourceArn built on the right
 * API's executionArn is unknown at preview and taken to cover the route).
 */
import * as assert from "assert";
import { FOR_ROUTE_POLICY_NAME, permissionForRoute } from "../../policies/permissionForRoute";
import { ACCOUNT, REGION, fn, httpApi, permission, restApi, restResource, restRoute, role, v2Route } from "../harness/fixtures";
import { analyze } from "../harness/pack";
import { Expected, assertFindings, findingsOf } from "../harness/expect";
import { Interp, Mode, StackBuilder, UNKNOWN } from "../harness/stackBuilder";

interface Case {
    title: string;
    build(s: StackBuilder): void;
    config?: Record<string, unknown>;
    /** Same expectation at preview and update unless split. */
    expect: Expected[] | { preview: Expected[]; update: Expected[] };
}

const EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5`;
const HTTP_EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:h1t2t3p4a5`;
const WS_EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:w1s2s3a4p5`;
const WHY_500 = 'answers 500 "Invalid permissions on Lambda function"';
const NO_STS = "STS AssumeRole per request: 0 now, 0 after the fix";

/** `${api.executionArn}${suffix}`, as pulumi.interpolate builds it. */
function onApi(s: StackBuilder, api: string, suffix: string): Interp {
    return new Interp([s.ref(api, "executionArn"), suffix]);
}

/** fn "pets", REST API "shop-api", GET /pets/{petId} (or `path`) integrated without credentials. */
function restPets(s: StackBuilder, o: { method?: string; credentials?: string; role?: string } = {}): void {
    fn(s, "pets");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restResource(s, "pet-res", "shop-api", "{petId}", "pets-res", "/pets/{petId}");
    restRoute(s, "get-pet", { api: "shop-api", resource: "pet-res", method: o.method ?? "GET", function: "pets", credentials: o.credentials, role: o.role });
}

function alias(s: StackBuilder, name: string, fnName: string): StackBuilder {
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fnName}-9f8e7d:${name}`;
    return s.add("aws:lambda/alias:Alias", name, {
        inputs: { name, functionName: s.ref(fnName, "name"), functionVersion: "1" },
        computed: { arn, invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations` },
    });
}

function nativePermission(s: StackBuilder, name: string, functionName: unknown, sourceArn?: unknown): StackBuilder {
    return s.add("aws-native:lambda:Permission", name, {
        inputs: { action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", functionName, ...(sourceArn !== undefined ? { sourceArn } : {}) },
        computed: { id: `${name}-id` },
    });
}

/** An aws-native REST method (API and resource not in the stack) integrating pets. */
function nativeMethod(s: StackBuilder): void {
    fn(s, "pets");
    s.add("aws-native:apigateway:Method", "native-get", {
        inputs: { restApiId: "n4t1v3", resourceId: "res1", httpMethod: "GET", authorizationType: "NONE", integration: { type: "AWS_PROXY", integrationHttpMethod: "POST", uri: s.ref("pets", "invokeArn") } },
    });
}

const EXTERNAL_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:legacy-orders`;

/** An HTTP route to a function that is not a resource of the stack. */
function externalRoute(s: StackBuilder): void {
    httpApi(s, "orders-api");
    s.add("aws:apigatewayv2/integration:Integration", "legacy", {
        inputs: { apiId: s.ref("orders-api", "id"), integrationType: "AWS_PROXY", integrationUri: EXTERNAL_ARN },
        computed: { id: "legacy-id" },
    });
    s.add("aws:apigatewayv2/route:Route", "legacy-route", {
        inputs: { apiId: s.ref("orders-api", "id"), routeKey: "GET /legacy", target: s.interp`integrations/${s.ref("legacy", "id")}` },
        computed: { id: "legacy-route-id" },
    });
}

/** A REST API whose OpenAPI body (known at preview: literal ARNs) integrates pets and a token authorizer. */
function bodyApi(s: StackBuilder): void {
    fn(s, "pets");
    const fnArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d`;
    const uri = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
    restApi(s, "body-api", "b0dy000001", JSON.stringify({
        openapi: "3.0.1",
        info: { title: "pets", version: "1" },
        paths: {
            "/pets/{petId}": {
                get: { security: [{ "token-auth": [] }], "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri } },
            },
        },
        components: {
            securitySchemes: {
                "token-auth": { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: uri } },
            },
        },
    }));
}

function tokenAuthorizer(s: StackBuilder, o: { role?: string } = {}): void {
    fn(s, "auth");
    s.add("aws:apigateway/authorizer:Authorizer", "token-auth", {
        inputs: {
            restApi: s.ref("shop-api", "id"),
            type: "TOKEN",
            authorizerUri: s.ref("auth", "invokeArn"),
            ...(o.role ? { authorizerCredentials: s.ref(o.role, "arn") } : {}),
        },
        computed: { id: "auth123" },
    });
}

const cases: Case[] = [
    {
        title: "a correct permission: nothing",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets/*") });
        },
        expect: [],
    },
    {
        title: "no permission: mandatory, with the 500 it causes, 0/0 STS calls and the exact sourceArn",
        build: (s) => restPets(s),
        expect: {
            preview: [{
                resource: "get-pet",
                level: "mandatory",
                includes: [
                    'no Lambda permission in this stack lets API Gateway invoke Lambda function "pets" (name known after create) for GET /pets/{petId}',
                    "API: shop-api (REST API)",
                    "Route: GET /pets/{petId}",
                    "Property: uri",
                    WHY_500,
                    NO_STS,
                    'principal "apigateway.amazonaws.com", sourceArn "${shop-api.executionArn}/*/GET/pets/*"',
                ],
            }],
            update: [{
                resource: "get-pet",
                level: "mandatory",
                includes: ['invoke Lambda function "pets-9f8e7d" for GET /pets/{petId}', `Not covered: "${EXEC}/{stage}/GET/pets/{petId}"`, `sourceArn "${EXEC}/*/GET/pets/*"`],
            }],
        },
    },
    {
        title: "a permission scoped to another API of the stack: mandatory at preview (by dependency) and update (by value)",
        build: (s) => {
            restPets(s);
            restApi(s, "other-api", "o7h3r00001");
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "other-api", "/*/GET/pets/*") });
        },
        expect: {
            preview: [{ resource: "get-pet", level: "mandatory", includes: ['Closest permission: "perm" (aws:lambda/permission:Permission): its sourceArn is built on another API ("other-api")'] }],
            update: [{ resource: "get-pet", level: "mandatory", includes: ['it names API id "o7h3r00001", not this API\'s id "a1b2c3d4e5"', `set sourceArn to "${EXEC}/*/GET/pets/*" on "perm"`] }],
        },
    },
    {
        title: "an alias in the integration URI and a permission without that qualifier: mandatory, fix names the qualifier",
        build: (s) => {
            fn(s, "pets");
            alias(s, "live", "pets");
            httpApi(s, "orders-api");
            v2Route(s, "get-orders", { api: "orders-api", routeKey: "GET /orders", function: "live", uriOutput: "invokeArn" });
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "orders-api", "/*/GET/orders") });
        },
        expect: {
            preview: [{ resource: "get-orders", level: "mandatory", includes: ['Lambda function "pets" (name known after create; qualifier "live") for GET /orders', "each alias and version has its own resource policy", 'qualifier "live": action', 'set qualifier to "live" on "perm"'] }],
            update: [{ resource: "get-orders", level: "mandatory", includes: ['Lambda function "pets-9f8e7d" (qualifier "live")', "but API Gateway invokes qualifier \"live\""] }],
        },
    },
    {
        title: "the same alias with qualifier set: nothing",
        build: (s) => {
            fn(s, "pets");
            alias(s, "live", "pets");
            httpApi(s, "orders-api");
            v2Route(s, "get-orders", { api: "orders-api", routeKey: "GET /orders", function: "live", uriOutput: "invokeArn" });
            permission(s, "perm", { function: "pets", qualifier: "live", sourceArn: onApi(s, "orders-api", "/*/GET/orders") });
        },
        expect: [],
    },
    {
        title: "HTTP $default with `${executionArn}/*/*/$default`: never matches (found once the sourceArn is known)",
        build: (s) => {
            fn(s, "catch-all");
            httpApi(s, "orders-api");
            v2Route(s, "default", { api: "orders-api", routeKey: "$default", function: "catch-all" });
            permission(s, "perm", { function: "catch-all", sourceArn: onApi(s, "orders-api", "/*/*/$default") });
        },
        expect: {
            preview: [],
            update: [{ resource: "default", level: "mandatory", includes: ["Route: $default", "no verb segment", `sourceArn "${HTTP_EXEC}/*/$default"`] }],
        },
    },
    {
        title: "HTTP $default with a literal .../*/*/$default sourceArn: found at preview too (the path part is known)",
        build: (s) => {
            fn(s, "catch-all");
            httpApi(s, "orders-api");
            v2Route(s, "default", { api: "orders-api", routeKey: "$default", function: "catch-all" });
            permission(s, "perm", { function: "catch-all", sourceArn: `${HTTP_EXEC}/*/*/$default` });
        },
        expect: [{ resource: "default", level: "mandatory", includes: ["Route: $default"] }],
    },
    {
        title: "a path parameter renamed between route ({petId}) and permission ({id})",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets/{id}") });
        },
        expect: { preview: [], update: [{ resource: "get-pet", level: "mandatory", includes: ["path parameters are matched literally", "({petId})"] }] },
    },
    {
        title: "a literal ANY in the sourceArn never matches",
        build: (s) => {
            restPets(s, { method: "ANY" });
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/ANY/pets/*") });
        },
        expect: { preview: [], update: [{ resource: "get-pet", level: "mandatory", includes: ["Route: ANY /pets/{petId}", "a literal ANY never matches", `sourceArn "${EXEC}/*/*/pets/*"`] }] },
    },
    {
        title: "an ANY route with a GET-only permission: the other verbs are not covered",
        build: (s) => {
            restPets(s, { method: "ANY" });
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets/*") });
        },
        expect: { preview: [], update: [{ resource: "get-pet", level: "mandatory", includes: ["for only some requests to ANY /pets/{petId} (6 of 7 source ARNs are not covered)"] }] },
    },
    {
        title: "a cross-account sourceArn (the function's account instead of the API's)",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", sourceArn: new Interp(["arn:aws:execute-api:us-east-1:111111111111:", s.ref("shop-api", "id"), "/*/GET/pets/*"]) });
        },
        expect: { preview: [], update: [{ resource: "get-pet", level: "mandatory", includes: ['its account "111111111111" is not the API\'s account "123456789012"'] }] },
    },
    {
        title: "a permission stage-scoped to prod while the stack also deploys dev",
        build: (s) => {
            restPets(s);
            for (const stage of ["prod", "dev"]) {
                s.add("aws:apigateway/stage:Stage", stage, { inputs: { restApi: s.ref("shop-api", "id"), stageName: stage, deployment: "d1" } });
            }
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/prod/GET/pets/*") });
        },
        expect: { preview: [], update: [{ resource: "get-pet", level: "mandatory", includes: ["(1 of 2 source ARNs are not covered)", `"${EXEC}/dev/GET/pets/{petId}"`] }] },
    },
    {
        title: "a permission present only as aws-native (functionName = the Function's ARN): nothing",
        build: (s) => {
            restPets(s);
            nativePermission(s, "perm", s.ref("pets", "arn"), onApi(s, "shop-api", "/*/GET/pets/*"));
        },
        expect: [],
    },
    {
        title: "aws-native permission on the unqualified function while the integration invokes an alias",
        build: (s) => {
            fn(s, "pets");
            alias(s, "live", "pets");
            restApi(s, "shop-api");
            restResource(s, "pets-res", "shop-api", "pets");
            restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "live" });
            nativePermission(s, "perm", s.ref("pets", "arn"), onApi(s, "shop-api", "/*/GET/pets"));
        },
        expect: [{ resource: "get-pets", level: "mandatory", includes: ['functionName to the function\'s ARN qualified with ":live"'] }],
    },
    {
        title: "aws-native Method on an API and resource outside the stack, no permission: the path is not known, the finding still is",
        build: nativeMethod,
        expect: [{ resource: "native-get", level: "mandatory", includes: ["Route: GET (resource path not known)", "Property: integration.uri", "API: REST API (not in this stack)"] }],
    },
    {
        title: "aws-native Method outside-the-stack API with a literal permission on that API id: nothing (it may match)",
        build: (s) => {
            nativeMethod(s);
            nativePermission(s, "perm", s.ref("pets", "arn"), `arn:aws:execute-api:${REGION}:${ACCOUNT}:n4t1v3/*/GET/*`);
        },
        expect: [],
    },
    {
        title: "aws-native Method with a permission for another API id: mandatory, the id decides",
        build: (s) => {
            nativeMethod(s);
            nativePermission(s, "perm", s.ref("pets", "arn"), `arn:aws:execute-api:${REGION}:${ACCOUNT}:0th3r1d/*/GET/*`);
        },
        expect: [{ resource: "native-get", level: "mandatory", includes: ['it names API id "0th3r1d", not this API\'s id "n4t1v3"'] }],
    },
    {
        title: "a function outside the stack with no permission: mandatory, naming externalFunctions",
        build: externalRoute,
        expect: [{
            resource: "legacy",
            level: "mandatory",
            includes: ['Lambda function "legacy-orders" for GET /legacy; the function is not a resource of this stack', 'list it in externalFunctions of lambda-permission-for-route (e.g. "legacy-orders")'],
        }],
    },
    {
        title: "a function outside the stack listed in externalFunctions: nothing",
        build: externalRoute,
        config: { [FOR_ROUTE_POLICY_NAME]: { externalFunctions: ["legacy-*"] } },
        expect: [],
    },
    {
        title: "a function outside the stack with a permission in the stack (by name): nothing",
        build: (s) => {
            externalRoute(s);
            s.add("aws:lambda/permission:Permission", "perm", {
                inputs: { action: "lambda:InvokeFunction", function: "legacy-orders", principal: "apigateway.amazonaws.com", sourceArn: onApi(s, "orders-api", "/*/GET/legacy") },
                computed: { id: "perm-id" },
            });
        },
        expect: [],
    },
    {
        title: "a route and an authorizer served through an OpenAPI body, no permission: one finding each",
        build: bodyApi,
        expect: [
            { resource: "body-api", level: "mandatory", includes: ["Route: GET /pets/{petId}", 'Property: body: paths["/pets/{petId}"].get.x-amazon-apigateway-integration.uri', "/*/GET/pets/*\""] },
            { resource: "body-api", level: "mandatory", includes: ['Route: authorizer "token-auth"', 'securitySchemes["token-auth"].x-amazon-apigateway-authorizer.authorizerUri', "/authorizers/*\"", "every request the authorizer guards"] },
        ],
    },
    {
        title: "an OpenAPI body with permissions for its route and its authorizers: nothing",
        build: (s) => {
            bodyApi(s);
            permission(s, "route-perm", { function: "pets", sourceArn: onApi(s, "body-api", "/*/GET/pets/*") });
            permission(s, "auth-perm", { function: "pets", sourceArn: onApi(s, "body-api", "/authorizers/*") });
        },
        expect: [],
    },
    {
        title: "a REST Lambda authorizer without a permission: mandatory on the authorizer, with its authorizers/{id} ARN",
        build: (s) => {
            restPets(s);
            tokenAuthorizer(s);
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets/*") });
        },
        expect: {
            preview: [{ resource: "token-auth", level: "mandatory", includes: ['Route: authorizer "token-auth"', "Property: authorizerUri", NO_STS, 'sourceArn "${shop-api.executionArn}/authorizers/${token-auth.id}"'] }],
            update: [{ resource: "token-auth", level: "mandatory", includes: ['Route: authorizer "token-auth"', `sourceArn "${EXEC}/authorizers/auth123"`] }],
        },
    },
    {
        title: "an authorizer with a role guards a route without a permission: the route's STS count is 1 now, 1 after",
        build: (s) => {
            role(s, "auth-invoker");
            fn(s, "pets");
            restApi(s, "shop-api");
            restResource(s, "pets-res", "shop-api", "pets");
            tokenAuthorizer(s, { role: "auth-invoker" });
            restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", authorizer: "token-auth" });
        },
        expect: [{ resource: "get-pets", level: "mandatory", includes: ["STS AssumeRole per request: 1 now, 1 after the fix"] }],
    },
    {
        title: "WebSocket $connect without a permission: mandatory, with .../*/$connect",
        build: (s) => {
            fn(s, "connect");
            httpApi(s, "chat", "w1s2s3a4p5", "WEBSOCKET");
            v2Route(s, "on-connect", { api: "chat", routeKey: "$connect", function: "connect", integrationType: "AWS", uriOutput: "invokeArn" });
        },
        expect: {
            preview: [{ resource: "on-connect", level: "mandatory", includes: ["API: chat (WebSocket API)", "Route: $connect", 'sourceArn "${chat.executionArn}/*/$connect"'] }],
            update: [{ resource: "on-connect", level: "mandatory", includes: [`sourceArn "${WS_EXEC}/*/$connect"`] }],
        },
    },
    {
        title: "WebSocket $connect with its permission: nothing",
        build: (s) => {
            fn(s, "connect");
            httpApi(s, "chat", "w1s2s3a4p5", "WEBSOCKET");
            v2Route(s, "on-connect", { api: "chat", routeKey: "$connect", function: "connect", integrationType: "AWS", uriOutput: "invokeArn" });
            permission(s, "perm", { function: "connect", sourceArn: onApi(s, "chat", "/*/$connect") });
        },
        expect: [],
    },
    {
        title: "HTTP quick create (Api target) without a permission: reported on the Api for $default",
        build: (s) => {
            fn(s, "quick");
            httpApi(s, "quick-api", "q1u2i3c4k5", "HTTP", { target: s.ref("quick", "arn") });
        },
        expect: [{ resource: "quick-api", level: "mandatory", includes: ["Route: $default", "Property: target", "/*/$default\""] }],
    },
    {
        title: "caller pass-through credentials need no resource policy; role credentials are the other policy's: nothing",
        build: (s) => {
            restPets(s, { credentials: "arn:aws:iam::*:user/*" });
            role(s, "invoker");
            restResource(s, "orders-res", "shop-api", "orders");
            restRoute(s, "get-orders", { api: "shop-api", resource: "orders-res", method: "GET", function: "pets", role: "invoker" });
        },
        expect: [],
    },
    {
        title: "a permission for another principal or action does not count",
        build: (s) => {
            restPets(s);
            permission(s, "events", { function: "pets", principal: "events.amazonaws.com", sourceArn: onApi(s, "shop-api", "/*/GET/pets/*") });
            permission(s, "get-fn", { function: "pets", action: "lambda:GetFunction", sourceArn: onApi(s, "shop-api", "/*/GET/pets/*") });
        },
        expect: [{ resource: "get-pet", level: "mandatory", includes: ['Closest permission: "get-fn"', 'its action is "lambda:GetFunction"'] }],
    },
    {
        title: "lambda:invokeFunction (IAM actions are case-insensitive) and no sourceArn still let API Gateway in: nothing here",
        build: (s) => {
            restPets(s);
            permission(s, "perm", { function: "pets", action: "lambda:invokeFunction" });
        },
        expect: [],
    },
];

describe(FOR_ROUTE_POLICY_NAME, () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            for (const c of cases) {
                it(c.title, async () => {
                    const found = await findingsOf(FOR_ROUTE_POLICY_NAME, c, mode);
                    assertFindings(found, Array.isArray(c.expect) ? c.expect : c.expect[mode]);
                    for (const f of found) {
                        assert.ok(f.phase === "analyzeStack", "a stack policy");
                        assert.ok(!f.message.includes(UNKNOWN) && !/\bundefined\b/.test(f.message) && !/[\uE000-\uF8FF]/.test(f.message), f.message);
                    }
                });
            }
        });
    }

    it("an invalid externalFunctions config is rejected naming the policy and the property", async () => {
        const s = new StackBuilder();
        restPets(s);
        await assert.rejects(
            analyze(s.build("update"), { dryRun: false, config: { [FOR_ROUTE_POLICY_NAME]: { externalFunctions: "legacy-*" } } }),
            /lambda-permission-for-route: externalFunctions must be array/,
        );
    });
});

describe(`${FOR_ROUTE_POLICY_NAME}: an internal error`, () => {
    it("is reported as one advisory naming the policy, never thrown (a throw would fail the user's whole preview)", async () => {
        const reported: unknown[] = [];
        const args = {
            get resources(): never {
                throw new Error("boom");
            },
            getConfig: () => ({}),
        };
        await permissionForRoute.validateStack!(args as never, ((v: unknown) => reported.push(v)) as never);
        assert.strictEqual(reported.length, 1);
        const v = reported[0] as { message: string; enforcementLevel?: string };
        assert.strictEqual(v.enforcementLevel, "advisory");
        assert.match(v.message, new RegExp(`^${FOR_ROUTE_POLICY_NAME} could not complete its check: boom\\.`));
    });
});

// Running these files alone (without tests/hooks.test.ts) must still stop the pack processes.

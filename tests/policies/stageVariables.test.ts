/**
 * Stage-variable targets and credentials, through the built pack over the engine's gRPC protocol
 * at preview and at update. An integration or authorizer whose function (or qualifier, or role)
 * comes from `${stageVariables.x}` invokes, on each stage the stack declares, what that stage's
 * variables name: lambda-permission-for-route checks a permission for that function, qualifier
 * and stage, and says so in an advisory where it cannot resolve the value; a role through a
 * stage variable is a role for lambda-invoke-via-resource-policy. HTTP and WebSocket
 * integrations that no route targets are never invoked and draw no finding.
 */
import * as assert from "assert";
import { FOR_ROUTE_POLICY_NAME } from "../../policies/permissionForRoute";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { SCOPED_POLICY_NAME } from "../../policies/permissionScoped";
import { ACCOUNT, REGION, fn, httpApi, permission, restApi, restResource } from "../harness/fixtures";
import { Expected, assertFindings, findingsOf } from "../harness/expect";
import { Interp, Mode, StackBuilder, UNKNOWN } from "../harness/stackBuilder";

interface Case {
    title: string;
    policy: string;
    build(s: StackBuilder): void;
    config?: Record<string, unknown>;
    expect: Expected[] | { preview: Expected[]; update: Expected[] };
}

const FN_PREFIX = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:`;
const invoke = (arn: string) => `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;
const BY_VARIABLE = invoke(`${FN_PREFIX}\${stageVariables.fn}`);

/** A function whose name the program sets (known at preview). */
function namedFn(s: StackBuilder, name: string): StackBuilder {
    const arn = `${FN_PREFIX}${name}`;
    return s.add("aws:lambda/function:Function", name, {
        inputs: { name, runtime: "nodejs20.x", handler: "index.handler" },
        computed: { id: name, arn, invokeArn: invoke(arn) },
    });
}

function onApi(s: StackBuilder, api: string, suffix: string): Interp {
    return new Interp([s.ref(api, "executionArn"), suffix]);
}

/** REST API shop-api, GET /pets/{petId} integrated with `uri` (and `credentials`). */
function restRouteWith(s: StackBuilder, o: { uri: unknown; credentials?: string }): void {
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restResource(s, "pet-res", "shop-api", "{petId}", "pets-res", "/pets/{petId}");
    s.add("aws:apigateway/method:Method", "get-pets-method", {
        inputs: { restApi: s.ref("shop-api", "id"), resourceId: s.ref("pet-res", "id"), httpMethod: "GET", authorization: "NONE" },
        computed: { id: "get-pets-method-id" },
    });
    s.add("aws:apigateway/integration:Integration", "get-pets", {
        inputs: {
            restApi: s.ref("shop-api", "id"),
            resourceId: s.ref("pet-res", "id"),
            httpMethod: "GET",
            type: "AWS_PROXY",
            integrationHttpMethod: "POST",
            uri: o.uri,
            ...(o.credentials ? { credentials: o.credentials } : {}),
        },
        computed: { id: "get-pets-id" },
    });
}

function restStage(s: StackBuilder, name: string, variables: Record<string, unknown>): StackBuilder {
    return s.add("aws:apigateway/stage:Stage", `stage-${name}`, {
        inputs: { restApi: s.ref("shop-api", "id"), stageName: name, deployment: "dep123", variables },
        computed: { id: `stage-${name}-id` },
    });
}

function v2Stage(s: StackBuilder, api: string, name: string, stageVariables: Record<string, unknown>): StackBuilder {
    return s.add("aws:apigatewayv2/stage:Stage", `${api}-${name}`, {
        inputs: { apiId: s.ref(api, "id"), name, autoDeploy: true, stageVariables },
        computed: { id: `${api}-${name}-id` },
    });
}

/** Integration + Route of a v2 API with a literal integration URI. */
function v2RouteWith(s: StackBuilder, name: string, api: string, routeKey: string, uri: string | undefined): void {
    s.add("aws:apigatewayv2/integration:Integration", name, {
        inputs: { apiId: s.ref(api, "id"), integrationType: "AWS_PROXY", ...(uri ? { integrationUri: uri } : {}) },
        computed: { id: `${name}-id` },
    });
    if (routeKey) {
        s.add("aws:apigatewayv2/route:Route", `${name}-route`, {
            inputs: { apiId: s.ref(api, "id"), routeKey, target: s.interp`integrations/${s.ref(name, "id")}` },
            computed: { id: `${name}-route-id` },
        });
    }
}

const CANNOT_CHECK = "chosen by stage variables, and its permission cannot be checked";

const cases: Case[] = [
    {
        title: "a REST function from stageVariables.fn, two stages, a permission for prod only: mandatory naming stage dev, its value and the dev sourceArn",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "pets-prod");
            namedFn(s, "pets-dev");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { fn: "pets-prod" });
            restStage(s, "dev", { fn: "pets-dev" });
            permission(s, "perm-prod", { function: "pets-prod", sourceArn: onApi(s, "shop-api", "/prod/GET/pets/*") });
        },
        expect: [{
            resource: "get-pets",
            level: "mandatory",
            includes: [
                'no Lambda permission in this stack lets API Gateway invoke Lambda function "pets-dev" for GET /pets/{petId} on stage "dev" (stageVariables.fn = "pets-dev").',
                "Route: GET /pets/{petId}",
                "Property: uri",
                'answers 500 "Invalid permissions on Lambda function"',
                '/dev/GET/pets/*"',
            ],
        }],
    },
    {
        title: "the same with a permission for each stage's function: nothing",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "pets-prod");
            namedFn(s, "pets-dev");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { fn: "pets-prod" });
            restStage(s, "dev", { fn: "pets-dev" });
            permission(s, "perm-prod", { function: "pets-prod", sourceArn: onApi(s, "shop-api", "/prod/GET/pets/*") });
            permission(s, "perm-dev", { function: "pets-dev", sourceArn: onApi(s, "shop-api", "/dev/GET/pets/*") });
        },
        expect: [],
    },
    {
        title: "a permission for the dev function scoped to stage prod does not cover dev: mandatory, the closest permission names the sourceArn",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "pets-dev");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "dev", { fn: "pets-dev" });
            permission(s, "perm", { function: "pets-dev", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/prod/GET/pets/*` });
        },
        expect: [{ resource: "get-pets", level: "mandatory", includes: ['on stage "dev" (stageVariables.fn = "pets-dev")', 'Closest permission: "perm"', "/dev/GET/pets/*"] }],
    },
    {
        title: "an HTTP qualifier from stageVariables.alias: the stage whose alias has no permission is mandatory, naming the qualifier",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "orders");
            httpApi(s, "orders-api");
            v2RouteWith(s, "get-orders", "orders-api", "GET /orders", `${FN_PREFIX}orders:\${stageVariables.alias}`);
            v2Stage(s, "orders-api", "prod", { alias: "live" });
            v2Stage(s, "orders-api", "beta", { alias: "blue" });
            permission(s, "perm-live", { function: "orders", qualifier: "live", sourceArn: onApi(s, "orders-api", "/prod/GET/orders") });
        },
        expect: [{
            resource: "get-orders",
            level: "mandatory",
            includes: [
                'invoke Lambda function "orders" (qualifier "blue") for GET /orders on stage "beta" (stageVariables.alias = "blue")',
                "Property: integrationUri",
                'qualifier "blue": action "lambda:InvokeFunction"',
                '/beta/GET/orders"',
            ],
        }],
    },
    {
        title: "a WebSocket $connect function from an aws-native stage's variables, no permission: mandatory naming the stage and the route",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "chat-prod");
            httpApi(s, "chat", "w1s2s3a4p5", "WEBSOCKET");
            v2RouteWith(s, "on-connect", "chat", "$connect", BY_VARIABLE);
            s.add("aws-native:apigatewayv2:Stage", "chat-prod-stage", { inputs: { apiId: s.ref("chat", "id"), stageName: "prod", stageVariables: { fn: "chat-prod" } } });
        },
        expect: [{
            resource: "on-connect",
            level: "mandatory",
            includes: ['Lambda function "chat-prod" for $connect on stage "prod" (stageVariables.fn = "chat-prod")', "API: chat (WebSocket API)", '/prod/$connect"'],
        }],
    },
    {
        title: "the whole function ARN from one variable (qualified): resolved per stage",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "pets-prod");
            restRouteWith(s, { uri: invoke("${stageVariables.fnArn}") });
            restStage(s, "prod", { fnArn: `${FN_PREFIX}pets-prod:live` });
            permission(s, "perm", { function: "pets-prod", sourceArn: onApi(s, "shop-api", "/prod/GET/pets/*") });
        },
        expect: [{ resource: "get-pets", level: "mandatory", includes: ['Lambda function "pets-prod" (qualifier "live") for GET /pets/{petId} on stage "prod"', "qualifier"] }],
    },
    {
        title: "a Lambda authorizer from stageVariables.authFn: its permission is E/authorizers/{id}, stage named in the finding",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "auth-prod");
            restApi(s, "shop-api");
            s.add("aws:apigateway/authorizer:Authorizer", "token-auth", {
                inputs: { restApi: s.ref("shop-api", "id"), type: "TOKEN", authorizerUri: invoke(`${FN_PREFIX}\${stageVariables.authFn}`) },
                computed: { id: "auth123" },
            });
            restStage(s, "prod", { authFn: "auth-prod" });
        },
        expect: [{ resource: "token-auth", level: "mandatory", includes: ['Lambda function "auth-prod" for the Lambda authorizer (authorizer "token-auth") on stage "prod" (stageVariables.authFn = "auth-prod")', "/authorizers/"] }],
    },
    {
        title: "the API is not in the stack: an advisory that says why the stage-variable function cannot be checked",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            s.add("aws:apigateway/integration:Integration", "get-pets", {
                inputs: { restApi: "x1y2z3a4b5", resourceId: "res1", httpMethod: "GET", type: "AWS_PROXY", integrationHttpMethod: "POST", uri: BY_VARIABLE },
                computed: { id: "get-pets-id" },
            });
        },
        expect: [{
            resource: "get-pets",
            level: "advisory",
            includes: [CANNOT_CHECK, "its API is not a resource of this stack, so the stages that set stageVariables.fn cannot be read", `"${FN_PREFIX}\${stageVariables.fn}"`],
        }],
    },
    {
        title: "the API is in the stack but declares no stage: an advisory",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => restRouteWith(s, { uri: BY_VARIABLE }),
        expect: [{ resource: "get-pets", level: "advisory", includes: [CANNOT_CHECK, 'no stage of "shop-api" is declared in this stack', "Declare the stages"] }],
    },
    {
        title: "a stage that does not set the variable: an advisory naming the stage and the variable",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { other: "x" });
        },
        expect: [{ resource: "get-pets", level: "advisory", includes: ['stage "prod" does not set stageVariables.fn', 'Set stageVariables.fn in the variables of stage "prod" (stage-prod)'] }],
    },
    {
        title: "a variable set from a function's computed name: an advisory at preview, checked at update (covered: nothing)",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            fn(s, "pets");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { fn: s.ref("pets", "name") });
            permission(s, "perm", { function: "pets", sourceArn: onApi(s, "shop-api", "/*/GET/pets/*") });
        },
        expect: {
            preview: [{ resource: "(stack)", level: "advisory", severity: "low", includes: ['"get-pets" (aws:apigateway/integration:Integration) uri', 'stage "prod" sets stageVariables.fn from a value not known during this preview', "checked at update"] }],
            update: [],
        },
    },
    {
        title: "the same without the permission: the advisory at preview, mandatory at update",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            fn(s, "pets");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { fn: s.ref("pets", "name") });
        },
        expect: {
            preview: [{ resource: "(stack)", level: "advisory", severity: "low", includes: ["not known during this preview"] }],
            update: [{ resource: "get-pets", level: "mandatory", includes: ['Lambda function "pets-9f8e7d" for GET /pets/{petId} on stage "prod" (stageVariables.fn = "pets-9f8e7d")'] }],
        },
    },
    {
        title: "HTTP and WebSocket integrations that no route targets are never invoked: no missing permission, one unrouted advisory each",
        policy: FOR_ROUTE_POLICY_NAME,
        build: (s) => {
            namedFn(s, "orders");
            httpApi(s, "orders-api");
            v2RouteWith(s, "unused-http", "orders-api", "", `${FN_PREFIX}orders`);
            httpApi(s, "chat", "w1s2s3a4p5", "WEBSOCKET");
            v2RouteWith(s, "unused-ws", "chat", "", invoke(`${FN_PREFIX}orders`));
            v2RouteWith(s, "unused-by-variable", "chat", "", BY_VARIABLE);
        },
        expect: ["unused-http", "unused-ws", "unused-by-variable"].map((resource) => ({ resource, level: "advisory" as const, includes: ["no route targets this integration, so API Gateway never invokes it"] })),
    },
    {
        title: "lambda-permission-scoped follows stageVariables.fn: an unscoped permission on the dev stage's function gets the dev stage's sourceArn as its fix",
        policy: SCOPED_POLICY_NAME,
        build: (s) => {
            namedFn(s, "pets-prod");
            namedFn(s, "pets-dev");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { fn: "pets-prod" });
            restStage(s, "dev", { fn: "pets-dev" });
            permission(s, "perm-prod", { function: "pets-prod", sourceArn: onApi(s, "shop-api", "/prod/GET/pets/*") });
            permission(s, "perm-dev", { function: "pets-dev" });
        },
        expect: [{ resource: "perm-dev", level: "mandatory", includes: ['invoke Lambda function "pets-dev" with no sourceArn', "Route: GET /pets/{petId}", '/dev/GET/pets/*".'] }],
    },
    {
        title: "lambda-permission-scoped follows stageVariables.fn: a permission for every route and stage of the prod stage's function is advised down to its stage and route",
        policy: SCOPED_POLICY_NAME,
        build: (s) => {
            namedFn(s, "pets-prod");
            namedFn(s, "pets-dev");
            restRouteWith(s, { uri: BY_VARIABLE });
            restStage(s, "prod", { fn: "pets-prod" });
            restStage(s, "dev", { fn: "pets-dev" });
            permission(s, "perm-prod", { function: "pets-prod", sourceArn: onApi(s, "shop-api", "/*/*/*") });
            permission(s, "perm-dev", { function: "pets-dev", sourceArn: onApi(s, "shop-api", "/dev/GET/pets/*") });
        },
        expect: { preview: [], update: [{ resource: "perm-prod", level: "advisory", includes: ['lets more of the API invoke Lambda function "pets-prod"', '/prod/GET/pets/*".'] }] },
    },
    {
        title: "unrouted integrations and no permissions: lambda-permission-scoped has nothing to say either",
        policy: SCOPED_POLICY_NAME,
        build: (s) => {
            namedFn(s, "orders");
            httpApi(s, "orders-api");
            v2RouteWith(s, "unused-http", "orders-api", "", `${FN_PREFIX}orders`);
        },
        expect: [],
    },
    {
        title: "credentials from stageVariables.role: a role on every stage, each stage's role named",
        policy: INVOKE_POLICY_NAME,
        build: (s) => {
            fn(s, "pets");
            restRouteWith(s, { uri: s.ref("pets", "invokeArn"), credentials: `arn:aws:iam::${ACCOUNT}:role/\${stageVariables.role}` });
            restStage(s, "prod", { role: "invoker-prod" });
            restStage(s, "dev", { role: "invoker-dev" });
        },
        expect: [{
            resource: "get-pets",
            level: "mandatory",
            includes: [
                `with IAM role "arn:aws:iam::${ACCOUNT}:role/\${stageVariables.role}" (stage "prod": "arn:aws:iam::${ACCOUNT}:role/invoker-prod"; stage "dev": "arn:aws:iam::${ACCOUNT}:role/invoker-dev").`,
                "STS AssumeRole per request: 1 now, 0 after the fix",
            ],
        }],
    },
    {
        title: "a roles exemption matches the stages' values of the variable (not only the template): advisory",
        policy: INVOKE_POLICY_NAME,
        config: { [INVOKE_POLICY_NAME]: { exemptions: [{ roles: ["arn:aws:iam::*:role/invoker-*"], reason: "per-stage invokers" }] } },
        build: (s) => {
            fn(s, "pets");
            restRouteWith(s, { uri: s.ref("pets", "invokeArn"), credentials: `arn:aws:iam::${ACCOUNT}:role/\${stageVariables.role}` });
            restStage(s, "prod", { role: "invoker-prod" });
        },
        expect: [{ resource: "get-pets", level: "advisory", includes: ["exempted by", "per-stage invokers"] }],
    },
    {
        title: "credentials from a stage variable on an API that declares no stage: still a role, and the message says the stages are not in the stack",
        policy: INVOKE_POLICY_NAME,
        build: (s) => {
            fn(s, "pets");
            restRouteWith(s, { uri: s.ref("pets", "invokeArn"), credentials: `arn:aws:iam::${ACCOUNT}:role/\${stageVariables.role}` });
        },
        expect: [{ resource: "get-pets", level: "mandatory", includes: ['(no stage of "shop-api" that sets stageVariables.role is declared in this stack)'] }],
    },
];

describe("stage-variable targets and credentials", () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            for (const c of cases) {
                it(`${c.policy}: ${c.title}`, async () => {
                    const found = await findingsOf(c.policy, c, mode);
                    assertFindings(found, Array.isArray(c.expect) ? c.expect : c.expect[mode]);
                    for (const f of found) {
                        assert.ok(!f.message.includes(UNKNOWN) && !/\bundefined\b/.test(f.message) && !/[\uE000-\uF8FF]/.test(f.message), f.message);
                    }
                });
            }
        });
    }
});

/**
 * LambdaWebSocketApi: what it creates, the sourceArn of each permission, the resource policies
 * evaluated by iam-simulate against what API Gateway sends, its argument errors, the budget, and
 * the pack's verdict on what it registers (no finding at preview or update).
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { LambdaWebSocketApi, LambdaWebSocketApiArgs } from "../../components";
import { Route, sentSourceArns } from "../../core/executeApi";
import type { EngineResource } from "../../engine/types";
import { analyze, summarize } from "../harness/pack";
import { PERMISSION, apiExecutionArn, countByType, fnArn, idOf, lambdaFunction, ofType, sourceArns } from "./fixtures";
import { evaluate, resourcePolicies } from "./iam";
import { RecordedResource, UNKNOWN, recordFailure, recordProgram } from "./record";

const INVOKE = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn}/invocations`;
const AUTHORIZER = "aws:apigatewayv2/authorizer:Authorizer";
const ws = (routeKey: string): Route => ({ kind: "websocket", routeKey });

/** $connect (authorized), $disconnect on the same function, $default and a custom key on another, a qualified one. */
function chatArgs(o: Partial<LambdaWebSocketApiArgs> = {}): LambdaWebSocketApiArgs {
    return {
        routes: [
            { routeKey: "$connect", functionArn: fnArn("connect") },
            { routeKey: "$disconnect", functionArn: fnArn("connect") },
            { routeKey: "$default", functionArn: fnArn("messages") },
            { routeKey: "sendMessage", functionArn: fnArn("messages") },
            { routeKey: "typing", functionArn: `${fnArn("presence")}:live` },
        ],
        authorizer: { name: "token", functionArn: fnArn("auth"), identitySources: ["route.request.querystring.token"] },
        ...o,
    };
}

const chatRun = (args: LambdaWebSocketApiArgs, preview = false) => recordProgram(() => new LambdaWebSocketApi("chat", args), { preview });

describe("components: LambdaWebSocketApi", () => {
    describe("given five routes on three functions and a $connect authorizer", () => {
        let run: Awaited<ReturnType<typeof chatRun>>;
        before(async () => {
            run = await chatRun(chatArgs());
        });

        it("then it creates the API, an integration and a route per route key, the authorizer, one stage and one permission per route and authorizer", () => {
            assert.deepStrictEqual(countByType(run.resources), {
                "apigw-lambda-guard:index:LambdaWebSocketApi": 1,
                "aws:apigatewayv2/api:Api": 1,
                "aws:apigatewayv2/integration:Integration": 5,
                "aws:apigatewayv2/route:Route": 5,
                [AUTHORIZER]: 1,
                "aws:apigatewayv2/stage:Stage": 1,
                [PERMISSION]: 6,
            });
            const [api] = ofType(run.resources, "aws:apigatewayv2/api:Api");
            assert.deepStrictEqual([api.inputs.protocolType, api.inputs.routeSelectionExpression], ["WEBSOCKET", "$request.body.action"]);
            const [stage] = ofType(run.resources, "aws:apigatewayv2/stage:Stage");
            assert.deepStrictEqual([stage.inputs.name, stage.inputs.autoDeploy], ["prod", true]);
        });

        it("then every integration is AWS_PROXY to the function's invoke URI (qualified where the ARN is), without credentials", () => {
            const integrations = ofType(run.resources, "aws:apigatewayv2/integration:Integration");
            for (const i of integrations) {
                assert.strictEqual(i.inputs.integrationType, "AWS_PROXY");
                assert.ok(!("credentialsArn" in i.inputs), JSON.stringify(i.inputs));
            }
            assert.deepStrictEqual(
                integrations.map((i) => i.inputs.integrationUri).sort(),
                [INVOKE(fnArn("connect")), INVOKE(fnArn("connect")), INVOKE(fnArn("messages")), INVOKE(fnArn("messages")), INVOKE(`${fnArn("presence")}:live`)],
            );
        });

        it("then the authorizer is a REQUEST authorizer without credentials with the given identity source, and only $connect uses it", () => {
            const [authorizer] = ofType(run.resources, AUTHORIZER);
            assert.deepStrictEqual(
                { ...authorizer.inputs, apiId: undefined },
                { apiId: undefined, name: "token", authorizerType: "REQUEST", authorizerUri: INVOKE(fnArn("auth")), identitySources: ["route.request.querystring.token"] },
            );
            const authorizerId = idOf(run.resources, AUTHORIZER, "token");
            const byKey = Object.fromEntries(ofType(run.resources, "aws:apigatewayv2/route:Route").map((r) => [r.inputs.routeKey, [r.inputs.authorizationType, r.inputs.authorizerId]]));
            assert.deepStrictEqual(byKey, {
                $connect: ["CUSTOM", authorizerId],
                $disconnect: ["NONE", undefined],
                $default: ["NONE", undefined],
                sendMessage: ["NONE", undefined],
                typing: ["NONE", undefined],
            });
        });

        it("then each route's permission is E/*/{routeKey} on its function and qualifier, and the authorizer's E/authorizers/{id}", () => {
            const exec = apiExecutionArn("chat");
            const authorizerId = idOf(run.resources, AUTHORIZER, "token");
            assert.deepStrictEqual(sourceArns(run.resources), [
                `${exec}/*/$connect`,
                `${exec}/*/$default`,
                `${exec}/*/$disconnect`,
                `${exec}/*/sendMessage`,
                `${exec}/*/typing`,
                `${exec}/authorizers/${authorizerId}`,
            ].sort());
            const typing = ofType(run.resources, PERMISSION).find((p) => String(p.outputs.sourceArn).endsWith("/typing"))!;
            assert.deepStrictEqual([typing.inputs.function, typing.inputs.qualifier], [fnArn("presence"), "live"]);
        });

        it("then the statement ids are unique and valid Lambda statement ids", () => {
            const ids = ofType(run.resources, PERMISSION).map((p) => String(p.inputs.statementId));
            assert.strictEqual(new Set(ids).size, ids.length);
            for (const id of ids) {
                assert.match(id, /^[A-Za-z0-9_-]{1,100}$/);
            }
        });
    });

    it("given restrictPermissionsToStage and stage live, then each route's permission names the stage (the authorizer's has none)", async () => {
        const run = await chatRun(chatArgs({ stageName: "live", restrictPermissionsToStage: true, authorizer: undefined }));
        const exec = apiExecutionArn("chat");
        assert.deepStrictEqual(sourceArns(run.resources), ["$connect", "$default", "$disconnect", "sendMessage", "typing"].map((k) => `${exec}/live/${k}`));
    });

    it("given a route selection expression and a Function resource, then both are used as given and the permission is on the Function's ARN", async () => {
        const run = await recordProgram(() => {
            const connect = lambdaFunction("connect");
            return new LambdaWebSocketApi("chat", { routes: [{ routeKey: "$connect", function: connect }], routeSelectionExpression: "$request.body.type" });
        });
        assert.strictEqual(ofType(run.resources, "aws:apigatewayv2/api:Api")[0].inputs.routeSelectionExpression, "$request.body.type");
        assert.deepStrictEqual(ofType(run.resources, PERMISSION).map((p) => p.inputs.function), [fnArn("connect")]);
    });

    it("given a preview (every id and ARN unknown), then the same resources are registered and no input names an undefined", async () => {
        const run = await chatRun(chatArgs(), true);
        assert.strictEqual(ofType(run.resources, PERMISSION).length, 6);
        for (const p of ofType(run.resources, PERMISSION)) {
            assert.strictEqual(p.inputs.sourceArn, UNKNOWN);
            assert.strictEqual(p.inputs.principal, "apigateway.amazonaws.com");
        }
    });

    describe("IAM evaluation of the produced resource policies (iam-simulate)", () => {
        for (const restrict of [false, true]) {
            it(`given ${restrict ? "permissions restricted to stage prod" : "permissions for every stage"}, then what API Gateway sends for each route and the authorizer is allowed, and other APIs, accounts${restrict ? " and stages" : ""} are denied`, async () => {
                const run = await recordProgram(() => ({ executionArn: new LambdaWebSocketApi("chat", chatArgs({ restrictPermissionsToStage: restrict })).executionArn }));
                const exec = run.result.executionArn;
                const policies = resourcePolicies(run.resources);
                const expectations: { route: Route; invokes: string }[] = [
                    ...chatArgs().routes.map((r) => ({ route: ws(r.routeKey), invokes: String(r.functionArn) })),
                    { route: { kind: "authorizer", authorizerId: idOf(run.resources, AUTHORIZER, "token") }, invokes: fnArn("auth") },
                ];
                const allowedStages = restrict ? ["prod"] : ["prod", "dev"];
                for (const e of expectations) {
                    const policy = policies.get(e.invokes);
                    assert.ok(policy, `no resource policy on ${e.invokes}`);
                    for (const sent of allowedStages.flatMap((stage) => sentSourceArns(exec, e.route, stage))) {
                        assert.strictEqual(await evaluate(policy, sent), "Allowed", `${e.invokes} must allow ${sent}`);
                        const otherApi = sent.replace(/^(arn:[^:]+:execute-api:[^:]+:[^:]+:)[a-z0-9]+/, "$1zzzzzzzzzz");
                        const otherAccount = sent.replace(/^(arn:[^:]+:execute-api:[^:]+:)\d{12}/, "$1999999999999");
                        assert.strictEqual(await evaluate(policy, otherApi), "ImplicitlyDenied", otherApi);
                        assert.strictEqual(await evaluate(policy, otherAccount), "ImplicitlyDenied", otherAccount);
                    }
                    if (restrict && e.route.kind !== "authorizer") {
                        const [dev] = sentSourceArns(exec, e.route, "dev");
                        assert.strictEqual(await evaluate(policy, dev), "ImplicitlyDenied", dev);
                    }
                }
                // The qualified route's permission is on presence:live only: the unqualified function has no policy.
                assert.ok(!policies.has(fnArn("presence")));
            });
        }
    });

    describe("argument errors (before any resource is created)", () => {
        const cases: { when: string; args: LambdaWebSocketApiArgs; message: string }[] = [
            {
                when: "an authorizer is given without a $connect route",
                args: { routes: [{ routeKey: "$default", functionArn: fnArn("m") }], authorizer: { name: "token", functionArn: fnArn("auth") } },
                message: "LambdaWebSocketApi chat: authorizer token: a WebSocket authorizer guards the $connect route; add a $connect route",
            },
            {
                when: "a route key starts with $ but is not predefined",
                args: { routes: [{ routeKey: "$message", functionArn: fnArn("m") }] },
                message: 'LambdaWebSocketApi chat: route $message: route key "$message": keys starting with "$" are reserved for $connect, $disconnect, $default',
            },
            {
                when: "a route key has a space",
                args: { routes: [{ routeKey: "send message", functionArn: fnArn("m") }] },
                message: 'LambdaWebSocketApi chat: route send message: WebSocket route key "send message" must be non-empty with no spaces',
            },
            {
                when: "two routes have the same key",
                args: { routes: [{ routeKey: "$default", functionArn: fnArn("m") }, { routeKey: "$default", functionArn: fnArn("n") }] },
                message: 'LambdaWebSocketApi chat: route $default: duplicate route "$default"',
            },
            {
                when: "the stage is $default",
                args: { routes: [{ routeKey: "$default", functionArn: fnArn("m") }], stageName: "$default" },
                message: 'LambdaWebSocketApi chat: stage $default: the "$default" stage exists only for HTTP APIs; name the stage, e.g. "prod"',
            },
            {
                when: "an identity source is not a WebSocket one",
                args: { routes: [{ routeKey: "$connect", functionArn: fnArn("c") }], authorizer: { name: "token", functionArn: fnArn("auth"), identitySources: ["$request.header.Auth"] } },
                message:
                    'LambdaWebSocketApi chat: authorizer token: identity source "$request.header.Auth" must be route.request.header.{name}, route.request.querystring.{name}, stageVariables.{name} or context.{name}',
            },
            {
                when: "the route selection expression is empty",
                args: { routes: [{ routeKey: "$default", functionArn: fnArn("m") }], routeSelectionExpression: " " },
                message: 'LambdaWebSocketApi chat: routeSelectionExpression: must not be empty (e.g. "$request.body.action")',
            },
            {
                when: "a target is a stage-variable function",
                args: { routes: [{ routeKey: "$default", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}" }] },
                message:
                    'LambdaWebSocketApi chat: route $default: functionArn "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}" is not a Lambda function ARN: a stage-variable function needs one permission per possible value; list those functions as routes instead',
            },
        ];
        for (const c of cases) {
            it(`when ${c.when}, then a ResourceError names the component and what is wrong, and nothing is created`, async () => {
                const { error, resources } = await recordFailure(() => new LambdaWebSocketApi("chat", c.args));
                assert.ok(pulumi.ResourceError.isInstance(error), `expected a ResourceError, got ${error}`);
                assert.strictEqual((error as Error).message, c.message);
                assert.deepStrictEqual(resources.map((r) => r.type), ["apigw-lambda-guard:index:LambdaWebSocketApi"]);
            });
        }
    });

    it("given 70 custom route keys on one function, then its permissions are widened within the API, a warning names it, and every route is still allowed", async () => {
        const keys = Array.from({ length: 70 }, (_, i) => `action${i}`);
        const run = await recordProgram(() => {
            const hub = lambdaFunction("hub");
            return { executionArn: new LambdaWebSocketApi("big", { routes: keys.map((routeKey) => ({ routeKey, function: hub })) }).executionArn };
        });
        const exec = run.result.executionArn;
        assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*`]);
        assert.ok(run.warnings.some((w) => w.startsWith("Lambda function hub: 70 routes of API big")), JSON.stringify(run.warnings));
        const policy = resourcePolicies(run.resources).get(fnArn("hub"))!;
        for (const key of [keys[0], keys[69]]) {
            assert.strictEqual(await evaluate(policy, sentSourceArns(exec, ws(key), "prod")[0]), "Allowed");
        }
    });

    for (const preview of [true, false]) {
        it(`given a chat API through the policy pack at ${preview ? "preview" : "update"}, then there is no finding at all`, async () => {
            const run = await recordProgram(
                () => {
                    const connect = lambdaFunction("connect");
                    const auth = lambdaFunction("auth");
                    new LambdaWebSocketApi("chat", {
                        ...chatArgs(),
                        routes: [{ routeKey: "$connect", function: connect }, ...chatArgs().routes.slice(1)],
                        authorizer: { name: "token", function: auth, identitySources: ["route.request.header.Auth", "route.request.querystring.token"] },
                    });
                },
                { preview, stack: "dev", project: "shop" },
            );
            assert.strictEqual(ofType(run.resources, PERMISSION).length, 6);
            const resources: EngineResource[] = run.resources.map(({ custom: _custom, ...r }: RecordedResource) => r);
            assert.deepStrictEqual(summarize(await analyze(resources, { dryRun: preview, stack: "dev" })), []);
        });
    }
});

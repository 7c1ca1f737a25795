/**
 * The exact sourceArn of every permission the components create, for every case in AWS.md ("The
 * execute-api source ARN API Gateway sends"), built on the API's executionArn output.
 */
import * as assert from "assert";
import { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi } from "../../components";
import { FakeAccount, executionArnOf } from "./fakeAws";
import { PERMISSION, apiExecutionArn, fnArn, idOf, lambdaFunction, ofType, sourceArns } from "./fixtures";
import { recordProgram } from "./record";

const ORDERS = fnArn("orders");

describe("components: sourceArn of each permission", () => {
    describe("given a REST API", () => {
        const exec = apiExecutionArn("shop");

        it("when a route has path parameters, then each {param} becomes * and the verb stays", async () => {
            const run = await recordProgram(() => new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets/{petId}/toys/{toyId}", functionArn: ORDERS }] }));
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/GET/pets/*/toys/*`]);
        });

        it("when a route is ANY (the default method), then the verb is * (a literal ANY never matches)", async () => {
            const run = await recordProgram(() => new LambdaRestApi("shop", { routes: [{ path: "/pets", functionArn: ORDERS }] }));
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/*/pets`]);
        });

        it("when a route is on the root /, then the source ARN ends with the verb and a slash", async () => {
            const run = await recordProgram(() => new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/", functionArn: ORDERS }] }));
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/GET/`]);
        });

        it("when a route is ANY /{proxy+}, then any verb and any path of the API", async () => {
            const run = await recordProgram(() => new LambdaRestApi("shop", { routes: [{ path: "/{proxy+}", functionArn: ORDERS }] }));
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/*/*`]);
        });

        it("when stages are restricted, then one permission per stage names it instead of *", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaRestApi("shop", {
                        routes: [{ method: "POST", path: "/orders", functionArn: ORDERS }],
                        stages: ["prod", "test-invoke-stage"],
                        restrictPermissionsToStages: true,
                    }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/prod/POST/orders`, `${exec}/test-invoke-stage/POST/orders`]);
        });

        it("when a TOKEN and a REQUEST authorizer exist, then each permission names {apiId}/authorizers/{authorizerId}", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaRestApi("shop", {
                        routes: [{ method: "GET", path: "/pets", functionArn: ORDERS, authorizer: "token" }],
                        authorizers: [
                            { name: "token", functionArn: fnArn("auth-token") },
                            { name: "request", type: "REQUEST", identitySource: "method.request.header.X-Key", functionArn: fnArn("auth-request") },
                        ],
                    }),
            );
            const tokenId = idOf(run.resources, "aws:apigateway/authorizer:Authorizer", "token");
            const requestId = idOf(run.resources, "aws:apigateway/authorizer:Authorizer", "request");
            assert.deepStrictEqual(
                sourceArns(run.resources),
                [`${exec}/*/GET/pets`, `${exec}/authorizers/${requestId}`, `${exec}/authorizers/${tokenId}`].sort(),
            );
            const byFunction = Object.fromEntries(ofType(run.resources, PERMISSION).map((p) => [p.outputs.function, p.outputs.sourceArn]));
            assert.strictEqual(byFunction[fnArn("auth-token")], `${exec}/authorizers/${tokenId}`);
            assert.strictEqual(byFunction[fnArn("auth-request")], `${exec}/authorizers/${requestId}`);
        });

        it("when the API is in another partition, then the source ARN is in that partition (built on executionArn)", async () => {
            const china: FakeAccount = { partition: "aws-cn", region: "cn-north-1", account: "210987654321" };
            const run = await recordProgram(
                () => new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets", functionArn: fnArn("orders", china) }] }),
                { account: china },
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${apiExecutionArn("shop", china)}/*/GET/pets`]);
            assert.ok(sourceArns(run.resources)[0].startsWith("arn:aws-cn:execute-api:cn-north-1:210987654321:"));
        });
    });

    describe("given an HTTP API", () => {
        const exec = apiExecutionArn("web");

        it("when routes have keys, $default and ANY /{proxy+}, then each gets its exact pattern", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaHttpApi("web", {
                        routes: [
                            { routeKey: "GET /pets/{id}", functionArn: fnArn("pets") },
                            { routeKey: "ANY /{proxy+}", functionArn: fnArn("proxy") },
                            { routeKey: "$default", functionArn: fnArn("fallback") },
                            { routeKey: "POST /", functionArn: fnArn("root") },
                        ],
                    }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/$default`, `${exec}/*/*/*`, `${exec}/*/GET/pets/*`, `${exec}/*/POST/`].sort());
        });

        it("when the $default stage is restricted, then the stage segment is literally $default", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaHttpApi("web", {
                        routes: [
                            { routeKey: "GET /pets/{id}", functionArn: fnArn("pets") },
                            { routeKey: "$default", functionArn: fnArn("fallback") },
                        ],
                        restrictPermissionsToStage: true,
                    }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/$default/$default`, `${exec}/$default/GET/pets/*`]);
        });

        it("when a named stage is restricted, then the stage segment is its name", async () => {
            const run = await recordProgram(
                () => new LambdaHttpApi("web", { routes: [{ routeKey: "DELETE /pets/{id}", functionArn: fnArn("pets") }], stageName: "live", restrictPermissionsToStage: true }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/live/DELETE/pets/*`]);
        });

        it("when a route uses a Lambda authorizer, then the authorizer's permission names its id", async () => {
            const run = await recordProgram(() => {
                const auth = lambdaFunction("authz");
                return new LambdaHttpApi("web", {
                    routes: [{ routeKey: "GET /me", functionArn: fnArn("me"), authorizer: "jwt-ish" }],
                    authorizers: [{ name: "jwt-ish", function: auth }],
                });
            });
            const authorizerId = idOf(run.resources, "aws:apigatewayv2/authorizer:Authorizer", "jwt-ish");
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/GET/me`, `${exec}/authorizers/${authorizerId}`]);
        });
    });

    describe("given a qualified function ARN", () => {
        it("when the target is an alias or a version, then the permission is on that qualifier of the unqualified function", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaHttpApi("web", {
                        routes: [
                            { routeKey: "GET /a", functionArn: `${ORDERS}:live` },
                            { routeKey: "GET /b", functionArn: `${ORDERS}:3` },
                            { routeKey: "GET /c", functionArn: ORDERS },
                        ],
                    }),
            );
            const perms = ofType(run.resources, PERMISSION).map((p) => [p.outputs.sourceArn, p.outputs.function, p.outputs.qualifier ?? ""]);
            const exec = apiExecutionArn("web");
            assert.deepStrictEqual(perms.sort(), [
                [`${exec}/*/GET/a`, ORDERS, "live"],
                [`${exec}/*/GET/b`, ORDERS, "3"],
                [`${exec}/*/GET/c`, ORDERS, ""],
            ]);
            const uris = ofType(run.resources, "aws:apigatewayv2/integration:Integration").map((i) => i.outputs.integrationUri);
            assert.ok(uris.includes(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ORDERS}:live/invocations`));
        });
    });

    describe("given an API defined elsewhere (LambdaApiPermissions)", () => {
        const exec = executionArnOf({ partition: "aws-us-gov", region: "us-gov-west-1", account: "111122223333" }, "a1b2c3d4e5");

        it("when it is a WebSocket API, then {stage}/{routeKey} with no verb", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaApiPermissions("chat", {
                        executionArn: exec,
                        apiType: "websocket",
                        routes: [
                            { route: "$connect", functionArn: fnArn("connect") },
                            { route: "$disconnect", functionArn: fnArn("connect") },
                            { route: "sendMessage", functionArn: fnArn("send") },
                        ],
                        stages: ["prod"],
                    }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/prod/$connect`, `${exec}/prod/$disconnect`, `${exec}/prod/sendMessage`]);
        });

        it("when it is a REST API with an authorizer id, then routes as in a LambdaRestApi and the authorizer by id", async () => {
            const run = await recordProgram(
                () =>
                    new LambdaApiPermissions("legacy", {
                        executionArn: exec,
                        apiType: "rest",
                        routes: [
                            { route: "GET /pets/{petId}", functionArn: fnArn("pets") },
                            { route: "ANY /", functionArn: fnArn("pets") },
                        ],
                        authorizers: [{ name: "token", authorizerId: "x9y8z7", functionArn: fnArn("auth") }],
                    }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/*/`, `${exec}/*/GET/pets/*`, `${exec}/authorizers/x9y8z7`].sort());
        });

        it("when it is an HTTP API, then $default has no verb segment", async () => {
            const run = await recordProgram(
                () => new LambdaApiPermissions("edge", { executionArn: exec, apiType: "http", routes: [{ route: "$default", functionArn: fnArn("all") }] }),
            );
            assert.deepStrictEqual(sourceArns(run.resources), [`${exec}/*/$default`]);
        });
    });
});

/**
 * What the components create: how many resources of each type, with no credentials on any
 * integration or authorizer, a REST deployment that is replaced only when the routes change, and
 * names that stay the same as routes are added.
 */
import * as assert from "assert";
import { LambdaHttpApi, LambdaHttpApiArgs, LambdaRestApi, LambdaRestApiArgs } from "../../components";
import { PERMISSION, countByType, fnArn, ofType } from "./fixtures";
import { RecordedResource, UNKNOWN, recordProgram } from "./record";

const INVOKE = (fn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fn}/invocations`;

function restArgs(extraRoutes: { method: string; path: string; fn?: string }[] = []): LambdaRestApiArgs {
    return {
        routes: [
            { method: "GET", path: "/pets", functionArn: fnArn("pets") },
            { method: "GET", path: "/pets/{petId}", functionArn: fnArn("pets"), authorizer: "token" },
            { method: "POST", path: "/orders/{orderId}/items", functionArn: fnArn("orders") },
            ...extraRoutes.map((r) => ({ method: r.method, path: r.path, functionArn: fnArn(r.fn ?? "orders") })),
        ],
        authorizers: [{ name: "token", functionArn: fnArn("auth") }],
        stages: ["prod", "dev"],
    };
}

function httpArgs(extraRouteKeys: string[] = [], autoDeploy?: boolean): LambdaHttpApiArgs {
    return {
        routes: [
            { routeKey: "GET /pets", functionArn: fnArn("pets") },
            { routeKey: "GET /pets/{id}", functionArn: fnArn("pets"), authorizer: "admin" },
            { routeKey: "$default", functionArn: fnArn("fallback") },
            ...extraRouteKeys.map((routeKey) => ({ routeKey, functionArn: fnArn("orders") })),
        ],
        authorizers: [{ name: "admin", functionArn: fnArn("authz") }],
        autoDeploy,
    };
}

const restRun = (args: LambdaRestApiArgs, preview = false) => recordProgram(() => new LambdaRestApi("shop", args), { preview });
const httpRun = (args: LambdaHttpApiArgs, preview = false) => recordProgram(() => new LambdaHttpApi("web", args), { preview });
const names = (resources: RecordedResource[]) => resources.map((r) => `${r.type}::${r.name}`);
const redeployment = (resources: RecordedResource[]) =>
    (ofType(resources, "aws:apigateway/deployment:Deployment")[0].inputs.triggers as Record<string, string>).redeployment;

describe("components: resources created", () => {
    describe("given a REST API with 3 routes on 2 functions, a TOKEN authorizer and 2 stages", () => {
        let run: Awaited<ReturnType<typeof restRun>>;
        before(async () => {
            run = await restRun(restArgs());
        });

        it("then it creates the API, one resource per path prefix, a method and an integration per route, the authorizer, one deployment, the stages and 4 permissions", () => {
            assert.deepStrictEqual(countByType(run.resources), {
                "apigw-lambda-guard:index:LambdaRestApi": 1,
                "aws:apigateway/restApi:RestApi": 1,
                // /pets, /pets/{petId}, /orders, /orders/{orderId}, /orders/{orderId}/items
                "aws:apigateway/resource:Resource": 5,
                "aws:apigateway/method:Method": 3,
                "aws:apigateway/integration:Integration": 3,
                "aws:apigateway/authorizer:Authorizer": 1,
                "aws:apigateway/deployment:Deployment": 1,
                "aws:apigateway/stage:Stage": 2,
                // GET /pets, GET /pets/*, POST /orders/*/items, the authorizer
                [PERMISSION]: 4,
            });
        });

        it("then every integration is AWS_PROXY to the function's invoke URI, without credentials", () => {
            const integrations = ofType(run.resources, "aws:apigateway/integration:Integration");
            for (const i of integrations) {
                assert.strictEqual(i.inputs.type, "AWS_PROXY");
                assert.strictEqual(i.inputs.integrationHttpMethod, "POST");
                assert.ok(!("credentials" in i.inputs), JSON.stringify(i.inputs));
            }
            assert.deepStrictEqual(integrations.map((i) => i.inputs.uri).sort(), [INVOKE(fnArn("orders")), INVOKE(fnArn("pets")), INVOKE(fnArn("pets"))]);
        });

        it("then the authorizer is a TOKEN Lambda authorizer without credentials, used by its route only", () => {
            const [authorizer] = ofType(run.resources, "aws:apigateway/authorizer:Authorizer");
            assert.deepStrictEqual(
                { ...authorizer.inputs, restApi: undefined },
                {
                    restApi: undefined,
                    name: "token",
                    type: "TOKEN",
                    authorizerUri: INVOKE(fnArn("auth")),
                    identitySource: "method.request.header.Authorization",
                    authorizerResultTtlInSeconds: 300,
                },
            );
            const methods = ofType(run.resources, "aws:apigateway/method:Method").map((m) => [m.inputs.httpMethod, m.inputs.authorization, m.inputs.authorizerId ?? ""]);
            assert.deepStrictEqual(methods.sort(), [
                ["GET", "CUSTOM", authorizer.outputs.id],
                ["GET", "NONE", ""],
                ["POST", "NONE", ""],
            ]);
        });

        it("then every resource is a child of the component, and the deployment waits for the methods and integrations", () => {
            const component = run.resources.find((r) => r.type === "apigw-lambda-guard:index:LambdaRestApi")!;
            assert.ok(run.resources.filter((r) => r !== component).every((r) => r.parent === component.urn));
            const [deployment] = ofType(run.resources, "aws:apigateway/deployment:Deployment");
            const needed = [...ofType(run.resources, "aws:apigateway/method:Method"), ...ofType(run.resources, "aws:apigateway/integration:Integration")];
            assert.ok(needed.every((r) => deployment.dependencies.includes(r.urn)));
        });

        it("when routes are reordered, then the deployment trigger is the same; when a route is added or retargeted, then it changes", async () => {
            const reordered = await restRun({ ...restArgs(), routes: [...restArgs().routes].reverse() });
            const added = await restRun(restArgs([{ method: "DELETE", path: "/pets/{petId}" }]));
            const retargeted = await restRun({ ...restArgs(), routes: restArgs().routes.map((r, i) => (i === 0 ? { ...r, functionArn: fnArn("other") } : r)) });
            assert.strictEqual(redeployment(reordered.resources), redeployment(run.resources));
            assert.notStrictEqual(redeployment(added.resources), redeployment(run.resources));
            assert.notStrictEqual(redeployment(retargeted.resources), redeployment(run.resources));
        });

        it("when routes are added, then every existing resource keeps its name (only the deployment is replaced, by its trigger)", async () => {
            const added = await restRun(restArgs([{ method: "DELETE", path: "/pets/{petId}" }, { method: "GET", path: "/a-new/{id}", fn: "new" }]));
            const after = new Set(names(added.resources));
            assert.deepStrictEqual(
                names(run.resources).filter((n) => !after.has(n)),
                [],
            );
            assert.strictEqual(added.resources.length - run.resources.length, 2 /* methods */ + 2 /* integrations */ + 2 /* resources */ + 2 /* permissions */);
        });
    });

    describe("given an HTTP API with 3 routes (one $default) on 2 functions and a REQUEST authorizer", () => {
        let run: Awaited<ReturnType<typeof httpRun>>;
        before(async () => {
            run = await httpRun(httpArgs());
        });

        it("then it creates the API, an integration and a route per route key, the authorizer, a $default auto-deploy stage and 4 permissions", () => {
            assert.deepStrictEqual(countByType(run.resources), {
                "apigw-lambda-guard:index:LambdaHttpApi": 1,
                "aws:apigatewayv2/api:Api": 1,
                "aws:apigatewayv2/integration:Integration": 3,
                "aws:apigatewayv2/route:Route": 3,
                "aws:apigatewayv2/authorizer:Authorizer": 1,
                "aws:apigatewayv2/stage:Stage": 1,
                [PERMISSION]: 4,
            });
            const [stage] = ofType(run.resources, "aws:apigatewayv2/stage:Stage");
            assert.deepStrictEqual([stage.inputs.name, stage.inputs.autoDeploy], ["$default", true]);
            const [api] = ofType(run.resources, "aws:apigatewayv2/api:Api");
            assert.strictEqual(api.inputs.protocolType, "HTTP");
            assert.ok(!("credentialsArn" in api.inputs) && !("target" in api.inputs));
        });

        it("then integrations are AWS_PROXY with payload 2.0 and no credentials, and each route targets its own", () => {
            const integrations = ofType(run.resources, "aws:apigatewayv2/integration:Integration");
            for (const i of integrations) {
                assert.deepStrictEqual([i.inputs.integrationType, i.inputs.payloadFormatVersion, "credentialsArn" in i.inputs], ["AWS_PROXY", "2.0", false]);
            }
            const targets = ofType(run.resources, "aws:apigatewayv2/route:Route").map((r) => r.inputs.target);
            assert.deepStrictEqual(targets.sort(), integrations.map((i) => `integrations/${i.outputs.id}`).sort());
        });

        it("then the authorizer is a REQUEST Lambda authorizer without credentials", () => {
            const [authorizer] = ofType(run.resources, "aws:apigatewayv2/authorizer:Authorizer");
            assert.deepStrictEqual(
                { ...authorizer.inputs, apiId: undefined },
                {
                    apiId: undefined,
                    name: "admin",
                    authorizerType: "REQUEST",
                    authorizerUri: INVOKE(fnArn("authz")),
                    authorizerPayloadFormatVersion: "2.0",
                    enableSimpleResponses: true,
                    identitySources: ["$request.header.Authorization"],
                    authorizerResultTtlInSeconds: 300,
                },
            );
            const routes = ofType(run.resources, "aws:apigatewayv2/route:Route").map((r) => [r.inputs.routeKey, r.inputs.authorizationType]);
            assert.deepStrictEqual(routes.sort(), [
                ["$default", "NONE"],
                ["GET /pets", "NONE"],
                ["GET /pets/{id}", "CUSTOM"],
            ]);
        });

        it("when auto-deploy is off, then a deployment is created and the stage uses it", async () => {
            const manual = await httpRun(httpArgs([], false));
            const [deployment] = ofType(manual.resources, "aws:apigatewayv2/deployment:Deployment");
            const [stage] = ofType(manual.resources, "aws:apigatewayv2/stage:Stage");
            assert.deepStrictEqual([stage.inputs.autoDeploy, stage.inputs.deploymentId], [false, deployment.outputs.id]);
        });

        it("when routes are added, then every existing resource keeps its name", async () => {
            const added = await httpRun(httpArgs(["POST /orders", "ANY /{proxy+}"]));
            const after = new Set(names(added.resources));
            assert.deepStrictEqual(
                names(run.resources).filter((n) => !after.has(n)),
                [],
            );
            // 2 integrations, 2 routes, and 1 permission: ANY /{proxy+} (/*/*/*) covers POST /orders.
            assert.strictEqual(added.resources.length - run.resources.length, 5);
        });

        it("when previewed for the first time (every ARN and id unknown), then the same resources are registered and each permission's function and statement id are known", async () => {
            const preview = await httpRun(httpArgs(), true);
            assert.deepStrictEqual(names(preview.resources).sort(), names(run.resources).sort());
            for (const p of ofType(preview.resources, PERMISSION)) {
                assert.strictEqual(p.inputs.sourceArn, UNKNOWN);
                assert.match(String(p.inputs.function), /^arn:aws:lambda:/);
                assert.match(String(p.inputs.statementId), /^web-/);
            }
        });
    });
});

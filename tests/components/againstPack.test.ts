/**
 * The components are right by construction: what they register, fed to the policy pack through
 * the engine harness (the built pack, over gRPC), draws no finding at preview or at update. The
 * same routes built by hand with IAM roles draw exactly the expected violations.
 */
import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi } from "../../components";
import type { EngineResource } from "../../engine/types";
import { analyze, summarize } from "../harness/pack";
import { lambdaFunction } from "./fixtures";
import { RecordedResource, recordProgram } from "./record";

function toEngine(resources: RecordedResource[]): EngineResource[] {
    return resources.map(({ custom: _custom, ...r }) => r);
}

function componentProgram() {
    const pets = lambdaFunction("pets");
    const home = lambdaFunction("home");
    const auth = lambdaFunction("auth");
    const orders = lambdaFunction("orders");
    new LambdaRestApi("shop", {
        routes: [
            { method: "GET", path: "/pets/{petId}", function: pets, authorizer: "token" },
            { path: "/pets", function: pets },
            { method: "GET", path: "/", function: home },
        ],
        authorizers: [{ name: "token", function: auth }],
        stages: ["prod", "staging"],
    });
    new LambdaHttpApi("web", {
        routes: [
            { routeKey: "GET /orders/{id}", function: orders, authorizer: "session" },
            { routeKey: "$default", function: home },
            { routeKey: "POST /orders", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders-writer:live" },
        ],
        authorizers: [{ name: "session", function: auth }],
    });
    // The migration path: an API defined by an OpenAPI body without roles, plus its permissions.
    const legacy = new aws.apigateway.RestApi("legacy", {
        body: JSON.stringify({
            openapi: "3.0.1",
            paths: {
                "/items/{itemId}": {
                    get: {
                        "x-amazon-apigateway-integration": {
                            type: "aws_proxy",
                            httpMethod: "POST",
                            uri: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:items/invocations",
                        },
                    },
                },
            },
        }),
    });
    new LambdaApiPermissions("legacy", {
        executionArn: legacy.executionArn,
        apiType: "rest",
        routes: [{ route: "GET /items/{itemId}", functionArn: "arn:aws:lambda:us-east-1:123456789012:function:items" }],
    });
}

/** The same REST routes built by hand, invoking through roles (the pattern the pack exists to catch). */
function rolesProgram() {
    const pets = lambdaFunction("pets");
    const auth = lambdaFunction("auth");
    const invoker = new aws.iam.Role("invoker", { assumeRolePolicy: "{}" });
    const authInvoker = new aws.iam.Role("auth-invoker", { assumeRolePolicy: "{}" });
    const api = new aws.apigateway.RestApi("shop", {});
    const resource = new aws.apigateway.Resource("pets", { restApi: api.id, parentId: api.rootResourceId, pathPart: "pets" });
    const authorizer = new aws.apigateway.Authorizer("token", {
        restApi: api.id,
        authorizerUri: auth.invokeArn,
        authorizerCredentials: authInvoker.arn,
    });
    new aws.apigateway.Method("get-pets", {
        restApi: api.id,
        resourceId: resource.id,
        httpMethod: "GET",
        authorization: "CUSTOM",
        authorizerId: authorizer.id,
    });
    new aws.apigateway.Integration("get-pets", {
        restApi: api.id,
        resourceId: resource.id,
        httpMethod: "GET",
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: pets.invokeArn,
        credentials: invoker.arn,
    });
}

for (const preview of [true, false]) {
    describe(`components through the policy pack (${preview ? "preview" : "update"})`, () => {
        it("given REST, HTTP and permissions-only components, when the pack analyses them, then there is no finding at all", async () => {
            const run = await recordProgram(componentProgram, { preview, stack: "dev", project: "shop" });
            const permissions = run.resources.filter((r) => r.type === "aws:lambda/permission:Permission");
            assert.ok(permissions.length >= 7, `permissions created: ${permissions.length}`);
            const found = summarize(await analyze(toEngine(run.resources), { dryRun: preview, stack: "dev" }));
            assert.deepStrictEqual(found, []);
        });

        it("given the same routes built with IAM roles, then the integration and the authorizer are violations, two AssumeRole calls per request", async () => {
            const run = await recordProgram(rolesProgram, { preview, stack: "dev", project: "shop" });
            const found = summarize(await analyze(toEngine(run.resources), { dryRun: preview, stack: "dev" }));
            assert.deepStrictEqual(
                found.map((f) => [f.policy, f.resource, f.level]).sort(),
                [
                    ["lambda-invoke-via-resource-policy", "get-pets", "mandatory"],
                    ["lambda-invoke-via-resource-policy", "token", "mandatory"],
                ],
            );
            const integration = found.find((f) => f.resource === "get-pets")!;
            assert.ok(integration.message.includes("STS AssumeRole per request: 2 now, 1 after the fix"), integration.message);
            assert.ok(integration.message.includes("Route: GET /pets"), integration.message);
        });
    });
}

/**
 * lambda-invoke-via-resource-policy on OpenAPI bodies that are unknown at preview: the
 * role-based invocation is inferred from what the body is built from (shapes in
 * invokeViaResourcePolicyShapes.ts), and the exact check replaces it at update. Also: a body
 * finding is reported once with fleetThreshold 0, and a late-building component's inputs.
 * Through the built pack over the engine's gRPC protocol, at preview and at update.
 */
import * as assert from "assert";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { SCOPED_POLICY_NAME } from "../../policies/permissionScoped";
import { assertFindings, findingsOf } from "../harness/expect";
import { ACCOUNT, REGION, fn, permission, restApi, restResource, restRoute } from "../harness/fixtures";
import { Interp, Mode, StackBuilder, UNKNOWN } from "../harness/stackBuilder";
import { SHAPES } from "./invokeViaResourcePolicyShapes";

const PER_RESOURCE = { [INVOKE_POLICY_NAME]: { fleetThreshold: 0 } };

/** A known body with an integration role and an authorizer with another role (both literal). */
const knownBody = {
    openapi: "3.0.1",
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

/** aws-apigateway's RestAPI as the engine registers it: a component with its inputs, built later by its provider. */
function lateComponent(s: StackBuilder, authorizers: (s: StackBuilder) => unknown[]): void {
    fn(s, "pets");
    fn(s, "auth");
    s.add("aws-apigateway:index:RestAPI", "api", {
        inputs: {
            routes: [{
                path: "/pets",
                method: "GET",
                // The engine sends a resource input as the resource's id (unknown on a first preview).
                eventHandler: s.ref("pets", "id"),
                authorizers: authorizers(s),
            }],
        },
    });
}

describe(`${INVOKE_POLICY_NAME}: role-based invocations inferred at preview`, () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            for (const shape of SHAPES) {
                it(`${shape.title} (${shape.kind})`, async () => {
                    assertFindings(await findingsOf(INVOKE_POLICY_NAME, shape, mode), shape.expect[mode]);
                });
            }

            it("a known body with fleetThreshold 0: each finding once, by Analyze, with the API and both roles counted", async () => {
                const found = await findingsOf(INVOKE_POLICY_NAME, { build: (s) => restApi(s, "body-api", "b0dy000001", JSON.stringify(knownBody)), config: PER_RESOURCE }, mode);
                assertFindings(found, [
                    { resource: "body-api", level: "mandatory", phase: "analyze", includes: ["Route: GET /pets/{petId}", "API: body-api (REST API)", "2 now, 1 after the fix"] },
                    { resource: "body-api", level: "mandatory", phase: "analyze", includes: ['authorizer "lambda-auth"', "/authorizers/*"] },
                ]);
            });

            it("aws-apigateway RestAPI whose route has a Lambda authorizer handler, nothing built yet: reported from the component's inputs", async () => {
                const found = await findingsOf(INVOKE_POLICY_NAME, { build: (s) => lateComponent(s, (b) => [{ authorizerName: "token", parameterName: "Authorization", handler: b.ref("auth", "id") }]) }, mode);
                assertFindings(found, [{
                    resource: "api",
                    level: "mandatory",
                    phase: "analyzeStack",
                    includes: ['route GET /pets has Lambda authorizer "token"', mode === "update" ? '(handler "auth-9f8e7d")' : "which this component creates with an IAM role", "inferred at preview from the component's inputs", "Route: GET /pets"],
                }]);
            });

            it("aws-apigateway RestAPI with a Cognito authorizer (no handler) and no authorizer: nothing", async () => {
                const found = await findingsOf(INVOKE_POLICY_NAME, { build: (s) => lateComponent(s, () => [{ authorizerName: "pool", parameterName: "Authorization", providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/x"] }]) }, mode);
                assertFindings(found, []);
            });
        });
    }

    it("the raw unknown marker and `undefined` never appear in an inferred message", async () => {
        for (const shape of SHAPES) {
            for (const f of await findingsOf(INVOKE_POLICY_NAME, shape, "preview")) {
                assert.ok(!f.message.includes(UNKNOWN) && !/\bundefined\b/.test(f.message), f.message);
            }
        }
    });
});

describe(`${SCOPED_POLICY_NAME}: narrowing advice for a catch-all route`, () => {
    function proxyApi(s: StackBuilder, sourceSuffix: string, route: { pathPart: string; method: string }): void {
        fn(s, "pets");
        restApi(s, "shop-api");
        restResource(s, "proxy-res", "shop-api", route.pathPart);
        restRoute(s, "proxy", { api: "shop-api", resource: "proxy-res", method: route.method, function: "pets" });
        permission(s, "perm", { function: "pets", sourceArn: new Interp([s.ref("shop-api", "executionArn"), sourceSuffix]) });
    }
    const EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5`;

    it("ANY /{proxy+} with an apiId/* permission: no advice (apiId/*/*/* would admit every route too)", async () => {
        for (const mode of ["preview", "update"] as Mode[]) {
            assertFindings(await findingsOf(SCOPED_POLICY_NAME, { build: (s) => proxyApi(s, "/*", { pathPart: "{proxy+}", method: "ANY" }) }, mode), []);
        }
    });

    it("GET /{proxy+} with an apiId/* permission: the advice narrows to GET", async () => {
        assertFindings(await findingsOf(SCOPED_POLICY_NAME, { build: (s) => proxyApi(s, "/*", { pathPart: "{proxy+}", method: "GET" }) }, "update"), [
            { resource: "perm", level: "advisory", includes: [`Fix: Set sourceArn to "${EXEC}/*/GET/*".`] },
        ]);
    });
});

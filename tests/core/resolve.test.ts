/**
 * Whole-stack resolution (what AnalyzeStack can see): the REST resource path behind an
 * integration, v2 routes behind an integration, the authorizers guarding it, and the function
 * behind a URI that is unknown at preview, all through dependencies first and values second.
 */
import * as assert from "assert";
import { Route } from "../../core/executeApi";
import { ResolvedInvocation, StackInvocations, resolveStack, restPath } from "../../core/resolve";
import { StackIndex, StackResource } from "../../core/stack";
import { Obj, Unknown } from "../../core/values";

const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:pets";
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const ROLE = "arn:aws:iam::123456789012:role/invoker";

const T = {
    restApi: "aws:apigateway/restApi:RestApi",
    resource: "aws:apigateway/resource:Resource",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    authorizer: "aws:apigateway/authorizer:Authorizer",
    api: "aws:apigatewayv2/api:Api",
    v2Integration: "aws:apigatewayv2/integration:Integration",
    route: "aws:apigatewayv2/route:Route",
    v2Authorizer: "aws:apigatewayv2/authorizer:Authorizer",
    fn: "aws:lambda/function:Function",
    alias: "aws:lambda/alias:Alias",
    nativeMethod: "aws-native:apigateway:Method",
    nativeResource: "aws-native:apigateway:Resource",
    nativeRestApi: "aws-native:apigateway:RestApi",
} as const;

/** A tiny stack: `add(type, name, props, { property: [dependency names] })`. */
class Stack {
    readonly resources: StackResource[] = [];

    urn(name: string): string {
        const r = this.resources.find((x) => x.name === name);
        if (!r) throw new Error(`no resource ${name}`);
        return r.urn;
    }

    add(type: string, name: string, props: Obj, deps: Record<string, string[]> = {}): this {
        const propertyDependencies: Record<string, string[]> = {};
        for (const [key, names] of Object.entries(deps)) {
            propertyDependencies[key] = names.map((n) => this.urn(n));
        }
        this.resources.push({
            urn: `urn:pulumi:dev::shop::${type}::${name}`,
            type,
            name,
            props,
            dependencies: [...new Set(Object.values(propertyDependencies).flat())],
            propertyDependencies,
        });
        return this;
    }

    resolve(): StackInvocations {
        return resolveStack(new StackIndex(this.resources));
    }
}

function only(result: StackInvocations, kind: "integration" | "authorizer" = "integration"): ResolvedInvocation {
    const found = result.invocations.filter((i) => i.kind === kind);
    assert.strictEqual(found.length, 1, `expected one ${kind}, got ${found.length}`);
    return found[0];
}

/** A REST API at preview: every id unknown, resources known only through dependencies. */
function restAtPreview(): Stack {
    return new Stack()
        .add(T.fn, "pets-fn", { name: Unknown, arn: Unknown, invokeArn: Unknown })
        .add(T.restApi, "shop", { name: "shop", id: Unknown, rootResourceId: Unknown, executionArn: Unknown, body: Unknown })
        .add(T.resource, "pets", { pathPart: "pets", parentId: Unknown, restApi: Unknown, path: Unknown }, { parentId: ["shop"], restApi: ["shop"] })
        .add(T.resource, "pet", { pathPart: "{petId}", parentId: Unknown, restApi: Unknown, path: Unknown }, { parentId: ["pets"], restApi: ["shop"] })
        .add(T.resource, "toys", { pathPart: "toys", parentId: Unknown, restApi: Unknown, path: Unknown }, { parentId: ["pet"], restApi: ["shop"] });
}

describe("core/resolve", () => {
    describe("REST resource paths", () => {
        const paths: [string, string][] = [
            ["pets", "/pets"],
            ["pet", "/pets/{petId}"],
            ["toys", "/pets/{petId}/toys"],
        ];
        for (const [resourceName, expected] of paths) {
            it(`given an integration on resource "${resourceName}" at preview (ids unknown), when resolved, then its route is GET ${expected} from the pathPart/parent chain`, () => {
                const s = restAtPreview().add(
                    T.integration,
                    "get",
                    { type: "AWS_PROXY", httpMethod: "GET", uri: Unknown, credentials: ROLE, resourceId: Unknown, restApi: Unknown },
                    { uri: ["pets-fn"], resourceId: [resourceName], restApi: ["shop"] },
                );
                const inv = only(s.resolve());
                assert.deepStrictEqual(inv.routes, [{ kind: "rest", method: "GET", path: expected }]);
                assert.strictEqual(inv.api?.name, "shop");
                assert.strictEqual(inv.apiKind, "rest");
            });
        }

        it("given an integration on the root resource at preview (resourceId depends only on the RestApi), when resolved, then its route is on /", () => {
            const s = restAtPreview().add(
                T.integration,
                "get-root",
                { type: "AWS_PROXY", httpMethod: "ANY", uri: Unknown, credentials: ROLE, resourceId: Unknown, restApi: Unknown },
                { uri: ["pets-fn"], resourceId: ["shop"], restApi: ["shop"] },
            );
            assert.deepStrictEqual(only(s.resolve()).routes, [{ kind: "rest", method: "ANY", path: "/" }]);
        });

        it("given an integration on the root resource at update with no dependencies, when resolved, then the rootResourceId value identifies /", () => {
            const s = new Stack()
                .add(T.restApi, "shop", { id: "abc123", rootResourceId: "root1", executionArn: "arn:aws:execute-api:us-east-1:123456789012:abc123", body: "" })
                .add(T.integration, "get-root", { type: "AWS_PROXY", httpMethod: "GET", uri: URI, credentials: ROLE, resourceId: "root1", restApi: "abc123" });
            const inv = only(s.resolve());
            assert.deepStrictEqual(inv.routes, [{ kind: "rest", method: "GET", path: "/" }]);
            assert.strictEqual(inv.api?.name, "shop");
        });

        it("given a resource whose path output is known (update), when resolved, then that path is used", () => {
            const s = new Stack()
                .add(T.restApi, "shop", { id: "abc123", rootResourceId: "root1", body: "" })
                .add(T.resource, "pet", { id: "res9", pathPart: "{petId}", parentId: "res1", path: "/pets/{petId}", restApi: "abc123" })
                .add(T.integration, "get-pet", { type: "AWS_PROXY", httpMethod: "GET", uri: URI, credentials: ROLE, resourceId: "res9", restApi: "abc123" });
            assert.deepStrictEqual(only(s.resolve()).routes, [{ kind: "rest", method: "GET", path: "/pets/{petId}" }]);
        });

        it("given a resource whose parent is not in the stack, when resolved, then no route is invented", () => {
            const s = new Stack()
                .add(T.resource, "orphan", { pathPart: "x", parentId: Unknown, path: Unknown })
                .add(T.integration, "get", { type: "AWS_PROXY", httpMethod: "GET", uri: URI, credentials: ROLE, resourceId: Unknown }, { resourceId: ["orphan"] });
            assert.deepStrictEqual(only(s.resolve()).routes, []);
        });

        it("given an httpMethod unknown at preview, when resolved, then no route is invented", () => {
            const s = restAtPreview().add(
                T.integration,
                "get",
                { type: "AWS_PROXY", httpMethod: Unknown, uri: Unknown, credentials: ROLE, resourceId: Unknown },
                { resourceId: ["pets"], httpMethod: ["shop"] },
            );
            assert.deepStrictEqual(only(s.resolve()).routes, []);
        });

        it("given a parent chain that loops, when the path is computed, then it gives up instead of recursing forever", () => {
            const s = new Stack();
            s.resources.push(
                { urn: "urn:a", type: T.resource, name: "a", props: { pathPart: "a", parentId: Unknown }, dependencies: [], propertyDependencies: { parentId: ["urn:b"] } },
                { urn: "urn:b", type: T.resource, name: "b", props: { pathPart: "b", parentId: Unknown }, dependencies: [], propertyDependencies: { parentId: ["urn:a"] } },
            );
            const index = new StackIndex(s.resources);
            assert.strictEqual(restPath(index, s.resources[0], "parentId"), undefined);
        });

        it("given an aws-native Method on an aws-native Resource at preview, when resolved, then the route comes from the resource chain", () => {
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: Unknown })
                .add(T.nativeRestApi, "shop", { restApiId: Unknown, rootResourceId: Unknown })
                .add(T.nativeResource, "pets", { pathPart: "pets", parentId: Unknown, restApiId: Unknown }, { parentId: ["shop"], restApiId: ["shop"] })
                .add(
                    T.nativeMethod,
                    "get-pets",
                    { httpMethod: "GET", resourceId: Unknown, restApiId: Unknown, integration: { type: "AWS_PROXY", uri: Unknown, credentials: ROLE } },
                    { resourceId: ["pets"], restApiId: ["shop"], integration: ["pets-fn"] },
                );
            const inv = only(s.resolve());
            assert.deepStrictEqual(inv.routes, [{ kind: "rest", method: "GET", path: "/pets" }]);
            assert.strictEqual(inv.api?.name, "shop");
            assert.deepStrictEqual(inv.target, { kind: "lambda", functionUrns: [s.urn("pets-fn")] });
        });
    });

    describe("targets", () => {
        it("given a REST AWS integration whose uri is unknown but depends on a Function, when resolved, then the target is that function", () => {
            const s = restAtPreview().add(
                T.integration,
                "get",
                { type: "AWS", httpMethod: "GET", uri: Unknown, credentials: ROLE, resourceId: Unknown },
                { uri: ["pets-fn"], resourceId: ["pets"] },
            );
            const inv = only(s.resolve());
            assert.deepStrictEqual(inv.target, { kind: "lambda", functionUrns: [s.urn("pets-fn")] });
        });

        it("given an undetermined uri that depends on an Alias, when resolved, then the target is the alias", () => {
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: Unknown })
                .add(T.alias, "live", { arn: Unknown, functionName: Unknown }, { functionName: ["pets-fn"] })
                .add(T.integration, "get", { type: "AWS", httpMethod: "GET", uri: Unknown, credentials: ROLE }, { uri: ["live"] });
            assert.deepStrictEqual(only(s.resolve()).target, { kind: "lambda", functionUrns: [s.urn("live")] });
        });

        it("given an undetermined uri that depends on no function (e.g. an SQS queue), when resolved, then it stays undetermined", () => {
            const s = new Stack()
                .add("aws:sqs/queue:Queue", "orders", { arn: Unknown })
                .add(T.integration, "post", { type: "AWS", httpMethod: "POST", uri: Unknown, credentials: ROLE }, { uri: ["orders"] });
            assert.deepStrictEqual(only(s.resolve()).target, { kind: "undetermined" });
        });

        it("given an HTTP API quick create whose target is unknown at preview, when resolved, then the dependency on the Function decides", () => {
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: Unknown })
                .add(T.api, "quick", { protocolType: "HTTP", target: Unknown, credentialsArn: ROLE }, { target: ["pets-fn"] });
            const inv = only(s.resolve());
            assert.deepStrictEqual(inv.target, { kind: "lambda", functionUrns: [s.urn("pets-fn")] });
            assert.strictEqual(inv.api?.name, "quick");
            assert.deepStrictEqual(inv.routes, [{ kind: "http", routeKey: "$default" }]);
        });

        it("given a known function ARN and the Function in the stack without a dependency (update), when resolved, then the Function is found by its arn", () => {
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: FN_ARN, name: "pets" })
                .add(T.integration, "get", { type: "AWS_PROXY", httpMethod: "GET", uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}:live/invocations`, credentials: ROLE });
            const t = only(s.resolve()).target;
            assert.ok(t.kind === "lambda");
            assert.deepStrictEqual(t.functionUrns, [s.urn("pets-fn")]);
            assert.strictEqual(t.fn?.qualifier, "live");
        });

        it("given an OpenAPI body naming a function ARN in the stack, when resolved, then the Function is found by arn, not by the body's dependencies", () => {
            const body = JSON.stringify({ paths: { "/pets": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI, credentials: ROLE } } } } });
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: FN_ARN })
                .add(T.fn, "other-fn", { arn: "arn:aws:lambda:us-east-1:123456789012:function:other" })
                .add(T.restApi, "shop", { body }, { body: ["other-fn"] });
            const t = only(s.resolve()).target;
            assert.ok(t.kind === "lambda");
            assert.deepStrictEqual(t.functionUrns, [s.urn("pets-fn")]);
        });

        it("given an integration whose API is not in the stack, when resolved, then there is no api and the kind comes from the type", () => {
            const s = new Stack().add(T.integration, "get", { type: "AWS_PROXY", httpMethod: "GET", uri: URI, credentials: ROLE, restApi: "elsewhere" });
            const inv = only(s.resolve());
            assert.strictEqual(inv.api, undefined);
            assert.strictEqual(inv.apiKind, "rest");
        });
    });

    describe("HTTP and WebSocket routes", () => {
        function v2(protocolType: "HTTP" | "WEBSOCKET", preview: boolean): Stack {
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: preview ? Unknown : FN_ARN })
                .add(T.api, "api", { protocolType, id: preview ? Unknown : "abc123", executionArn: preview ? Unknown : "arn:aws:execute-api:us-east-1:123456789012:abc123" })
                .add(
                    T.v2Integration,
                    "integ",
                    { apiId: preview ? Unknown : "abc123", id: preview ? Unknown : "int7", integrationType: "AWS_PROXY", integrationUri: preview ? Unknown : FN_ARN, credentialsArn: ROLE },
                    { apiId: ["api"], integrationUri: ["pets-fn"] },
                );
            return s;
        }

        it("given an HTTP integration and its routes at preview, when resolved, then the routes are found through the routes' target dependencies", () => {
            const s = v2("HTTP", true)
                .add(T.route, "get-pets", { apiId: Unknown, routeKey: "GET /pets", target: Unknown }, { apiId: ["api"], target: ["integ"] })
                .add(T.route, "any-proxy", { apiId: Unknown, routeKey: "ANY /{proxy+}", target: Unknown }, { apiId: ["api"], target: ["integ"] })
                .add(T.route, "unrelated", { apiId: Unknown, routeKey: "GET /other", target: Unknown }, { apiId: ["api"] });
            const inv = only(s.resolve());
            assert.deepStrictEqual(inv.routes, [
                { kind: "http", routeKey: "GET /pets" },
                { kind: "http", routeKey: "ANY /{proxy+}" },
            ]);
            assert.strictEqual(inv.apiKind, "http");
            assert.strictEqual(inv.api?.name, "api");
        });

        it("given an HTTP integration and a route at update without dependencies, when resolved, then the route is found by its integrations/{id} target", () => {
            const s = v2("HTTP", false)
                .add(T.route, "default", { apiId: "abc123", routeKey: "$default", target: "integrations/int7" })
                .add(T.route, "other", { apiId: "abc123", routeKey: "GET /x", target: "integrations/int8" });
            assert.deepStrictEqual(only(s.resolve()).routes, [{ kind: "http", routeKey: "$default" }]);
        });

        it("given a WebSocket API, when its integration's routes are resolved, then they are WebSocket route keys", () => {
            const s = v2("WEBSOCKET", true)
                .add(T.route, "connect", { routeKey: "$connect", target: Unknown }, { target: ["integ"] })
                .add(T.route, "send", { routeKey: "sendMessage", target: Unknown }, { target: ["integ"] });
            const inv = only(s.resolve());
            assert.strictEqual(inv.apiKind, "websocket");
            const expected: Route[] = [
                { kind: "websocket", routeKey: "$connect" },
                { kind: "websocket", routeKey: "sendMessage" },
            ];
            assert.deepStrictEqual(inv.routes, expected);
        });
    });

    describe("authorizer links", () => {
        it("given a REST method with an authorizer at preview, when resolved, then its integration is guarded by that authorizer", () => {
            const s = restAtPreview()
                .add(T.fn, "auth-fn", { arn: Unknown })
                .add(T.authorizer, "token-auth", { id: Unknown, restApi: Unknown, type: "TOKEN", authorizerUri: Unknown, authorizerCredentials: ROLE }, { restApi: ["shop"], authorizerUri: ["auth-fn"] })
                .add(T.method, "get-pets-m", { httpMethod: "GET", resourceId: Unknown, restApi: Unknown, authorization: "CUSTOM", authorizerId: Unknown }, { resourceId: ["pets"], restApi: ["shop"], authorizerId: ["token-auth"] })
                .add(T.method, "post-pets-m", { httpMethod: "POST", resourceId: Unknown, restApi: Unknown, authorization: "NONE" }, { resourceId: ["pets"], restApi: ["shop"] })
                .add(T.integration, "get-pets", { type: "AWS_PROXY", httpMethod: "GET", uri: Unknown, credentials: ROLE, resourceId: Unknown, restApi: Unknown }, { uri: ["pets-fn"], resourceId: ["pets"], restApi: ["shop"] })
                .add(T.integration, "post-pets", { type: "AWS_PROXY", httpMethod: "POST", uri: Unknown, credentials: ROLE, resourceId: Unknown, restApi: Unknown }, { uri: ["pets-fn"], resourceId: ["pets"], restApi: ["shop"] });
            const result = s.resolve();
            const auth = only(result, "authorizer");
            assert.deepStrictEqual(auth.target, { kind: "lambda", functionUrns: [s.urn("auth-fn")] });
            assert.deepStrictEqual(auth.routes, [{ kind: "authorizer", authorizerId: "${token-auth.id}" }]);
            const byName = (n: string) => result.invocations.find((i) => i.source.name === n)!;
            assert.deepStrictEqual(byName("get-pets").guardedBy.map((a) => a.source.name), ["token-auth"]);
            assert.deepStrictEqual(byName("post-pets").guardedBy, []);
        });

        it("given a REST method with an authorizer on the ROOT resource at preview, when resolved, then its integration is guarded by that authorizer", () => {
            const s = restAtPreview()
                .add(T.authorizer, "token-auth", { id: Unknown, restApi: Unknown, type: "TOKEN", authorizerUri: Unknown, authorizerCredentials: ROLE }, { restApi: ["shop"], authorizerUri: ["pets-fn"] })
                .add(T.method, "root-m", { httpMethod: "GET", resourceId: Unknown, restApi: Unknown, authorizerId: Unknown }, { resourceId: ["shop"], restApi: ["shop"], authorizerId: ["token-auth"] })
                .add(T.integration, "root", { type: "AWS_PROXY", httpMethod: "GET", uri: Unknown, credentials: ROLE, resourceId: Unknown, restApi: Unknown }, { uri: ["pets-fn"], resourceId: ["shop"], restApi: ["shop"] });
            const inv = s.resolve().invocations.find((i) => i.source.name === "root")!;
            assert.deepStrictEqual(inv.routes, [{ kind: "rest", method: "GET", path: "/" }]);
            assert.deepStrictEqual(inv.guardedBy.map((a) => a.source.name), ["token-auth"]);
        });

        it("given REST methods of the same verb and resource in two different APIs, when resolved, then only the integration's own API's authorizer guards it", () => {
            const s = new Stack()
                .add(T.restApi, "a", { id: "api-a", rootResourceId: "root-a" })
                .add(T.restApi, "b", { id: "api-b", rootResourceId: "root-b" })
                .add(T.authorizer, "auth-b", { id: "authb", restApi: "api-b", type: "TOKEN", authorizerUri: URI, authorizerCredentials: ROLE })
                .add(T.method, "m-b", { httpMethod: "GET", resourceId: "res1", restApi: "api-b", authorizerId: "authb" })
                .add(T.integration, "i-a", { type: "AWS_PROXY", httpMethod: "GET", uri: URI, credentials: "", resourceId: "res1", restApi: "api-a" });
            const inv = s.resolve().invocations.find((i) => i.source.name === "i-a")!;
            assert.deepStrictEqual(inv.guardedBy, []);
        });

        it("given an HTTP route with an authorizer at preview, when resolved, then the route's integration is guarded by it", () => {
            const s = new Stack()
                .add(T.fn, "pets-fn", { arn: Unknown })
                .add(T.api, "api", { protocolType: "HTTP", id: Unknown })
                .add(T.v2Authorizer, "req-auth", { id: Unknown, apiId: Unknown, authorizerType: "REQUEST", authorizerUri: Unknown, authorizerCredentialsArn: ROLE }, { apiId: ["api"], authorizerUri: ["pets-fn"] })
                .add(T.v2Integration, "integ", { id: Unknown, apiId: Unknown, integrationType: "AWS_PROXY", integrationUri: Unknown, credentialsArn: ROLE }, { apiId: ["api"], integrationUri: ["pets-fn"] })
                .add(T.route, "get-pets", { routeKey: "GET /pets", target: Unknown, authorizerId: Unknown, authorizationType: "CUSTOM" }, { target: ["integ"], authorizerId: ["req-auth"] });
            const result = s.resolve();
            const integ = only(result, "integration");
            assert.deepStrictEqual(integ.guardedBy.map((a) => a.source.name), ["req-auth"]);
            assert.strictEqual(only(result, "authorizer").apiKind, "http");
        });

        it("given an HTTP route at update linked by value with an authorizer by id, when resolved, then the integration is guarded by it", () => {
            const s = new Stack()
                .add(T.api, "api", { protocolType: "HTTP", id: "abc123" })
                .add(T.v2Authorizer, "req-auth", { id: "auth1", apiId: "abc123", authorizerType: "REQUEST", authorizerUri: URI, authorizerCredentialsArn: "" })
                .add(T.v2Integration, "integ", { id: "int7", apiId: "abc123", integrationType: "AWS_PROXY", integrationUri: FN_ARN, credentialsArn: ROLE })
                .add(T.route, "get-pets", { routeKey: "GET /pets", target: "integrations/int7", authorizerId: "auth1" });
            assert.deepStrictEqual(only(s.resolve(), "integration").guardedBy.map((a) => a.source.name), ["req-auth"]);
        });

        it("given an OpenAPI body with operation security, when resolved, then each integration is guarded by the body's authorizers it names", () => {
            const integration = { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI, credentials: ROLE } };
            const body = JSON.stringify({
                security: [{ tokenAuth: [] }],
                paths: { "/pets": { get: integration }, "/public": { get: { ...integration, security: [] } } },
                components: {
                    securitySchemes: {
                        tokenAuth: { type: "apiKey", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: URI, authorizerCredentials: ROLE } },
                    },
                },
            });
            const result = new Stack().add(T.restApi, "shop", { body }).resolve();
            const byPath = (p: string) => result.invocations.find((i) => i.kind === "integration" && i.routes[0].kind === "rest" && i.routes[0].path === p)!;
            assert.deepStrictEqual(byPath("/pets").guardedBy.map((a) => a.openApiSchemes), [["tokenAuth"]]);
            assert.deepStrictEqual(byPath("/public").guardedBy, []);
        });
    });

    describe("stack-level results", () => {
        it("given a RestApi whose body is unknown at preview, when resolved, then it is listed as an unknown body and nothing is guessed", () => {
            const result = restAtPreview().resolve();
            assert.deepStrictEqual(result.unknownBodies.map((r) => r.name), ["shop"]);
            assert.deepStrictEqual(result.invocations, []);
        });

        it("given a malformed body, when resolved, then the problem is reported against that resource", () => {
            const result = new Stack().add(T.restApi, "shop", { body: "{ not: [valid" }).resolve();
            assert.deepStrictEqual(result.problems.map((p) => [p.source.name, p.property]), [["shop", "body"]]);
        });

        it("given an empty stack, when resolved, then nothing is found", () => {
            assert.deepStrictEqual(new Stack().resolve(), { invocations: [], problems: [], unknownBodies: [] });
        });
    });
});

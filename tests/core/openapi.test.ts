/**
 * OpenAPI bodies (AWS.md, "OpenAPI bodies"): JSON or YAML strings (@pulumi/aws) or objects
 * (aws-native), `x-amazon-apigateway-integration` inline or `$ref`'d, authorizers in
 * securitySchemes / securityDefinitions. Malformed input is a problem naming its location, never
 * an exception.
 */
import * as assert from "assert";
import { extractInvocations } from "../../core/invocations";
import { MAX_REF_HOPS, OpenApiWalk, parseBody, walkOpenApi } from "../../core/openapi";
import { wrongPropertyTypes } from "../../core/inputTypes";
import type { StackResource } from "../../core/stack";
import { Obj, Unknown, Value } from "../../core/values";

const FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:pets";
const URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const ROLE = "arn:aws:iam::123456789012:role/invoker";

function doc(value: Value): Obj {
    const parsed = parseBody(value);
    assert.strictEqual(parsed.kind, "document", JSON.stringify(parsed));
    return (parsed as { doc: Obj }).doc;
}

function walk(value: Value): OpenApiWalk {
    return walkOpenApi(doc(value));
}

function api(type: string, props: Obj): StackResource {
    return { urn: `urn:pulumi:dev::shop::${type}::api`, type, name: "api", props, dependencies: [], propertyDependencies: {} };
}

const REST_JSON = JSON.stringify({
    openapi: "3.0.1",
    info: { title: "pets", version: "1" },
    paths: {
        "/pets": {
            get: { "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: URI, credentials: ROLE } },
            parameters: [{ name: "x", in: "query" }],
            summary: "not a method",
        },
        "/pets/{petId}": {
            "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: URI } },
            delete: { summary: "no integration here" },
        },
    },
});

const REST_YAML = `
openapi: 3.0.1
info:
  title: pets
  version: "1"
paths:
  /pets:
    get:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${URI}
        credentials: ${ROLE}
    parameters:
      - name: x
        in: query
    summary: not a method
  /pets/{petId}:
    x-amazon-apigateway-any-method:
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: ${URI}
    delete:
      summary: no integration here
`;

describe("core/openapi", () => {
    describe("parseBody", () => {
        const absent: [string, Value][] = [["undefined", undefined], ["null", null], ["an empty string (unset output)", ""]];
        for (const [why, body] of absent) {
            it(`given ${why} body, when parsed, then the body is absent`, () => {
                assert.deepStrictEqual(parseBody(body), { kind: "absent" });
            });
        }

        it("given an unknown body at preview, when parsed, then it is unknown (checked later), not invalid", () => {
            assert.deepStrictEqual(parseBody(Unknown), { kind: "unknown" });
        });

        it("given a JSON string body, when parsed, then it is a document", () => {
            const d = doc(REST_JSON);
            assert.strictEqual(d.openapi, "3.0.1");
        });

        it("given the same API as YAML and as JSON, when parsed, then both give the same document", () => {
            assert.deepStrictEqual(doc(REST_YAML), doc(REST_JSON));
        });

        it("given YAML with version-like scalars, when parsed with the JSON schema, then no date or number coercion surprises appear", () => {
            const d = doc("openapi: 3.0.1\ninfo:\n  title: t\n  version: 2024-01-01\n");
            assert.strictEqual((d.info as Obj).version, "2024-01-01");
        });

        it("given an aws-native object body, when parsed, then the object is the document as is", () => {
            const body: Obj = { openapi: "3.0.1", paths: { "/": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI } } } } };
            assert.deepStrictEqual(parseBody(body), { kind: "document", doc: body });
        });

        it("given malformed JSON, when parsed, then it is invalid and the problem gives the line and column", () => {
            const body = '{\n  "openapi": "3.0.1",\n  "paths": {,\n}';
            const parsed = parseBody(body);
            assert.strictEqual(parsed.kind, "invalid");
            assert.match((parsed as { problem: string }).problem, /^is neither valid JSON nor valid YAML \(.+ at line 3, column \d+\)$/);
        });

        it("given malformed YAML, when parsed, then the problem gives the line of the error", () => {
            const body = "openapi: 3.0.1\npaths:\n  /pets:\n    get: [\n      unterminated\n";
            const parsed = parseBody(body);
            assert.strictEqual(parsed.kind, "invalid");
            assert.match((parsed as { problem: string }).problem, /neither valid JSON nor valid YAML \(.*at line \d+, column \d+\)/);
            assert.doesNotMatch((parsed as { problem: string }).problem, /undefined/);
        });

        it("given YAML with a bad indentation on line 4, when parsed, then the problem points at line 4", () => {
            const body = "openapi: 3.0.1\npaths:\n  /pets:\n get: {}\n";
            const parsed = parseBody(body);
            assert.strictEqual(parsed.kind, "invalid");
            assert.match((parsed as { problem: string }).problem, /at line 4, column \d+\)/);
        });

        const notDocuments: [string, Value, RegExp][] = [
            ["a JSON array", "[1, 2]", /does not hold an OpenAPI document \(expected a JSON\/YAML object\)/],
            ["a JSON number", "42", /does not hold an OpenAPI document/],
            ["a YAML scalar", "just some text", /does not hold an OpenAPI document/],
            ["a JSON null", "null", /does not hold an OpenAPI document/],
            ["a number value (not a string)", 42, /^is a number, not an OpenAPI document$/],
            ["a list value", ["a"], /^is a list, not an OpenAPI document$/],
            ["a boolean value", true, /^is a boolean, not an OpenAPI document$/],
        ];
        for (const [why, body, problem] of notDocuments) {
            it(`given ${why}, when parsed, then it is invalid with a problem saying so`, () => {
                const parsed = parseBody(body);
                assert.strictEqual(parsed.kind, "invalid");
                assert.match((parsed as { problem: string }).problem, problem);
            });
        }

        it("given a body string with an unknown marker inside, when parsed, then the marker is Unknown, never data", () => {
            const body = JSON.stringify({ paths: { "/": { get: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: "04da6b54-80e4-46f7-96ec-b56ff0331ba9" } } } } });
            const w = walk(body);
            assert.strictEqual(w.integrations.length, 1);
            assert.strictEqual(w.integrations[0].integration.uri, Unknown);
        });
    });

    describe("walkOpenApi", () => {
        it("given inline integrations, when walked, then each operation with an integration is listed with its verb, path and location", () => {
            const w = walk(REST_JSON);
            assert.deepStrictEqual(
                w.integrations.map((i) => ({ method: i.method, path: i.path, location: i.location })),
                [
                    { method: "GET", path: "/pets", location: 'paths["/pets"].get.x-amazon-apigateway-integration' },
                    { method: "ANY", path: "/pets/{petId}", location: 'paths["/pets/{petId}"].x-amazon-apigateway-any-method.x-amazon-apigateway-integration' },
                ],
            );
            assert.deepStrictEqual(w.problems, []);
        });

        it("given every verb key, when walked, then each maps to its upper-case verb", () => {
            const ops: Obj = {};
            for (const key of ["get", "put", "post", "delete", "options", "head", "patch", "x-amazon-apigateway-any-method"]) {
                ops[key] = { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI } };
            }
            const w = walkOpenApi({ paths: { "/x": ops } });
            assert.deepStrictEqual(w.integrations.map((i) => i.method), ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "ANY"]);
        });

        it("given an HTTP API $default path, when walked, then the integration's path is $default", () => {
            const w = walkOpenApi({
                paths: { $default: { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "AWS_PROXY", uri: URI, payloadFormatVersion: "2.0" } } } },
            });
            assert.deepStrictEqual(w.integrations.map((i) => [i.method, i.path]), [["ANY", "$default"]]);
        });

        it("given a $ref to components.x-amazon-apigateway-integrations, when walked, then the shared integration is used and its location is named", () => {
            const w = walkOpenApi({
                paths: {
                    "/pets": { get: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/petsFn" } } },
                    "/toys": { post: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/petsFn" } } },
                },
                components: { "x-amazon-apigateway-integrations": { petsFn: { type: "AWS_PROXY", uri: URI, credentials: ROLE } } },
            });
            assert.deepStrictEqual(w.problems, []);
            assert.deepStrictEqual(
                w.integrations.map((i) => [i.method, i.path, i.integration.credentials, i.location]),
                [
                    ["GET", "/pets", ROLE, 'components["x-amazon-apigateway-integrations"]["petsFn"]'],
                    ["POST", "/toys", ROLE, 'components["x-amazon-apigateway-integrations"]["petsFn"]'],
                ],
            );
        });

        it("given a dangling $ref, when walked, then it is a problem naming the operation and the $ref, and no integration", () => {
            const w = walkOpenApi({
                paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/missing" } } } },
                components: { "x-amazon-apigateway-integrations": { petsFn: { type: "AWS_PROXY", uri: URI } } },
            });
            assert.deepStrictEqual(w.integrations, []);
            assert.deepStrictEqual(w.problems, [
                'paths["/pets"].get.x-amazon-apigateway-integration.$ref "#/components/x-amazon-apigateway-integrations/missing" names no integration under components.x-amazon-apigateway-integrations',
            ]);
        });

        it("given a $ref when the document has no components at all, when walked, then it is a dangling-$ref problem", () => {
            const w = walkOpenApi({ paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/petsFn" } } } } });
            assert.strictEqual(w.problems.length, 1);
            assert.match(w.problems[0], /names no integration/);
        });

        it("given a $ref pointing elsewhere, when walked, then the problem says where it must point", () => {
            const w = walkOpenApi({ paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: "#/definitions/petsFn" } } } } });
            assert.deepStrictEqual(w.problems, [
                'paths["/pets"].get.x-amazon-apigateway-integration.$ref "#/definitions/petsFn" must point into #/components/x-amazon-apigateway-integrations/',
            ]);
        });

        const malformed: [string, Obj, string][] = [
            ["paths that is a list", { paths: [] as Value[] } as Obj, "paths is not an object"],
            ["a path item that is a string", { paths: { "/pets": "GET" } }, 'paths["/pets"] is not an object'],
            ["an operation that is a list", { paths: { "/pets": { get: [] as Value[] } } }, 'paths["/pets"].get is not an object'],
            ["an integration that is a string", { paths: { "/pets": { get: { "x-amazon-apigateway-integration": URI } } } }, 'paths["/pets"].get.x-amazon-apigateway-integration is not an object'],
            [
                "an authorizer that is a string",
                { components: { securitySchemes: { auth: { type: "apiKey", "x-amazon-apigateway-authorizer": "lambda" } } } },
                'components.securitySchemes["auth"].x-amazon-apigateway-authorizer is not an object',
            ],
        ];
        for (const [why, d, problem] of malformed) {
            it(`given ${why}, when walked, then the problem names its location and nothing throws`, () => {
                assert.deepStrictEqual(walkOpenApi(d).problems, [problem]);
            });
        }

        it("given a document without paths, when walked, then there is nothing and no problem", () => {
            assert.deepStrictEqual(walkOpenApi({ openapi: "3.0.1" }), { integrations: [], authorizers: [], problems: [] });
        });

        it("given authorizers in components.securitySchemes (OpenAPI 3), when walked, then each with x-amazon-apigateway-authorizer is listed", () => {
            const w = walkOpenApi({
                components: {
                    securitySchemes: {
                        tokenAuth: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: URI, authorizerCredentials: ROLE } },
                        apiKey: { type: "apiKey", name: "x-api-key", in: "header" },
                    },
                },
            });
            assert.deepStrictEqual(w.authorizers.map((a) => [a.name, a.location, a.authorizer.authorizerCredentials]), [
                ["tokenAuth", 'components.securitySchemes["tokenAuth"].x-amazon-apigateway-authorizer', ROLE],
            ]);
        });

        it("given authorizers in securityDefinitions (Swagger 2), when walked, then they are listed with that location", () => {
            const w = walkOpenApi({
                swagger: "2.0",
                securityDefinitions: { reqAuth: { type: "apiKey", "x-amazon-apigateway-authorizer": { type: "request", authorizerUri: URI } } },
            });
            assert.deepStrictEqual(w.authorizers.map((a) => [a.name, a.location]), [["reqAuth", 'securityDefinitions["reqAuth"].x-amazon-apigateway-authorizer']]);
        });

        it("given global security and an operation that sets its own, when walked, then the operation's wins and others inherit the global one", () => {
            const integration = { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI } };
            const w = walkOpenApi({
                security: [{ globalAuth: [] }],
                paths: {
                    "/inherits": { get: integration },
                    "/own": { get: { ...integration, security: [{ tokenAuth: [] }, { reqAuth: [], other: [] }] } },
                    "/public": { get: { ...integration, security: [] } },
                },
            });
            assert.deepStrictEqual(w.integrations.map((i) => [i.path, i.security]), [
                ["/inherits", ["globalAuth"]],
                ["/own", ["tokenAuth", "reqAuth", "other"]],
                ["/public", []],
            ]);
        });
    });

    describe("bodies through extractInvocations", () => {
        it("given a REST API body (JSON) with lower-case aws_proxy, when extracted, then each Lambda operation is an invocation with its route and credentials", () => {
            const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: REST_JSON }));
            assert.deepStrictEqual(e.problems, []);
            assert.deepStrictEqual(
                e.invocations.map((i) => ({ routes: i.routes, credentials: i.credentials.kind, fn: i.target.kind === "lambda" ? i.target.fn?.name : undefined, property: i.credentialsProperty })),
                [
                    { routes: [{ kind: "rest", method: "GET", path: "/pets" }], credentials: "role", fn: "pets", property: 'body: paths["/pets"].get.x-amazon-apigateway-integration.credentials' },
                    {
                        routes: [{ kind: "rest", method: "ANY", path: "/pets/{petId}" }],
                        credentials: "none",
                        fn: "pets",
                        property: 'body: paths["/pets/{petId}"].x-amazon-apigateway-any-method.x-amazon-apigateway-integration.credentials',
                    },
                ],
            );
        });

        it("given the same REST body in YAML, when extracted, then the findings are the same as for JSON", () => {
            const fromJson = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: REST_JSON }));
            const fromYaml = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: REST_YAML }));
            assert.deepStrictEqual(
                fromYaml.invocations.map((i) => [i.routes, i.credentials, i.credentialsProperty]),
                fromJson.invocations.map((i) => [i.routes, i.credentials, i.credentialsProperty]),
            );
        });

        const httpBody = (integration: Obj) =>
            JSON.stringify({ openapi: "3.0.1", paths: { "/pets": { get: { "x-amazon-apigateway-integration": integration } } } });
        const httpApi = (integration: Obj) => api("aws:apigatewayv2/api:Api", { protocolType: "HTTP", body: httpBody(integration) });

        it("given an HTTP API body with upper-case AWS_PROXY and no integrationSubtype, when extracted, then it is a Lambda invocation on route GET /pets", () => {
            const e = extractInvocations(httpApi({ type: "AWS_PROXY", uri: URI, credentials: ROLE, payloadFormatVersion: "2.0" }));
            assert.strictEqual(e.invocations.length, 1);
            assert.deepStrictEqual(e.invocations[0].routes, [{ kind: "http", routeKey: "GET /pets" }]);
            assert.strictEqual(e.invocations[0].credentials.kind, "role");
            assert.strictEqual(e.invocations[0].target.kind, "lambda");
        });

        it("given an HTTP API body with AWS_PROXY and an integrationSubtype (SQS), when extracted, then it is not a Lambda invocation", () => {
            const e = extractInvocations(httpApi({ type: "AWS_PROXY", integrationSubtype: "SQS-SendMessage", credentials: ROLE, requestParameters: { QueueUrl: "q" } }));
            assert.deepStrictEqual(e.invocations, []);
        });

        it("given an HTTP API body with a bare function ARN as uri, when extracted, then the function is read from it", () => {
            const e = extractInvocations(httpApi({ type: "AWS_PROXY", uri: `${FN_ARN}:live`, credentials: ROLE }));
            const t = e.invocations[0].target;
            assert.ok(t.kind === "lambda" && t.fn);
            assert.strictEqual(t.fn.name, "pets");
            assert.strictEqual(t.fn.qualifier, "live");
        });

        it("given an HTTP API body with a $default path, when extracted, then the route is $default", () => {
            const body = JSON.stringify({ paths: { $default: { "x-amazon-apigateway-any-method": { "x-amazon-apigateway-integration": { type: "AWS_PROXY", uri: URI } } } } });
            const e = extractInvocations(api("aws:apigatewayv2/api:Api", { protocolType: "HTTP", body }));
            assert.deepStrictEqual(e.invocations.map((i) => i.routes), [[{ kind: "http", routeKey: "$default" }]]);
        });

        it("given an HTTP body whose integrations are $ref'd, including a dangling one, when extracted, then the valid one is an invocation and the dangling one a problem on body", () => {
            const body = JSON.stringify({
                paths: {
                    "/pets": { get: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/pets" } } },
                    "/toys": { get: { "x-amazon-apigateway-integration": { $ref: "#/components/x-amazon-apigateway-integrations/toys" } } },
                },
                components: { "x-amazon-apigateway-integrations": { pets: { type: "AWS_PROXY", uri: URI, credentials: ROLE } } },
            });
            const e = extractInvocations(api("aws:apigatewayv2/api:Api", { protocolType: "HTTP", body }));
            assert.deepStrictEqual(e.invocations.map((i) => [i.routes, i.credentialsProperty]), [
                [[{ kind: "http", routeKey: "GET /pets" }], 'body: components["x-amazon-apigateway-integrations"]["pets"].credentials'],
            ]);
            assert.deepStrictEqual(e.problems.map((p) => [p.property, p.problem]), [
                ["body", 'body: paths["/toys"].get.x-amazon-apigateway-integration.$ref "#/components/x-amazon-apigateway-integrations/toys" names no integration under components.x-amazon-apigateway-integrations'],
            ]);
        });

        const notLambda: [string, Obj][] = [
            ["an S3 integration (type aws)", { type: "aws", httpMethod: "GET", uri: "arn:aws:apigateway:us-east-1:s3:path/bucket/{key}", credentials: ROLE }],
            ["an SQS integration (type aws)", { type: "aws", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:sqs:path/123456789012/q", credentials: ROLE }],
            ["a Step Functions integration (type aws)", { type: "aws", httpMethod: "POST", uri: "arn:aws:apigateway:us-east-1:states:action/StartExecution", credentials: ROLE }],
            ["an http_proxy integration", { type: "http_proxy", httpMethod: "GET", uri: "https://example.com" }],
            ["a mock integration", { type: "mock" }],
        ];
        for (const [why, integration] of notLambda) {
            it(`given a REST body with ${why}, when extracted, then no Lambda invocation is reported (a role is required there)`, () => {
                const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: httpBody(integration) }));
                assert.deepStrictEqual(e.invocations, []);
                assert.deepStrictEqual(e.problems, []);
            });
        }

        it("given a REST body with a non-proxy Lambda integration (type aws to the Lambda invocations URI), when extracted, then it is a Lambda invocation", () => {
            const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: httpBody({ type: "aws", httpMethod: "POST", uri: URI, credentials: ROLE }) }));
            assert.strictEqual(e.invocations.length, 1);
            assert.strictEqual(e.invocations[0].target.kind, "lambda");
        });

        it("given a body with ${AWS::Region}-style variables in the URI, when extracted, then the function is still read (variables become wildcards)", () => {
            const uri = "arn:${AWS::Partition}:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:pets/invocations";
            const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: httpBody({ type: "aws_proxy", uri, credentials: ROLE }) }));
            const t = e.invocations[0].target;
            assert.ok(t.kind === "lambda" && t.fn, JSON.stringify(t));
            assert.deepStrictEqual([t.fn.name, t.fn.region, t.fn.account, t.fn.partition], ["pets", "*", "*", "*"]);
        });

        it("given an aws-native RestApi whose body is an object, when extracted, then its integrations are found", () => {
            const body: Obj = { openapi: "3.0.1", paths: { "/pets": { post: { "x-amazon-apigateway-integration": { type: "aws_proxy", uri: URI, credentials: ROLE } } } } };
            const e = extractInvocations(api("aws-native:apigateway:RestApi", { body }));
            assert.deepStrictEqual(e.invocations.map((i) => [i.routes, i.credentials.kind]), [[[{ kind: "rest", method: "POST", path: "/pets" }], "role"]]);
        });

        it("given an unknown body at preview, when extracted, then nothing is guessed and the body is marked unknown", () => {
            const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: Unknown }));
            assert.deepStrictEqual(e.invocations, []);
            assert.deepStrictEqual(e.problems, []);
            assert.strictEqual(e.unknownBody, "body");
        });

        it("given a malformed body, when extracted, then it is one problem on property body and no exception", () => {
            const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body: "openapi: 3\npaths: [\n" }));
            assert.strictEqual(e.problems.length, 1);
            assert.strictEqual(e.problems[0].property, "body");
            assert.match(e.problems[0].problem, /^body is neither valid JSON nor valid YAML \(.*at line \d+, column \d+\)$/);
        });

        it("given body authorizers of Lambda and Cognito types, when extracted, then only the Lambda (token/request) ones are invocations", () => {
            const body = JSON.stringify({
                components: {
                    securitySchemes: {
                        token: { type: "apiKey", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: URI, authorizerCredentials: ROLE } },
                        request: { type: "apiKey", "x-amazon-apigateway-authorizer": { type: "request", authorizerUri: URI } },
                        cognito: { type: "apiKey", "x-amazon-apigateway-authorizer": { type: "cognito_user_pools", providerARNs: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/x"] } },
                        jwt: { type: "oauth2", "x-amazon-apigateway-authorizer": { type: "jwt", jwtConfiguration: { issuer: "https://x" } } },
                    },
                },
            });
            const e = extractInvocations(api("aws:apigateway/restApi:RestApi", { body }));
            assert.deepStrictEqual(
                e.invocations.map((i) => [i.kind, i.openApiSchemes, i.credentials.kind, i.routes]),
                [
                    ["authorizer", ["token"], "role", [{ kind: "authorizer", authorizerId: "*" }]],
                    ["authorizer", ["request"], "none", [{ kind: "authorizer", authorizerId: "*" }]],
                ],
            );
        });
    });

    describe("bounded by the body's size (issue 12)", () => {
        /** width^depth values from a few hundred bytes of YAML. */
        function bomb(width: number, depth: number): string {
            let text = `l0: &l0 [${Array(width).fill('"lol"').join(", ")}]\n`;
            for (let i = 1; i < depth; i++) {
                text += `l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(", ")}]\n`;
            }
            return `${text}paths: {}\n`;
        }

        it("given a YAML alias bomb of under 1 KB (a billion values), when parsed, then it is refused as an alias bomb instead of being expanded", () => {
            const body = bomb(9, 9);
            assert.ok(body.length < 1024);
            const parsed = parseBody(body);
            assert.strictEqual(parsed.kind, "invalid");
            assert.match((parsed as { problem: string }).problem, /^expands to more than 200,000 values through YAML aliases .*"alias bomb".*; it is not read$/);
        });

        it("given YAML that shares one integration through an anchor on many operations, when parsed, then it is read and every operation has it", () => {
            const ops = Array.from({ length: 300 }, (_, i) => `  /p${i}:\n    get:\n      x-amazon-apigateway-integration: ${i === 0 ? "&lambda\n        type: aws_proxy\n        uri: " + URI + "\n        credentials: " + ROLE : "*lambda"}\n`).join("");
            const w = walk(`openapi: 3.0.1\npaths:\n${ops}`);
            assert.strictEqual(w.integrations.length, 300);
            assert.ok(w.integrations.every((i) => i.integration.credentials === ROLE));
        });

        it("given YAML whose anchor is used inside its own value, when parsed, then it is a cycle problem", () => {
            const parsed = parseBody("paths: &p\n  /a: *p\n");
            assert.deepStrictEqual(parsed, { kind: "invalid", problem: "is YAML whose aliases refer to themselves (an anchor used inside its own value), a cycle; it is not read" });
        });

        it("given a JSON body nested 100,000 levels deep, when parsed, then it is a document (no stack overflow)", () => {
            assert.strictEqual(parseBody(`{"x":${"[".repeat(100_000)}${"]".repeat(100_000)}}`).kind, "document");
        });
    });

    describe("$ref chains and cycles (issue 12)", () => {
        const INTEGRATIONS = "#/components/x-amazon-apigateway-integrations/";
        const withRole = { type: "aws_proxy", uri: URI, credentials: ROLE };

        it("given an integration $ref to a component that $refs another one carrying a role, when walked, then the chain is followed to the role", () => {
            const w = walkOpenApi({
                paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: `${INTEGRATIONS}a` } } } },
                components: { "x-amazon-apigateway-integrations": { a: { $ref: `${INTEGRATIONS}b` }, b: withRole } },
            });
            assert.deepStrictEqual(w.problems, []);
            assert.deepStrictEqual(w.integrations.map((i) => [i.path, i.integration.credentials, i.location]), [["/pets", ROLE, 'components["x-amazon-apigateway-integrations"]["b"]']]);
        });

        it("given path items, operations and security schemes behind local $refs, when walked, then each is followed", () => {
            const w = walkOpenApi({
                paths: { "/a": { $ref: "#/paths/~1b" }, "/b": { get: { $ref: "#/x-ops/get" } } },
                "x-ops": { get: { "x-amazon-apigateway-integration": withRole } },
                components: { securitySchemes: { auth: { $ref: "#/x-schemes/auth" } } },
                "x-schemes": { auth: { type: "apiKey", "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: URI, authorizerCredentials: ROLE } } },
            });
            assert.deepStrictEqual(w.problems, []);
            assert.deepStrictEqual(w.integrations.map((i) => [i.path, i.method, i.location]), [
                ["/a", "GET", "x-ops.get.x-amazon-apigateway-integration"],
                ["/b", "GET", "x-ops.get.x-amazon-apigateway-integration"],
            ]);
            assert.deepStrictEqual(w.authorizers.map((a) => [a.name, a.location]), [["auth", "x-schemes.auth.x-amazon-apigateway-authorizer"]]);
        });

        const cycles: [string, Obj, string][] = [
            [
                "components A -> B -> A",
                {
                    paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: `${INTEGRATIONS}A` } } } },
                    components: { "x-amazon-apigateway-integrations": { A: { $ref: `${INTEGRATIONS}B` }, B: { $ref: `${INTEGRATIONS}A` } } },
                },
                `paths["/pets"].get.x-amazon-apigateway-integration.$ref "${INTEGRATIONS}A" leads to a $ref cycle (${INTEGRATIONS}A -> ${INTEGRATIONS}B -> ${INTEGRATIONS}A); what it names is never defined, so it is not checked`,
            ],
            [
                "path items /a -> /b -> /a",
                { paths: { "/a": { $ref: "#/paths/~1b" }, "/b": { $ref: "#/paths/~1a" } } },
                'paths["/a"].$ref "#/paths/~1b" leads to a $ref cycle (#/paths/~1b -> #/paths/~1a -> #/paths/~1b); what it names is never defined, so it is not checked',
            ],
            [
                "an operation referring to itself",
                { paths: { "/a": { get: { $ref: "#/paths/~1a/get" } } } },
                'paths["/a"].get.$ref "#/paths/~1a/get" leads to a $ref cycle (#/paths/~1a/get -> #/paths/~1a/get); what it names is never defined, so it is not checked',
            ],
            [
                "a security scheme referring to itself",
                { components: { securitySchemes: { auth: { $ref: "#/components/securitySchemes/auth" } } } },
                'components.securitySchemes["auth"].$ref "#/components/securitySchemes/auth" leads to a $ref cycle (#/components/securitySchemes/auth -> #/components/securitySchemes/auth); what it names is never defined, so it is not checked',
            ],
        ];
        for (const [why, d, problem] of cycles) {
            it(`given ${why}, when walked, then it is one problem naming the cycle, and nothing loops`, () => {
                const w = walkOpenApi(d);
                assert.ok(w.problems.includes(problem), JSON.stringify(w.problems, null, 1));
                assert.deepStrictEqual(w.integrations, []);
            });
        }

        it(`given a chain of more than ${MAX_REF_HOPS} $refs, when walked, then it is a problem saying it is not followed further`, () => {
            const chain: Obj = {};
            for (let i = 0; i < 40; i++) {
                chain[`c${i}`] = { $ref: `${INTEGRATIONS}c${i + 1}` };
            }
            chain.c40 = withRole;
            const w = walkOpenApi({ paths: { "/a": { get: { "x-amazon-apigateway-integration": { $ref: `${INTEGRATIONS}c0` } } } }, components: { "x-amazon-apigateway-integrations": chain } });
            assert.deepStrictEqual(w.problems, [`paths["/a"].get.x-amazon-apigateway-integration.$ref "${INTEGRATIONS}c0" passes through more than ${MAX_REF_HOPS} $refs; it is not followed further`]);
        });

        it("given a $ref to another file and a $ref that is a number, when walked, then each is a problem saying why it is not followed", () => {
            const w = walkOpenApi({ paths: { "/a": { $ref: "shared.yaml#/paths/~1a" }, "/b": { get: { $ref: 7 } } } });
            assert.deepStrictEqual(w.problems, [
                'paths["/a"].$ref "shared.yaml#/paths/~1a" points outside this document; it cannot be followed, so what it names is not checked',
                'paths["/b"].get.$ref is a number, not a string',
            ]);
        });

        it("given 10,000 path items that $ref one path item with many keys, when walked, then each $ref is resolved once and the walk stays linear", () => {
            const big: Obj = { get: { "x-amazon-apigateway-integration": withRole } };
            for (let i = 0; i < 5000; i++) {
                big[`x-note-${i}`] = i;
            }
            const paths: Obj = { "/big": big };
            for (let i = 0; i < 10_000; i++) {
                paths[`/p${i}`] = { $ref: "#/paths/~1big" };
            }
            const w = walkOpenApi({ paths });
            assert.strictEqual(w.integrations.length, 10_001);
        });
    });

    describe("values of the wrong type (issue 12)", () => {
        it("given a body integration with type 7, uri 42 and credentials 12345, when walked, then each field is a problem and nothing is guessed", () => {
            const w = walkOpenApi({ paths: { "/a": { get: { "x-amazon-apigateway-integration": { type: 7, uri: 42, credentials: 12345 } } } } });
            const at = 'paths["/a"].get.x-amazon-apigateway-integration';
            assert.deepStrictEqual(w.problems, [`${at}.type is a number (7), not a string`, `${at}.uri is a number (42), not a string`, `${at}.credentials is a number (12345), not a string`]);
            assert.deepStrictEqual(w.integrations, []);
        });

        it("given a body authorizer whose credentials are a list, when walked, then it is a problem naming the field", () => {
            const w = walkOpenApi({ securityDefinitions: { auth: { "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: URI, authorizerCredentials: [ROLE] } } } });
            assert.deepStrictEqual(w.problems, ['securityDefinitions["auth"].x-amazon-apigateway-authorizer.authorizerCredentials is a list, not a string']);
        });

        it("given an Integration resource with type 7, uri 42 and credentials 12345, when extracted, then each property is a problem on the resource", () => {
            const r = api("aws:apigateway/integration:Integration", { type: 7, uri: 42, credentials: 12345 });
            const e = extractInvocations(r);
            assert.deepStrictEqual(e.invocations, []);
            assert.deepStrictEqual(e.problems.map((p) => [p.property, p.problem]), [
                ["type", "type is a number (7), not a string"],
                ["uri", "uri is a number (42), not a string"],
                ["credentials", "credentials is a number (12345), not a string"],
            ]);
        });

        it("given properties that are unknown or unset, when type-checked, then none is a problem", () => {
            assert.deepStrictEqual(wrongPropertyTypes("aws:apigateway/integration:Integration", { type: Unknown, uri: null, credentials: "" }), []);
            assert.deepStrictEqual(wrongPropertyTypes("aws-native:apigateway:Method", { integration: "AWS_PROXY" }), [{ property: "integration", problem: "integration is a string, not an object" }]);
        });
    });
});

/**
 * The execute-api source ARN model (AWS.md, "The execute-api source ARN API Gateway sends"): what
 * API Gateway sends for each kind of route, the pattern recommended for a permission, and the
 * property that matters to a user: the recommended pattern covers every ARN actually sent, on every
 * stage including the console's test stage.
 */
import * as assert from "assert";
import {
    HTTP_VERBS,
    Route,
    describeRoute,
    executionArnOf,
    parseExecuteApiArn,
    parseHttpRouteKey,
    recommendedSourceArn,
    sentSourceArns,
    validateMethod,
    validatePath,
    validateWebSocketRouteKey,
    wildcardPathParameters,
} from "../../core/executeApi";
import { arnLike } from "../../core/wildcard";

const BASE = "arn:aws:execute-api:us-east-1:123456789012:abc123";

interface RouteCase {
    why: string;
    route: Route;
    stage: string;
    sent: string[];
    recommended: string;
}

const ANY_VERBS = (stage: string, path: string) => HTTP_VERBS.map((v) => `${BASE}/${stage}/${v}${path}`);

const routeCases: RouteCase[] = [
    {
        why: "a REST GET on a plain path",
        route: { kind: "rest", method: "GET", path: "/pets" },
        stage: "prod",
        sent: [`${BASE}/prod/GET/pets`],
        recommended: `${BASE}/*/GET/pets`,
    },
    {
        why: "a REST method on the root resource (trailing slash)",
        route: { kind: "rest", method: "GET", path: "/" },
        stage: "prod",
        sent: [`${BASE}/prod/GET/`],
        recommended: `${BASE}/*/GET/`,
    },
    {
        why: "a REST ANY method (the real verb is sent)",
        route: { kind: "rest", method: "ANY", path: "/pets" },
        stage: "prod",
        sent: ANY_VERBS("prod", "/pets"),
        recommended: `${BASE}/*/*/pets`,
    },
    {
        why: "a REST ANY on the root resource",
        route: { kind: "rest", method: "ANY", path: "/" },
        stage: "prod",
        sent: ANY_VERBS("prod", "/"),
        recommended: `${BASE}/*/*/`,
    },
    {
        why: "a REST path parameter (the template, braces included, is sent)",
        route: { kind: "rest", method: "GET", path: "/pets/{petId}" },
        stage: "prod",
        sent: [`${BASE}/prod/GET/pets/{petId}`],
        recommended: `${BASE}/*/GET/pets/*`,
    },
    {
        why: "a REST greedy proxy resource",
        route: { kind: "rest", method: "ANY", path: "/{proxy+}" },
        stage: "prod",
        sent: ANY_VERBS("prod", "/{proxy+}"),
        recommended: `${BASE}/*/*/*`,
    },
    {
        why: "a REST method invoked from the console's Test button",
        route: { kind: "rest", method: "POST", path: "/orders/{orderId}/items" },
        stage: "test-invoke-stage",
        sent: [`${BASE}/test-invoke-stage/POST/orders/{orderId}/items`],
        recommended: `${BASE}/*/POST/orders/*/items`,
    },
    {
        why: "an HTTP $default route (no verb segment)",
        route: { kind: "http", routeKey: "$default" },
        stage: "prod",
        sent: [`${BASE}/prod/$default`],
        recommended: `${BASE}/*/$default`,
    },
    {
        why: "an HTTP $default route on the $default stage",
        route: { kind: "http", routeKey: "$default" },
        stage: "$default",
        sent: [`${BASE}/$default/$default`],
        recommended: `${BASE}/*/$default`,
    },
    {
        why: "an HTTP GET route with a path parameter",
        route: { kind: "http", routeKey: "GET /pets/{id}" },
        stage: "$default",
        sent: [`${BASE}/$default/GET/pets/{id}`],
        recommended: `${BASE}/*/GET/pets/*`,
    },
    {
        why: "an HTTP ANY route with a greedy {proxy+}",
        route: { kind: "http", routeKey: "ANY /{proxy+}" },
        stage: "prod",
        sent: ANY_VERBS("prod", "/{proxy+}"),
        recommended: `${BASE}/*/*/*`,
    },
    {
        why: "an HTTP ANY route under a prefix with a greedy parameter",
        route: { kind: "http", routeKey: "ANY /api/{proxy+}" },
        stage: "prod",
        sent: ANY_VERBS("prod", "/api/{proxy+}"),
        recommended: `${BASE}/*/*/api/*`,
    },
    {
        why: "a WebSocket $connect route",
        route: { kind: "websocket", routeKey: "$connect" },
        stage: "prod",
        sent: [`${BASE}/prod/$connect`],
        recommended: `${BASE}/*/$connect`,
    },
    {
        why: "a WebSocket $disconnect route",
        route: { kind: "websocket", routeKey: "$disconnect" },
        stage: "prod",
        sent: [`${BASE}/prod/$disconnect`],
        recommended: `${BASE}/*/$disconnect`,
    },
    {
        why: "a WebSocket $default route",
        route: { kind: "websocket", routeKey: "$default" },
        stage: "prod",
        sent: [`${BASE}/prod/$default`],
        recommended: `${BASE}/*/$default`,
    },
    {
        why: "a WebSocket custom route key",
        route: { kind: "websocket", routeKey: "sendMessage" },
        stage: "prod",
        sent: [`${BASE}/prod/sendMessage`],
        recommended: `${BASE}/*/sendMessage`,
    },
    {
        why: "a Lambda authorizer (no stage in the ARN)",
        route: { kind: "authorizer", authorizerId: "xyz789" },
        stage: "prod",
        sent: [`${BASE}/authorizers/xyz789`],
        recommended: `${BASE}/authorizers/xyz789`,
    },
];

describe("core/executeApi", () => {
    describe("sentSourceArns and recommendedSourceArn", () => {
        for (const c of routeCases) {
            it(`given ${c.why}, when API Gateway invokes on stage ${c.stage}, then it sends exactly the expected source ARNs`, () => {
                assert.deepStrictEqual(sentSourceArns(BASE, c.route, c.stage), c.sent);
            });
            it(`given ${c.why}, when a permission is planned, then the recommended sourceArn is ${c.recommended.slice(BASE.length)}`, () => {
                assert.strictEqual(recommendedSourceArn(BASE, c.route), c.recommended);
            });
            it(`given ${c.why}, when the recommended sourceArn is evaluated with ArnLike, then it covers every ARN sent on stage ${c.stage} and on the test stage`, () => {
                const pattern = recommendedSourceArn(BASE, c.route);
                const sent = [...sentSourceArns(BASE, c.route, c.stage), ...sentSourceArns(BASE, c.route, "test-invoke-stage")];
                for (const arn of sent) {
                    assert.ok(arnLike(pattern, arn), `${pattern} must cover ${arn}`);
                }
            });
        }

        it("given a REST route and a concrete stage, when the recommended sourceArn is scoped to that stage, then another stage is not covered", () => {
            const route: Route = { kind: "rest", method: "GET", path: "/pets" };
            const pattern = recommendedSourceArn(BASE, route, "prod");
            assert.strictEqual(pattern, `${BASE}/prod/GET/pets`);
            assert.ok(arnLike(pattern, sentSourceArns(BASE, route, "prod")[0]));
            assert.ok(!arnLike(pattern, sentSourceArns(BASE, route, "dev")[0]));
        });

        it("given a REST route with a parameter, when the permission named the parameter differently, then ArnLike refuses it but the recommended pattern accepts it", () => {
            const route: Route = { kind: "rest", method: "GET", path: "/pets/{petId}" };
            const [sent] = sentSourceArns(BASE, route, "prod");
            assert.ok(!arnLike(`${BASE}/*/GET/pets/{id}`, sent));
            assert.ok(arnLike(recommendedSourceArn(BASE, route), sent));
        });

        it("given an HTTP $default route, when a */*/$default pattern is used, then it never matches what is sent", () => {
            const [sent] = sentSourceArns(BASE, { kind: "http", routeKey: "$default" }, "prod");
            assert.ok(!arnLike(`${BASE}/*/*/$default`, sent));
        });

        it("given a GET route, when the recommended pattern is checked against a POST on the same path, then it does not match", () => {
            const pattern = recommendedSourceArn(BASE, { kind: "http", routeKey: "GET /pets" });
            assert.ok(!arnLike(pattern, `${BASE}/prod/POST/pets`));
        });

        it("given an invalid HTTP route key, when the ARNs sent are computed, then there are none", () => {
            assert.deepStrictEqual(sentSourceArns(BASE, { kind: "http", routeKey: "GET pets" }, "prod"), []);
        });

        it("given an invalid HTTP route key, when a pattern is recommended, then it covers the stage instead of guessing $default", () => {
            assert.strictEqual(recommendedSourceArn(BASE, { kind: "http", routeKey: "GET pets" }), `${BASE}/*/*`);
        });

        it("given a placeholder executionArn, when the recommended pattern is built, then the placeholder is kept verbatim", () => {
            assert.strictEqual(
                recommendedSourceArn("${api.executionArn}", { kind: "http", routeKey: "GET /pets/{id}" }),
                "${api.executionArn}/*/GET/pets/*",
            );
        });

        it("given an aws-cn executionArn, when the ARNs are built on it, then the partition is kept (never hard-coded to aws)", () => {
            const cn = executionArnOf("aws-cn", "cn-north-1", "123456789012", "abc123");
            const route: Route = { kind: "rest", method: "GET", path: "/" };
            assert.deepStrictEqual(sentSourceArns(cn, route, "prod"), ["arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/GET/"]);
            assert.strictEqual(recommendedSourceArn(cn, route), "arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/*/GET/");
        });
    });

    describe("parseHttpRouteKey", () => {
        const valid: { key: string; parsed: ReturnType<typeof parseHttpRouteKey> }[] = [
            { key: "$default", parsed: { default: true } },
            { key: "GET /pets", parsed: { method: "GET", path: "/pets" } },
            { key: "ANY /{proxy+}", parsed: { method: "ANY", path: "/{proxy+}" } },
            { key: "POST /pets/{petId}/toys", parsed: { method: "POST", path: "/pets/{petId}/toys" } },
            { key: "DELETE /", parsed: { method: "DELETE", path: "/" } },
        ];
        const invalid: { key: string; problem: RegExp }[] = [
            { key: "GET", problem: /route key "GET" must be "\$default" or "METHOD \/path"/ },
            { key: "/pets", problem: /must be "\$default" or "METHOD \/path"/ },
            { key: "get /pets", problem: /has method "get"; expected one of GET, POST/ },
            { key: "FETCH /pets", problem: /has method "FETCH"/ },
            { key: "GET pets", problem: /path "pets" must start with "\/"/ },
            { key: "GET  /pets", problem: /must start with "\/"/ },
            { key: "GET /pets/", problem: /has an empty segment/ },
            { key: "GET /{proxy+}/x", problem: /greedy parameter \{proxy\+\} must be the last segment/ },
            { key: "$connect", problem: /must be "\$default" or "METHOD \/path"/ },
        ];
        for (const c of valid) {
            it(`given route key "${c.key}", when parsed, then it is valid`, () => {
                assert.deepStrictEqual(parseHttpRouteKey(c.key), c.parsed);
            });
        }
        for (const c of invalid) {
            it(`given route key "${c.key}", when parsed, then the problem names the route key`, () => {
                const result = parseHttpRouteKey(c.key);
                assert.strictEqual(typeof result, "string");
                assert.match(result as string, c.problem);
            });
        }
    });

    describe("validatePath", () => {
        const valid = ["/", "/pets", "/pets/{petId}", "/pets/{petId}/toys", "/{proxy+}", "/api/{proxy+}", "/v1.2/pets_all-x~y", "/files/{file.name}"];
        const invalid: { path: string; problem: RegExp }[] = [
            { path: "", problem: /path "" must start with "\/"/ },
            { path: "pets", problem: /must start with "\/"/ },
            { path: "//pets", problem: /has an empty segment/ },
            { path: "/pets//toys", problem: /has an empty segment/ },
            { path: "/pets/", problem: /has an empty segment/ },
            { path: "/{proxy+}/toys", problem: /greedy parameter \{proxy\+\} must be the last segment/ },
            { path: "/pets/{petId", problem: /has an invalid segment "\{petId"/ },
            { path: "/pets/petId}", problem: /has an invalid segment "petId\}"/ },
            { path: "/pets/{}", problem: /has an invalid segment "\{\}"/ },
            { path: "/pets/*", problem: /has an invalid segment "\*"/ },
            { path: "/pets/x{id}", problem: /has an invalid segment "x\{id\}"/ },
            { path: "/pets with space", problem: /has an invalid segment "pets with space"/ },
        ];
        for (const path of valid) {
            it(`given path "${path}", when validated, then there is no problem`, () => {
                assert.strictEqual(validatePath(path), undefined);
            });
        }
        for (const c of invalid) {
            it(`given path "${c.path}", when validated, then the problem says what is wrong`, () => {
                assert.match(validatePath(c.path) ?? "(no problem)", c.problem);
            });
        }
    });

    describe("validateMethod and validateWebSocketRouteKey", () => {
        for (const m of [...HTTP_VERBS, "ANY"]) {
            it(`given REST method ${m}, when validated, then it is accepted`, () => {
                assert.strictEqual(validateMethod(m), undefined);
            });
        }
        for (const m of ["get", "Any", "FETCH", ""]) {
            it(`given REST method "${m}", when validated, then it is rejected with the list of methods`, () => {
                assert.match(validateMethod(m) ?? "(accepted)", /is not one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS, ANY/);
            });
        }
        for (const k of ["$connect", "$disconnect", "$default", "sendMessage"]) {
            it(`given WebSocket route key "${k}", when validated, then it is accepted`, () => {
                assert.strictEqual(validateWebSocketRouteKey(k), undefined);
            });
        }
        for (const k of ["", "send message", "tab\tkey"]) {
            it(`given WebSocket route key ${JSON.stringify(k)}, when validated, then it is rejected`, () => {
                assert.match(validateWebSocketRouteKey(k) ?? "(accepted)", /must be non-empty with no spaces/);
            });
        }
    });

    describe("wildcardPathParameters and describeRoute", () => {
        const rewrites: [string, string][] = [
            ["/", "/"],
            ["/pets", "/pets"],
            ["/pets/{petId}", "/pets/*"],
            ["/pets/{petId}/toys/{toyId}", "/pets/*/toys/*"],
            ["/{proxy+}", "/*"],
        ];
        for (const [from, to] of rewrites) {
            it(`given path "${from}", when parameters are wildcarded, then it becomes "${to}"`, () => {
                assert.strictEqual(wildcardPathParameters(from), to);
            });
        }
        const names: [Route, string][] = [
            [{ kind: "rest", method: "GET", path: "/pets/{petId}" }, "GET /pets/{petId}"],
            [{ kind: "http", routeKey: "$default" }, "$default"],
            [{ kind: "websocket", routeKey: "$connect" }, "$connect"],
            [{ kind: "authorizer", authorizerId: "abc123" }, "authorizer abc123"],
        ];
        for (const [route, name] of names) {
            it(`given a ${route.kind} route, when described, then it reads "${name}"`, () => {
                assert.strictEqual(describeRoute(route), name);
            });
        }
    });

    describe("parseExecuteApiArn and executionArnOf", () => {
        it("given an executionArn, when parsed, then it has the parts and an empty path", () => {
            assert.deepStrictEqual(parseExecuteApiArn(BASE), {
                partition: "aws", region: "us-east-1", account: "123456789012", apiId: "abc123", path: "",
            });
        });
        it("given a route source ARN, when parsed, then the path is what follows the API id", () => {
            assert.deepStrictEqual(parseExecuteApiArn(`${BASE}/prod/GET/pets/{petId}`), {
                partition: "aws", region: "us-east-1", account: "123456789012", apiId: "abc123", path: "prod/GET/pets/{petId}",
            });
        });
        it("given a pattern with a wildcard account, when parsed, then the account is reported as written", () => {
            assert.strictEqual(parseExecuteApiArn("arn:aws-us-gov:execute-api:us-gov-west-1:*:abc123/*")?.account, "*");
        });
        for (const text of ["arn:aws:lambda:us-east-1:123456789012:function:pets", "abc123/*/GET/pets", "*", "xrn:aws:execute-api:us-east-1:123456789012:abc123"]) {
            it(`given "${text}", when parsed, then it is not an execute-api ARN`, () => {
                assert.strictEqual(parseExecuteApiArn(text), undefined);
            });
        }
        it("given parts, when an executionArn is built and parsed back, then the parts round-trip", () => {
            const arn = executionArnOf("aws-us-gov", "us-gov-west-1", "123456789012", "q1w2e3");
            assert.strictEqual(arn, "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:q1w2e3");
            assert.deepStrictEqual(parseExecuteApiArn(arn), {
                partition: "aws-us-gov", region: "us-gov-west-1", account: "123456789012", apiId: "q1w2e3", path: "",
            });
        });
    });
});

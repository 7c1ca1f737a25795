/**
 * The pure permission planner (core/permissionPlan.ts): scopes, grouping per (function,
 * qualifier), no two statements with the same effect, byte counting, widening for one function
 * only, and names that do not churn as routes are added.
 */
import * as assert from "assert";
import { Route } from "../../core/executeApi";
import { PermissionPlanInput, planPermissions } from "../../core/permissionPlan";
import { apiGatewayStatement, policyBytes } from "../../core/policySize";
import { statementIdFor } from "../../core/stableName";

const EXEC = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";
const FN = "arn:aws:lambda:us-east-1:123456789012:function:orders";
const URN = "urn:pulumi:dev::shop::apigw-lambda-guard:index:LambdaHttpApi::shop";
const sid = (key: string) => statementIdFor(URN, "shop", key);

const http = (routeKey: string): Route => ({ kind: "http", routeKey });
const rest = (method: string, path: string): Route => ({ kind: "rest", method, path });

function plan(routes: [Route, string][], extra: Partial<PermissionPlanInput> = {}) {
    const targets = [...new Set(routes.map(([, t]) => t))].map((key) => ({ key, functionArnBytes: FN.length }));
    return planPermissions({ api: "shop", routes: routes.map(([route, target]) => ({ route, target })), targets, executionArnBytes: EXEC.length, ...extra });
}

describe("core: permission plan", () => {
    it("given routes of one function where one pattern covers others, then only the covering statement stays, listing every route", () => {
        const p = plan([
            [http("GET /pets/{id}"), "a"],
            [http("GET /pets/{id}/toys"), "a"],
            [http("ANY /pets/{id}"), "a"],
            [http("GET /pets/{id}/owner"), "b"],
        ]);
        assert.deepStrictEqual(
            p.permissions.map((x) => [x.target, x.path, x.routes.sort()]),
            [
                ["a", "/*/*/pets/*", ["ANY /pets/{id}", "GET /pets/{id}", "GET /pets/{id}/toys"]],
                ["b", "/*/GET/pets/*/owner", ["GET /pets/{id}/owner"]],
            ],
        );
    });

    it("given two routes with the same pattern on one function, then one statement (never two with the same effect)", () => {
        const p = plan([
            [rest("GET", "/files/{name}"), "a"],
            [rest("GET", "/files/{proxy+}"), "a"],
        ]);
        assert.deepStrictEqual(
            p.permissions.map((x) => x.path),
            ["/*/GET/files/*"],
        );
    });

    it("given a route is added, then no existing name or statement id changes", () => {
        const before = plan([
            [http("GET /b"), "a"],
            [http("GET /c/{id}"), "b"],
        ]);
        const after = plan([
            [http("GET /a"), "a"],
            [http("GET /b"), "a"],
            [http("POST /z"), "c"],
            [http("GET /c/{id}"), "b"],
        ]);
        for (const p of before.permissions) {
            assert.ok(
                after.permissions.some((q) => q.name === p.name && sid(q.statementKey) === sid(p.statementKey) && q.path === p.path),
                `${p.name} changed`,
            );
        }
    });

    it("given names from long routes, then statement ids are valid for Lambda ([A-Za-z0-9-_], at most 100) and unique", () => {
        const routes: [Route, string][] = [
            [rest("GET", `/${"very-long-segment/".repeat(12)}{id}`), "a"],
            [rest("GET", "/a-b"), "a"],
            [rest("GET", "/a/b"), "a"],
        ];
        const ids = plan(routes).permissions.map((x) => sid(x.statementKey));
        assert.ok(ids.every((id) => /^[A-Za-z0-9_-]{1,100}$/.test(id)), ids.join("\n"));
        assert.strictEqual(new Set(ids).size, 3);
    });

    it("given the statement bytes the plan counts, then they equal the stored policy of concrete statements of those lengths", () => {
        const p = plan([
            [http("GET /pets/{id}"), "a"],
            [http("$default"), "a"],
            [{ kind: "authorizer", authorizerId: "auth1" }, "a"],
        ], { authorizerIdBytes: 6 });
        const statements = p.permissions.map((x) =>
            apiGatewayStatement(sid(x.statementKey), FN, x.authorizer ? `${EXEC}/authorizers/abc123` : `${EXEC}${x.path}`),
        );
        assert.strictEqual(p.targets[0].bytes, policyBytes(statements));
    });

    it("given scope api, then one statement per function for every stage, or one per restricted stage plus each authorizer", () => {
        const routes: [Route, string][] = [
            [rest("GET", "/pets"), "a"],
            [rest("POST", "/orders"), "a"],
            [{ kind: "authorizer", authorizerId: "tok" }, "a"],
        ];
        assert.deepStrictEqual(
            plan(routes, { scope: "api" }).permissions.map((x) => x.path),
            ["/*"],
        );
        assert.deepStrictEqual(
            plan(routes, { scope: "api", stages: ["prod"] }).permissions.map((x) => x.path).sort(),
            ["/authorizers/tok", "/prod/*"],
        );
    });

    it("given one function over budget and one under, then only the first is widened, to path prefixes first", () => {
        const routes: [Route, string][] = [
            ...Array.from({ length: 80 }, (_, i): [Route, string] => [rest("GET", `/p${i % 5}/x${i}`), "big"]),
            [rest("GET", "/", ), "big"],
            [rest("GET", "/small/{id}"), "small"],
        ];
        const p = plan(routes);
        const big = p.targets.find((t) => t.target === "big")!;
        const small = p.targets.find((t) => t.target === "small")!;
        assert.deepStrictEqual([big.level, big.widenedFrom, big.statements], ["prefix", "route", 6]);
        assert.deepStrictEqual([small.level, small.widenedFrom], ["route", undefined]);
        assert.deepStrictEqual(
            p.permissions.filter((x) => x.target === "big").map((x) => x.path).sort(),
            ["/*/*/", "/*/*/p0/*", "/*/*/p1/*", "/*/*/p2/*", "/*/*/p3/*", "/*/*/p4/*"],
        );
    });

    it("given path prefixes that are exact routes and deeper ones, then both /seg and /seg/* are kept", () => {
        const routes: [Route, string][] = Array.from({ length: 60 }, (_, i): [Route, string] => [rest("GET", i === 0 ? "/pets" : `/pets/x${i}`), "a"]);
        const p = plan(routes);
        assert.deepStrictEqual(p.permissions.map((x) => x.path).sort(), ["/*/*/pets", "/*/*/pets/*"]);
    });

    it("given more headroom than the whole API can fit in, then the target is over budget", () => {
        const p = plan([[http("GET /a"), "a"]], { headroomBytes: 20400 });
        assert.strictEqual(p.targets[0].overBudget, true);
    });
});

/**
 * The 20 KB resource-policy budget: one function serving 300 routes must not get 300 statements
 * (~110 KB). The component widens that function alone (route -> path prefix -> whole API), warns
 * naming it, and every route still works; bytes are counted on the policy as Lambda stores it.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Route, sentSourceArns } from "../../core/executeApi";
import { POLICY_LIMIT_BYTES } from "../../core/policySize";
import { LambdaApiPermissions, LambdaHttpApi } from "../../components";
import { PERMISSION, fnArn, lambdaFunction, ofType } from "./fixtures";
import { evaluate, resourcePolicies, storedBytes } from "./iam";
import { RecordedResource, recordFailure, recordProgram } from "./record";

/** 300 route keys over 12 first path segments, with parameters and nested paths. */
function manyRouteKeys(count: number): string[] {
    const verbs = ["GET", "POST", "PUT", "DELETE"];
    return Array.from({ length: count }, (_, i) => `${verbs[i % 4]} /area${i % 12}/things${i}/{thingId}${i % 3 === 0 ? "/parts/{partId}" : ""}`);
}

function bigApi() {
    return () => {
        const monolith = lambdaFunction("monolith");
        const api = new LambdaHttpApi("big", {
            routes: [
                ...manyRouteKeys(300).map((routeKey) => ({ routeKey, function: monolith })),
                { routeKey: "GET /health", functionArn: fnArn("health") },
                { routeKey: "GET /status/{id}", functionArn: fnArn("health") },
            ],
        });
        return { executionArn: api.executionArn, permissions: api.permissions };
    };
}

describe("components: the 20 KB resource-policy budget", () => {
    describe("given one function serving 300 routes of an HTTP API and another serving 2", () => {
        let run: Awaited<ReturnType<typeof recordProgram<ReturnType<ReturnType<typeof bigApi>>>>>;
        before(async () => {
            run = await recordProgram(bigApi());
        });

        it("then the big function's policy, as Lambda stores it, fits 20480 bytes minus the default 4096 headroom", () => {
            const policy = resourcePolicies(run.resources).get(fnArn("monolith"));
            assert.ok(policy);
            const bytes = storedBytes(policy);
            assert.ok(bytes <= POLICY_LIMIT_BYTES - 4096, `${bytes} bytes`);
            // Per route it would not have fitted: 300 statements of at least 300 bytes each.
            assert.ok(policy.statements.length < 300 && policy.statements.length * 300 < POLICY_LIMIT_BYTES);
        });

        it("then it is widened to path prefixes (one per first segment), never beyond the API", () => {
            const monolith = run.result.permissions.filter((p) => p.functionArn === fnArn("monolith"));
            assert.deepStrictEqual(
                monolith.map((p) => p.sourceArn).sort(),
                Array.from({ length: 12 }, (_, i) => `${run.result.executionArn}/*/*/area${i}/*`).sort(),
            );
            assert.ok(monolith.every((p) => p.scope === "prefix"));
            assert.strictEqual(monolith.flatMap((p) => p.routes).length, 300);
        });

        it("then the other function keeps one permission per route", () => {
            const health = run.result.permissions.filter((p) => p.functionArn === fnArn("health"));
            assert.deepStrictEqual(health.map((p) => [p.sourceArn, p.scope]).sort(), [
                [`${run.result.executionArn}/*/GET/health`, "route"],
                [`${run.result.executionArn}/*/GET/status/*`, "route"],
            ]);
        });

        it("then one warning names the widened function and says what happened", () => {
            assert.strictEqual(run.warnings.length, 1, run.warnings.join("\n"));
            assert.match(run.warnings[0], /^Lambda function monolith: 300 routes of API big would need more than the 16384-byte budget/);
            assert.match(run.warnings[0], /widened to path prefixes for this function only: 12 statement\(s\)/);
        });

        it("then every route's sent SourceArn is still allowed (iam-simulate), and another API's is not", async () => {
            const policy = resourcePolicies(run.resources).get(fnArn("monolith"))!;
            for (const routeKey of manyRouteKeys(300)) {
                const route: Route = { kind: "http", routeKey };
                const [sent] = sentSourceArns(run.result.executionArn, route, "$default");
                assert.strictEqual(await evaluate(policy, sent), "Allowed", sent);
            }
            const other = sentSourceArns(run.result.executionArn.replace(/:[a-z0-9]+$/, ":zzzzzzzzzz"), { kind: "http", routeKey: manyRouteKeys(1)[0] }, "$default")[0];
            assert.strictEqual(await evaluate(policy, other), "ImplicitlyDenied");
        });
    });

    describe("given the same 300 routes of an API defined elsewhere (LambdaApiPermissions)", () => {
        const executionArn = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";
        const permissionsFor = (headroom: number, stages?: string[]) => () =>
            new LambdaApiPermissions("big", {
                executionArn,
                apiType: "http",
                routes: manyRouteKeys(300).map((route) => ({ route, functionArn: fnArn("monolith") })),
                stages,
                policyHeadroomBytes: headroom,
            });

        it("when the headroom leaves room for only a few statements, then the function is widened to the whole API: one statement", async () => {
            const run = await recordProgram(permissionsFor(19000));
            assert.deepStrictEqual(sourceArnsOf(run.resources), [`${executionArn}/*`]);
            assert.match(run.warnings.join("\n"), /^Lambda function monolith: 300 routes of API big .* widened to the whole API for this function only: 1 statement/);
        });

        it("when stages are restricted, then the whole-API scope keeps the stage: one statement per stage", async () => {
            const run = await recordProgram(permissionsFor(19000, ["prod", "beta"]));
            assert.deepStrictEqual(sourceArnsOf(run.resources), [`${executionArn}/beta/*`, `${executionArn}/prod/*`]);
        });

        it("when even the whole API cannot fit the budget, then a ResourceError explains the fix and nothing is created", async () => {
            const { error, resources } = await recordFailure(permissionsFor(20400));
            assert.ok(pulumi.ResourceError.isInstance(error));
            assert.match(
                String((error as Error).message),
                /^Lambda function serving GET \/area0\/things0\/\{thingId\}\/parts\/\{partId\}, POST .*, \.\.\.: 300 routes of API big need 1 permission statement\(s\) .* over the 80-byte budget .* Fix: /,
            );
            assert.deepStrictEqual(ofType(resources, PERMISSION), []);
        });
    });
});

function sourceArnsOf(resources: RecordedResource[]): string[] {
    return ofType(resources, PERMISSION)
        .map((p) => String(p.outputs.sourceArn))
        .sort();
}

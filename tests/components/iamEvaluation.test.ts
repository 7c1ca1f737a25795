/**
 * For each route, the resource policies the components produce ALLOW the SourceArn that API
 * Gateway actually sends (core's sentSourceArns: every verb of an ANY route, the path template,
 * the stage), and DENY the same call from another API, from another account, and from another
 * stage when stages are restricted. Evaluated by @cloud-copilot/iam-simulate, not by our ArnLike.
 */
import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { Route, sentSourceArns } from "../../core/executeApi";
import { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi } from "../../components";
import { fnArn, idOf, lambdaFunction } from "./fixtures";
import { evaluate, resourcePolicies } from "./iam";
import { recordProgram } from "./record";
import { parseFinding } from "../../core/finding";
import { analyze, summarize } from "../harness/pack";

interface Expectation {
    /** The route as API Gateway knows it; authorizers by the name of their resource. */
    route: Route | { authorizer: string; type: string };
    /** The function (with `:qualifier`) API Gateway invokes for it. */
    invokes: string;
}

interface Scenario {
    name: string;
    program: () => { executionArn: pulumi.Output<string> };
    routes: Expectation[];
    /** Stages API Gateway may send that must be allowed. */
    allowedStages: string[];
    /** Stages that must be denied (only when stages are restricted). */
    deniedStages: string[];
}

const rest = (method: string, path: string): Route => ({ kind: "rest", method, path });
const http = (routeKey: string): Route => ({ kind: "http", routeKey });
const ws = (routeKey: string): Route => ({ kind: "websocket", routeKey });

const restRoutes = [
    { method: "GET", path: "/pets/{petId}", fn: "pets" },
    { method: "ANY", path: "/pets", fn: "pets" },
    { method: "GET", path: "/", fn: "root" },
    { method: "ANY", path: "/{proxy+}", fn: "fallback:live" },
    { method: "POST", path: "/orders/{orderId}/items", fn: "orders:3", authorizer: "token" },
];
const restExpectations: Expectation[] = [
    ...restRoutes.map((r) => ({ route: rest(r.method, r.path), invokes: fnArn(r.fn) })),
    { route: { authorizer: "token", type: "aws:apigateway/authorizer:Authorizer" }, invokes: fnArn("auth") },
];
function restProgram(restrict: boolean) {
    return () => {
        const pets = lambdaFunction("pets");
        return new LambdaRestApi("shop", {
            routes: restRoutes.map((r) => ({
                method: r.method,
                path: r.path,
                authorizer: r.authorizer,
                ...(r.fn === "pets" ? { function: pets } : { functionArn: fnArn(r.fn) }),
            })),
            authorizers: [{ name: "token", functionArn: fnArn("auth") }],
            stages: ["prod", "dev"],
            restrictPermissionsToStages: restrict,
        });
    };
}

const httpRoutes = [
    { routeKey: "GET /pets/{id}", fn: "pets" },
    { routeKey: "ANY /{proxy+}", fn: "fallback" },
    { routeKey: "$default", fn: "fallback" },
    { routeKey: "DELETE /pets/{id}", fn: "admin:blue", authorizer: "admin" },
];
const httpExpectations: Expectation[] = [
    ...httpRoutes.map((r) => ({ route: http(r.routeKey), invokes: fnArn(r.fn) })),
    { route: { authorizer: "admin", type: "aws:apigatewayv2/authorizer:Authorizer" }, invokes: fnArn("authz") },
];
function httpProgram(restrict: boolean) {
    return () => {
        const authz = lambdaFunction("authz");
        return new LambdaHttpApi("web", {
            routes: httpRoutes.map((r) => ({ routeKey: r.routeKey, functionArn: fnArn(r.fn), authorizer: r.authorizer })),
            authorizers: [{ name: "admin", function: authz }],
            restrictPermissionsToStage: restrict,
        });
    };
}

const WS_EXEC = "arn:aws:execute-api:eu-west-1:123456789012:w1s2k3t4u5";
const wsRoutes = [
    { routeKey: "$connect", fn: "connect" },
    { routeKey: "$disconnect", fn: "connect" },
    { routeKey: "$default", fn: "messages" },
    { routeKey: "sendMessage", fn: "messages" },
];

const scenarios: Scenario[] = [
    { name: "a REST API, permissions for every stage", program: restProgram(false), routes: restExpectations, allowedStages: ["prod", "dev", "test-invoke-stage"], deniedStages: [] },
    { name: "a REST API, permissions restricted to its stages", program: restProgram(true), routes: restExpectations, allowedStages: ["prod", "dev"], deniedStages: ["test-invoke-stage", "beta"] },
    { name: "an HTTP API, permissions for every stage", program: httpProgram(false), routes: httpExpectations, allowedStages: ["$default", "beta"], deniedStages: [] },
    { name: "an HTTP API, permissions restricted to its $default stage", program: httpProgram(true), routes: httpExpectations, allowedStages: ["$default"], deniedStages: ["beta"] },
    {
        name: "a WebSocket API defined elsewhere, restricted to stage prod",
        program: () =>
            new LambdaApiPermissions("chat", {
                executionArn: WS_EXEC,
                apiType: "websocket",
                routes: wsRoutes.map((r) => ({ route: r.routeKey, functionArn: fnArn(r.fn) })),
                stages: ["prod"],
            }),
        routes: wsRoutes.map((r) => ({ route: ws(r.routeKey), invokes: fnArn(r.fn) })),
        allowedStages: ["prod"],
        deniedStages: ["dev"],
    },
];

/** The same ARN sent by another API of the same account, or by the same API id in another account. */
function fromAnotherApi(arn: string): string {
    return arn.replace(/^(arn:[^:]+:execute-api:[^:]+:[^:]+:)[a-z0-9]+/, "$1zzzzzzzzzz");
}
function fromAnotherAccount(arn: string): string {
    return arn.replace(/^(arn:[^:]+:execute-api:[^:]+:)\d{12}/, "$1999999999999");
}

describe("components: IAM evaluation of the produced resource policies (iam-simulate)", () => {
    for (const s of scenarios) {
        it(`given ${s.name}, then every route's sent SourceArn is allowed and other APIs, accounts${s.deniedStages.length ? " and stages" : ""} are denied`, async () => {
            const run = await recordProgram(() => ({ executionArn: s.program().executionArn }));
            const executionArn = run.result.executionArn;
            const policies = resourcePolicies(run.resources);
            for (const e of s.routes) {
                const route: Route =
                    "authorizer" in e.route ? { kind: "authorizer", authorizerId: idOf(run.resources, e.route.type, e.route.authorizer) } : e.route;
                const policy = policies.get(e.invokes);
                assert.ok(policy, `no resource policy on ${e.invokes}`);
                const stages = route.kind === "authorizer" ? ["prod"] : s.allowedStages;
                const sentArns = stages.flatMap((stage) => sentSourceArns(executionArn, route, stage));
                assert.ok(sentArns.length >= stages.length, `nothing sent for ${JSON.stringify(route)}`);
                for (const sent of sentArns) {
                    assert.strictEqual(await evaluate(policy, sent), "Allowed", `${e.invokes} must allow ${sent}`);
                    assert.strictEqual(await evaluate(policy, fromAnotherApi(sent)), "ImplicitlyDenied", `another API: ${fromAnotherApi(sent)}`);
                    assert.strictEqual(await evaluate(policy, fromAnotherAccount(sent)), "ImplicitlyDenied", `another account: ${fromAnotherAccount(sent)}`);
                }
                if (route.kind !== "authorizer") {
                    for (const sent of s.deniedStages.flatMap((stage) => sentSourceArns(executionArn, route, stage))) {
                        assert.strictEqual(await evaluate(policy, sent), "ImplicitlyDenied", `another stage: ${sent}`);
                    }
                }
            }
        });
    }

    for (const s of scenarios) {
        it(`given ${s.name}, then the pack at update finds no leftover grant (every permission names a stage, route or authorizer the API has)`, async () => {
            const run = await recordProgram(() => ({ executionArn: s.program().executionArn }), { preview: false, stack: "dev", project: "shop" });
            const resources = run.resources.map(({ custom: _custom, ...r }) => r);
            const found = summarize(await analyze(resources, { dryRun: false, stack: "dev" }));
            assert.deepStrictEqual(found.filter((f) => parseFinding(f.message).cause?.kind === "leftover-grant"), []);
            // The check runs on these stacks: a copy of a route permission moved to a stage the API does not have is leftover
            // when the component made the API (an API defined elsewhere is never called leftover).
            const routePermission = resources.find((r) => r.type === "aws:lambda/permission:Permission" && !String(r.outputs?.sourceArn).includes("/authorizers/"));
            assert.ok(routePermission, "a route permission was recorded");
            const moved = String(routePermission.outputs!.sourceArn).replace(/^([^/]+)\/[^/]+\//, "$1/no-such-stage/");
            const probe = { ...routePermission, urn: `${routePermission.urn}-probe`, name: `${routePermission.name}-probe`, inputs: { ...routePermission.inputs, sourceArn: moved }, outputs: { ...routePermission.outputs, sourceArn: moved } };
            const probed = summarize(await analyze([...resources, probe], { dryRun: false, stack: "dev" })).filter((f) => parseFinding(f.message).cause?.kind === "leftover-grant");
            const madeApi = resources.some((r) => r.type === "aws:apigateway/restApi:RestApi" || r.type === "aws:apigatewayv2/api:Api");
            assert.deepStrictEqual(probed.map((f) => f.resource), madeApi ? [`${routePermission.name}-probe`] : []);
        });
    }

    it("given an alias-qualified route, then the unqualified function's policy does not allow it (each qualifier has its own policy)", async () => {
        const run = await recordProgram(() => ({
            executionArn: new LambdaHttpApi("web", { routes: [{ routeKey: "GET /pets", functionArn: `${fnArn("pets")}:live` }] }).executionArn,
        }));
        const policies = resourcePolicies(run.resources);
        assert.deepStrictEqual([...policies.keys()], [`${fnArn("pets")}:live`]);
        const sent = sentSourceArns(run.result.executionArn, http("GET /pets"), "$default")[0];
        assert.strictEqual(await evaluate(policies.get(`${fnArn("pets")}:live`)!, sent), "Allowed");
        assert.strictEqual(await evaluate({ resourceArn: fnArn("pets"), statements: [] }, sent), "ImplicitlyDenied");
    });
});

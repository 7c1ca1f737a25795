/**
 * Unrouted integrations, through the built pack over the engine's gRPC protocol at preview and
 * update: an HTTP integration no route targets is one advisory (lambda-permission-for-route), and
 * the role on it is still reported (lambda-invoke-via-resource-policy); once a route targets it,
 * the advisory goes and the route is checked as usual. A route whose target cannot be traced
 * (unknown, built on nothing in the stack) leaves the question open: no advisory.
 */
import { parseFinding } from "../../core/finding";
import * as assert from "assert";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { FOR_ROUTE_POLICY_NAME } from "../../policies/permissionForRoute";
import { fn, httpApi, role } from "../harness/fixtures";
import { assertFindings, findingsOf } from "../harness/expect";
import { Mode, StackBuilder } from "../harness/stackBuilder";

function integration(s: StackBuilder, name: string, withRole: boolean): void {
    s.add("aws:apigatewayv2/integration:Integration", name, {
        inputs: { apiId: s.ref("orders-api", "id"), integrationType: "AWS_PROXY", integrationUri: s.ref("orders", "arn"), ...(withRole ? { credentialsArn: s.ref("invoker", "arn") } : {}) },
        computed: { id: `${name}-id` },
    });
}

function unrouted(s: StackBuilder): void {
    fn(s, "orders");
    role(s, "invoker");
    httpApi(s, "orders-api");
    integration(s, "spare", true);
}

describe("unrouted integrations", () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            it("an HTTP integration with a role that no route targets: one unrouted advisory, and the role still reported", async () => {
                const forRoute = await findingsOf(FOR_ROUTE_POLICY_NAME, { build: unrouted }, mode);
                assertFindings(forRoute, [{ resource: "spare", level: "advisory", includes: ["no route targets this integration", "Its IAM role is still reported"] }]);
                assert.strictEqual(parseFinding(forRoute[0].message).cause?.kind, "unrouted-integration");
                const invoke = await findingsOf(INVOKE_POLICY_NAME, { build: unrouted }, mode);
                assertFindings(invoke, [{ resource: "spare", level: "mandatory", includes: ["integration invokes", "IAM role"] }]);
            });

            it("a route targeting it: no unrouted advisory", async () => {
                const routed = (s: StackBuilder) => {
                    unrouted(s);
                    s.add("aws:apigatewayv2/route:Route", "spare-route", {
                        inputs: { apiId: s.ref("orders-api", "id"), routeKey: "GET /orders", target: s.interp`integrations/${s.ref("spare", "id")}` },
                        computed: { id: "spare-route-id" },
                    });
                };
                const forRoute = await findingsOf(FOR_ROUTE_POLICY_NAME, { build: routed }, mode);
                assert.deepStrictEqual(forRoute.filter((f) => f.message.includes("no route targets")), []);
            });

            it("a route whose target cannot be traced (read from elsewhere): the question stays open, no advisory", async () => {
                const opaque = (s: StackBuilder) => {
                    unrouted(s);
                    s.add("aws:ssm/parameter:Parameter", "target-param", { inputs: { name: "/t", type: "String" }, computed: { value: "integrations/spare-id" } });
                    s.add("aws:apigatewayv2/route:Route", "other-route", {
                        inputs: { apiId: s.ref("orders-api", "id"), routeKey: "GET /x", target: s.ref("target-param", "value") },
                        computed: { id: "other-route-id" },
                    });
                };
                const forRoute = await findingsOf(FOR_ROUTE_POLICY_NAME, { build: opaque }, mode);
                assert.deepStrictEqual(forRoute.filter((f) => f.message.includes("no route targets")), []);
            });
        });
    }
});

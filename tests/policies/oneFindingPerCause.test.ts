/**
 * One finding per cause, in every mode: a role on one authorizer that guards ten routes is one
 * finding on the authorizer naming the ten routes, and one unscoped permission used by ten
 * routes is one finding on the permission naming them; at preview and at update, through the
 * built pack over the engine's gRPC protocol. The routes are in the cause's data (core/finding.ts).
 * The same for @pulumi/aws-apigateway's remote component: tests/policies/invokeViaResourcePolicyLibraries.test.ts.
 */
import * as assert from "assert";
import { parseFinding } from "../../core/finding";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { SCOPED_POLICY_NAME } from "../../policies/permissionScoped";
import { assertFindings, findingsOf } from "../harness/expect";
import { fn, permission, restApi, restResource, restRoute, role } from "../harness/fixtures";
import { Mode, StackBuilder } from "../harness/stackBuilder";

const ROUTES = Array.from({ length: 10 }, (_, i) => `r${i}`);

/** Ten REST routes on one function with no role, all guarded by one Lambda authorizer with a role. */
function guardedByOneAuthorizer(s: StackBuilder): void {
    role(s, "auth-invoker");
    fn(s, "auth");
    fn(s, "pets");
    restApi(s, "shop-api");
    s.add("aws:apigateway/authorizer:Authorizer", "token-auth", {
        inputs: { restApi: s.ref("shop-api", "id"), type: "TOKEN", authorizerUri: s.ref("auth", "invokeArn"), authorizerCredentials: s.ref("auth-invoker", "arn") },
        computed: { id: "auth123" },
    });
    for (const r of ROUTES) {
        restResource(s, `${r}-res`, "shop-api", r);
        restRoute(s, r, { api: "shop-api", resource: `${r}-res`, method: "GET", function: "pets", authorizer: "token-auth" });
    }
    permission(s, "pets-perm", { function: "pets", sourceArn: s.interp`${s.ref("shop-api", "executionArn")}/*/GET/*` });
    permission(s, "auth-perm", { function: "auth", sourceArn: s.interp`${s.ref("shop-api", "executionArn")}/authorizers/*` });
}

/** Ten REST routes on one function, and one permission with no sourceArn. */
function oneUnscopedPermission(s: StackBuilder): void {
    fn(s, "pets");
    restApi(s, "shop-api");
    for (const r of ROUTES) {
        restResource(s, `${r}-res`, "shop-api", r);
        restRoute(s, r, { api: "shop-api", resource: `${r}-res`, method: "GET", function: "pets" });
    }
    permission(s, "open-perm", { function: "pets" });
}

describe("one finding per cause", () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            it("a role on one authorizer guarding ten routes: one finding, on the authorizer, naming the ten routes", async () => {
                const found = await findingsOf(INVOKE_POLICY_NAME, { build: guardedByOneAuthorizer }, mode);
                assertFindings(found, [{ resource: "token-auth", level: "mandatory", includes: ["Lambda authorizer invokes", "It guards GET /r0, GET /r1,", "and GET /r9."] }]);
                const cause = parseFinding(found[0].message).cause;
                assert.ok(cause, found[0].message);
                assert.strictEqual(cause.kind, "role-credentials");
                assert.deepStrictEqual(cause.routes, ['authorizer "token-auth"', ...ROUTES.map((r) => `GET /${r}`)]);
                assert.ok(cause.resource.endsWith("::token-auth"), cause.resource);
            });

            it("one permission with no sourceArn used by ten routes: one finding, on the permission, naming the ten routes", async () => {
                const found = await findingsOf(SCOPED_POLICY_NAME, { build: oneUnscopedPermission }, mode);
                assertFindings(found, [{ resource: "open-perm", level: "mandatory", includes: ["with no sourceArn"] }]);
                const cause = parseFinding(found[0].message).cause;
                assert.ok(cause, found[0].message);
                assert.strictEqual(cause.kind, "unscoped-permission");
                assert.deepStrictEqual(cause.routes, ROUTES.map((r) => `GET /${r}`));
            });
        });
    }
});

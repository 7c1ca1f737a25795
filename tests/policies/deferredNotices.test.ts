/**
 * Notices are not alarms: checks deferred at preview because a value is not known yet are one
 * advisory of severity low per stack and policy, saying what was deferred and where it will be
 * checked; `deferredNotices: false` turns it off; at update there is nothing to defer. Through the
 * built pack over the engine's gRPC protocol.
 */
import * as assert from "assert";
import { parseFinding } from "../../core/finding";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { SCOPED_POLICY_NAME } from "../../policies/permissionScoped";
import { assertFindings, findingsOf } from "../harness/expect";
import { ACCOUNT, REGION, fn, permission } from "../harness/fixtures";
import { StackBuilder } from "../harness/stackBuilder";

/** Two REST APIs whose OpenAPI bodies are built from a function's ARN (no role), and a permission whose sourceArn is read from SSM. */
function deferredStack(s: StackBuilder): void {
    fn(s, "pets");
    for (const [name, id] of [["body-a", "b0dy00000a"], ["body-b", "b0dy00000b"]]) {
        s.add("aws:apigateway/restApi:RestApi", name, {
            inputs: { name, body: s.interp`{"openapi":"3.0.1","paths":{"/pets":{"get":{"x-amazon-apigateway-integration":{"type":"aws_proxy","httpMethod":"POST","uri":"${s.ref("pets", "invokeArn")}"}}}}}` },
            computed: { id, executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}` },
        });
    }
    s.add("aws:ssm/parameter:Parameter", "arn-param", { inputs: { name: "/shop/arn", type: "String" }, computed: { value: `arn:aws:execute-api:${REGION}:${ACCOUNT}:b0dy00000a/*/GET/pets` } });
    permission(s, "perm", { function: "pets", sourceArn: s.ref("arn-param", "value") });
}

describe("deferred-check notices", () => {
    it("at preview: one low-severity notice per policy for the whole stack, naming each deferred check and where it is checked", async () => {
        const invoke = await findingsOf(INVOKE_POLICY_NAME, { build: deferredStack }, "preview");
        assertFindings(invoke, [{
            resource: "(stack)",
            level: "advisory",
            severity: "low",
            includes: ["2 checks were deferred at this preview", '"body-a" (aws:apigateway/restApi:RestApi) body', '"body-b" (aws:apigateway/restApi:RestApi) body', "checked at update (after the changes)"],
        }]);
        assert.strictEqual(parseFinding(invoke[0].message).cause?.kind, "deferred-check");
        const scoped = await findingsOf(SCOPED_POLICY_NAME, { build: deferredStack }, "preview");
        assertFindings(scoped, [{ resource: "(stack)", level: "advisory", severity: "low", includes: ["1 check was deferred", '"perm" (aws:lambda/permission:Permission) sourceArn'] }]);
    });

    it("at preview with deferredNotices false: no notice from either policy", async () => {
        const config = { [INVOKE_POLICY_NAME]: { deferredNotices: false }, [SCOPED_POLICY_NAME]: { deferredNotices: false } };
        assertFindings(await findingsOf(INVOKE_POLICY_NAME, { build: deferredStack, config }, "preview"), []);
        assertFindings(await findingsOf(SCOPED_POLICY_NAME, { build: deferredStack, config }, "preview"), []);
    });

    it("at update: nothing is deferred, so no notice", async () => {
        assertFindings(await findingsOf(INVOKE_POLICY_NAME, { build: deferredStack }, "update"), []);
        assertFindings(await findingsOf(SCOPED_POLICY_NAME, { build: deferredStack }, "update"), []);
    });
});

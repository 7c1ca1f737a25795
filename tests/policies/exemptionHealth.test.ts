/**
 * Exemptions over a stack's life, through the built pack over the engine's gRPC protocol: an
 * entry that matched nothing is one advisory on the stack naming it (index, selectors, owner,
 * ticket), once every value that decides a match is known (update, or a preview of a stack whose
 * values are all known), never at a first preview; an entry within warnBeforeExpiryDays of its
 * date still exempts, and one advisory says the date.
 */
import * as assert from "assert";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { assertFindings, findingsOf } from "../harness/expect";
import { analyze, summarize } from "../harness/pack";
import { fn, restApi, restResource, restRoute, role } from "../harness/fixtures";
import { Mode, StackBuilder } from "../harness/stackBuilder";

function roleRoute(s: StackBuilder): void {
    role(s, "invoker", "invoker-1a2b3c");
    fn(s, "pets");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", role: "invoker" });
}

/** `YYYY-MM-DD`, `days` from today (UTC). */
function inDays(days: number): string {
    return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const config = (exemptions: unknown[], extra: Record<string, unknown> = {}) => ({ [INVOKE_POLICY_NAME]: { exemptions, ...extra } });

describe(`${INVOKE_POLICY_NAME}: stale exemptions`, () => {
    const unused = { urns: ["urn:pulumi:dev::shop::*::legacy-*"], reason: "old migration", owner: "payments-team", ticket: "PAY-1234" };
    const used = { functions: ["pets*"], reason: "migrating" };

    it("at update, an entry that matched nothing: one advisory on the stack naming its index, selectors, owner and ticket; the used entry is not named", async () => {
        const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([used, unused]) }, "update");
        assertFindings(found, [
            { resource: "get-pets", level: "advisory", includes: ["exempted by exemptions[0]"] },
            {
                resource: "(stack)",
                level: "advisory",
                includes: [
                    'exemptions[1] (urns urn:pulumi:dev::shop::*::legacy-*; reason "old migration"; owner "payments-team"; ticket "PAY-1234") matched nothing in this stack',
                    "Property: exemptions[1]",
                    "Remove exemptions[1] from the lambda-invoke-via-resource-policy config (owner payments-team, ticket PAY-1234)",
                ],
            },
        ]);
    });

    it("at a first preview (the match depends on unknown values): nothing about it", async () => {
        const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([used, unused]) }, "preview");
        assertFindings(found, [{ resource: "get-pets", level: "advisory", includes: ["exempted by exemptions[0]"] }]);
    });

    it("at a preview of a stack whose values are all known (the resources exist): reported as at update", async () => {
        const s = new StackBuilder("dev");
        roleRoute(s);
        const diagnostics = await analyze(s.build("update"), { dryRun: true, config: config([used, unused]) });
        const found = summarize(diagnostics).filter((d) => d.policy === INVOKE_POLICY_NAME);
        assertFindings(found, [
            { resource: "get-pets", level: "advisory" },
            { resource: "(stack)", level: "advisory", includes: ["exemptions[1] (", "matched nothing in this stack"] },
        ]);
    });

    it("decided per resource (fleetThreshold 0, a urns entry): the entry that matched in Analyze is not called stale; the other is", async () => {
        const exact = { urns: ["urn:pulumi:dev::shop::aws:apigateway/integration:Integration::get-pets"], reason: "ticket 42" };
        const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([exact, unused], { fleetThreshold: 0 }) }, "update");
        assertFindings(found, [
            { resource: "get-pets", level: "advisory", phase: "analyze", includes: ["exempted by exemptions[0]"] },
            { resource: "(stack)", level: "advisory", includes: ["exemptions[1] (", "matched nothing"] },
        ]);
    });

    it("entries aimed at other stacks (a stacks glob, or urns of another stack) are not stale here; one aimed at this stack is", async () => {
        const otherStacks = [
            { stacks: ["sandbox-*"], reason: "sandboxes" },
            { urns: ["urn:pulumi:prod::*"], reason: "prod only" },
            { urns: ["urn:pulumi:dev::shop::*::legacy-*"], reason: "this stack's legacy" },
        ];
        const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config(otherStacks) }, "update");
        assertFindings(found, [
            { resource: "get-pets", level: "mandatory" },
            { resource: "(stack)", level: "advisory", includes: ["exemptions[2] (urns urn:pulumi:dev::shop::*::legacy-*", "matched nothing"] },
        ]);
    });

    it("an entry shadowed by an earlier one that exempts the same finding still matched it: not stale", async () => {
        const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([used, { roles: ["invoker"], reason: "shared role" }]) }, "update");
        assertFindings(found, [{ resource: "get-pets", level: "advisory", includes: ["exempted by exemptions[0]"] }]);
    });

    it("after an entry refused for matching everything, later entries keep their config index (in the stale finding and the exempted one)", async () => {
        const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([{ functions: ["*"], reason: "all" }, unused, used]) }, "update");
        const stale = found.filter((f) => f.message.includes("matched nothing"));
        assert.strictEqual(stale.length, 1, JSON.stringify(found, null, 1));
        assert.match(stale[0].message, /exemptions\[1\] \(urns/);
        assert.ok(found.some((f) => f.resource === "get-pets" && f.message.includes("exempted by exemptions[2] (functions pets*")), JSON.stringify(found, null, 1));
    });
});

describe(`${INVOKE_POLICY_NAME}: exemptions about to expire`, () => {
    for (const mode of ["preview", "update"] as Mode[]) {
        it(`at ${mode}, an entry 3 days from its expires date still exempts, and one advisory says the date (default warnBeforeExpiryDays 14)`, async () => {
            const soon = { functions: ["pets*"], reason: "migrating", expires: inDays(3), owner: "payments-team" };
            const found = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([soon]) }, mode);
            assertFindings(found, [
                { resource: "get-pets", level: "advisory", includes: ["exempted by exemptions[0]", `expires ${soon.expires}`] },
                {
                    resource: "(stack)",
                    level: "advisory",
                    includes: [`exemptions[0] (functions pets*; reason "migrating"; expires ${soon.expires}; owner "payments-team") expires on ${soon.expires} (3 days left)`, "Property: exemptions[0].expires", "(owner payments-team)"],
                },
            ]);
        });

        it(`at ${mode}, 20 days ahead is outside the default window, and warnBeforeExpiryDays 30 brings it in; 0 turns the warning off`, async () => {
            const later = { functions: ["pets*"], reason: "migrating", expires: inDays(20) };
            const quiet = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([later]) }, mode);
            assertFindings(quiet, [{ resource: "get-pets", level: "advisory", includes: ["exempted by exemptions[0]"] }]);
            const warned = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([later], { warnBeforeExpiryDays: 30 }) }, mode);
            assertFindings(warned, [
                { resource: "get-pets", level: "advisory" },
                { resource: "(stack)", level: "advisory", includes: [`expires on ${later.expires} (20 days left)`, "warnBeforeExpiryDays"] },
            ]);
            const off = await findingsOf(INVOKE_POLICY_NAME, { build: roleRoute, config: config([{ ...later, expires: inDays(3) }], { warnBeforeExpiryDays: 0 }) }, mode);
            assertFindings(off, [{ resource: "get-pets", level: "advisory" }]);
        });
    }
});

/**
 * Regression tests of issue 12 through the spawned pack over gRPC, at preview and update: the
 * bodies that hung, hid a role or said nothing (alias bombs, $ref chains and cycles, values of
 * the wrong type) and the configs that were silently ignored (misspelt keys, keys of another
 * policy, match-everything settings, impossible dates).
 */
import * as assert from "assert";
import { PolicyConfigError, reconcileConfig } from "../../engine/config";
import { PolicyPackSession } from "../../engine/session";
import type { PolicyPackConfigFile } from "../../engine/types";
import { fn, httpApi, permission, restApi, restResource, restRoute, role, ACCOUNT, REGION } from "../harness/fixtures";
import { Found, PACK_DIR, analyze, summarize } from "../harness/pack";
import { Mode, StackBuilder } from "../harness/stackBuilder";
import { aliasBomb } from "./arbitraries";
import { failuresOf, timedRun } from "./engineCalls";

const INVOKE = "lambda-invoke-via-resource-policy";
const FOR_ROUTE = "lambda-permission-for-route";
const SCOPED = "lambda-permission-scoped";
const FN_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d`;
const URI = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FN_ARN}/invocations`;
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/invoker-1a2b3c`;
const INTEGRATIONS = "#/components/x-amazon-apigateway-integrations/";
const MODES: Mode[] = ["preview", "update"];

/** A role-based REST route (get-pets) and a role-less one without a permission (get-toys). */
function baseStack(): StackBuilder {
    const s = new StackBuilder("dev");
    role(s, "invoker");
    fn(s, "pets");
    fn(s, "toys");
    restApi(s, "shop-api");
    restResource(s, "pets-res", "shop-api", "pets");
    restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", role: "invoker" });
    restResource(s, "toys-res", "shop-api", "toys");
    restRoute(s, "get-toys", { api: "shop-api", resource: "toys-res", method: "GET", function: "toys" });
    permission(s, "pets-perm", { function: "pets", sourceArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:a1b2c3d4e5/*/GET/pets` });
    return s;
}

async function run(mode: Mode, add: (s: StackBuilder) => void = () => undefined, config?: PolicyPackConfigFile): Promise<Found[]> {
    const s = baseStack();
    add(s);
    return summarize(await analyze(s.build(mode), { dryRun: mode === "preview", config }));
}

function only(found: Found[], policy: string, resource: string, includes: string): Found[] {
    return found.filter((f) => f.policy === policy && f.resource === resource && f.message.includes(includes));
}

describe("issue 12 regressions through the pack", () => {
    describe("bodies", () => {
        const bodies: [string, string | object, string][] = [
            ["a 700-byte YAML alias bomb", aliasBomb(9, 9), '"alias bomb"'],
            ["YAML whose anchor is inside its own value", "paths: &p\n  /a: *p\n", "a cycle; it is not read"],
            ["components A -> B -> A", { paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: `${INTEGRATIONS}A` } } } }, components: { "x-amazon-apigateway-integrations": { A: { $ref: `${INTEGRATIONS}B` }, B: { $ref: `${INTEGRATIONS}A` } } } }, "leads to a $ref cycle"],
            ["path items /a -> /b -> /a", { paths: { "/a": { $ref: "#/paths/~1b" }, "/b": { $ref: "#/paths/~1a" } } }, // Each path item is reported (both are in the cycle): the first one here.
                'paths["/a"].$ref "#/paths/~1b" leads to a $ref cycle (#/paths/~1b -> #/paths/~1a -> #/paths/~1b)'],
            ["an operation referring to itself", { paths: { "/a": { get: { $ref: "#/paths/~1a/get" } } } }, "leads to a $ref cycle (#/paths/~1a/get -> #/paths/~1a/get)"],
            ["a security scheme referring to itself", { components: { securitySchemes: { s: { $ref: "#/components/securitySchemes/s" } } } }, "leads to a $ref cycle (#/components/securitySchemes/s -> #/components/securitySchemes/s)"],
            ["an integration with type 7, uri 42, credentials 12345", { paths: { "/a": { get: { "x-amazon-apigateway-integration": { type: 7, uri: 42, credentials: 12345 } } } } }, ".credentials is a number (12345), not a string"],
        ];
        for (const [why, body, includes] of bodies) {
            for (const mode of MODES) {
                for (const kind of ["REST", "HTTP"]) {
                    it(`${why} in a ${kind} API body (${mode}): one advisory finding naming the resource and the body`, async () => {
                        const text = typeof body === "string" ? body : JSON.stringify(body);
                        const found = await run(mode, (s) => (kind === "REST" ? restApi(s, "body-api", "b0d1e2f3a4", text) : httpApi(s, "body-api", "b0d1e2f3a4", "HTTP", { body: text })));
                        const hits = only(found, INVOKE, "body-api", includes);
                        assert.strictEqual(hits.length, 1, JSON.stringify(found.filter((f) => f.resource === "body-api"), null, 1));
                        assert.strictEqual(hits[0].level, "advisory");
                        assert.match(hits[0].message, /^"body-api" \(aws:apigateway(v2\/api:Api|\/restApi:RestApi)\): body/);
                        assert.ok(hits[0].message.includes("Property: body"));
                    });
                }
            }
        }

        for (const mode of MODES) {
            it(`an integration that $refs a component which $refs another one with a role (${mode}): the role is found`, async () => {
                const body = JSON.stringify({
                    paths: { "/pets": { get: { "x-amazon-apigateway-integration": { $ref: `${INTEGRATIONS}a` } } } },
                    components: { "x-amazon-apigateway-integrations": { a: { $ref: `${INTEGRATIONS}b` }, b: { type: "aws_proxy", uri: URI, credentials: ROLE_ARN } } },
                });
                const found = await run(mode, (s) => restApi(s, "body-api", "b0d1e2f3a4", body));
                const hits = only(found, INVOKE, "body-api", `with IAM role`);
                assert.strictEqual(hits.length, 1, JSON.stringify(found.filter((f) => f.resource === "body-api"), null, 1));
                assert.strictEqual(hits[0].level, "mandatory");
                assert.ok(hits[0].message.includes('Property: body: components["x-amazon-apigateway-integrations"]["b"].credentials'), hits[0].message);
            });

            it(`an Integration resource with type 7, uri 42, credentials 12345 (${mode}): an advisory per property, naming the resource`, async () => {
                const found = await run(mode, (s) => s.add("aws:apigateway/integration:Integration", "odd", { inputs: { type: 7, uri: 42, credentials: 12345 } }));
                const odd = found.filter((f) => f.policy === INVOKE && f.resource === "odd");
                assert.deepStrictEqual(odd.map((f) => [f.level, f.message.split("\n")[0]]), [
                    ["advisory", '"odd" (aws:apigateway/integration:Integration): type is a number (7), not a string.'],
                    ["advisory", '"odd" (aws:apigateway/integration:Integration): uri is a number (42), not a string.'],
                    ["advisory", '"odd" (aws:apigateway/integration:Integration): credentials is a number (12345), not a string.'],
                ]);
            });
        }
    });

    describe("configs", () => {
        const misspelt: [string, string, Record<string, unknown>, string][] = [
            ["fleetTreshold", INVOKE, { fleetTreshold: 0 }, 'unknown config property "fleetTreshold" (did you mean "fleetThreshold"?)'],
            ["exemptons", INVOKE, { exemptons: [{ stacks: ["dev"], reason: "r" }] }, 'unknown config property "exemptons" (did you mean "exemptions"?)'],
            ["enforcmentLevel", INVOKE, { enforcmentLevel: "advisory" }, 'unknown config property "enforcmentLevel" (did you mean "enforcementLevel"?)'],
            ["externalFunctons", FOR_ROUTE, { externalFunctons: ["toys-*"] }, 'unknown config property "externalFunctons" (did you mean "externalFunctions"?)'],
            ["adviseNarowerScope", SCOPED, { adviseNarowerScope: false }, 'unknown config property "adviseNarowerScope" (did you mean "adviseNarrowerScope"?)'],
            ["exemptions under a permission policy", FOR_ROUTE, { exemptions: [{ stacks: ["dev"], reason: "r" }] }, 'unknown config property "exemptions" (exemptions is a property of lambda-invoke-via-resource-policy, not of this policy)'],
        ];
        for (const [why, policy, entry, includes] of misspelt) {
            for (const mode of MODES) {
                it(`${why} (${mode}): one mandatory stack violation from ${policy} naming the policy and the property`, async () => {
                    const found = await run(mode, undefined, { [policy]: { enforcementLevel: "advisory", ...entry } });
                    const hits = found.filter((f) => f.message.includes("unknown config property"));
                    assert.strictEqual(hits.length, 1, JSON.stringify(hits, null, 1));
                    assert.deepStrictEqual([hits[0].policy, hits[0].resource, hits[0].level, hits[0].phase], [policy, "(stack)", "mandatory", "analyzeStack"]);
                    assert.ok(hits[0].message.startsWith(`${policy}: ${includes}.`), hits[0].message);
                });
            }
        }

        it("the reserved enforcementLevel and every documented key are accepted: no config violation", async () => {
            const found = await run("update", undefined, {
                [INVOKE]: { enforcementLevel: "mandatory", allowCallerCredentials: true, fleetThreshold: 100, exemptions: [], allowMatchAll: false },
                [FOR_ROUTE]: { enforcementLevel: "mandatory", externalFunctions: [], allowMatchAll: false },
                [SCOPED]: { enforcementLevel: "mandatory", adviseNarrowerScope: true, budgetHeadroomBytes: 4096 },
            });
            assert.deepStrictEqual(found.filter((f) => f.resource === "(stack)"), []);
        });

        it("a misspelt policy name, as an object or a bare level, is rejected by the offline checker's engine naming it", () => {
            for (const file of [{ "lambda-invoke-via-resourse-policy": { fleetThreshold: 0 } }, { "lambda-permision-scoped": "disabled" }]) {
                assert.throws(() => reconcileConfig(infoOf(), file), (e: Error) => e instanceof PolicyConfigError && /is not a policy of pack apigw-lambda-guard/.test(e.message));
            }
        });

        it("a misspelt policy name forwarded as the real engine does: the pack cannot see it, and the policy keeps its (stricter) default level", async () => {
            const session = await PolicyPackSession.start(PACK_DIR, { organization: "acme", project: "shop", stack: "dev", dryRun: false });
            try {
                const result = await timedRun(session, { organization: "acme", project: "shop", stack: "dev", dryRun: false }, baseStack().build("update"), { "lambda-invoke-via-resourse-policy": "advisory" });
                assert.deepStrictEqual(failuresOf(result), []);
                const pets = result.diagnostics.filter((d) => d.policyName === INVOKE && d.urn?.endsWith("::get-pets"));
                assert.deepStrictEqual(pets.map((d) => d.enforcementLevel), ["mandatory"]);
            } finally {
                await session.close();
            }
        });

        for (const selector of ["functions", "urns", "roles", "stacks"]) {
            for (const mode of MODES) {
                it(`an exemption {${selector}: ["*"]} without allowMatchAll (${mode}): refused (mandatory, once) and not applied`, async () => {
                    const found = await run(mode, undefined, { [INVOKE]: { exemptions: [{ [selector]: ["*"], reason: "x" }] } });
                    const config = found.filter((f) => f.resource === "(stack)");
                    assert.strictEqual(config.length, 1, JSON.stringify(config, null, 1));
                    assert.strictEqual(config[0].level, "mandatory");
                    assert.ok(config[0].message.startsWith(`${INVOKE}: exemptions[0] (${selector} *; reason "x") matches every finding, so it is refused and not applied.`), config[0].message);
                    assert.deepStrictEqual(found.filter((f) => f.policy === INVOKE && f.resource === "get-pets").map((f) => f.level), ["mandatory"]);
                });

                it(`an exemption {${selector}: ["*"]} with allowMatchAll: true (${mode}): applied, and the stack report names it once`, async () => {
                    const found = await run(mode, undefined, { [INVOKE]: { allowMatchAll: true, exemptions: [{ [selector]: ["*"], reason: "x" }] } });
                    const config = found.filter((f) => f.resource === "(stack)");
                    assert.strictEqual(config.length, 1, JSON.stringify(config, null, 1));
                    assert.strictEqual(config[0].level, "advisory");
                    assert.ok(config[0].message.includes("matches every finding (allowMatchAll is true)"), config[0].message);
                    assert.deepStrictEqual(found.filter((f) => f.policy === INVOKE && f.resource === "get-pets").map((f) => f.level), ["advisory"]);
                });
            }
        }

        for (const mode of MODES) {
            it(`externalFunctions ["*"] without allowMatchAll (${mode}): refused (mandatory, once) and the missing permission is still reported`, async () => {
                const found = await run(mode, undefined, { [FOR_ROUTE]: { externalFunctions: ["*"] } });
                const config = found.filter((f) => f.resource === "(stack)");
                assert.deepStrictEqual(config.map((f) => [f.policy, f.level]), [[FOR_ROUTE, "mandatory"]]);
                assert.ok(config[0].message.includes('externalFunctions contains "*", which matches every function, so it is refused and not applied'));
                assert.strictEqual(found.filter((f) => f.policy === FOR_ROUTE && f.resource === "get-toys").length, 1);
            });

            it(`externalFunctions ["*"] with allowMatchAll: true (${mode}): applied, and the stack report names it once`, async () => {
                const found = await run(mode, undefined, { [FOR_ROUTE]: { externalFunctions: ["*"], allowMatchAll: true } });
                const config = found.filter((f) => f.resource === "(stack)");
                assert.deepStrictEqual(config.map((f) => [f.policy, f.level]), [[FOR_ROUTE, "advisory"]]);
                assert.ok(config[0].message.includes("no integration or authorizer of this stack is checked by this policy"));
                assert.deepStrictEqual(found.filter((f) => f.policy === FOR_ROUTE && f.resource === "get-toys"), []);
            });

            it(`an exemption expiring on 2027-02-30 (${mode}): not applied, and the finding says the date is invalid, not expired`, async () => {
                const found = await run(mode, undefined, { [INVOKE]: { exemptions: [{ stacks: ["dev"], reason: "r", expires: "2027-02-30" }] } });
                const pets = found.filter((f) => f.policy === INVOKE && f.resource === "get-pets");
                assert.deepStrictEqual(pets.map((f) => f.level), ["mandatory"]);
                assert.ok(pets[0].message.includes('its expires date "2027-02-30" is not a valid date'), pets[0].message);
                assert.ok(!pets[0].message.includes("expired"), pets[0].message);
                const config = found.filter((f) => f.resource === "(stack)");
                assert.deepStrictEqual(config.map((f) => f.level), ["mandatory"]);
                assert.ok(config[0].message.includes('has an expires date, "2027-02-30", that is not a valid date'));
            });
        }
    });
});

/** GetAnalyzerInfo's shape for the config-only assertion, from the policies themselves. */
function infoOf() {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { policies } = require("../../policies/policies") as typeof import("../../policies/policies");
    return {
        name: "apigw-lambda-guard",
        version: "0",
        displayName: "",
        description: "",
        readme: "",
        provider: "aws",
        tags: [],
        repository: "",
        initialConfig: {},
        policies: policies.map((p) => ({
            name: p.name,
            displayName: "",
            description: "",
            enforcementLevel: "mandatory" as const,
            policyType: "stack" as const,
            configSchema: JSON.parse(JSON.stringify(p.configSchema ?? { properties: {} })),
            remediationSteps: "",
            url: "",
            tags: [],
        })),
    };
}

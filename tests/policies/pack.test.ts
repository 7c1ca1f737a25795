/**
 * The pack as the engine and Pulumi Cloud see it: GetAnalyzerInfo over gRPC, engine-style config
 * reconciliation (schema defaults, a --policy-pack-config file, validation), and robustness
 * against odd property types (a policy that throws fails the user's whole preview).
 */
import * as assert from "assert";
import { reconcileConfig, PolicyConfigError } from "../../engine/config";
import { PolicyPackSession } from "../../engine/session";
import type { AnalyzerInfo } from "../../engine/types";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { INVOKE_DEFAULTS } from "../../policies/invokeConfig";
import { fn, restApi, restResource, restRoute, role } from "../harness/fixtures";
import { PACK_DIR, analyze, summarize } from "../harness/pack";
import { StackBuilder } from "../harness/stackBuilder";

describe("the policy pack over gRPC", () => {
    let info: AnalyzerInfo;

    before(async () => {
        const session = await PolicyPackSession.start(PACK_DIR, { organization: "acme", project: "shop", stack: "dev", dryRun: true });
        try {
            info = await session.getAnalyzerInfo();
        } finally {
            await session.close();
        }
    });

    it("GetAnalyzerInfo names the pack with its metadata and version from package.json", () => {
        assert.strictEqual(info.name, "apigw-lambda-guard");
        assert.strictEqual(info.version, require("../../package.json").version);
        assert.strictEqual(info.provider, "aws");
        assert.ok(info.displayName.length > 0 && info.description.length > 0 && info.readme.length > 0);
        assert.ok(info.repository.startsWith("https://"));
        assert.ok(info.tags.includes("apigateway"));
    });

    it(`lists ${INVOKE_POLICY_NAME}: mandatory, high, with remediation, README url and its config schema`, () => {
        const p = info.policies.find((x) => x.name === INVOKE_POLICY_NAME);
        assert.ok(p, "policy listed");
        assert.strictEqual(p.enforcementLevel, "mandatory");
        assert.strictEqual(p.severity, "high");
        assert.ok(p.url.endsWith("#lambda-invoke-via-resource-policy"));
        assert.ok(p.remediationSteps.includes("aws.lambda.Permission"));
        assert.deepStrictEqual(Object.keys(p.configSchema?.properties ?? {}).sort(), ["allowCallerCredentials", "allowMatchAll", "deferredNotices", "exemptions", "fleetThreshold", "warnBeforeExpiryDays"]);
        assert.strictEqual(p.configSchema!.properties.fleetThreshold.default, INVOKE_DEFAULTS.fleetThreshold);
        assert.strictEqual(p.configSchema!.properties.warnBeforeExpiryDays.default, INVOKE_DEFAULTS.warnBeforeExpiryDays);
        assert.strictEqual(p.configSchema!.properties.deferredNotices.default, INVOKE_DEFAULTS.deferredNotices);
        assert.strictEqual(p.configSchema!.properties.allowCallerCredentials.default, INVOKE_DEFAULTS.allowCallerCredentials);
    });

    it("every policy has a description, severity, README url and remediation steps", () => {
        for (const p of info.policies) {
            assert.ok(p.description && p.severity && p.url.includes("#") && p.remediationSteps, p.name);
        }
    });

    it("a --policy-pack-config file like the documented example is accepted, with schema defaults filled in", () => {
        const config = reconcileConfig(info, {
            all: "mandatory",
            [INVOKE_POLICY_NAME]: {
                enforcementLevel: "mandatory",
                allowCallerCredentials: true,
                exemptions: [
                    { functions: ["legacy-*"], reason: "migrating in Q1", expires: "2027-03-31", owner: "payments-team", ticket: "PAY-1234" },
                    { roles: ["arn:aws:iam::*:role/fleet-invoker"], reason: "shared fleet role" },
                    { urns: ["urn:pulumi:prod::shop::*"], reason: "..." },
                    { tags: { "invoke-mode": "role" }, reason: "..." },
                    { stacks: ["sandbox-*"], reason: "..." },
                ],
            },
        });
        assert.strictEqual(config[INVOKE_POLICY_NAME].enforcementLevel, "mandatory");
        assert.strictEqual(config[INVOKE_POLICY_NAME].properties.fleetThreshold, 100, "schema default");
        assert.strictEqual(config[INVOKE_POLICY_NAME].properties.warnBeforeExpiryDays, 14, "schema default");
        assert.strictEqual((config[INVOKE_POLICY_NAME].properties.exemptions as unknown[]).length, 5);
    });

    const invalid: [string, Record<string, unknown>, RegExp][] = [
        ["an exemption without a reason", { exemptions: [{ functions: ["a"] }] }, /lambda-invoke-via-resource-policy: exemptions\[0\] must have required property 'reason'/],
        ["an exemption with no selector", { exemptions: [{ reason: "because" }] }, /exemptions\[0\] must have required property 'functions'/],
        ["an unknown exemption key", { exemptions: [{ function: ["a"], reason: "typo" }] }, /exemptions\[0\] has unknown property "function"/],
        ["a negative fleetThreshold", { fleetThreshold: -1 }, /fleetThreshold must be >= 0/],
        ["a non-boolean allowCallerCredentials", { allowCallerCredentials: "yes" }, /allowCallerCredentials must be boolean/],
        ["an expires that is not a date", { exemptions: [{ stacks: ["x"], reason: "r", expires: "next year" }] }, /exemptions\[0\]\.expires must match pattern/],
        ["an unknown enforcement level", { enforcementLevel: "strict" }, /enforcementLevel must be one of/],
        ["a negative warnBeforeExpiryDays", { warnBeforeExpiryDays: -1 }, /warnBeforeExpiryDays must be >= 0/],
        ["a non-boolean deferredNotices", { deferredNotices: "no" }, /deferredNotices must be boolean/],
        ["an owner that is not a string", { exemptions: [{ stacks: ["x"], reason: "r", owner: 7 }] }, /exemptions\[0\]\.owner must be string/],
    ];
    for (const [what, entry, message] of invalid) {
        it(`rejects ${what} with a message naming the policy and property`, () => {
            assert.throws(() => reconcileConfig(info, { [INVOKE_POLICY_NAME]: entry }), (e: Error) => e instanceof PolicyConfigError && message.test(e.message));
        });
    }

    it("rejects config for a policy the pack does not have", () => {
        assert.throws(() => reconcileConfig(info, { "lambda-invoke-via-resource-polcy": "advisory" }), /is not a policy of pack apigw-lambda-guard/);
    });

    it("the config file changes behaviour: advisory level, and disabled", async () => {
        const s = new StackBuilder();
        role(s, "invoker");
        fn(s, "pets");
        restApi(s, "shop-api");
        restResource(s, "pets-res", "shop-api", "pets");
        restRoute(s, "get-pets", { api: "shop-api", resource: "pets-res", method: "GET", function: "pets", role: "invoker" });
        const advisory = summarize(await analyze(s.build("update"), { dryRun: false, config: { [INVOKE_POLICY_NAME]: "advisory" } }));
        assert.deepStrictEqual(advisory.filter((f) => f.policy === INVOKE_POLICY_NAME).map((f) => f.level), ["advisory"]);
        const disabled = summarize(await analyze(s.build("update"), { dryRun: false, config: { [INVOKE_POLICY_NAME]: "disabled" } }));
        assert.deepStrictEqual(disabled.filter((f) => f.policy === INVOKE_POLICY_NAME), []);
    });
});

describe("odd property types never crash a policy", () => {
    const odd: [string, string, Record<string, unknown>][] = [
        ["credentials as a number", "aws:apigateway/integration:Integration", { type: "AWS_PROXY", credentials: 42, uri: 7 }],
        ["credentials as an object", "aws:apigatewayv2/integration:Integration", { integrationType: "AWS_PROXY", credentialsArn: { a: 1 } }],
        ["type as a list", "aws:apigateway/integration:Integration", { type: ["AWS_PROXY"], credentials: "arn:aws:iam::1:role/r" }],
        ["body as a list", "aws:apigateway/restApi:RestApi", { body: [1, 2] }],
        ["body whose paths is a string", "aws:apigateway/restApi:RestApi", { body: '{"paths":"nope"}' }],
        ["body with a null path item and a dangling $ref", "aws:apigatewayv2/api:Api", { protocolType: "HTTP", body: '{"paths":{"/a":null,"/b":{"get":{"x-amazon-apigateway-integration":{"$ref":"#/components/x-amazon-apigateway-integrations/missing"}}}}}' }],
        ["aws-native integration as a string", "aws-native:apigateway:Method", { integration: "AWS_PROXY" }],
        ["a deeply nested body", "aws:apigateway/restApi:RestApi", { body: JSON.stringify(nest(2000)) }],
    ];
    for (const [what, type, inputs] of odd) {
        for (const dryRun of [true, false]) {
            it(`${what} (${dryRun ? "preview" : "update"}): no policy error, at most advisories`, async () => {
                const s = new StackBuilder();
                s.add(type, "odd", { inputs });
                const found = summarize(await analyze(s.build(dryRun ? "preview" : "update"), { dryRun }));
                for (const f of found) {
                    assert.ok(!/could not complete|can't run/.test(f.message), f.message);
                }
                const bodyProblems = found.filter((f) => f.message.includes("Property: body"));
                if (what.startsWith("body")) {
                    assert.ok(bodyProblems.length > 0 && bodyProblems.every((f) => f.level === "advisory"), JSON.stringify(found));
                }
            });
        }
    }
});

function nest(depth: number): unknown {
    let v: unknown = {};
    for (let i = 0; i < depth; i++) {
        v = { a: v };
    }
    return v;
}

/**
 * Policy config reconciled as the engine does before Configure (ENGINE.md, "Config and
 * enforcement"), against the REAL config schema of lambda-invoke-via-resource-policy: schema
 * defaults, the pack's initial config, the file's `all`, then the file's entry per policy; every
 * invalid value named by policy and property path.
 */
import * as assert from "assert";
import { PolicyConfigError, reconcileConfig } from "../../engine/config";
import type { AnalyzerInfo, PolicyInfo, PolicyPackConfigFile } from "../../engine/types";
import { INVOKE_CONFIG_SCHEMA, INVOKE_DEFAULTS } from "../../policies/invokeConfig";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";

const INVOKE = INVOKE_POLICY_NAME;
const OTHER = "lambda-permission-scoped";

function policy(over: Partial<PolicyInfo>): PolicyInfo {
    return {
        name: "x",
        displayName: "x",
        description: "x",
        enforcementLevel: "advisory",
        policyType: "stack",
        remediationSteps: "",
        url: "",
        tags: [],
        ...over,
    };
}

/** What GetAnalyzerInfo returns: the schema has been through a protobuf Struct (JSON round trip). */
function info(initialConfig: AnalyzerInfo["initialConfig"] = {}): AnalyzerInfo {
    const schema = JSON.parse(JSON.stringify(INVOKE_CONFIG_SCHEMA));
    return {
        name: "apigw-lambda-guard",
        version: "0.1.0",
        displayName: "",
        description: "",
        readme: "",
        provider: "aws",
        tags: [],
        repository: "",
        policies: [
            policy({ name: INVOKE, enforcementLevel: "mandatory", severity: "high", configSchema: { properties: schema.properties, required: schema.required ?? [] } }),
            policy({ name: OTHER, enforcementLevel: "advisory" }),
        ],
        initialConfig,
    };
}

const DEFAULTS = { allowCallerCredentials: true, fleetThreshold: 100, allowMatchAll: false, warnBeforeExpiryDays: 14, deferredNotices: true, exemptions: [] };

function problemsOf(file: unknown, analyzer: AnalyzerInfo = info()): string[] {
    try {
        reconcileConfig(analyzer, file as PolicyPackConfigFile);
    } catch (e) {
        assert.ok(e instanceof PolicyConfigError, `expected a PolicyConfigError, got ${String(e)}`);
        assert.match(e.message, /^invalid policy pack config:\n {2}- /);
        return e.problems;
    }
    assert.fail("the config was accepted");
}

describe("engine/config reconcileConfig", () => {
    describe("valid configurations", () => {
        it("given no config file, when reconciled, then each policy has its declared level and the schema defaults", () => {
            assert.deepStrictEqual(reconcileConfig(info()), {
                [INVOKE]: { enforcementLevel: "mandatory", properties: DEFAULTS },
                [OTHER]: { enforcementLevel: "advisory", properties: {} },
            });
        });

        it("given the schema defaults, when compared to the policy's own defaults, then they are the same values (one source of defaults)", () => {
            assert.deepStrictEqual(reconcileConfig(info())[INVOKE].properties, { ...INVOKE_DEFAULTS, exemptions: [...INVOKE_DEFAULTS.exemptions] });
        });

        const valid: { why: string; file: PolicyPackConfigFile; invoke: { enforcementLevel: string; properties: object }; other: string }[] = [
            {
                why: "all: advisory",
                file: { all: "advisory" },
                invoke: { enforcementLevel: "advisory", properties: DEFAULTS },
                other: "advisory",
            },
            {
                why: "all: disabled, one policy set back to mandatory by name",
                file: { all: "disabled", [INVOKE]: "mandatory" },
                invoke: { enforcementLevel: "mandatory", properties: DEFAULTS },
                other: "disabled",
            },
            {
                why: "a per-policy string level",
                file: { [INVOKE]: "advisory" },
                invoke: { enforcementLevel: "advisory", properties: DEFAULTS },
                other: "advisory",
            },
            {
                why: "a per-policy object with a level and properties",
                file: { [INVOKE]: { enforcementLevel: "advisory", fleetThreshold: 0, allowCallerCredentials: false } },
                invoke: { enforcementLevel: "advisory", properties: { ...DEFAULTS, fleetThreshold: 0, allowCallerCredentials: false } },
                other: "advisory",
            },
            {
                why: "a per-policy object without a level (all still applies)",
                file: { all: "advisory", [INVOKE]: { fleetThreshold: 25 } },
                invoke: { enforcementLevel: "advisory", properties: { ...DEFAULTS, fleetThreshold: 25 } },
                other: "advisory",
            },
            {
                why: "valid exemptions using every key",
                file: {
                    [INVOKE]: {
                        exemptions: [
                            { functions: ["legacy-*"], reason: "migrating", expires: "2027-03-31" },
                            { roles: ["arn:aws:iam::*:role/fleet-*"], urns: ["urn:*"], tags: { tier: "legacy" }, stacks: ["prod"], reason: "fleet" },
                        ],
                    },
                },
                invoke: {
                    enforcementLevel: "mandatory",
                    properties: {
                        ...DEFAULTS,
                        exemptions: [
                            { functions: ["legacy-*"], reason: "migrating", expires: "2027-03-31" },
                            { roles: ["arn:aws:iam::*:role/fleet-*"], urns: ["urn:*"], tags: { tier: "legacy" }, stacks: ["prod"], reason: "fleet" },
                        ],
                    },
                },
                other: "advisory",
            },
            {
                why: "the remediate level",
                file: { [OTHER]: "remediate" },
                invoke: { enforcementLevel: "mandatory", properties: DEFAULTS },
                other: "remediate",
            },
        ];
        for (const c of valid) {
            it(`given a config file with ${c.why}, when reconciled, then levels and properties are as the engine would send them`, () => {
                const result = reconcileConfig(info(), c.file);
                assert.deepStrictEqual(result[INVOKE], c.invoke);
                assert.strictEqual(result[OTHER].enforcementLevel, c.other);
            });
        }

        it("given the pack's initial config, when reconciled, then it overrides declared levels and defaults, and the file overrides it", () => {
            const analyzer = info({ [INVOKE]: { enforcementLevel: "advisory", properties: { fleetThreshold: 5, allowCallerCredentials: false } } });
            assert.deepStrictEqual(reconcileConfig(analyzer)[INVOKE], {
                enforcementLevel: "advisory",
                properties: { ...DEFAULTS, fleetThreshold: 5, allowCallerCredentials: false },
            });
            assert.deepStrictEqual(reconcileConfig(analyzer, { [INVOKE]: { enforcementLevel: "mandatory", fleetThreshold: 7 } })[INVOKE], {
                enforcementLevel: "mandatory",
                properties: { ...DEFAULTS, fleetThreshold: 7, allowCallerCredentials: false },
            });
        });

        it("given a reconciled config that a caller mutates, when reconciled again, then the defaults are untouched", () => {
            const first = reconcileConfig(info());
            (first[INVOKE].properties.exemptions as unknown[]).push({ reason: "x" });
            assert.deepStrictEqual(reconcileConfig(info())[INVOKE].properties.exemptions, []);
        });
    });

    describe("invalid configurations", () => {
        const P = `${INVOKE}: `;
        const invalid: { why: string; file: unknown; problems: string[] }[] = [
            {
                why: "an unknown policy name",
                file: { "lambda-invoke-via-role": "advisory" },
                problems: [`"lambda-invoke-via-role" is not a policy of pack apigw-lambda-guard (policies: ${INVOKE}, ${OTHER})`],
            },
            { why: "an invalid all level", file: { all: "strict" }, problems: ['"all" must be one of advisory, mandatory, disabled, remediate'] },
            { why: "an invalid per-policy level", file: { [INVOKE]: "warn" }, problems: [`${P}enforcement level "warn" must be one of advisory, mandatory, disabled, remediate`] },
            {
                why: "an invalid enforcementLevel in an object",
                file: { [INVOKE]: { enforcementLevel: "error" } },
                problems: [`${P}enforcementLevel must be one of advisory, mandatory, disabled, remediate`],
            },
            { why: "a per-policy entry that is a number", file: { [INVOKE]: 1 }, problems: [`${P}config must be an enforcement level or an object`] },
            { why: "a per-policy entry that is a list", file: { [INVOKE]: ["advisory"] }, problems: [`${P}config must be an enforcement level or an object`] },
            { why: "a negative fleetThreshold", file: { [INVOKE]: { fleetThreshold: -1 } }, problems: [`${P}fleetThreshold must be >= 0`] },
            { why: "a fractional fleetThreshold", file: { [INVOKE]: { fleetThreshold: 2.5 } }, problems: [`${P}fleetThreshold must be integer`] },
            { why: "a fleetThreshold given as a string", file: { [INVOKE]: { fleetThreshold: "10" } }, problems: [`${P}fleetThreshold must be integer`] },
            { why: "allowCallerCredentials given as a string", file: { [INVOKE]: { allowCallerCredentials: "yes" } }, problems: [`${P}allowCallerCredentials must be boolean`] },
            { why: "exemptions that is an object", file: { [INVOKE]: { exemptions: { functions: ["x"] } } }, problems: [`${P}exemptions must be array`] },
            {
                why: "an exemption without a reason",
                file: { [INVOKE]: { exemptions: [{ functions: ["legacy-*"] }] } },
                problems: [`${P}exemptions[0] must have required property 'reason'`],
            },
            {
                why: "an exemption with an empty reason",
                file: { [INVOKE]: { exemptions: [{ functions: ["legacy-*"], reason: "" }] } },
                problems: [`${P}exemptions[0].reason must NOT have fewer than 1 characters`],
            },
            {
                why: "an exemption with a reason but no selector (anyOf)",
                file: { [INVOKE]: { exemptions: [{ reason: "because" }] } },
                problems: [
                    `${P}exemptions[0] must have required property 'functions'`,
                    `${P}exemptions[0] must have required property 'roles'`,
                    `${P}exemptions[0] must have required property 'urns'`,
                    `${P}exemptions[0] must have required property 'tags'`,
                    `${P}exemptions[0] must have required property 'stacks'`,
                    `${P}exemptions[0] must match a schema in anyOf`,
                ],
            },
            {
                why: "an expires date in another format",
                file: { [INVOKE]: { exemptions: [{ stacks: ["prod"], reason: "r", expires: "31/12/2026" }] } },
                problems: [`${P}exemptions[0].expires must match pattern "^\\d{4}-\\d{2}-\\d{2}$"`],
            },
            {
                why: "an expires date with a time",
                file: { [INVOKE]: { exemptions: [{ stacks: ["prod"], reason: "r", expires: "2026-12-31T00:00:00Z" }] } },
                problems: [`${P}exemptions[0].expires must match pattern "^\\d{4}-\\d{2}-\\d{2}$"`],
            },
            {
                why: "a misspelt exemption key",
                file: { [INVOKE]: { exemptions: [{ function: ["legacy-*"], stacks: ["prod"], reason: "r" }] } },
                problems: [`${P}exemptions[0] has unknown property "function"`],
            },
            {
                why: "an empty functions list",
                file: { [INVOKE]: { exemptions: [{ functions: [], reason: "r" }] } },
                problems: [`${P}exemptions[0].functions must NOT have fewer than 1 items`],
            },
            {
                why: "an empty glob in roles",
                file: { [INVOKE]: { exemptions: [{ roles: [""], reason: "r" }] } },
                problems: [`${P}exemptions[0].roles[0] must NOT have fewer than 1 characters`],
            },
            {
                why: "a functions value that is a string instead of a list",
                file: { [INVOKE]: { exemptions: [{ functions: "legacy-*", reason: "r" }] } },
                problems: [`${P}exemptions[0].functions must be array`],
            },
            {
                why: "empty tags",
                file: { [INVOKE]: { exemptions: [{ tags: {}, reason: "r" }] } },
                problems: [`${P}exemptions[0].tags must NOT have fewer than 1 properties`],
            },
            {
                why: "a tag value that is not a string",
                file: { [INVOKE]: { exemptions: [{ tags: { tier: 2 }, reason: "r" }] } },
                problems: [`${P}exemptions[0].tags.tier must be string`],
            },
            {
                why: "a second exemption that is invalid after a valid one",
                file: { [INVOKE]: { exemptions: [{ stacks: ["prod"], reason: "ok" }, { stacks: ["dev"] }] } },
                problems: [`${P}exemptions[1] must have required property 'reason'`],
            },
        ];
        for (const c of invalid) {
            it(`given ${c.why}, when reconciled, then it is rejected with a problem naming the policy and property`, () => {
                assert.deepStrictEqual(problemsOf(c.file), c.problems);
            });
        }

        it("given several mistakes at once, when reconciled, then every one is listed, not just the first", () => {
            const problems = problemsOf({
                all: "loud",
                nope: "advisory",
                [INVOKE]: { fleetThreshold: -5, exemptions: [{ functions: ["x"] }] },
            });
            assert.deepStrictEqual(problems.sort(), [
                `"all" must be one of advisory, mandatory, disabled, remediate`,
                `"nope" is not a policy of pack apigw-lambda-guard (policies: ${INVOKE}, ${OTHER})`,
                `${P}exemptions[0] must have required property 'reason'`,
                `${P}fleetThreshold must be >= 0`,
            ].sort());
        });

        for (const [why, file] of [["a list", ["all"]], ["null", null], ["a string", "advisory"]] as [string, unknown][]) {
            it(`given a config file that is ${why}, when reconciled, then it is rejected as not an object keyed by policy name`, () => {
                assert.deepStrictEqual(problemsOf(file), ["the policy pack config must be a JSON object keyed by policy name"]);
            });
        }

        it("given an invalid initial config of the pack itself, when reconciled, then the problem is reported too", () => {
            const analyzer = info({ [INVOKE]: { enforcementLevel: "mandatory", properties: { fleetThreshold: -1 } } });
            assert.deepStrictEqual(problemsOf({}, analyzer), [`${P}fleetThreshold must be >= 0`]);
        });
    });

    describe("as the real engine does it (CLI v3.259 pkg/resource/analyzer/config.go)", () => {
        it("given a misspelt top-level key (fleetTreshold), when reconciled, then it passes validation and reaches the pack, which reports it itself", () => {
            const result = reconcileConfig(info(), { [INVOKE]: { fleetTreshold: 0, enforcementLevel: "advisory" } });
            assert.deepStrictEqual(result[INVOKE], { enforcementLevel: "advisory", properties: { ...DEFAULTS, fleetTreshold: 0 } });
        });

        it("given a misspelt key inside an exemption, when reconciled, then the nested schema (additionalProperties false) rejects it", () => {
            assert.deepStrictEqual(problemsOf({ [INVOKE]: { exemptions: [{ exemptons: ["x"], stacks: ["prod"], reason: "r" }] } }), [`${INVOKE}: exemptions[0] has unknown property "exemptons"`]);
        });

        it("given an unknown policy name as an object and as a bare level, when reconciled with unknownPolicies forward, then both reach Configure unvalidated", () => {
            const result = reconcileConfig(info(), { "lambda-invoke-via-resourse-policy": { fleetThreshold: -3 }, "lambda-permision-scoped": "disabled" }, { unknownPolicies: "forward" });
            assert.deepStrictEqual(result["lambda-invoke-via-resourse-policy"], { enforcementLevel: "advisory", properties: { fleetThreshold: -3 } });
            assert.deepStrictEqual(result["lambda-permision-scoped"], { enforcementLevel: "disabled", properties: {} });
            assert.deepStrictEqual(result[INVOKE], { enforcementLevel: "mandatory", properties: DEFAULTS }, "the real policy keeps its defaults");
        });

        it("given an unknown policy name, when reconciled by default (the offline checker), then it is rejected naming it and the pack's policies", () => {
            assert.deepStrictEqual(problemsOf({ "lambda-permision-scoped": "disabled" }), [`"lambda-permision-scoped" is not a policy of pack apigw-lambda-guard (policies: ${INVOKE}, ${OTHER})`]);
        });
    });
});

/**
 * Exemptions of lambda-invoke-via-resource-policy: every key of an entry must match, `expires` is
 * the last day (UTC, inclusive) on which the entry applies, and role ARNs whose parts are unknown
 * at preview (`arn:*:iam::*:role/invoker`) may still match a concrete pattern.
 */
import * as assert from "assert";
import {
    Exemption,
    ExemptionSubject,
    describeExemption,
    describeLapsedExemption,
    daysLeft,
    findExemption,
    hasInvalidDate,
    matchingEntries,
    isExpired,
    isWellFormed,
    matchesEverything,
    needsStackContext,
} from "../../core/exemptions";

const URN = "urn:pulumi:prod::shop::aws:apigateway/integration:Integration::get-pets";
const NOW = new Date("2026-06-15T12:00:00Z");

const subject = (over: Partial<ExemptionSubject> = {}): ExemptionSubject => ({
    urn: URN,
    stack: "prod",
    functionNames: ["legacy-pets", "pets-fn"],
    functionTags: { team: "pets", tier: "legacy" },
    roleArns: ["arn:aws:iam::123456789012:role/apigw-invoker"],
    roleNames: ["invoker-role"],
    ...over,
});

interface Case {
    why: string;
    exemption: Exemption;
    subject?: Partial<ExemptionSubject>;
}

const reason = "migrating in Q3";

const matching: Case[] = [
    { why: "a functions glob over the function name", exemption: { functions: ["legacy-*"], reason } },
    { why: "a functions glob over another candidate name (logical name)", exemption: { functions: ["pets-?n"], reason } },
    { why: "a roles glob over the role ARN", exemption: { roles: ["arn:aws:iam::123456789012:role/apigw-*"], reason } },
    { why: "a roles glob over the role resource's logical name", exemption: { roles: ["invoker-*"], reason } },
    { why: "a roles glob that is not an ARN over the whole ARN", exemption: { roles: ["*apigw-invoker"], reason } },
    { why: "a urns glob", exemption: { urns: ["urn:pulumi:*::shop::*::get-*"], reason } },
    { why: "a tags entry the function carries", exemption: { tags: { tier: "legacy" }, reason } },
    { why: "several tags, all carried", exemption: { tags: { tier: "legacy", team: "pets" }, reason } },
    { why: "a stacks glob", exemption: { stacks: ["prod*"], reason } },
    { why: "one of several globs in a key", exemption: { stacks: ["dev", "prod"], reason } },
    {
        why: "every key at once, each matching",
        exemption: { functions: ["legacy-*"], roles: ["invoker-role"], urns: [URN], tags: { team: "pets" }, stacks: ["prod"], reason },
    },
    {
        why: "a role pattern with a concrete account against an ARN whose account and partition are unknown at preview",
        exemption: { roles: ["arn:aws:iam::123456789012:role/apigw-*"], reason },
        subject: { roleArns: ["arn:*:iam::*:role/apigw-invoker"], roleNames: [] },
    },
    {
        why: "a role pattern in aws-us-gov against an ARN whose partition is unknown",
        exemption: { roles: ["arn:aws-us-gov:iam::*:role/apigw-invoker"], reason },
        subject: { roleArns: ["arn:*:iam::*:role/apigw-invoker"], roleNames: [] },
    },
];

const notMatching: Case[] = [
    { why: "a functions glob that matches no candidate name", exemption: { functions: ["orders-*"], reason } },
    { why: "a functions glob of another case", exemption: { functions: ["LEGACY-*"], reason } },
    { why: "a functions key when the function is not known", exemption: { functions: ["*"], reason }, subject: { functionNames: [] } },
    { why: "a roles glob matching neither ARN nor name", exemption: { roles: ["arn:aws:iam::123456789012:role/other"], reason } },
    { why: "a roles glob in another account", exemption: { roles: ["arn:aws:iam::210987654321:role/apigw-*"], reason } },
    {
        why: "a role pattern whose role name differs, against an ARN with unknown parts",
        exemption: { roles: ["arn:aws:iam::123456789012:role/other"], reason },
        subject: { roleArns: ["arn:*:iam::*:role/apigw-invoker"], roleNames: [] },
    },
    { why: "a roles key when there is no role at all", exemption: { roles: ["*"], reason }, subject: { roleArns: [], roleNames: [] } },
    { why: "a urns glob for another resource", exemption: { urns: ["*::get-toys"], reason } },
    { why: "a tag with another value", exemption: { tags: { tier: "gold" }, reason } },
    { why: "a tag the function does not carry", exemption: { tags: { owner: "x" }, reason } },
    { why: "tags when the function's tags are unknown", exemption: { tags: { tier: "legacy" }, reason }, subject: { functionTags: undefined } },
    { why: "a stacks glob for another stack", exemption: { stacks: ["dev"], reason } },
    {
        why: "every key matching but one (stacks)",
        exemption: { functions: ["legacy-*"], roles: ["invoker-role"], urns: [URN], tags: { team: "pets" }, stacks: ["staging"], reason },
    },
    { why: "functions matching but tags not (all keys must match)", exemption: { functions: ["legacy-*"], tags: { tier: "gold" }, reason } },
];

describe("core/exemptions", () => {
    describe("findExemption: matching", () => {
        for (const c of matching) {
            it(`given ${c.why}, when a finding is checked, then it is exempt`, () => {
                assert.deepStrictEqual(findExemption([c.exemption], subject(c.subject), NOW), { kind: "exempt", index: 0, exemption: c.exemption });
            });
        }
        for (const c of notMatching) {
            it(`given ${c.why}, when a finding is checked, then it is not exempt`, () => {
                assert.deepStrictEqual(findExemption([c.exemption], subject(c.subject), NOW), { kind: "none" });
            });
        }
        it("given no exemptions, when a finding is checked, then it is not exempt", () => {
            assert.deepStrictEqual(findExemption([], subject(), NOW), { kind: "none" });
        });
    });

    describe("findExemption: expiry", () => {
        const entry = (expires: string): Exemption => ({ functions: ["legacy-*"], reason, expires });
        const at = (iso: string) => new Date(iso);

        it("given expires today, when checked during the last millisecond of the day (UTC), then it still applies", () => {
            assert.strictEqual(findExemption([entry("2026-06-15")], subject(), at("2026-06-15T23:59:59.999Z")).kind, "exempt");
        });
        it("given expires today, when checked at the first instant of the day (UTC), then it applies", () => {
            assert.strictEqual(findExemption([entry("2026-06-15")], subject(), at("2026-06-15T00:00:00.000Z")).kind, "exempt");
        });
        it("given expires yesterday, when checked just after midnight UTC, then it has expired and says which entry", () => {
            const e = entry("2026-06-14");
            assert.deepStrictEqual(findExemption([e], subject(), at("2026-06-15T00:00:00.000Z")), { kind: "expired", index: 0, exemption: e });
        });
        it("given expires on a day that is still running in UTC but over in a UTC+ zone's view, when checked, then UTC decides", () => {
            // 2026-06-15T23:30 in UTC is already 2026-06-16 in Tokyo: the exemption still applies.
            assert.strictEqual(findExemption([entry("2026-06-15")], subject(), at("2026-06-16T08:30:00+09:00")).kind, "exempt");
        });
        it("given an expired entry before a valid one, both matching, when checked, then the valid one applies", () => {
            const expired = { ...entry("2026-01-31"), reason: "old" };
            const valid = { ...entry("2026-12-31"), reason: "new" };
            assert.deepStrictEqual(findExemption([expired, valid], subject(), NOW), { kind: "exempt", index: 1, exemption: valid });
        });
        it("given a valid entry before an expired one, both matching, when checked, then the valid one applies", () => {
            const valid = entry("2026-12-31");
            const expired = entry("2026-01-31");
            assert.deepStrictEqual(findExemption([valid, expired], subject(), NOW), { kind: "exempt", index: 0, exemption: valid });
        });
        it("given two expired matching entries, when checked, then the first expired one is reported", () => {
            const a = entry("2026-01-31");
            const b = entry("2026-02-28");
            assert.deepStrictEqual(findExemption([a, b], subject(), NOW), { kind: "expired", index: 0, exemption: a });
        });
        it("given an expired entry that does not match and no other, when checked, then there is no exemption (not an expiry notice)", () => {
            assert.deepStrictEqual(findExemption([{ functions: ["orders-*"], reason, expires: "2026-01-01" }], subject(), NOW), { kind: "none" });
        });
        it("given a non-matching valid entry then a matching one, when checked, then the index is of the matching one", () => {
            const other = { functions: ["orders-*"], reason };
            const mine = { stacks: ["prod"], reason };
            assert.deepStrictEqual(findExemption([other, mine], subject(), NOW), { kind: "exempt", index: 1, exemption: mine });
        });
    });

    describe("matchingEntries", () => {
        it("given two matching entries and one that does not, when checked, then both matching positions, expired or not, are listed", () => {
            const entries: Exemption[] = [
                { functions: ["legacy-*"], reason },
                { stacks: ["sandbox-*"], reason },
                { roles: ["invoker-role"], reason, expires: "2020-01-01" },
            ];
            assert.deepStrictEqual(matchingEntries(entries, subject()), [0, 2]);
        });
    });

    describe("daysLeft", () => {
        const e = (expires?: string): Exemption => ({ stacks: ["x"], reason, ...(expires ? { expires } : {}) });
        const cases: [string, Exemption, string, number | undefined][] = [
            ["its last day", e("2026-06-15"), "2026-06-15T12:00:00Z", 0],
            ["the day before, at its last millisecond", e("2026-06-15"), "2026-06-14T23:59:59.999Z", 1],
            ["three days ahead", e("2026-06-18"), "2026-06-15T12:00:00Z", 3],
            ["a day after it expired", e("2026-06-14"), "2026-06-15T12:00:00Z", undefined],
            ["no expires", e(), "2026-06-15T12:00:00Z", undefined],
            ["an impossible date", e("2026-02-30"), "2026-01-15T12:00:00Z", undefined],
        ];
        for (const [why, entry, now, expected] of cases) {
            it(`given ${why}, when counted at ${now}, then ${expected === undefined ? "there is no count" : `${expected} day(s) are left`}`, () => {
                assert.strictEqual(daysLeft(entry, new Date(now)), expected);
            });
        }
    });

    describe("isExpired", () => {
        const cases: [string, string | undefined, string, boolean][] = [
            ["no expires", undefined, "2999-01-01T00:00:00Z", false],
            ["expires today (UTC)", "2026-06-15", "2026-06-15T23:59:59.999Z", false],
            ["expires yesterday", "2026-06-14", "2026-06-15T00:00:00.000Z", true],
            ["expires on the leap day", "2028-02-29", "2028-02-29T18:00:00Z", false],
            ["an unparseable date", "next-year", "2026-01-01T00:00:00Z", true],
            ["a month that does not exist", "2026-13-01", "2026-01-01T00:00:00Z", true],
            // A typo must not quietly extend the exemption: 2027-02-30 is not March 2nd.
            ["a day that does not exist (February 30th)", "2027-02-30", "2027-03-01T12:00:00Z", true],
            ["February 29th of a common year", "2027-02-29", "2027-03-01T00:00:01Z", true],
        ];
        for (const [why, expires, now, expected] of cases) {
            it(`given ${why}, when checked at ${now}, then ${expected ? "it has expired" : "it applies"}`, () => {
                assert.strictEqual(isExpired({ reason, expires, functions: ["*"] }, new Date(now)), expected);
            });
        }
    });

    describe("needsStackContext and describeExemption", () => {
        const needs: [Exemption, boolean][] = [
            [{ functions: ["x"], reason }, true],
            [{ tags: { a: "b" }, reason }, true],
            [{ roles: ["x"], reason }, true],
            [{ urns: ["x"], reason }, false],
            [{ stacks: ["x"], reason }, false],
            [{ urns: ["x"], stacks: ["y"], reason }, false],
        ];
        for (const [e, expected] of needs) {
            it(`given an entry with ${Object.keys(e).filter((k) => k !== "reason").join(" and ")}, when asked, then it ${expected ? "needs" : "does not need"} the whole stack`, () => {
                assert.strictEqual(needsStackContext(e), expected);
            });
        }
        it("given an entry with every key, when described, then the text names the index, each key, the reason and the expiry", () => {
            const text = describeExemption(2, {
                functions: ["legacy-*", "old-*"],
                roles: ["invoker"],
                urns: ["urn:*"],
                tags: { tier: "legacy", team: "pets" },
                stacks: ["prod"],
                reason: "migrating in Q1",
                expires: "2027-03-31",
            });
            assert.strictEqual(
                text,
                'exemptions[2] (functions legacy-*, old-*; roles invoker; urns urn:*; tags tier=legacy, team=pets; stacks prod; reason "migrating in Q1"; expires 2027-03-31)',
            );
        });
        it("given an entry without expiry, when described, then no expiry and no undefined appear", () => {
            const text = describeExemption(0, { stacks: ["prod"], reason });
            assert.strictEqual(text, `exemptions[0] (stacks prod; reason "${reason}")`);
        });
    });

    describe("invalid dates and match-everything entries", () => {
        it("given an impossible date (2027-02-30), when described as lapsed, then it says the date is invalid, not that it expired", () => {
            const e = { stacks: ["prod"], reason, expires: "2027-02-30" };
            assert.strictEqual(hasInvalidDate(e), true);
            const text = describeLapsedExemption(0, e);
            assert.match(text, /does not apply: its expires date "2027-02-30" is not a valid date \(no such day\)/);
            assert.doesNotMatch(text, /expired/);
        });

        it("given a real past date, when described as lapsed, then it says when it expired", () => {
            const e = { stacks: ["prod"], reason, expires: "2026-01-31" };
            assert.strictEqual(hasInvalidDate(e), false);
            assert.strictEqual(describeLapsedExemption(1, e), `exemptions[1] (stacks prod; reason "${reason}"; expires 2026-01-31) expired on 2026-01-31 and no longer applies`);
        });

        const everything: [string, Exemption, boolean][] = [
            ["functions [*]", { functions: ["*"], reason }, true],
            ["urns [*]", { urns: ["*"], reason }, true],
            ["roles [**]", { roles: ["**"], reason }, true],
            ["stacks [prod, *]", { stacks: ["prod", "*"], reason }, true],
            ["functions [*] and stacks [*]", { functions: ["*"], stacks: ["*"], reason }, true],
            ["no selector at all", { reason }, true],
            ["functions [*] in stacks sandbox-*", { functions: ["*"], stacks: ["sandbox-*"], reason }, false],
            ["functions [*] with tags", { functions: ["*"], tags: { tier: "legacy" }, reason }, false],
            ["functions [legacy-*]", { functions: ["legacy-*"], reason }, false],
            ["functions [?]", { functions: ["?"], reason }, false],
        ];
        for (const [why, e, expected] of everything) {
            it(`given an entry with ${why}, when asked, then it ${expected ? "matches" : "does not match"} everything`, () => {
                assert.strictEqual(matchesEverything(e), expected);
            });
        }

        it("given selectors of the wrong type (config nobody validated), when described, then the text shows them and nothing throws", () => {
            const e = { functions: "legacy-*", tags: "x", reason } as unknown as Exemption;
            assert.strictEqual(describeExemption(0, e), `exemptions[0] (functions "legacy-*"; tags "x"; reason "${reason}")`);
            assert.strictEqual(isWellFormed(e), false);
            assert.strictEqual(isWellFormed({ functions: ["a"], tags: { t: "v" }, reason }), true);
        });

        it("given owner and ticket, when described, then they follow the reason and expires; an owner that is not a string is not well formed", () => {
            const e: Exemption = { functions: ["legacy-*"], reason, expires: "2027-03-31", owner: "payments-team", ticket: "PAY-1234" };
            assert.strictEqual(describeExemption(2, e), `exemptions[2] (functions legacy-*; reason "${reason}"; expires 2027-03-31; owner "payments-team"; ticket "PAY-1234")`);
            assert.strictEqual(isWellFormed(e), true);
            assert.strictEqual(isWellFormed({ ...e, owner: 7 } as unknown as Exemption), false);
        });
    });
});

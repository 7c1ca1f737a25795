/**
 * ArnLike as Lambda applies it to AWS:SourceArn (AWS.md, "The execute-api source ARN"): six parts
 * matched separately, `*` and `?` the only wildcards, `{ } + $` literal, case-sensitive.
 */
import * as assert from "assert";
import { arnLike, matchesAny, splitArn, wildcardMatch } from "../../core/wildcard";

const API = "arn:aws:execute-api:us-east-1:123456789012:abc123";

interface Case {
    why: string;
    pattern: string;
    value: string;
}

describe("core/wildcard", () => {
    describe("wildcardMatch", () => {
        const valid: Case[] = [
            { why: "an exact text", pattern: "legacy-orders", value: "legacy-orders" },
            { why: "a trailing * over a suffix", pattern: "legacy-*", value: "legacy-orders" },
            { why: "a * over nothing", pattern: "legacy-*", value: "legacy-" },
            { why: "a lone *", pattern: "*", value: "" },
            { why: "a ? over one character", pattern: "fn-?", value: "fn-a" },
            { why: "a * in the middle that must backtrack", pattern: "a*b*c", value: "axxbyybzzc" },
            { why: "a * over slashes", pattern: "prod/*", value: "prod/GET/pets/1" },
            { why: "literal braces", pattern: "/pets/{petId}", value: "/pets/{petId}" },
            { why: "literal + and $", pattern: "$default+", value: "$default+" },
            { why: "several stars in a row", pattern: "a***", value: "abc" },
            { why: "the empty pattern on the empty value", pattern: "", value: "" },
        ];
        const invalid: Case[] = [
            { why: "a different case (matching is case-sensitive)", pattern: "Legacy-*", value: "legacy-orders" },
            { why: "a ? needing a character that is not there", pattern: "fn-?", value: "fn-" },
            { why: "a ? against two characters", pattern: "fn-?", value: "fn-ab" },
            { why: "{ } taken as a placeholder", pattern: "/pets/{petId}", value: "/pets/42" },
            { why: "+ taken as a regex quantifier", pattern: "a+", value: "aa" },
            { why: ". taken as a regex wildcard", pattern: "a.c", value: "abc" },
            { why: "a pattern longer than the value", pattern: "legacy-orders-x", value: "legacy-orders" },
            { why: "a missing suffix after *", pattern: "*-orders", value: "legacy-order" },
            { why: "the empty pattern on text", pattern: "", value: "x" },
        ];
        for (const c of valid) {
            it(`given ${c.why} ("${c.pattern}" vs "${c.value}"), when matched, then it matches`, () => {
                assert.strictEqual(wildcardMatch(c.pattern, c.value), true);
            });
        }
        for (const c of invalid) {
            it(`given ${c.why} ("${c.pattern}" vs "${c.value}"), when matched, then it does not match`, () => {
                assert.strictEqual(wildcardMatch(c.pattern, c.value), false);
            });
        }

        it("given a pathological pattern, when matched against a long value, then it answers without blowing up", () => {
            const value = "a".repeat(5000);
            assert.strictEqual(wildcardMatch("*a*a*a*a*a*b", value), false);
            assert.strictEqual(wildcardMatch("*a*a*a*a*a*", value), true);
        });
    });

    describe("matchesAny", () => {
        it("given several globs, when one matches, then the value matches", () => {
            assert.strictEqual(matchesAny(["orders-*", "legacy-*"], "legacy-pets"), true);
        });
        it("given several globs, when none matches, then the value does not match", () => {
            assert.strictEqual(matchesAny(["orders-*", "legacy-*"], "pets"), false);
        });
        it("given no globs, when matched, then nothing matches", () => {
            assert.strictEqual(matchesAny([], "pets"), false);
        });
    });

    describe("splitArn", () => {
        it("given an execute-api ARN, when split, then it has six parts and the resource keeps its slashes", () => {
            assert.deepStrictEqual(splitArn(`${API}/prod/GET/pets`), ["arn", "aws", "execute-api", "us-east-1", "123456789012", "abc123/prod/GET/pets"]);
        });
        it("given a Lambda ARN with a qualifier, when split, then the resource part keeps the further colon", () => {
            assert.deepStrictEqual(splitArn("arn:aws:lambda:us-east-1:123456789012:function:pets:live"), [
                "arn", "aws", "lambda", "us-east-1", "123456789012", "function:pets:live",
            ]);
        });
        it("given an IAM ARN with an empty region, when split, then the region part is empty", () => {
            assert.deepStrictEqual(splitArn("arn:aws:iam::123456789012:role/invoker"), ["arn", "aws", "iam", "", "123456789012", "role/invoker"]);
        });
        for (const text of ["*", "arn:aws:execute-api:us-east-1", "arn:aws:execute-api:us-east-1:123456789012", "not an arn"]) {
            it(`given "${text}" (fewer than six parts), when split, then it is not an ARN`, () => {
                assert.strictEqual(splitArn(text), undefined);
            });
        }
    });

    describe("arnLike (ArnLike on AWS:SourceArn)", () => {
        const valid: Case[] = [
            { why: "the exact ARN", pattern: `${API}/prod/GET/pets`, value: `${API}/prod/GET/pets` },
            { why: "a stage *", pattern: `${API}/*/GET/pets`, value: `${API}/prod/GET/pets` },
            { why: "a stage * over the console's test stage", pattern: `${API}/*/GET/pets`, value: `${API}/test-invoke-stage/GET/pets` },
            { why: "a resource * spanning / (whole API)", pattern: `${API}/*`, value: `${API}/prod/GET/pets/{petId}` },
            { why: "a trailing * spanning several segments", pattern: `${API}/*/*/*`, value: `${API}/prod/GET/pets/{petId}/toys` },
            { why: "a path parameter rewritten to *", pattern: `${API}/*/GET/pets/*`, value: `${API}/prod/GET/pets/{petId}` },
            { why: "a literal template matching the sent template", pattern: `${API}/*/GET/pets/{petId}`, value: `${API}/prod/GET/pets/{petId}` },
            { why: "a greedy proxy template sent literally", pattern: `${API}/*/ANY/{proxy+}`, value: `${API}/prod/ANY/{proxy+}` },
            { why: "an HTTP $default route", pattern: `${API}/*/$default`, value: `${API}/$default/$default` },
            { why: "a region * within the region part", pattern: "arn:aws:execute-api:*:123456789012:abc123/*", value: `${API}/prod/GET/pets` },
            { why: "a region ?-pattern", pattern: "arn:aws:execute-api:us-east-?:123456789012:abc123/*", value: `${API}/prod/GET/pets` },
            { why: "an account * (unscoped, but matching)", pattern: "arn:aws:execute-api:us-east-1:*:abc123/*", value: `${API}/prod/GET/pets` },
            { why: "a partition aws-cn ARN against its own partition", pattern: "arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/*", value: "arn:aws-cn:execute-api:cn-north-1:123456789012:abc123/prod/GET/" },
            { why: "an authorizer ARN", pattern: `${API}/authorizers/*`, value: `${API}/authorizers/xyz789` },
        ];
        const invalid: Case[] = [
            // As one glob over the whole text the region `*` would eat "us-east-1:123456789012".
            { why: "a region * that would have to span into the account", pattern: "arn:aws:lambda:*:function:*", value: "arn:aws:lambda:us-east-1:123456789012:function:pets" },
            { why: "a five-part pattern whose region * was meant to cover region and account", pattern: "arn:aws:execute-api:*:abc123/*", value: `${API}/prod/GET/pets` },
            { why: "a literal ANY (API Gateway sends the real verb)", pattern: `${API}/*/ANY/pets`, value: `${API}/prod/GET/pets` },
            { why: "a differently named path parameter", pattern: `${API}/*/GET/pets/{id}`, value: `${API}/prod/GET/pets/{petId}` },
            { why: "a concrete path against the sent template", pattern: `${API}/*/GET/pets/42`, value: `${API}/prod/GET/pets/{petId}` },
            { why: "*/*/$default against an HTTP $default route (no verb segment)", pattern: `${API}/*/*/$default`, value: `${API}/prod/$default` },
            { why: "a REST root without the trailing slash", pattern: `${API}/*/GET`, value: `${API}/prod/GET/` },
            { why: "a lower-case verb (case-sensitive)", pattern: `${API}/*/get/pets`, value: `${API}/prod/GET/pets` },
            { why: "another API id", pattern: "arn:aws:execute-api:us-east-1:123456789012:other1/*", value: `${API}/prod/GET/pets` },
            { why: "another account", pattern: "arn:aws:execute-api:us-east-1:210987654321:abc123/*", value: `${API}/prod/GET/pets` },
            { why: "a pattern in partition aws against aws-us-gov", pattern: "arn:aws:execute-api:us-gov-west-1:123456789012:abc123/*", value: "arn:aws-us-gov:execute-api:us-gov-west-1:123456789012:abc123/prod/GET/" },
            { why: "a non-ARN pattern *", pattern: "*", value: `${API}/prod/GET/pets` },
            { why: "a non-ARN pattern abc123/*", pattern: "abc123/*", value: `${API}/prod/GET/pets` },
            { why: "a value that is not an ARN", pattern: `${API}/*`, value: "abc123/prod/GET/pets" },
            { why: "a pattern ending at the API id against a route", pattern: API, value: `${API}/prod/GET/pets` },
        ];
        for (const c of valid) {
            it(`given ${c.why}, when ArnLike compares, then it matches`, () => {
                assert.strictEqual(arnLike(c.pattern, c.value), true, `${c.pattern} should match ${c.value}`);
            });
        }
        for (const c of invalid) {
            it(`given ${c.why}, when ArnLike compares, then it does not match`, () => {
                assert.strictEqual(arnLike(c.pattern, c.value), false, `${c.pattern} should not match ${c.value}`);
            });
        }
    });
});

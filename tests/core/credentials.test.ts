/**
 * What an integration's or authorizer's credentials value means (AWS.md, "Credentials values"):
 * nothing (resource policy), the caller's own identity (no AssumeRole) or a role to assume.
 */
import * as assert from "assert";
import { Credentials, classifyCredentials } from "../../core/credentials";
import { Unknown, Value } from "../../core/values";

interface Case {
    why: string;
    value: Value;
    expected: Credentials;
}

const cases: Case[] = [
    { why: "no credentials property", value: undefined, expected: { kind: "none" } },
    { why: "null credentials", value: null, expected: { kind: "none" } },
    { why: "an empty string (how Terraform-bridged outputs list an unset credentials)", value: "", expected: { kind: "none" } },
    { why: "caller pass-through in aws", value: "arn:aws:iam::*:user/*", expected: { kind: "caller", value: "arn:aws:iam::*:user/*" } },
    { why: "caller pass-through in aws-cn", value: "arn:aws-cn:iam::*:user/*", expected: { kind: "caller", value: "arn:aws-cn:iam::*:user/*" } },
    { why: "caller pass-through in aws-us-gov", value: "arn:aws-us-gov:iam::*:user/*", expected: { kind: "caller", value: "arn:aws-us-gov:iam::*:user/*" } },
    { why: "caller pass-through in aws-iso-b", value: "arn:aws-iso-b:iam::*:user/*", expected: { kind: "caller", value: "arn:aws-iso-b:iam::*:user/*" } },
    {
        why: "a role ARN",
        value: "arn:aws:iam::123456789012:role/apigw-invoker",
        expected: { kind: "role", arn: "arn:aws:iam::123456789012:role/apigw-invoker" },
    },
    {
        why: "a role ARN in aws-us-gov",
        value: "arn:aws-us-gov:iam::123456789012:role/invoker",
        expected: { kind: "role", arn: "arn:aws-us-gov:iam::123456789012:role/invoker" },
    },
    {
        why: "a role ARN with a path",
        value: "arn:aws:iam::123456789012:role/service/apigw/invoker",
        expected: { kind: "role", arn: "arn:aws:iam::123456789012:role/service/apigw/invoker" },
    },
    {
        why: "credentials taken from a stage variable",
        value: "arn:aws:iam::123456789012:${stageVariables.invokerRole}",
        expected: { kind: "role", arn: "arn:aws:iam::123456789012:${stageVariables.invokerRole}" },
    },
    {
        why: "a specific IAM user (not the caller pass-through)",
        value: "arn:aws:iam::123456789012:user/alice",
        expected: { kind: "role", arn: "arn:aws:iam::123456789012:user/alice" },
    },
    {
        why: "a pass-through lookalike with a concrete account",
        value: "arn:aws:iam::123456789012:user/*",
        expected: { kind: "role", arn: "arn:aws:iam::123456789012:user/*" },
    },
    {
        why: "a pass-through lookalike with a different case",
        value: "arn:aws:iam::*:User/*",
        expected: { kind: "role", arn: "arn:aws:iam::*:User/*" },
    },
    {
        why: "a value that is not an ARN (an unrecognised value counts as a role)",
        value: "invoker",
        expected: { kind: "role", arn: "invoker" },
    },
    { why: "an unknown value at preview", value: Unknown, expected: { kind: "role", arn: Unknown } },
];

describe("core/credentials", () => {
    describe("classifyCredentials", () => {
        for (const c of cases) {
            it(`given ${c.why}, when classified, then it is ${c.expected.kind}`, () => {
                assert.deepStrictEqual(classifyCredentials(c.value), c.expected);
            });
        }
        it("given a non-string value (an intrinsic object), when classified, then it is a role shown as JSON, never [object Object]", () => {
            const result = classifyCredentials({ "Fn::GetAtt": ["Invoker", "Arn"] });
            assert.deepStrictEqual(result, { kind: "role", arn: '{"Fn::GetAtt":["Invoker","Arn"]}' });
        });
    });
});

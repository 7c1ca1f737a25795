/**
 * Lambda integration URIs (AWS.md, "Lambda integration URIs"): which function, in which
 * partition/region/account, under which qualifier an integration invokes; and which URIs are not
 * Lambda at all (those need a role and are out of scope).
 */
import * as assert from "assert";
import { IntegrationUri, LambdaFunctionRef, describeFunction, parseFunctionArn, parseIntegrationUri } from "../../core/lambdaUri";

const FN = "arn:aws:lambda:us-east-1:123456789012:function:pets";
const invocations = (fnArn: string, partition = "aws", region = "us-east-1") =>
    `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;

const fnRef = (over: Partial<LambdaFunctionRef> = {}): LambdaFunctionRef => ({
    functionArn: FN,
    partition: "aws",
    region: "us-east-1",
    account: "123456789012",
    name: "pets",
    qualifier: undefined,
    stageVariable: false,
    ...over,
});

interface UriCase {
    why: string;
    uri: string;
    expected: IntegrationUri;
}

const lambdaCases: UriCase[] = [
    {
        why: "an invocations URI of an unqualified function",
        uri: invocations(FN),
        expected: { kind: "lambda", streaming: false, fn: fnRef() },
    },
    {
        why: "a response-streaming-invocations URI",
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2021-11-15/functions/${FN}/response-streaming-invocations`,
        expected: { kind: "lambda", streaming: true, fn: fnRef() },
    },
    {
        why: "an alias qualifier",
        uri: invocations(`${FN}:live`),
        expected: { kind: "lambda", streaming: false, fn: fnRef({ qualifier: "live" }) },
    },
    {
        why: "a version qualifier",
        uri: invocations(`${FN}:3`),
        expected: { kind: "lambda", streaming: false, fn: fnRef({ qualifier: "3" }) },
    },
    {
        why: "the $LATEST qualifier (the unqualified function's policy applies)",
        uri: invocations(`${FN}:$LATEST`),
        expected: { kind: "lambda", streaming: false, fn: fnRef() },
    },
    {
        why: "a bare function ARN (HTTP API bodies accept it)",
        uri: FN,
        expected: { kind: "lambda", streaming: false, fn: fnRef() },
    },
    {
        why: "a bare function ARN with an alias",
        uri: `${FN}:live`,
        expected: { kind: "lambda", streaming: false, fn: fnRef({ qualifier: "live" }) },
    },
    {
        why: "a function chosen by a stage variable",
        uri: invocations("arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}"),
        expected: {
            kind: "lambda",
            streaming: false,
            fn: fnRef({ functionArn: "arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}", name: "${stageVariables.fn}", stageVariable: true }),
        },
    },
    {
        why: "an alias chosen by a stage variable",
        uri: invocations(`${FN}:\${stageVariables.alias}`),
        expected: { kind: "lambda", streaming: false, fn: fnRef({ qualifier: "${stageVariables.alias}", stageVariable: true }) },
    },
    {
        why: "a whole function ARN taken from a stage variable (function not readable)",
        uri: invocations("${stageVariables.fnArn}"),
        expected: { kind: "lambda", streaming: false, fn: undefined },
    },
    {
        why: "a cross-account, cross-region function",
        uri: invocations("arn:aws:lambda:eu-west-1:210987654321:function:billing"),
        expected: {
            kind: "lambda",
            streaming: false,
            fn: fnRef({ functionArn: "arn:aws:lambda:eu-west-1:210987654321:function:billing", region: "eu-west-1", account: "210987654321", name: "billing" }),
        },
    },
    {
        why: "partition aws-cn",
        uri: invocations("arn:aws-cn:lambda:cn-north-1:123456789012:function:pets", "aws-cn", "cn-north-1"),
        expected: {
            kind: "lambda",
            streaming: false,
            fn: fnRef({ functionArn: "arn:aws-cn:lambda:cn-north-1:123456789012:function:pets", partition: "aws-cn", region: "cn-north-1" }),
        },
    },
    {
        why: "partition aws-us-gov with an alias",
        uri: invocations("arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:pets:blue", "aws-us-gov", "us-gov-west-1"),
        expected: {
            kind: "lambda",
            streaming: false,
            fn: fnRef({
                functionArn: "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:pets",
                partition: "aws-us-gov",
                region: "us-gov-west-1",
                qualifier: "blue",
            }),
        },
    },
];

const notLambdaCases: UriCase[] = [
    { why: "an S3 integration (path)", uri: "arn:aws:apigateway:us-east-1:s3:path/my-bucket/{key}", expected: { kind: "service", service: "s3" } },
    { why: "an SQS integration", uri: "arn:aws:apigateway:us-east-1:sqs:path/123456789012/orders", expected: { kind: "service", service: "sqs" } },
    { why: "a Step Functions integration (action)", uri: "arn:aws:apigateway:us-east-1:states:action/StartExecution", expected: { kind: "service", service: "states" } },
    { why: "a DynamoDB integration in aws-cn", uri: "arn:aws-cn:apigateway:cn-north-1:dynamodb:action/PutItem", expected: { kind: "service", service: "dynamodb" } },
    { why: "Lambda's own API through the AWS service proxy", uri: "arn:aws:apigateway:us-east-1:lambda:action/Invoke", expected: { kind: "service", service: "lambda" } },
    { why: "an HTTP endpoint", uri: "https://example.com/pets", expected: { kind: "other" } },
    { why: "a Step Functions state machine ARN", uri: "arn:aws:states:us-east-1:123456789012:stateMachine:orders", expected: { kind: "other" } },
    { why: "a Lambda layer ARN", uri: "arn:aws:lambda:us-east-1:123456789012:layer:deps:1", expected: { kind: "other" } },
    { why: "an empty string", uri: "", expected: { kind: "other" } },
    { why: "a Cloud Map service (HTTP API private integration)", uri: "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-abc", expected: { kind: "other" } },
];

describe("core/lambdaUri", () => {
    describe("parseIntegrationUri", () => {
        for (const c of lambdaCases) {
            it(`given ${c.why}, when the URI is classified, then it is the expected Lambda function`, () => {
                assert.deepStrictEqual(parseIntegrationUri(c.uri), c.expected);
            });
        }
        for (const c of notLambdaCases) {
            it(`given ${c.why}, when the URI is classified, then it is not a Lambda invocation (${c.expected.kind})`, () => {
                assert.deepStrictEqual(parseIntegrationUri(c.uri), c.expected);
            });
        }
    });

    describe("parseFunctionArn", () => {
        it("given a qualified function ARN, when parsed, then functionArn drops the qualifier", () => {
            const fn = parseFunctionArn(`${FN}:live`);
            assert.strictEqual(fn?.functionArn, FN);
            assert.strictEqual(fn?.qualifier, "live");
        });
        for (const text of [
            "arn:aws:lambda:us-east-1:123456789012:function:",
            "arn:aws:lambda:us-east-1:123456789012:function:pets:live:extra",
            "arn:aws:iam::123456789012:role/pets",
            "pets",
            invocations(FN),
        ]) {
            it(`given "${text}", when parsed as a function ARN, then it is not one`, () => {
                assert.strictEqual(parseFunctionArn(text), undefined);
            });
        }
    });

    describe("describeFunction", () => {
        it("given an unqualified function, when described, then it is its name", () => {
            assert.strictEqual(describeFunction({ name: "pets" }), "pets");
        });
        it("given an alias, when described, then it reads name:alias", () => {
            assert.strictEqual(describeFunction({ name: "pets", qualifier: "live" }), "pets:live");
        });
    });
});

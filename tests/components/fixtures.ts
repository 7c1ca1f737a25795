/**
 * Small builders shared by the component tests: a Lambda function resource, the execution ARN the
 * fake AWS gives an API, and readers over a recorded run.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCOUNT, FakeAccount, executionArnOf, fakeId, functionArnOf } from "./fakeAws";
import { RecordedResource } from "./record";

export const PERMISSION = "aws:lambda/permission:Permission";

/** A Lambda function resource named `name` (its physical name is `name` too). */
export function lambdaFunction(name: string, opts?: pulumi.CustomResourceOptions): aws.lambda.Function {
    return new aws.lambda.Function(
        name,
        {
            name,
            role: "arn:aws:iam::123456789012:role/lambda",
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({}),
        },
        opts,
    );
}

/** The execution ARN the fake AWS gives the API that a component named `component` creates. */
export function apiExecutionArn(component: string, account: FakeAccount = DEFAULT_ACCOUNT): string {
    return executionArnOf(account, fakeId(component));
}

/** `arn:aws:lambda:us-east-1:123456789012:function:{name}`. */
export function fnArn(name: string, account: FakeAccount = DEFAULT_ACCOUNT): string {
    return functionArnOf(account, name);
}

export function ofType(resources: readonly RecordedResource[], type: string): RecordedResource[] {
    return resources.filter((r) => r.type === type);
}

/** Each permission's sourceArn, sorted. */
export function sourceArns(resources: readonly RecordedResource[]): string[] {
    return ofType(resources, PERMISSION)
        .map((r) => String(r.outputs.sourceArn))
        .sort();
}

/** The id the fake AWS gave the one resource of `type` whose inputs have `name`. */
export function idOf(resources: readonly RecordedResource[], type: string, name: string): string {
    const found = ofType(resources, type).filter((r) => r.inputs.name === name);
    if (found.length !== 1) {
        throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
    }
    return String(found[0].outputs.id);
}

/** How many resources of each type, e.g. { "aws:apigateway/method:Method": 3, ... }. */
export function countByType(resources: readonly RecordedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

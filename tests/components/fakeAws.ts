/**
 * What AWS would compute for the resources the components create: ids, ARNs and URLs, in a
 * configurable partition, region and account, deterministic per resource name (so tests can
 * write the exact strings they expect).
 */
import { createHash } from "crypto";

export interface FakeAccount {
    partition: string;
    region: string;
    account: string;
}

export const DEFAULT_ACCOUNT: FakeAccount = { partition: "aws", region: "us-east-1", account: "123456789012" };

/** A 10-character API-Gateway-style id derived from a resource name: `fakeId("shop")`. */
export function fakeId(name: string, length = 10): string {
    return createHash("sha256").update(name).digest("hex").slice(0, length);
}

export function executionArnOf(a: FakeAccount, apiId: string): string {
    return `arn:${a.partition}:execute-api:${a.region}:${a.account}:${apiId}`;
}

export function functionArnOf(a: FakeAccount, name: string): string {
    return `arn:${a.partition}:lambda:${a.region}:${a.account}:function:${name}`;
}

export function invokeArnOf(a: FakeAccount, functionArn: string): string {
    return `arn:${a.partition}:apigateway:${a.region}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** The id and computed outputs of a resource of `type` named `name` with `inputs`. */
export function fakeOutputs(
    a: FakeAccount,
    type: string,
    name: string,
    inputs: Record<string, any>,
): { id: string; computed: Record<string, unknown> } {
    switch (type) {
        case "aws:lambda/function:Function": {
            const fnName = inputs.name ?? name;
            const arn = functionArnOf(a, fnName);
            return { id: fnName, computed: { name: fnName, arn, invokeArn: invokeArnOf(a, arn), qualifiedArn: `${arn}:$LATEST` } };
        }
        case "aws:apigateway/restApi:RestApi":
        case "aws:apigatewayv2/api:Api": {
            const id = fakeId(name);
            return {
                id,
                computed: {
                    executionArn: executionArnOf(a, id),
                    rootResourceId: fakeId(`${name}/`, 8),
                    apiEndpoint: `https://${id}.execute-api.${a.region}.amazonaws.com`,
                },
            };
        }
        case "aws:apigateway/stage:Stage":
            return {
                id: `ags-${inputs.restApi}-${inputs.stageName}`,
                computed: { invokeUrl: `https://${inputs.restApi}.execute-api.${a.region}.amazonaws.com/${inputs.stageName}` },
            };
        case "aws:apigatewayv2/stage:Stage":
            return {
                id: inputs.name,
                computed: {
                    invokeUrl: `https://${inputs.apiId}.execute-api.${a.region}.amazonaws.com/${inputs.name === "$default" ? "" : inputs.name}`,
                },
            };
        case "aws:iam/role:Role": {
            const roleName = inputs.name ?? `${name}-${fakeId(name, 7)}`;
            return { id: roleName, computed: { name: roleName, arn: `arn:${a.partition}:iam::${a.account}:role/${roleName}` } };
        }
        case "aws:lambda/permission:Permission":
            return { id: inputs.statementId ?? fakeId(name), computed: {} };
        default:
            return { id: fakeId(name, 6), computed: {} };
    }
}

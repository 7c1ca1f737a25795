/**
 * Lambda integration URIs (AWS.md, "Lambda integration URIs"): which function, in which
 * partition/region/account, under which qualifier an integration or authorizer invokes.
 */

/** A Lambda function as named by an integration URI or a function ARN. */
export interface LambdaFunctionRef {
    /** The function ARN without a qualifier. */
    functionArn: string;
    partition: string;
    region: string;
    account: string;
    name: string;
    /** Alias or version (`live`, `3`); undefined for the unqualified function. */
    qualifier?: string;
    /** True when part of the ARN comes from a stage variable (`${stageVariables.fn}`). */
    stageVariable: boolean;
}

export type IntegrationUri =
    /** A Lambda function; `fn` is undefined when the function part could not be read. */
    | { kind: "lambda"; fn?: LambdaFunctionRef; streaming: boolean }
    /** Another AWS service through API Gateway (S3, SQS, Step Functions...): needs a role. */
    | { kind: "service"; service: string }
    /** Anything else: an HTTP endpoint, a VPC link, text that is not an ARN. */
    | { kind: "other" };

const APIGATEWAY_LAMBDA =
    /^arn:([^:]+):apigateway:([^:]*):lambda:path\/\d{4}-\d{2}-\d{2}\/functions\/(.+)\/(invocations|response-streaming-invocations)$/;
const APIGATEWAY_SERVICE = /^arn:[^:]+:apigateway:[^:]*:([^:]+):(path|action)\//;
const FUNCTION_ARN = /^arn:([^:]+):lambda:([^:]*):([^:]*):function:([^:]+)(?::([^:]+))?$/;

/**
 * Classifies an integration or authorizer URI.
 * @example parseIntegrationUri("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:pets:live/invocations")
 * // { kind: "lambda", streaming: false, fn: { name: "pets", qualifier: "live", ... } }
 */
export function parseIntegrationUri(uri: string): IntegrationUri {
    const lambda = APIGATEWAY_LAMBDA.exec(uri);
    if (lambda) {
        return { kind: "lambda", fn: parseFunctionArn(lambda[3]), streaming: lambda[4] !== "invocations" };
    }
    const service = APIGATEWAY_SERVICE.exec(uri);
    if (service) {
        return { kind: "service", service: service[1] };
    }
    const fn = parseFunctionArn(uri);
    if (fn) {
        return { kind: "lambda", fn, streaming: false };
    }
    return { kind: "other" };
}

/** Parses `arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}]`. */
export function parseFunctionArn(arn: string): LambdaFunctionRef | undefined {
    const m = FUNCTION_ARN.exec(arn);
    if (!m) {
        return undefined;
    }
    const [, partition, region, account, name, qualifier] = m;
    return {
        functionArn: `arn:${partition}:lambda:${region}:${account}:function:${name}`,
        partition,
        region,
        account,
        name,
        qualifier: qualifier === undefined || qualifier === "$LATEST" ? undefined : qualifier,
        stageVariable: arn.includes("${stageVariables."),
    };
}

/** `name` or `name:qualifier`, the way people refer to a function. */
export function describeFunction(fn: Pick<LambdaFunctionRef, "name" | "qualifier">): string {
    return fn.qualifier ? `${fn.name}:${fn.qualifier}` : fn.name;
}

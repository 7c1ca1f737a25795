/**
 * How big a Lambda resource policy is, counted the way Lambda stores it (AWS.md, "Resource-policy
 * size"): the compact JSON document GetPolicy returns, limited to 20480 bytes per function and
 * qualifier ("The final policy size (N) is bigger than the limit (20480)").
 */

export const POLICY_LIMIT_BYTES = 20480;

/**
 * Upper bounds for values that are not known when the plan is made (a preview's computed ARNs):
 * the longest partition (`aws-us-gov`, 10) and region names (`ap-southeast-5`, 14), 12-digit
 * accounts, 10-character API ids, 64-character function names and 128-character aliases.
 */
export const MAX_PARTITION = 10;
export const MAX_REGION = 14;
export const MAX_EXECUTION_ARN_BYTES = "arn::execute-api:::".length + MAX_PARTITION + MAX_REGION + 12 + 10;
export const MAX_FUNCTION_ARN_BYTES = "arn::lambda:::function:".length + MAX_PARTITION + MAX_REGION + 12 + 64;
export const MAX_QUALIFIER_BYTES = 128;
export const MAX_AUTHORIZER_ID_BYTES = 10;

/** One API Gateway statement as Lambda stores it (key order as GetPolicy returns it). */
export function apiGatewayStatement(sid: string, functionArn: string, sourceArn: string): object {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { Service: "apigateway.amazonaws.com" },
        Action: "lambda:InvokeFunction",
        Resource: functionArn,
        Condition: { ArnLike: { "AWS:SourceArn": sourceArn } },
    };
}

/** The whole resource policy document holding `statements`. */
export function policyDocument(statements: object[]): { Version: string; Id: string; Statement: object[] } {
    return { Version: "2012-10-17", Id: "default", Statement: statements };
}

/** Bytes of the stored policy document holding `statements`. */
export function policyBytes(statements: object[]): number {
    return Buffer.byteLength(JSON.stringify(policyDocument(statements)), "utf8");
}

/** Bytes one more statement adds to a document (its JSON plus the separating comma). */
export function statementBytes(statement: object): number {
    return Buffer.byteLength(JSON.stringify(statement), "utf8") + 1;
}

/** Bytes of a statement whose ARNs are only known by length: exact for ASCII ARNs of that length. */
export function estimatedStatementBytes(sid: string, functionArnBytes: number, sourceArnBytes: number): number {
    return statementBytes(apiGatewayStatement(sid, "a".repeat(functionArnBytes), "a".repeat(sourceArnBytes)));
}

/**
 * The resource policies Lambda would hold after the recorded permissions are created, and their
 * evaluation by an independent IAM evaluator (@cloud-copilot/iam-simulate, AGPL-3.0: a test-only
 * devDependency, never shipped), not by this project's own ArnLike code.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import { apiGatewayStatement, policyBytes, policyDocument } from "../../core/policySize";
import { PERMISSION, ofType } from "./fixtures";
import { RecordedResource } from "./record";

/** One resource policy: a (function, qualifier) pair and its statements as Lambda stores them. */
export interface ResourcePolicy {
    /** The ARN a request invokes: the function ARN, with `:qualifier` when there is one. */
    resourceArn: string;
    statements: object[];
}

/** The policies the recorded `aws.lambda.Permission` resources make, keyed by resourceArn. */
export function resourcePolicies(resources: readonly RecordedResource[]): Map<string, ResourcePolicy> {
    const policies = new Map<string, ResourcePolicy>();
    for (const p of ofType(resources, PERMISSION)) {
        const o = p.outputs as Record<string, string | undefined>;
        if (o.principal !== "apigateway.amazonaws.com" || o.action !== "lambda:InvokeFunction") {
            throw new Error(`permission ${p.name} is not an API Gateway invoke permission`);
        }
        const resourceArn = o.qualifier ? `${o.function}:${o.qualifier}` : String(o.function);
        const policy = policies.get(resourceArn) ?? { resourceArn, statements: [] };
        policy.statements.push(apiGatewayStatement(String(o.statementId), resourceArn, String(o.sourceArn)));
        policies.set(resourceArn, policy);
    }
    return policies;
}

/** Bytes of the stored policy document. */
export function storedBytes(policy: ResourcePolicy): number {
    return policyBytes(policy.statements);
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

/** Does `policy` let API Gateway invoke its function when it sends `sourceArn`? */
export async function evaluate(policy: ResourcePolicy, sourceArn: string): Promise<Decision> {
    const account = policy.resourceArn.split(":")[4];
    const response = await runSimulation(
        {
            identityPolicies: [],
            serviceControlPolicies: [],
            resourceControlPolicies: [],
            resourcePolicy: policyDocument(policy.statements),
            request: {
                principal: "apigateway.amazonaws.com",
                action: "lambda:InvokeFunction",
                resource: { resource: policy.resourceArn, accountId: account },
                contextVariables: { "aws:SourceArn": sourceArn },
            },
        } as Parameters<typeof runSimulation>[0],
        {},
    );
    if (response.resultType !== "single") {
        throw new Error(`iam-simulate could not evaluate ${sourceArn} on ${policy.resourceArn}: ${JSON.stringify(response)}`);
    }
    return response.overallResult as Decision;
}

/**
 * Fake pack results for report tests that must not depend on the policy pack: Diagnostics whose
 * messages are written with core/finding.ts, and an AnalyzerInfo like the pack's.
 */
import { formatFinding, type FindingText } from "../../core/finding";
import type { EnforcementLevel } from "../../engine/protocol";
import type { AnalyzerInfo, Diagnostic, PolicyInfo } from "../../engine/types";

export const INVOKE = "lambda-invoke-via-resource-policy";
export const FOR_ROUTE = "lambda-permission-for-route";

const DESCRIPTIONS: Record<string, string> = {
    [INVOKE]: "API Gateway invokes Lambda through a resource policy, not an IAM role.",
    [FOR_ROUTE]: "Every route that invokes Lambda has a permission that lets its API in.",
};

export function policyInfo(name: string, enforcementLevel: EnforcementLevel = "mandatory"): PolicyInfo {
    return {
        name,
        displayName: name.replace(/-/g, " "),
        description: DESCRIPTIONS[name] ?? name,
        enforcementLevel,
        severity: "high",
        policyType: "stack",
        configSchema: { properties: { fleetThreshold: { type: "integer", minimum: 0, default: 100 } } },
        remediationSteps: "Remove the credentials and add a scoped aws.lambda.Permission.",
        url: `https://example.com/docs#${name}`,
        tags: ["aws", "lambda"],
    };
}

export function analyzerInfo(policies: PolicyInfo[] = [policyInfo(INVOKE), policyInfo(FOR_ROUTE, "advisory")]): AnalyzerInfo {
    return {
        name: "apigw-lambda-guard",
        version: "0.1.0",
        displayName: "fake",
        description: "fake",
        readme: "",
        provider: "aws",
        tags: [],
        repository: "",
        policies,
        initialConfig: {},
    };
}

/** A diagnostic as @pulumi/policy sends it: the description, a newline, then the finding. */
export function diagnostic(policy: string, urn: string | undefined, finding: FindingText, level: EnforcementLevel = "mandatory"): Diagnostic {
    const description = DESCRIPTIONS[policy] ?? policy;
    return {
        policyName: policy,
        policyPackName: "apigw-lambda-guard",
        policyPackVersion: "0.1.0",
        description,
        message: `${description}\n${formatFinding(finding)}`,
        urn,
        enforcementLevel: level,
        severity: "high",
        phase: "analyzeStack",
    };
}

export const urnOf = (type: string, name: string, stack = "dev", project = "pets-api") => `urn:pulumi:${stack}::${project}::${type}::${name}`;

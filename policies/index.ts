/**
 * The policy pack's entry point (package.json `main`, compiled to dist/policies/index.js).
 * Constructing the PolicyPack starts the gRPC server and prints its port as the first stdout
 * line, so nothing here may write to stdout.
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";
import { POLICY_DOCS_URL } from "./meta";

new PolicyPack("apigw-lambda-guard", {
    displayName: "API Gateway -> Lambda: resource policies, not roles",
    description:
        "Finds API Gateway integrations and Lambda authorizers that invoke Lambda through an IAM role (an STS AssumeRole " +
        "on every request) and Lambda permissions that are missing, misplaced or not scoped to the calling API.",
    readme: `Policies for API Gateway (REST, HTTP, WebSocket) invoking AWS Lambda. Documentation and every config option: ${POLICY_DOCS_URL}`,
    provider: "aws",
    tags: ["aws", "apigateway", "lambda", "security", "latency"],
    repository: "https://github.com/apigw-lambda-guard/apigw-lambda-guard",
    policies,
});

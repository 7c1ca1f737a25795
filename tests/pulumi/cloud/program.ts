/**
 * The stack program the Cloud tests deploy: an HTTP API with two Lambda functions.
 *
 * - `broken`: both routes invoke their function through an IAM role (one STS AssumeRole per
 *   request), and a permission lets any API in any account invoke `reports`. The pack reports the
 *   `orders` integration (mandatory), the `reports` integration (exempted by the group config:
 *   advisory, with the reason) and the unscoped permission.
 * - `fixed`: no role; each function has a permission scoped to this API (what the pack asks for).
 *
 * Written as a YAML program; the aws provider is the stand-in (tests/pulumi/aws-standin), named in
 * `plugins.providers`.
 */
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { STANDIN_AWS_DIR } from "../cli";

export const PROJECT = "cloud-shop";
/** The function the default group's config exempts (by logical name: names are unknown at a first preview). */
export const EXEMPTED_FUNCTION = "reports";

const assumeBy = (service: string) => ({
    "fn::toJSON": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }] },
});

function resources(variant: "broken" | "fixed"): Record<string, unknown> {
    const fns = ["orders", EXEMPTED_FUNCTION];
    const out: Record<string, unknown> = {
        exec: { type: "aws:iam:Role", properties: { assumeRolePolicy: assumeBy("lambda.amazonaws.com") } },
        api: { type: "aws:apigatewayv2:Api", properties: { protocolType: "HTTP" } },
    };
    if (variant === "broken") {
        out.invoker = { type: "aws:iam:Role", properties: { assumeRolePolicy: assumeBy("apigateway.amazonaws.com") } };
        out.invoke = {
            type: "aws:iam:RolePolicy",
            properties: {
                role: "${invoker.name}",
                policy: { "fn::toJSON": { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: fns.map((f) => `\${${f}.arn}`) }] } },
            },
        };
        out.anyApi = {
            type: "aws:lambda:Permission",
            properties: { action: "lambda:InvokeFunction", function: `\${${EXEMPTED_FUNCTION}.name}`, principal: "apigateway.amazonaws.com", sourceArn: "arn:aws:execute-api:*:*:*" },
        };
    }
    for (const fn of fns) {
        out[fn] = { type: "aws:lambda:Function", properties: { role: "${exec.arn}", runtime: "nodejs20.x", handler: "index.handler" } };
        out[`${fn}Integration`] = {
            type: "aws:apigatewayv2:Integration",
            properties: {
                apiId: "${api.id}",
                integrationType: "AWS_PROXY",
                integrationUri: `\${${fn}.invokeArn}`,
                payloadFormatVersion: "2.0",
                ...(variant === "broken" ? { credentialsArn: "${invoker.arn}" } : {}),
            },
        };
        out[`${fn}Route`] = { type: "aws:apigatewayv2:Route", properties: { apiId: "${api.id}", routeKey: `GET /${fn}`, target: `integrations/\${${fn}Integration.id}` } };
        if (variant === "fixed") {
            out[`${fn}Permission`] = {
                type: "aws:lambda:Permission",
                properties: { action: "lambda:InvokeFunction", function: `\${${fn}.name}`, principal: "apigateway.amazonaws.com", sourceArn: "${api.executionArn}/*/*" },
            };
        }
    }
    return out;
}

/** Writes (or rewrites) the program in `dir`. */
export function writeProgram(dir: string, variant: "broken" | "fixed"): void {
    fs.mkdirSync(dir, { recursive: true });
    const doc = {
        name: PROJECT,
        runtime: "yaml",
        description: "An HTTP API with two Lambda functions (apigw-lambda-guard's Pulumi Cloud tests).",
        plugins: { providers: [{ name: "aws", path: STANDIN_AWS_DIR }] },
        resources: resources(variant),
    };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(doc));
}

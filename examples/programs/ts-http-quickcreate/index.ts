import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const role = new aws.iam.Role("hello-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }],
    }),
});
new aws.iam.RolePolicyAttachment("hello-logs", {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
});
const hello = new aws.lambda.Function("hello", {
    runtime: aws.lambda.Runtime.NodeJS20dX,
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: 'hello' });"),
    }),
});

// Quick create: one API, a $default route and stage, and the integration, from `target`.
const api = new aws.apigatewayv2.Api("hello-api", { protocolType: "HTTP", target: hello.invokeArn });
new aws.lambda.Permission("hello-invoke", {
    action: "lambda:InvokeFunction",
    function: hello.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/*`,
});

export const url = api.apiEndpoint;

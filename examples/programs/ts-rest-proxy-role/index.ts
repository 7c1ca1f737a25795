import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const current = aws.getCallerIdentityOutput();
const region = aws.getRegionOutput();

const lambdaRole = new aws.iam.Role("backend-exec", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }],
    }),
});
const backend = new aws.lambda.Function("backend", {
    runtime: aws.lambda.Runtime.NodeJS20dX,
    handler: "index.handler",
    role: lambdaRole.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler = async (e) => ({ statusCode: 200, body: e.path });"),
    }),
});

// The role API Gateway assumes to call the function.
const apiRole = new aws.iam.Role("apigw-invoke", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" } }],
    }),
});
new aws.iam.RolePolicyAttachment("apigw-invoke-lambda", {
    role: apiRole.name,
    policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaRole",
});

const api = new aws.apigateway.RestApi("proxy-api", {
    description: pulumi.interpolate`Proxy API in ${region.name} for account ${current.accountId}`,
});
const proxy = new aws.apigateway.Resource("proxy", { restApi: api.id, parentId: api.rootResourceId, pathPart: "{proxy+}" });
const anyMethod = new aws.apigateway.Method("proxy-any", {
    restApi: api.id,
    resourceId: proxy.id,
    httpMethod: "ANY",
    authorization: "NONE",
});
const integration = new aws.apigateway.Integration("proxy-lambda", {
    restApi: api.id,
    resourceId: proxy.id,
    httpMethod: anyMethod.httpMethod,
    integrationHttpMethod: "POST",
    type: "AWS_PROXY",
    uri: backend.invokeArn,
    credentials: apiRole.arn,
});
const deployment = new aws.apigateway.Deployment("proxy-api", {
    restApi: api.id,
    triggers: { redeployment: integration.id },
}, { dependsOn: [integration] });
const stage = new aws.apigateway.Stage("v1", { restApi: api.id, deployment: deployment.id, stageName: "v1" });

export const invokeUrl = stage.invokeUrl;

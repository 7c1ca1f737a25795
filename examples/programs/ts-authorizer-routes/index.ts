import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const code = new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: 'ok' });"),
});
const lambdaRole = new aws.iam.Role("exec", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
});
const pets = new aws.lambda.Function("pets", { runtime: "nodejs20.x", handler: "index.handler", role: lambdaRole.arn, code });
const auth = new aws.lambda.Function("auth", { runtime: "nodejs20.x", handler: "index.handler", role: lambdaRole.arn, code });

// The role API Gateway assumes to call the authorizer: one STS AssumeRole per request, on every route.
const invoker = new aws.iam.Role("auth-invoker", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "apigateway.amazonaws.com" }),
});
new aws.iam.RolePolicy("invoke-auth", {
    role: invoker.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: auth.arn }],
    }),
});

const api = new aws.apigateway.RestApi("shop", {});
const authorizer = new aws.apigateway.Authorizer("token", {
    restApi: api.id,
    type: "TOKEN",
    authorizerUri: auth.invokeArn,
    authorizerCredentials: invoker.arn,
});

// Ten routes, each guarded by the authorizer; the integrations invoke through scoped permissions.
const integrations: aws.apigateway.Integration[] = [];
for (let i = 0; i < 10; i++) {
    const resource = new aws.apigateway.Resource(`r${i}`, { restApi: api.id, parentId: api.rootResourceId, pathPart: `r${i}` });
    const method = new aws.apigateway.Method(`r${i}`, {
        restApi: api.id,
        resourceId: resource.id,
        httpMethod: "GET",
        authorization: "CUSTOM",
        authorizerId: authorizer.id,
    });
    integrations.push(new aws.apigateway.Integration(`r${i}`, {
        restApi: api.id,
        resourceId: resource.id,
        httpMethod: method.httpMethod,
        type: "AWS_PROXY",
        integrationHttpMethod: "POST",
        uri: pets.invokeArn,
    }));
    new aws.lambda.Permission(`r${i}`, {
        action: "lambda:InvokeFunction",
        function: pets.name,
        principal: "apigateway.amazonaws.com",
        sourceArn: pulumi.interpolate`${api.executionArn}/*/GET/r${i}`,
    });
}
const deployment = new aws.apigateway.Deployment("shop", { restApi: api.id }, { dependsOn: integrations });
new aws.apigateway.Stage("prod", { restApi: api.id, deployment: deployment.id, stageName: "prod" });

export const restId = api.id;

import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const code = new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: 'ok' });"),
});
const lambdaRole = new aws.iam.Role("exec", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" }),
});
const orders = new aws.lambda.Function("orders", { runtime: "nodejs20.x", handler: "index.handler", role: lambdaRole.arn, code });
const auth = new aws.lambda.Function("auth", { runtime: "nodejs20.x", handler: "index.handler", role: lambdaRole.arn, code });

// The role API Gateway assumes to call the functions: one STS AssumeRole per request.
const invoker = new aws.iam.Role("invoker", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "apigateway.amazonaws.com" }),
});
new aws.iam.RolePolicy("invoke", {
    role: invoker.id,
    policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: [orders.arn, auth.arn] }],
    }),
});

// REST: GET /orders behind a TOKEN authorizer, both through the role.
const rest = new aws.apigateway.RestApi("shop", {});
const ordersPath = new aws.apigateway.Resource("orders", { restApi: rest.id, parentId: rest.rootResourceId, pathPart: "orders" });
const authorizer = new aws.apigateway.Authorizer("token", {
    restApi: rest.id,
    type: "TOKEN",
    authorizerUri: auth.invokeArn,
    authorizerCredentials: invoker.arn,
});
const method = new aws.apigateway.Method("getOrders", {
    restApi: rest.id,
    resourceId: ordersPath.id,
    httpMethod: "GET",
    authorization: "CUSTOM",
    authorizerId: authorizer.id,
});
const integration = new aws.apigateway.Integration("getOrders", {
    restApi: rest.id,
    resourceId: ordersPath.id,
    httpMethod: method.httpMethod,
    type: "AWS_PROXY",
    integrationHttpMethod: "POST",
    uri: orders.invokeArn,
    credentials: invoker.arn,
});
const deployment = new aws.apigateway.Deployment("shop", { restApi: rest.id }, { dependsOn: [integration] });
new aws.apigateway.Stage("prod", { restApi: rest.id, deployment: deployment.id, stageName: "prod" });

// HTTP: GET /orders through the role.
const http = new aws.apigatewayv2.Api("shop-http", { protocolType: "HTTP" });
const httpIntegration = new aws.apigatewayv2.Integration("orders", {
    apiId: http.id,
    integrationType: "AWS_PROXY",
    integrationUri: orders.invokeArn,
    payloadFormatVersion: "2.0",
    credentialsArn: invoker.arn,
});
new aws.apigatewayv2.Route("orders", { apiId: http.id, routeKey: "GET /orders", target: pulumi.interpolate`integrations/${httpIntegration.id}` });
new aws.apigatewayv2.Stage("default", { apiId: http.id, name: "$default", autoDeploy: true });

// A permission that lets any API Gateway API, in any account, invoke the function.
new aws.lambda.Permission("anyApi", {
    action: "lambda:InvokeFunction",
    function: orders.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: "arn:aws:execute-api:*:*:*",
});

export const restId = rest.id;
export const httpEndpoint = http.apiEndpoint;

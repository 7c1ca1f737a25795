import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

const queue = new aws.sqs.Queue("orders");
const bus = new aws.cloudwatch.EventBus("shop-events");

const integrationRole = new aws.iam.Role("apigw-services", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" } }],
    }),
});
const servicesPolicy = aws.iam.getPolicyDocumentOutput({
    statements: [
        { actions: ["sqs:SendMessage"], resources: [queue.arn] },
        { actions: ["events:PutEvents"], resources: [bus.arn] },
    ],
});
new aws.iam.RolePolicy("apigw-services", { role: integrationRole.id, policy: servicesPolicy.json });

const lambdaRole = new aws.iam.Role("status-exec", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" } }],
    }),
});
const status = new aws.lambda.Function("status", {
    runtime: aws.lambda.Runtime.NodeJS20dX,
    handler: "index.handler",
    role: lambdaRole.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: 'up' });"),
    }),
});

const api = new aws.apigatewayv2.Api("shop", { protocolType: "HTTP" });

const toQueue = new aws.apigatewayv2.Integration("orders-to-sqs", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationSubtype: "SQS-SendMessage",
    credentialsArn: integrationRole.arn,
    requestParameters: { QueueUrl: queue.url, MessageBody: "$request.body" },
});
new aws.apigatewayv2.Route("post-orders", { apiId: api.id, routeKey: "POST /orders", target: pulumi.interpolate`integrations/${toQueue.id}` });

const toBus = new aws.apigatewayv2.Integration("events-to-bus", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationSubtype: "EventBridge-PutEvents",
    credentialsArn: integrationRole.arn,
    requestParameters: {
        EventBusName: bus.name,
        Source: "shop.api",
        DetailType: "OrderEvent",
        Detail: "$request.body",
    },
});
new aws.apigatewayv2.Route("post-events", { apiId: api.id, routeKey: "POST /events", target: pulumi.interpolate`integrations/${toBus.id}` });

const toStatus = new aws.apigatewayv2.Integration("status", {
    apiId: api.id,
    integrationType: "AWS_PROXY",
    integrationUri: status.invokeArn,
    payloadFormatVersion: "2.0",
});
new aws.apigatewayv2.Route("get-status", { apiId: api.id, routeKey: "GET /status", target: pulumi.interpolate`integrations/${toStatus.id}` });
new aws.lambda.Permission("status-invoke", {
    action: "lambda:InvokeFunction",
    function: status.name,
    principal: "apigateway.amazonaws.com",
    sourceArn: pulumi.interpolate`${api.executionArn}/*/GET/status`,
});
new aws.apigatewayv2.Stage("default", { apiId: api.id, name: "$default", autoDeploy: true });

export const endpoint = api.apiEndpoint;

"""An HTTP API whose routes invoke Lambda through scoped resource policies (the README's Python example)."""
import json

import pulumi
import pulumi_aws as aws
import pulumi_apigw_lambda_guard as guard

exec_role = aws.iam.Role("exec", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))
def function(name):
    return aws.lambda_.Function(name, role=exec_role.arn, runtime="nodejs20.x", handler="index.handler",
                                code=pulumi.FileArchive("./app"))


pets = function("pets")
connect = function("connect")
token_authorizer = function("token-authorizer")

api = guard.LambdaHttpApi("shop",
    routes=[
        guard.HttpRouteArgs(route_key="GET /pets/{petId}", function=pets),
        guard.HttpRouteArgs(route_key="$default",
                            function_arn="arn:aws:lambda:us-east-1:123456789012:function:fallback:live"),
    ])
pulumi.export("url", api.invoke_url)
pulumi.export("permissions", api.permissions)

chat = guard.LambdaWebSocketApi("chat",
    routes=[
        guard.WebSocketRouteArgs(route_key="$connect", function=connect),
        guard.WebSocketRouteArgs(route_key="sendMessage",
                                 function_arn="arn:aws:lambda:us-east-1:123456789012:function:messages:live"),
    ],
    authorizer=guard.WebSocketAuthorizerArgs(name="token", function=token_authorizer,
                                             identity_sources=["route.request.querystring.token"]))
pulumi.export("chat_url", chat.invoke_url)

"""An HTTP API whose routes invoke Lambda through scoped resource policies (the README's Python example)."""
import json

import pulumi
import pulumi_aws as aws
import pulumi_apigw_lambda_guard as guard

exec_role = aws.iam.Role("exec", assume_role_policy=json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}],
}))
pets = aws.lambda_.Function("pets", role=exec_role.arn, runtime="nodejs20.x", handler="index.handler",
                            code=pulumi.FileArchive("./app"))

api = guard.LambdaHttpApi("shop",
    routes=[
        guard.HttpRouteArgs(route_key="GET /pets/{petId}", function=pets),
        guard.HttpRouteArgs(route_key="$default",
                            function_arn="arn:aws:lambda:us-east-1:123456789012:function:fallback:live"),
    ])
pulumi.export("url", api.invoke_url)
pulumi.export("permissions", api.permissions)

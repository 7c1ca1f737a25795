// The README's Go example: the components through the Go SDK that `pulumi package add` generates
// from the component provider's schema. The README's block is the body below, from `api, err :=`
// on (tests/docs/readmeExamples.test.ts checks it); tests/pulumi builds, vets and runs it.
package main

import (
	"example.com/pulumi-apigw-lambda-guard/sdk/go/apigwlambdaguard"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

const assumeRole = `{
	"Version": "2012-10-17",
	"Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]
}`

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		exec, err := iam.NewRole(ctx, "exec", &iam.RoleArgs{AssumeRolePolicy: pulumi.String(assumeRole)})
		if err != nil {
			return err
		}
		function := func(name string) (*lambda.Function, error) {
			return lambda.NewFunction(ctx, name, &lambda.FunctionArgs{
				Role:    exec.Arn,
				Runtime: pulumi.String("nodejs20.x"),
				Handler: pulumi.String("index.handler"),
				Code: pulumi.NewAssetArchive(map[string]interface{}{
					"index.js": pulumi.NewStringAsset("exports.handler = async () => ({ statusCode: 200 });"),
				}),
			})
		}
		pets, err := function("pets")
		if err != nil {
			return err
		}
		connect, err := function("connect")
		if err != nil {
			return err
		}
		tokenAuthorizer, err := function("token-authorizer")
		if err != nil {
			return err
		}

		api, err := apigwlambdaguard.NewLambdaRestApi(ctx, "shop", &apigwlambdaguard.LambdaRestApiArgs{
			Routes: []apigwlambdaguard.RestRouteArgs{
				{Method: pulumi.StringRef("GET"), Path: "/pets/{petId}", Function: pets},
			},
			Stages: []string{"prod"},
		})
		if err != nil {
			return err
		}
		ctx.Export("url", api.InvokeUrl)

		chat, err := apigwlambdaguard.NewLambdaWebSocketApi(ctx, "chat", &apigwlambdaguard.LambdaWebSocketApiArgs{
			Routes: []apigwlambdaguard.WebSocketRouteArgs{
				{RouteKey: "$connect", Function: connect},
				{RouteKey: "sendMessage", FunctionArn: pulumi.String("arn:aws:lambda:us-east-1:123456789012:function:messages:live")},
			},
			Authorizer: &apigwlambdaguard.WebSocketAuthorizerArgs{
				Name:            "token",
				Function:        tokenAuthorizer,
				IdentitySources: []string{"route.request.querystring.token"},
			},
		})
		if err != nil {
			return err
		}
		ctx.Export("chatUrl", chat.InvokeUrl)
		return nil
	})
}

package main

import (
	"example.com/pulumi-apigw-lambda-guard/sdk/go/apigw-lambda-guard"
	"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/lambda"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		pets, err := lambda.NewFunction(ctx, "pets", &lambda.FunctionArgs{Role: pulumi.String("arn:aws:iam::123456789012:role/exec")})
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
		return nil
	})
}

// A Pulumi program that imports the components from the library entry. `npm ls @pulumi/pulumi`
// here shows one copy: the package takes @pulumi/pulumi and @pulumi/aws as peer dependencies.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaHttpApi, PermissionInfo } from "apigw-lambda-guard";
import { LambdaRestApi } from "apigw-lambda-guard/components";

const role = new aws.iam.Role("pets", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const pets = new aws.lambda.Function("pets", {
    runtime: "nodejs20.x",
    handler: "index.handler",
    role: role.arn,
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200, body: 'pets' });"),
    }),
});

// Two same-named APIs on one function: their permissions get distinct statement ids.
const http = new LambdaHttpApi("shop", { routes: [{ routeKey: "GET /pets/{petId}", function: pets }] });
const rest = new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets/{petId}", function: pets }] });

export const httpUrl = http.invokeUrl;
export const restUrl = rest.invokeUrl;
export const permissions: pulumi.Output<PermissionInfo[]> = http.permissions;

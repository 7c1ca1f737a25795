"use strict";
/**
 * Which property changes replace a resource (Terraform's ForceNew), and which replacements delete
 * first, for the types the project's programs use. Property names are Pulumi's.
 *
 * Sources: hashicorp/terraform-provider-aws internal/service/... schemas (apigatewayv2 api.go,
 * integration.go, route.go, stage.go, authorizer.go; apigateway resource.go, deployment.go), read
 * for this table; the rest of the apigateway, lambda and iam entries are the same provider's
 * documented ForceNew arguments ("Changing this forces a new resource"). `deleteBeforeReplace`
 * comes from pulumi-aws provider/resource_overrides.go (aws_api_gateway_integration and the
 * policy attachments).
 *
 * Types not listed here: `region` (every v7 resource has it) and the autonamed property (most AWS
 * names cannot be changed in place) replace; any other change is an update. That is a rule of
 * thumb, not the real provider's schema.
 */
const { autonameRule } = require("./naming");

/** Every argument of aws_lambda_permission is ForceNew. */
const ALL = "*";

const TABLE = {
    "aws:lambda/function:Function": { forceNew: ["name", "packageType"] },
    "aws:lambda/permission:Permission": { forceNew: ALL },
    "aws:iam/role:Role": { forceNew: ["name", "namePrefix", "path"] },
    "aws:iam/rolePolicy:RolePolicy": { forceNew: ["name", "namePrefix", "role"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { forceNew: ["role", "policyArn"], deleteBeforeReplace: true },
    "aws:iam/policyAttachment:PolicyAttachment": { forceNew: ["name"], deleteBeforeReplace: true },
    "aws:apigatewayv2/api:Api": { forceNew: ["protocolType", "routeKey", "target", "credentialsArn"] },
    "aws:apigatewayv2/integration:Integration": { forceNew: ["apiId", "integrationType", "integrationSubtype"] },
    "aws:apigatewayv2/route:Route": { forceNew: ["apiId"] },
    "aws:apigatewayv2/stage:Stage": { forceNew: ["apiId", "name"] },
    "aws:apigatewayv2/authorizer:Authorizer": { forceNew: ["apiId"] },
    "aws:apigateway/restApi:RestApi": { forceNew: [] },
    "aws:apigateway/resource:Resource": { forceNew: ["restApi"] },
    "aws:apigateway/method:Method": { forceNew: ["restApi", "resourceId", "httpMethod"] },
    "aws:apigateway/integration:Integration": { forceNew: ["restApi", "resourceId", "httpMethod"], deleteBeforeReplace: true },
    "aws:apigateway/authorizer:Authorizer": { forceNew: ["restApi"] },
    "aws:apigateway/deployment:Deployment": { forceNew: ["restApi", "triggers", "variables"] },
    "aws:apigateway/stage:Stage": { forceNew: ["restApi", "stageName"] },
};

/** True when changing `key` of a `token` resource replaces it. */
function forcesNew(token, key) {
    if (key === "region") return true;
    const entry = TABLE[token];
    if (entry) return entry.forceNew === ALL || entry.forceNew.includes(key);
    return autonameRule(token)?.prop === key;
}

/** The ForceNew properties among `keys` (for the DiffResponse's `stables`). */
function forceNewKeys(token, keys) {
    return keys.filter((k) => forcesNew(token, k));
}

function alwaysDeletesFirst(token) {
    return TABLE[token]?.deleteBeforeReplace === true;
}

module.exports = { forcesNew, forceNewKeys, alwaysDeletesFirst };

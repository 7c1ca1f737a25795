"use strict";
/**
 * The part of the aws package schema that the end-to-end programs and the generated SDKs use.
 *
 * The real aws provider plugin cannot be had on these machines, so the stand-in provider serves
 * this schema. Property names and types follow @pulumi/aws v7 (the same tokens as AWS.md lists);
 * `out` lists the properties the provider computes (unknown at preview unless set as inputs).
 */

/**
 * The version it reports, and serves the schema as. Schemas that reference aws types name the
 * version of the @pulumi/aws they were built against (`/aws/v7.48.0/schema.json#/...`), and the
 * engine asks for exactly that one: PULUMI_AWS_STANDIN_VERSION, or the installed @pulumi/aws's.
 */
const VERSION = process.env.PULUMI_AWS_STANDIN_VERSION || require("@pulumi/aws/package.json").version;

const s = { type: "string" };
const b = { type: "boolean" };
const strings = { type: "array", items: s };
const stringMap = { type: "object", additionalProperties: s };

/** token -> { in: inputs, out: computed outputs, required: required inputs } */
const RESOURCES = {
    "aws:iam/role:Role": {
        in: { name: s, assumeRolePolicy: s, managedPolicyArns: strings, tags: stringMap, path: s },
        out: { arn: s, uniqueId: s },
        required: ["assumeRolePolicy"],
    },
    "aws:iam/rolePolicy:RolePolicy": {
        in: { name: s, role: s, policy: s },
        out: {},
        required: ["role", "policy"],
    },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
        in: { role: s, policyArn: s },
        out: {},
        required: ["role", "policyArn"],
    },
    "aws:lambda/function:Function": {
        in: {
            name: s, role: s, runtime: s, handler: s, publish: b, tags: stringMap,
            code: { $ref: "pulumi.json#/Archive" },
        },
        out: { arn: s, invokeArn: s, qualifiedArn: s, qualifiedInvokeArn: s, version: s },
        required: ["role"],
    },
    "aws:lambda/permission:Permission": {
        in: {
            action: s, function: s, principal: s, sourceArn: s, sourceAccount: s, qualifier: s,
            statementId: s,
        },
        out: {},
        required: ["action", "function", "principal"],
    },
    "aws:apigatewayv2/api:Api": {
        in: {
            name: s, protocolType: s, body: s, target: s, credentialsArn: s, routeKey: s,
            routeSelectionExpression: s, tags: stringMap,
        },
        out: { arn: s, executionArn: s, apiEndpoint: s },
        required: ["protocolType"],
    },
    "aws:apigatewayv2/integration:Integration": {
        in: {
            apiId: s, integrationType: s, integrationSubtype: s, integrationUri: s,
            integrationMethod: s, credentialsArn: s, payloadFormatVersion: s,
        },
        out: {},
        required: ["apiId", "integrationType"],
    },
    "aws:apigatewayv2/route:Route": {
        in: { apiId: s, routeKey: s, target: s, authorizationType: s, authorizerId: s },
        out: {},
        required: ["apiId", "routeKey"],
    },
    "aws:apigatewayv2/stage:Stage": {
        in: { apiId: s, name: s, autoDeploy: b, stageVariables: stringMap },
        out: { arn: s, executionArn: s, invokeUrl: s },
        required: ["apiId"],
    },
    "aws:apigatewayv2/authorizer:Authorizer": {
        in: {
            apiId: s, name: s, authorizerType: s, authorizerUri: s, authorizerCredentialsArn: s,
            identitySources: strings, authorizerPayloadFormatVersion: s, enableSimpleResponses: b,
        },
        out: {},
        required: ["apiId", "authorizerType"],
    },
    "aws:apigateway/restApi:RestApi": {
        in: { name: s, body: s, description: s, tags: stringMap },
        out: { arn: s, executionArn: s, rootResourceId: s },
        required: [],
    },
    "aws:apigateway/resource:Resource": {
        in: { restApi: s, parentId: s, pathPart: s },
        out: { path: s },
        required: ["restApi", "parentId", "pathPart"],
    },
    "aws:apigateway/method:Method": {
        in: { restApi: s, resourceId: s, httpMethod: s, authorization: s, authorizerId: s },
        out: {},
        required: ["restApi", "resourceId", "httpMethod", "authorization"],
    },
    "aws:apigateway/integration:Integration": {
        in: {
            restApi: s, resourceId: s, httpMethod: s, type: s, integrationHttpMethod: s, uri: s,
            credentials: s,
        },
        out: {},
        required: ["restApi", "resourceId", "httpMethod", "type"],
    },
    "aws:apigateway/authorizer:Authorizer": {
        in: {
            restApi: s, name: s, type: s, authorizerUri: s, authorizerCredentials: s,
            identitySource: s,
        },
        out: {},
        required: ["restApi"],
    },
    "aws:apigateway/deployment:Deployment": {
        in: { restApi: s, description: s, triggers: stringMap },
        out: { createdDate: s },
        required: ["restApi"],
    },
    "aws:apigateway/stage:Stage": {
        in: { restApi: s, deployment: s, stageName: s, variables: stringMap },
        out: { arn: s, executionArn: s, invokeUrl: s },
        required: ["restApi", "deployment", "stageName"],
    },
};

const obj = (properties, required = []) => ({ type: "object", properties, required });
const ref = (token) => ({ $ref: `#/types/${token}` });
const listOf = (items) => ({ type: "array", items });
const STATEMENT = "aws:iam/getPolicyDocumentStatement:getPolicyDocumentStatement";
const PRINCIPAL = "aws:iam/getPolicyDocumentStatementPrincipal:getPolicyDocumentStatementPrincipal";
const CONDITION = "aws:iam/getPolicyDocumentStatementCondition:getPolicyDocumentStatementCondition";

/** The object types the functions use. */
const TYPES = {
    [STATEMENT]: obj({
        sid: s, effect: s, actions: strings, notActions: strings, resources: strings, notResources: strings,
        principals: listOf(ref(PRINCIPAL)), notPrincipals: listOf(ref(PRINCIPAL)), conditions: listOf(ref(CONDITION)),
    }),
    [PRINCIPAL]: obj({ type: s, identifiers: strings }, ["type", "identifiers"]),
    [CONDITION]: obj({ test: s, variable: s, values: strings }, ["test", "variable", "values"]),
};

/** The invokes the stand-in serves (invokes.js): token -> { inputs, outputs }. */
const FUNCTIONS = {
    "aws:index/getCallerIdentity:getCallerIdentity": {
        inputs: obj({ id: s }),
        outputs: obj({ id: s, accountId: s, arn: s, userId: s }, ["id", "accountId", "arn", "userId"]),
    },
    "aws:index/getRegion:getRegion": {
        inputs: obj({ endpoint: s, id: s, region: s }),
        outputs: obj({ id: s, region: s, name: s, description: s, endpoint: s }, ["id", "region", "name", "description", "endpoint"]),
    },
    "aws:index/getPartition:getPartition": {
        inputs: obj({ id: s }),
        outputs: obj({ id: s, partition: s, dnsSuffix: s, reverseDnsPrefix: s }, ["id", "partition", "dnsSuffix", "reverseDnsPrefix"]),
    },
    "aws:index/getAvailabilityZones:getAvailabilityZones": {
        inputs: obj({ allAvailabilityZones: b, excludeNames: strings, excludeZoneIds: strings, region: s, state: s }),
        outputs: obj({ id: s, region: s, names: strings, zoneIds: strings, groupNames: strings, state: s }, ["id", "region", "names", "zoneIds", "groupNames"]),
    },
    "aws:ssm/getParameter:getParameter": {
        inputs: obj({ name: s, region: s, withDecryption: b }, ["name"]),
        outputs: obj({ id: s, arn: s, name: s, region: s, type: s, value: s, insecureValue: s, version: { type: "integer" }, withDecryption: b },
            ["id", "arn", "name", "region", "type", "value", "insecureValue", "version"]),
    },
    "aws:iam/getPolicyDocument:getPolicyDocument": {
        inputs: obj({ policyId: s, version: s, sourcePolicyDocuments: strings, overridePolicyDocuments: strings, statements: listOf(ref(STATEMENT)) }),
        outputs: obj({ id: s, json: s, minifiedJson: s, policyId: s, version: s, statements: listOf(ref(STATEMENT)) }, ["id", "json", "minifiedJson"]),
    },
};

/** The schema document GetSchema returns. */
function schema() {
    const resources = {};
    for (const [token, r] of Object.entries(RESOURCES)) {
        const properties = { ...r.in, ...r.out };
        resources[token] = {
            description: `${token} (the end-to-end tests' stand-in)`,
            inputProperties: r.in,
            requiredInputs: r.required,
            properties,
            required: Object.keys(r.out),
        };
    }
    return {
        name: "aws",
        displayName: "AWS",
        version: VERSION,
        description: "The part of the aws schema that apigw-lambda-guard's end-to-end tests use.",
        meta: { moduleFormat: "(.*)(?:/[^/]*)" },
        language: {
            nodejs: { packageName: "@pulumi/aws" },
            python: { packageName: "pulumi_aws" },
            go: { importBasePath: "github.com/pulumi/pulumi-aws/sdk/v7/go/aws" },
            csharp: { packageReferences: { Pulumi: "3.*" }, namespaces: {}, rootNamespace: "Pulumi" },
        },
        config: {},
        provider: { description: "The stand-in aws provider.", inputProperties: { region: s }, properties: { region: s } },
        resources,
        types: TYPES,
        functions: FUNCTIONS,
    };
}

module.exports = { VERSION, RESOURCES, schema };

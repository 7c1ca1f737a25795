/**
 * Programs whose OpenAPI body is built from outputs (function and role ARNs), so it is unknown on
 * a first preview: each way of granting an API Gateway role lambda:InvokeFunction, the roles API
 * Gateway assumes for other work (never evidence), and weaker evidence. Each shape says what
 * lambda-invoke-via-resource-policy must report at preview and at update.
 */
import type { Expected } from "../harness/expect";
import { ACCOUNT, REGION, fn } from "../harness/fixtures";
import { Interp, Ref, StackBuilder } from "../harness/stackBuilder";

export interface Shape {
    title: string;
    /**
     * `invocation`: a role-based invocation whose role (granted lambda:InvokeFunction) is created
     * in the stack: the first preview must catch it. `weak`: a role trusted by API Gateway whose
     * permissions the stack does not show: an advisory at preview. `negative`: no role-based
     * invocation of Lambda: no new finding.
     */
    kind: "invocation" | "weak" | "negative";
    build(s: StackBuilder): void;
    config?: Record<string, unknown>;
    expect: { preview: Expected[]; update: Expected[] };
}

export const API_GATEWAY_TRUST = JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
});
const INVOKE_ANY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "lambda:InvokeFunction", Resource: "*" }] });
const AWS_LAMBDA_ROLE = "arn:aws:iam::aws:policy/service-role/AWSLambdaRole";

/** An IAM role trusted by API Gateway (auto-named: name and ARN unknown at preview). */
export function apigwRole(s: StackBuilder, name: string, extra: Record<string, unknown> = {}): void {
    s.add("aws:iam/role:Role", name, {
        inputs: { assumeRolePolicy: API_GATEWAY_TRUST, ...extra },
        computed: { id: `${name}-1a2b3c`, name: `${name}-1a2b3c`, arn: `arn:aws:iam::${ACCOUNT}:role/${name}-1a2b3c`, path: "/" },
    });
}

function json(parts: (string | Ref)[]): Interp {
    return new Interp(parts);
}

/** `uri` of a REST Lambda integration, built on the function's (or alias's) invokeArn. */
function lambdaIntegration(s: StackBuilder, target: string, role?: string): (string | Ref)[] {
    const credentials: (string | Ref)[] = role ? [`,"credentials":"`, s.ref(role, "arn"), `"`] : [];
    return [`{"type":"aws_proxy","httpMethod":"POST","uri":"`, s.ref(target, "invokeArn"), `"`, ...credentials, `}`];
}

/** A REST API whose body has GET /pets integrated with `target`, with `role` as credentials when given. */
export function restBodyApi(s: StackBuilder, name: string, o: { target: string; role?: string; authorizer?: { fn: string; role: string } }): void {
    const security = o.authorizer ? `"security":[{"token":[]}],` : "";
    const schemes: (string | Ref)[] = o.authorizer
        ? [
            `,"components":{"securitySchemes":{"token":{"type":"apiKey","name":"Authorization","in":"header","x-amazon-apigateway-authorizer":{"type":"token","authorizerUri":"`,
            s.ref(o.authorizer.fn, "invokeArn"), `","authorizerCredentials":"`, s.ref(o.authorizer.role, "arn"), `"}}}}`,
        ]
        : [];
    s.add("aws:apigateway/restApi:RestApi", name, {
        inputs: {
            name,
            body: json([`{"openapi":"3.0.1","paths":{"/pets":{"get":{${security}"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, o.target, o.role), `}}}`, ...schemes, `}`]),
        },
        computed: { id: "b0dy000001", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:b0dy000001` },
    });
}

const EXEC = `arn:aws:execute-api:${REGION}:${ACCOUNT}:b0dy000001`;

/** The inferred finding at preview (mandatory, on the API), naming the role, the function and the grant. */
function inferred(role: string, fnText: string, grant: string, resource = "body-api"): Expected {
    return {
        resource,
        level: "mandatory",
        phase: "analyzeStack",
        includes: [`IAM role "${role}" (ARN known after create)`, fnText, "inferred at preview", grant, "Property: body", "checked exactly instead of this inference"],
    };
}

/** The exact finding at update on GET /pets of the body. */
const exactGetPets: Expected = { resource: "body-api", level: "mandatory", includes: ["Route: GET /pets", `sourceArn "${EXEC}/*/GET/pets"`] };
/** A body built from no role that invokes: the once-per-stack notice of the deferred check (severity low). */
const genericAdvisory: Expected = { resource: "(stack)", level: "advisory", severity: "low", includes: ["deferred at this preview", '"body-api" (aws:apigateway/restApi:RestApi) body'] };

export const SHAPES: Shape[] = [
    {
        title: "role with an inline policy (Role.inlinePolicies) granting lambda:InvokeFunction",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker", { inlinePolicies: [{ name: "invoke", policy: INVOKE_ANY }] });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: { preview: [inferred("invoker", 'Lambda function "pets" (name known after create)', 'inline policy "invoke" of the role')], update: [exactGetPets] },
    },
    {
        title: "role granted by an aws.iam.RolePolicy with a literal document",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker");
            s.add("aws:iam/rolePolicy:RolePolicy", "invoke", { inputs: { role: s.ref("invoker", "id"), policy: INVOKE_ANY } });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: { preview: [inferred("invoker", 'Lambda function "pets"', '"invoke" (aws:iam/rolePolicy:RolePolicy)')], update: [exactGetPets] },
    },
    {
        title: "role granted by a RolePolicy whose document is built from the function's ARN (unknown at preview)",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker");
            s.add("aws:iam/rolePolicy:RolePolicy", "invoke", {
                inputs: { role: s.ref("invoker", "id"), policy: json([`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:InvokeFunction","Resource":"`, s.ref("pets", "arn"), `"}]}`]) },
            });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: { preview: [inferred("invoker", 'invokes Lambda function "pets"', 'whose document is built from "pets" (not known yet)')], update: [exactGetPets] },
    },
    {
        title: "role with AWSLambdaRole attached by an aws.iam.RolePolicyAttachment",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker");
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "invoke", { inputs: { role: s.ref("invoker", "name"), policyArn: AWS_LAMBDA_ROLE } });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: { preview: [inferred("invoker", 'Lambda function "pets"', `managed policy "${AWS_LAMBDA_ROLE}" (attached by "invoke"`)], update: [exactGetPets] },
    },
    {
        title: "role with AWSLambdaRole in managedPolicyArns",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker", { managedPolicyArns: [AWS_LAMBDA_ROLE] });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: { preview: [inferred("invoker", 'Lambda function "pets"', "(managedPolicyArns of the role)")], update: [exactGetPets] },
    },
    {
        title: "role with a customer aws.iam.Policy of the stack (granting lambda:InvokeFunction) attached",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker");
            s.add("aws:iam/policy:Policy", "invoke-policy", { inputs: { policy: INVOKE_ANY }, computed: { arn: `arn:aws:iam::${ACCOUNT}:policy/invoke-policy-77` } });
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "attach", { inputs: { role: s.ref("invoker", "name"), policyArn: s.ref("invoke-policy", "arn") } });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: { preview: [inferred("invoker", 'Lambda function "pets"', 'customer policy "invoke-policy" (aws:iam/policy:Policy) (attached by "attach"')], update: [exactGetPets] },
    },
    {
        title: "HTTP API (aws.apigatewayv2.Api) body with an integration role",
        kind: "invocation",
        build: (s) => {
            fn(s, "orders");
            apigwRole(s, "invoker", { managedPolicyArns: [AWS_LAMBDA_ROLE] });
            s.add("aws:apigatewayv2/api:Api", "http-api", {
                inputs: {
                    name: "http-api",
                    protocolType: "HTTP",
                    body: json([
                        `{"openapi":"3.0.1","paths":{"/orders":{"get":{"x-amazon-apigateway-integration":{"type":"AWS_PROXY","httpMethod":"POST","payloadFormatVersion":"2.0","uri":"`,
                        s.ref("orders", "arn"), `","credentials":"`, s.ref("invoker", "arn"), `"}}}}}`,
                    ]),
                },
                computed: { id: "h77p000001", executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:h77p000001` },
            });
        },
        expect: {
            preview: [inferred("invoker", 'Lambda function "orders"', "AWSLambdaRole", "http-api")],
            update: [{ resource: "http-api", level: "mandatory", includes: ["Route: GET /orders", "API: http-api (HTTP API)"] }],
        },
    },
    {
        title: "Lambda authorizer in the body with its own role; the integration uses a resource policy",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            fn(s, "auth");
            apigwRole(s, "auth-invoker");
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "invoke", { inputs: { role: s.ref("auth-invoker", "name"), policyArn: AWS_LAMBDA_ROLE } });
            restBodyApi(s, "body-api", { target: "pets", authorizer: { fn: "auth", role: "auth-invoker" } });
        },
        expect: {
            // AWSLambdaRole allows every function: which of the body's functions the role invokes is decided at update.
            preview: [inferred("auth-invoker", 'one or more of Lambda function "pets" (name known after create) and Lambda function "auth" (name known after create)', "AWSLambdaRole")],
            update: [{ resource: "body-api", level: "mandatory", includes: ['securitySchemes["token"].x-amazon-apigateway-authorizer.authorizerCredentials', `"${EXEC}/authorizers/*"`] }],
        },
    },
    {
        title: "integration through a Lambda alias (alias.invokeArn) with a role",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            s.add("aws:lambda/alias:Alias", "live", {
                inputs: { functionName: s.ref("pets", "name"), functionVersion: "3", name: "live" },
                computed: {
                    arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d:live`,
                    invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:pets-9f8e7d:live/invocations`,
                },
            });
            apigwRole(s, "invoker", { inlinePolicies: [{ name: "invoke", policy: INVOKE_ANY }] });
            restBodyApi(s, "body-api", { target: "live", role: "invoker" });
        },
        expect: {
            preview: [inferred("invoker", 'Lambda alias "live"', 'inline policy "invoke"')],
            update: [{ resource: "body-api", level: "mandatory", includes: ["Route: GET /pets", 'qualifier "live"'] }],
        },
    },
    {
        title: "inferred invocation exempted by a roles exemption over the role's logical name: advisory, naming it",
        kind: "invocation",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker", { managedPolicyArns: [AWS_LAMBDA_ROLE] });
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        config: { "lambda-invoke-via-resource-policy": { exemptions: [{ roles: ["invoker"], reason: "shared role" }] } },
        expect: {
            preview: [{ resource: "body-api", level: "advisory", includes: ["inferred at preview", "Exemption: exempted by exemptions[0]", 'reason "shared role"'] }],
            update: [{ resource: "body-api", level: "advisory", includes: ["Route: GET /pets", "Exemption: exempted by exemptions[0]"] }],
        },
    },

    // Roles API Gateway assumes for other work are never evidence; weaker evidence is advisory.
    {
        title: "CloudWatch logging role (aws.apigateway.Account) the body is built from: not evidence",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "cloudwatch", { managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"] });
            s.add("aws:apigateway/account:Account", "account", { inputs: { cloudwatchRoleArn: s.ref("cloudwatch", "arn") } });
            // A body that mentions the logging role (e.g. in a description) but invokes without credentials.
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: { name: "body-api", body: json([`{"openapi":"3.0.1","info":{"title":"x","version":"1","description":"logs to `, s.ref("cloudwatch", "arn"), `"},"paths":{"/pets":{"get":{"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, "pets"), `}}}}`]) },
                computed: { id: "b0dy000001", executionArn: EXEC },
            });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
    {
        title: "CloudWatch logging role that also has AWSLambdaRole: still not evidence (aws.apigateway.Account uses it)",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "cloudwatch", { managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs", AWS_LAMBDA_ROLE] });
            s.add("aws:apigateway/account:Account", "account", { inputs: { cloudwatchRoleArn: s.ref("cloudwatch", "arn") } });
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: { name: "body-api", body: json([`{"openapi":"3.0.1","info":{"title":"x","version":"1","description":"logs to `, s.ref("cloudwatch", "arn"), `"},"paths":{"/pets":{"get":{"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, "pets"), `}}}}`]) },
                computed: { id: "b0dy000001", executionArn: EXEC },
            });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
    {
        title: "S3 integration role (AmazonS3FullAccess attached): not evidence",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "s3-reader");
            s.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "s3", { inputs: { role: s.ref("s3-reader", "name"), policyArn: "arn:aws:iam::aws:policy/AmazonS3FullAccess" } });
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: {
                    name: "body-api",
                    body: json([
                        `{"openapi":"3.0.1","paths":{"/pets":{"get":{"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, "pets"), `}},`,
                        `"/site":{"get":{"x-amazon-apigateway-integration":{"type":"aws","httpMethod":"GET","uri":"arn:aws:apigateway:${REGION}:s3:path/site/index.html","credentials":"`, s.ref("s3-reader", "arn"), `"}}}}}`,
                    ]),
                },
                computed: { id: "b0dy000001", executionArn: EXEC },
            });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
    {
        title: "SQS integration role whose policy is built from the queue's ARN (unknown at preview): not evidence",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            s.add("aws:sqs/queue:Queue", "orders", { inputs: {}, computed: { arn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-1`, url: "https://sqs/orders-1" } });
            apigwRole(s, "sqs-sender");
            s.add("aws:iam/rolePolicy:RolePolicy", "send", {
                inputs: { role: s.ref("sqs-sender", "id"), policy: json([`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"`, s.ref("orders", "arn"), `"}]}`]) },
            });
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: {
                    name: "body-api",
                    body: json([
                        `{"openapi":"3.0.1","paths":{"/pets":{"get":{"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, "pets"), `}},`,
                        `"/orders":{"post":{"x-amazon-apigateway-integration":{"type":"aws","httpMethod":"POST","uri":"arn:aws:apigateway:${REGION}:sqs:path/${ACCOUNT}/orders","credentials":"`, s.ref("sqs-sender", "arn"), `"}}}}}`,
                    ]),
                },
                computed: { id: "b0dy000001", executionArn: EXEC },
            });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
    {
        title: "Step Functions and EventBridge integration roles with literal policies: not evidence",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "sfn", { inlinePolicies: [{ name: "start", policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["states:StartExecution"], Resource: "*" }] }) }] });
            apigwRole(s, "events");
            s.add("aws:iam/rolePolicy:RolePolicy", "put", { inputs: { role: s.ref("events", "id"), policy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: "*" }] }) } });
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: {
                    name: "body-api",
                    body: json([
                        `{"openapi":"3.0.1","paths":{"/pets":{"get":{"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, "pets"), `}},`,
                        `"/start":{"post":{"x-amazon-apigateway-integration":{"type":"aws","httpMethod":"POST","uri":"arn:aws:apigateway:${REGION}:states:action/StartExecution","credentials":"`, s.ref("sfn", "arn"), `"}}},`,
                        `"/events":{"post":{"x-amazon-apigateway-integration":{"type":"aws","httpMethod":"POST","uri":"arn:aws:apigateway:${REGION}:events:action/PutEvents","credentials":"`, s.ref("events", "arn"), `"}}}}}`,
                    ]),
                },
                computed: { id: "b0dy000001", executionArn: EXEC },
            });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
    {
        title: "role trusted by API Gateway with no permissions in the stack: an advisory saying what is known, then exact at update",
        kind: "weak",
        build: (s) => {
            fn(s, "pets");
            apigwRole(s, "invoker");
            restBodyApi(s, "body-api", { target: "pets", role: "invoker" });
        },
        expect: {
            preview: [{ resource: "body-api", level: "advisory", includes: ['IAM role "invoker" (ARN known after create)', "trusts apigateway.amazonaws.com, but what it is granted is not known in this stack", 'Lambda function "pets"'] }],
            update: [exactGetPets],
        },
    },
    {
        title: "body built from functions only (permissions, no role): the generic advisory at preview, nothing at update",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            restBodyApi(s, "body-api", { target: "pets" });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
    {
        title: "the Lambda function's own execution role (trusts lambda.amazonaws.com) in the body: not evidence",
        kind: "negative",
        build: (s) => {
            fn(s, "pets");
            s.add("aws:iam/role:Role", "exec-role", {
                inputs: {
                    assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
                    managedPolicyArns: [AWS_LAMBDA_ROLE],
                },
                computed: { arn: `arn:aws:iam::${ACCOUNT}:role/exec-role-1` },
            });
            s.add("aws:apigateway/restApi:RestApi", "body-api", {
                inputs: { name: "body-api", body: json([`{"openapi":"3.0.1","info":{"title":"x","version":"1","description":"`, s.ref("exec-role", "arn"), `"},"paths":{"/pets":{"get":{"x-amazon-apigateway-integration":`, ...lambdaIntegration(s, "pets"), `}}}}`]) },
                computed: { id: "b0dy000001", executionArn: EXEC },
            });
        },
        expect: { preview: [genericAdvisory], update: [] },
    },
];

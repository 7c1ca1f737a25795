/**
 * Argument and output types shared by the components. They are interfaces of plain, Input and
 * resource types so that the component provider can infer a schema from them (ENGINE.md,
 * "Component providers"): no unions beyond `T | undefined`, enums as `as const` objects.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * The components' defaults, in one place (the `@default` tags below and docs/components.md repeat
 * them); the permission planner's own defaults are PLAN_DEFAULTS in core/permissionPlan.ts.
 */
export const DEFAULTS = {
    restMethod: "ANY",
    restStages: ["prod"] as readonly string[],
    restAuthorizerType: "TOKEN",
    restIdentitySource: "method.request.header.Authorization",
    httpStageName: "$default",
    httpAutoDeploy: true,
    payloadFormatVersion: "2.0",
    httpIdentitySources: ["$request.header.Authorization"] as readonly string[],
    enableSimpleResponses: true,
    authorizerResultTtlInSeconds: 300,
    webSocketStageName: "prod",
    routeSelectionExpression: "$request.body.action",
    webSocketIdentitySources: ["route.request.header.Authorization"] as readonly string[],
} as const;

/** The Lambda function a route or authorizer invokes. Set exactly one of `function` and `functionArn`. */
export interface LambdaTarget {
    /**
     * The function to invoke, unqualified. Set this or `functionArn`.
     * @default none
     */
    function?: aws.lambda.Function;
    /**
     * A Lambda function ARN (`arn:{partition}:lambda:{region}:{account}:function:{name}`). With an
     * alias or version (`...:function:orders:live`), API Gateway invokes that qualifier and the
     * permission is created on it. Set this or `function`.
     * @default none
     */
    functionArn?: pulumi.Input<string>;
}

/** A REST API route: a method on a resource path, served by a Lambda function (AWS_PROXY). */
export interface RestRoute extends LambdaTarget {
    /** Resource path template: `/`, `/pets`, `/pets/{petId}`, `/{proxy+}`. */
    path: string;
    /**
     * HTTP method (`GET`, `POST`, `PUT`, `PATCH`, `DELETE`, `HEAD`, `OPTIONS`) or `ANY`.
     * @default "ANY"
     */
    method?: string;
    /**
     * Name of an entry of `authorizers` that protects this route.
     * @default none: authorization "NONE"
     */
    authorizer?: string;
}

/** An HTTP API route, served by a Lambda function (AWS_PROXY). */
export interface HttpRoute extends LambdaTarget {
    /** Route key: `GET /pets/{petId}`, `ANY /{proxy+}`, `$default`. */
    routeKey: string;
    /**
     * Name of an entry of `authorizers` that protects this route.
     * @default none: authorization "NONE"
     */
    authorizer?: string;
}

/** REST Lambda authorizer types. */
export const RestAuthorizerType = {
    /** The caller's token, from one header. */
    Token: "TOKEN",
    /** Headers, query string, stage variables and context. */
    Request: "REQUEST",
} as const;
export type RestAuthorizerType = (typeof RestAuthorizerType)[keyof typeof RestAuthorizerType];

/** A Lambda authorizer of a REST API, invoked without credentials (the function's resource policy allows it). */
export interface RestAuthorizer extends LambdaTarget {
    /** Unique name: routes refer to it in `authorizer`; also the authorizer's name in API Gateway. */
    name: string;
    /**
     * `TOKEN` or `REQUEST`.
     * @default "TOKEN"
     */
    type?: RestAuthorizerType;
    /**
     * Where the identity comes from.
     * @default "method.request.header.Authorization"
     */
    identitySource?: string;
    /**
     * Seconds API Gateway caches the authorizer's answer; 0 disables caching.
     * @default 300
     */
    resultTtlInSeconds?: number;
}

/** A Lambda (REQUEST) authorizer of an HTTP API, invoked without credentials. */
export interface HttpAuthorizer extends LambdaTarget {
    /** Unique name: routes refer to it in `authorizer`; also the authorizer's name in API Gateway. */
    name: string;
    /**
     * Where the identity comes from.
     * @default ["$request.header.Authorization"]
     */
    identitySources?: string[];
    /**
     * Seconds API Gateway caches the authorizer's answer; 0 disables caching.
     * @default 300
     */
    resultTtlInSeconds?: number;
    /**
     * Payload format sent to the authorizer: `1.0` or `2.0`.
     * @default "2.0"
     */
    payloadFormatVersion?: string;
    /**
     * With payload 2.0: the authorizer answers `{ isAuthorized: boolean }` instead of an IAM policy.
     * @default true
     */
    enableSimpleResponses?: boolean;
}

/** A permission the component created, as Lambda will store it. */
export interface PermissionInfo {
    /** The statement id in the function's resource policy. */
    statementId: string;
    /** The function the permission is on (unqualified ARN). */
    functionArn: string;
    /** The alias or version the permission is on; empty for the unqualified function. */
    qualifier: string;
    /** The `AWS:SourceArn` pattern the statement allows. */
    sourceArn: string;
    /** `route`, `prefix` (widened to the first path segment) or `api` (whole API). */
    scope: string;
    /** The routes (and authorizers) the statement covers. */
    routes: string[];
}

/**
 * Small programs, written the way a user would write them with @pulumi/aws, as StackBuilder
 * resources. Computed outputs (ids, ARNs, auto-names) are unknown at preview.
 */
import { StackBuilder } from "./stackBuilder";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

/** An IAM role; auto-named (name unknown at preview) unless `explicitName` is set. */
export function role(s: StackBuilder, name: string, explicitName?: string): StackBuilder {
    const physical = explicitName ?? `${name}-1a2b3c`;
    return s.add("aws:iam/role:Role", name, {
        inputs: { assumeRolePolicy: '{"Version":"2012-10-17","Statement":[]}', ...(explicitName ? { name: explicitName } : {}) },
        computed: { id: physical, arn: `arn:aws:iam::${ACCOUNT}:role/${physical}`, path: "/", ...(explicitName ? {} : { name: physical }) },
    });
}

export function fn(s: StackBuilder, name: string, opts: { tags?: Record<string, string>; physical?: string } = {}): StackBuilder {
    const physical = opts.physical ?? `${name}-9f8e7d`;
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${physical}`;
    return s.add("aws:lambda/function:Function", name, {
        inputs: { runtime: "nodejs20.x", handler: "index.handler", ...(opts.tags ? { tags: opts.tags } : {}) },
        computed: {
            id: physical,
            name: physical,
            arn,
            invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        },
    });
}

export function restApi(s: StackBuilder, name: string, id = "a1b2c3d4e5", body?: unknown): StackBuilder {
    return s.add("aws:apigateway/restApi:RestApi", name, {
        inputs: { name, ...(body !== undefined ? { body } : {}) },
        computed: { id, rootResourceId: `${id}root`, executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}` },
    });
}

/** A REST resource under the root (or under `parent`). */
export function restResource(s: StackBuilder, name: string, api: string, pathPart: string, parent?: string, path?: string): StackBuilder {
    return s.add("aws:apigateway/resource:Resource", name, {
        inputs: {
            restApi: s.ref(api, "id"),
            parentId: parent ? s.ref(parent, "id") : s.ref(api, "rootResourceId"),
            pathPart,
        },
        computed: { id: `${name}-id`, path: path ?? `/${pathPart}` },
    });
}

export interface RestRouteOptions {
    api: string;
    resource: string;
    method: string;
    function: string;
    /** Role resource name whose ARN goes into `credentials`, or a literal credentials value. */
    role?: string;
    credentials?: string;
    type?: "AWS_PROXY" | "AWS";
    authorizer?: string;
}

/** Method + Integration for one REST route. */
export function restRoute(s: StackBuilder, name: string, o: RestRouteOptions): StackBuilder {
    s.add("aws:apigateway/method:Method", `${name}-method`, {
        inputs: {
            restApi: s.ref(o.api, "id"),
            resourceId: s.ref(o.resource, "id"),
            httpMethod: o.method,
            authorization: o.authorizer ? "CUSTOM" : "NONE",
            ...(o.authorizer ? { authorizerId: s.ref(o.authorizer, "id") } : {}),
        },
        computed: { id: `${name}-method-id` },
    });
    const credentials = o.role ? { credentials: s.ref(o.role, "arn") } : o.credentials ? { credentials: o.credentials } : {};
    return s.add("aws:apigateway/integration:Integration", name, {
        inputs: {
            restApi: s.ref(o.api, "id"),
            resourceId: s.ref(o.resource, "id"),
            httpMethod: o.method,
            type: o.type ?? "AWS_PROXY",
            integrationHttpMethod: "POST",
            uri: s.ref(o.function, "invokeArn"),
            ...credentials,
        },
        computed: { id: `${name}-id` },
    });
}

export function httpApi(s: StackBuilder, name: string, id = "h1t2t3p4a5", protocolType = "HTTP", extra: Record<string, unknown> = {}): StackBuilder {
    return s.add("aws:apigatewayv2/api:Api", name, {
        inputs: { name, protocolType, ...extra },
        computed: { id, executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`, apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com` },
    });
}

export interface V2RouteOptions {
    api: string;
    routeKey: string;
    function: string;
    role?: string;
    integrationType?: string;
    integrationSubtype?: string;
    uriOutput?: "arn" | "invokeArn";
    authorizer?: string;
}

/** Integration + Route for one HTTP or WebSocket route. */
export function v2Route(s: StackBuilder, name: string, o: V2RouteOptions): StackBuilder {
    s.add("aws:apigatewayv2/integration:Integration", name, {
        inputs: {
            apiId: s.ref(o.api, "id"),
            integrationType: o.integrationType ?? "AWS_PROXY",
            ...(o.integrationSubtype ? { integrationSubtype: o.integrationSubtype } : { integrationUri: s.ref(o.function, o.uriOutput ?? "arn") }),
            ...(o.role ? { credentialsArn: s.ref(o.role, "arn") } : {}),
        },
        computed: { id: `${name}-id` },
    });
    return s.add("aws:apigatewayv2/route:Route", `${name}-route`, {
        inputs: {
            apiId: s.ref(o.api, "id"),
            routeKey: o.routeKey,
            target: s.interp`integrations/${s.ref(name, "id")}`,
            ...(o.authorizer ? { authorizerId: s.ref(o.authorizer, "id"), authorizationType: "CUSTOM" } : {}),
        },
        computed: { id: `${name}-route-id` },
    });
}

export function permission(
    s: StackBuilder,
    name: string,
    o: { function: string; sourceArn?: unknown; qualifier?: string; principal?: string; action?: string; sourceAccount?: string },
): StackBuilder {
    return s.add("aws:lambda/permission:Permission", name, {
        inputs: {
            action: o.action ?? "lambda:InvokeFunction",
            function: s.ref(o.function, "name"),
            principal: o.principal ?? "apigateway.amazonaws.com",
            ...(o.sourceArn !== undefined ? { sourceArn: o.sourceArn } : {}),
            ...(o.qualifier ? { qualifier: o.qualifier } : {}),
            ...(o.sourceAccount ? { sourceAccount: o.sourceAccount } : {}),
        },
        computed: { id: `${name}-id`, statementId: `${name}-stmt` },
    });
}

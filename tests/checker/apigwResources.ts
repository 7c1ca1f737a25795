/**
 * API Gateway resources (REST: aws:apigateway/*, HTTP: aws:apigatewayv2/*) for StackBuilder, with
 * @pulumi/aws v7 inputs and full outputs.
 *
 * @example
 * const api = restApi(b, "pets-api");
 * const pets = restResource(b, "pets", api, undefined, "pets");
 */
import { ACCOUNT, REGION, Res, StackBuilder, apiId, hex } from "./exportBuilder";

const str = (r: Res, key: string) => String(r.outputs[key]);
const CREATED = "2025-06-12T09:40:49Z";

export function restApi(b: StackBuilder, name: string, o: { body?: string; bodyUses?: Res[] } = {}): Res {
    const id = apiId(`${b.opts.stack}/${name}`);
    const apiName = b.autoName(name);
    const inputs: Record<string, unknown> = { __defaults: ["apiKeySource", "name", "putRestApiMode"], apiKeySource: "HEADER", name: apiName, putRestApiMode: "overwrite" };
    if (o.body !== undefined) {
        inputs.body = o.body;
    }
    return b.add("aws:apigateway/restApi:RestApi", name, {
        id,
        inputs,
        outputs: {
            apiKeySource: "HEADER", arn: `arn:aws:apigateway:${REGION}::/restapis/${id}`, binaryMediaTypes: [], body: o.body ?? "",
            createdDate: CREATED, description: "", disableExecuteApiEndpoint: false,
            endpointConfiguration: { ipAddressType: "ipv4", types: ["EDGE"], vpcEndpointIds: [] },
            executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`, failOnWarnings: false, id, minimumCompressionSize: "",
            name: apiName, policy: "", putRestApiMode: "overwrite", rootResourceId: hex(`${id}/root`, 10), tags: {}, tagsAll: {},
        },
        uses: o.bodyUses && o.bodyUses.length > 0 ? { body: o.bodyUses } : undefined,
    });
}

/** `parent` undefined: the API's root resource. */
export function restResource(b: StackBuilder, name: string, api: Res, parent: Res | undefined, pathPart: string): Res {
    const parentId = parent ? parent.id : str(api, "rootResourceId");
    const parentPath = parent ? str(parent, "path") : "";
    const id = apiId(`${api.id}/${name}`, 6);
    return b.add("aws:apigateway/resource:Resource", name, {
        id,
        inputs: { __defaults: [], parentId, pathPart, restApi: api.id },
        outputs: { id, parentId, path: `${parentPath}/${pathPart}`, pathPart, restApi: api.id },
        uses: { restApi: [api], parentId: [parent ?? api] },
    });
}

export function method(b: StackBuilder, name: string, api: Res, resource: Res, httpMethod: string, authorizer?: Res): Res {
    const id = `agm-${api.id}-${resource.id}-${httpMethod}`;
    const authorization = authorizer ? "CUSTOM" : "NONE";
    const inputs: Record<string, unknown> = { __defaults: [], authorization, httpMethod, resourceId: resource.id, restApi: api.id };
    if (authorizer) {
        inputs.authorizerId = authorizer.id;
    }
    return b.add("aws:apigateway/method:Method", name, {
        id,
        inputs,
        outputs: {
            apiKeyRequired: false, authorization, authorizationScopes: [], authorizerId: authorizer ? authorizer.id : "", httpMethod, id,
            operationName: "", requestModels: {}, requestParameters: {}, requestValidatorId: "", resourceId: resource.id, restApi: api.id,
        },
        uses: { restApi: [api], resourceId: [resource], ...(authorizer ? { authorizerId: [authorizer] } : {}) },
    });
}

export function integration(b: StackBuilder, name: string, o: { api: Res; resource: Res; method: Res; fn: Res; role?: Res }): Res {
    const httpMethod = str(o.method, "httpMethod");
    const id = `agi-${o.api.id}-${o.resource.id}-${httpMethod}`;
    const uri = str(o.fn, "invokeArn");
    const inputs: Record<string, unknown> = {
        __defaults: [], httpMethod, integrationHttpMethod: "POST", resourceId: o.resource.id, restApi: o.api.id, type: "AWS_PROXY", uri,
    };
    if (o.role) {
        inputs.credentials = str(o.role, "arn");
    }
    return b.add("aws:apigateway/integration:Integration", name, {
        id,
        inputs,
        outputs: {
            cacheKeyParameters: [], cacheNamespace: o.resource.id, connectionId: "", connectionType: "INTERNET", contentHandling: "",
            credentials: o.role ? str(o.role, "arn") : "", httpMethod, id, integrationHttpMethod: "POST", passthroughBehavior: "WHEN_NO_MATCH",
            requestParameters: {}, requestTemplates: {}, resourceId: o.resource.id, restApi: o.api.id, timeoutMilliseconds: 29000,
            tlsConfig: null, type: "AWS_PROXY", uri,
        },
        uses: { restApi: [o.api], resourceId: [o.resource], httpMethod: [o.method], uri: [o.fn], ...(o.role ? { credentials: [o.role] } : {}) },
    });
}

export function authorizer(b: StackBuilder, name: string, o: { api: Res; fn: Res; role?: Res }): Res {
    const id = apiId(`${o.api.id}/${name}`, 6);
    const authName = b.autoName(name);
    const arn = `arn:aws:apigateway:${REGION}::/restapis/${o.api.id}/authorizers/${id}`;
    const inputs: Record<string, unknown> = {
        __defaults: ["authorizerResultTtlInSeconds", "identitySource", "name", "type"], authorizerResultTtlInSeconds: 300,
        authorizerUri: str(o.fn, "invokeArn"), identitySource: "method.request.header.Authorization", name: authName, restApi: o.api.id, type: "TOKEN",
    };
    if (o.role) {
        inputs.authorizerCredentials = str(o.role, "arn");
    }
    return b.add("aws:apigateway/authorizer:Authorizer", name, {
        id,
        inputs,
        outputs: {
            arn, authorizerCredentials: o.role ? str(o.role, "arn") : "", authorizerResultTtlInSeconds: 300, authorizerUri: str(o.fn, "invokeArn"),
            id, identitySource: "method.request.header.Authorization", identityValidationExpression: "", name: authName, providerArns: [],
            restApi: o.api.id, type: "TOKEN",
        },
        uses: { restApi: [o.api], authorizerUri: [o.fn], ...(o.role ? { authorizerCredentials: [o.role] } : {}) },
    });
}

export function deployment(b: StackBuilder, name: string, api: Res, after: Res[]): Res {
    const id = apiId(`${api.id}/${name}`, 6);
    const res = b.add("aws:apigateway/deployment:Deployment", name, {
        id,
        inputs: { __defaults: [], restApi: api.id, triggers: { redeployment: hex(`${name}/trigger`, 40) } },
        outputs: { createdDate: CREATED, description: "", id, restApi: api.id, triggers: { redeployment: hex(`${name}/trigger`, 40) }, variables: {} },
        uses: { restApi: [api] },
    });
    // dependsOn: every method and integration must exist before the deployment snapshot.
    const entry = b.resources[b.resources.length - 1];
    entry.dependencies = [...new Set([...(entry.dependencies as string[]), ...after.map((r) => r.urn)])];
    return res;
}

export function restStage(b: StackBuilder, name: string, api: Res, dep: Res, stageName: string): Res {
    const id = `ags-${api.id}-${stageName}`;
    return b.add("aws:apigateway/stage:Stage", name, {
        id,
        inputs: { __defaults: [], deployment: dep.id, restApi: api.id, stageName },
        outputs: {
            accessLogSettings: null, arn: `arn:aws:apigateway:${REGION}::/restapis/${api.id}/stages/${stageName}`, cacheClusterEnabled: false,
            cacheClusterSize: "", canarySettings: null, clientCertificateId: "", deployment: dep.id, description: "", documentationVersion: "",
            executionArn: `${str(api, "executionArn")}/${stageName}`, id, invokeUrl: `https://${api.id}.execute-api.${REGION}.amazonaws.com/${stageName}`,
            restApi: api.id, stageName, tags: {}, tagsAll: {}, variables: {}, webAclArn: "", xrayTracingEnabled: false,
        },
        uses: { restApi: [api], deployment: [dep] },
    });
}

export function httpApi(b: StackBuilder, name: string): Res {
    const id = apiId(`${b.opts.stack}/${name}`);
    const apiName = b.autoName(name);
    return b.add("aws:apigatewayv2/api:Api", name, {
        id,
        inputs: { __defaults: ["name"], name: apiName, protocolType: "HTTP" },
        outputs: {
            apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com`, apiKeySelectionExpression: "$request.header.x-api-key",
            arn: `arn:aws:apigateway:${REGION}::/apis/${id}`, body: "", corsConfiguration: null, credentialsArn: "", description: "",
            disableExecuteApiEndpoint: false, executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`, failOnWarnings: false, id,
            ipAddressType: "ipv4", name: apiName, protocolType: "HTTP", routeKey: "", routeSelectionExpression: "$request.method $request.path",
            tags: {}, tagsAll: {}, target: "", version: "",
        },
    });
}

/** `uri`: "arn" (the function ARN, as many programs pass) or "invokeArn". */
export function httpIntegration(b: StackBuilder, name: string, o: { api: Res; fn: Res; role?: Res; uri?: "arn" | "invokeArn" }): Res {
    const id = apiId(`${o.api.id}/${name}`, 7);
    const integrationUri = str(o.fn, o.uri ?? "arn");
    const inputs: Record<string, unknown> = { __defaults: [], apiId: o.api.id, integrationType: "AWS_PROXY", integrationUri, payloadFormatVersion: "2.0" };
    if (o.role) {
        inputs.credentialsArn = str(o.role, "arn");
    }
    return b.add("aws:apigatewayv2/integration:Integration", name, {
        id,
        inputs,
        outputs: {
            apiId: o.api.id, connectionId: "", connectionType: "INTERNET", contentHandlingStrategy: "", credentialsArn: o.role ? str(o.role, "arn") : "",
            description: "", id, integrationMethod: "POST", integrationResponseSelectionExpression: "", integrationSubtype: "",
            integrationType: "AWS_PROXY", integrationUri, passthroughBehavior: "", payloadFormatVersion: "2.0", requestParameters: {},
            requestTemplates: {}, responseParameters: [], templateSelectionExpression: "", timeoutMilliseconds: 30000, tlsConfig: null,
        },
        uses: { apiId: [o.api], integrationUri: [o.fn], ...(o.role ? { credentialsArn: [o.role] } : {}) },
    });
}

export function route(b: StackBuilder, name: string, api: Res, routeKey: string, target: Res): Res {
    const id = apiId(`${api.id}/${name}`, 7);
    return b.add("aws:apigatewayv2/route:Route", name, {
        id,
        inputs: { __defaults: [], apiId: api.id, routeKey, target: `integrations/${target.id}` },
        outputs: {
            apiId: api.id, apiKeyRequired: false, authorizationScopes: [], authorizationType: "NONE", authorizerId: "", id,
            modelSelectionExpression: "", operationName: "", requestModels: {}, requestParameters: [], routeKey,
            routeResponseSelectionExpression: "", target: `integrations/${target.id}`,
        },
        uses: { apiId: [api], target: [target] },
    });
}

export function httpStage(b: StackBuilder, name: string, api: Res): Res {
    return b.add("aws:apigatewayv2/stage:Stage", name, {
        id: "$default",
        inputs: { __defaults: [], apiId: api.id, autoDeploy: true, name: "$default" },
        outputs: {
            accessLogSettings: null, apiId: api.id, arn: `arn:aws:apigateway:${REGION}::/apis/${api.id}/stages/$default`, autoDeploy: true,
            clientCertificateId: "", defaultRouteSettings: { dataTraceEnabled: false, detailedMetricsEnabled: false, loggingLevel: "", throttlingBurstLimit: 0, throttlingRateLimit: 0 },
            deploymentId: "", description: "", executionArn: `${str(api, "executionArn")}/$default`, id: "$default",
            invokeUrl: `https://${api.id}.execute-api.${REGION}.amazonaws.com/`, name: "$default", routeSettings: [], stageVariables: {}, tags: {}, tagsAll: {},
        },
        uses: { apiId: [api] },
    });
}

/**
 * Generates the resources the engine would send for a program with `integrations` API Gateway ->
 * Lambda integrations, half on REST APIs and half on HTTP APIs, 100 integrations per API. Each
 * integration has its own Function and aws.lambda.Permission; every 5th invokes through a shared
 * invoker role (a finding); each group of 100 shares an execution role. REST integrations come with
 * a Resource and a Method, HTTP ones with a Route.
 *
 * `update`: every output known, unset optional strings as "" (Terraform-bridged outputs).
 * `preview`: every computed output (ids, ARNs, paths) is the unknown marker; dependencies known.
 * Linear in `integrations`: no lookups over the whole list while generating.
 */
import type { EngineResource } from "../engine/types";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type Mode = "preview" | "update";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const PER_API = 100;

export interface GeneratedStack {
    resources: EngineResource[];
    integrations: number;
    /** Integrations that use the invoker role: what the policy should flag. */
    roleIntegrations: number;
}

export function generateStack(integrations: number, mode: Mode, stack = "bench", project = "shop"): GeneratedStack {
    const known = mode === "update";
    const c = <T>(value: T): T | string => (known ? value : UNKNOWN);
    const urn = (type: string, name: string) => `urn:pulumi:${stack}::${project}::${type}::${name}`;
    const stackUrn = urn("pulumi:pulumi:Stack", `${project}-${stack}`);
    const resources: EngineResource[] = [{ urn: stackUrn, type: "pulumi:pulumi:Stack", name: `${project}-${stack}`, inputs: {}, outputs: {} }];

    const add = (type: string, name: string, outputs: Record<string, unknown>, deps: Record<string, string[]> = {}): string => {
        const u = urn(type, name);
        const inputs: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(outputs)) {
            if (k !== "id" && k !== "arn" && k !== "executionArn" && k !== "invokeArn" && k !== "rootResourceId" && k !== "path") {
                inputs[k] = v;
            }
        }
        resources.push({
            urn: u,
            type,
            name,
            inputs,
            outputs,
            parent: stackUrn,
            dependencies: [...new Set(Object.values(deps).flat())],
            propertyDependencies: deps,
        });
        return u;
    };

    const invokerArn = `arn:aws:iam::${ACCOUNT}:role/apigw-invoker`;
    const invoker = add("aws:iam/role:Role", "apigw-invoker", { name: "apigw-invoker", arn: c(invokerArn), path: "/" });
    let roleIntegrations = 0;

    for (let g = 0; g * PER_API < integrations; g++) {
        const rest = g % 2 === 0;
        const apiId = `api${g}`;
        const executionArn = `arn:aws:execute-api:${REGION}:${ACCOUNT}:${apiId}`;
        const execRoleArn = `arn:aws:iam::${ACCOUNT}:role/exec-${g}`;
        const execRole = add("aws:iam/role:Role", `exec-${g}`, { name: `exec-${g}`, arn: c(execRoleArn), path: "/" });
        const api = rest
            ? add("aws:apigateway/restApi:RestApi", `rest-${g}`, { name: `rest-${g}`, id: c(apiId), rootResourceId: c(`root${g}`), executionArn: c(executionArn), body: known ? "" : undefined })
            : add("aws:apigatewayv2/api:Api", `http-${g}`, {
                name: `http-${g}`,
                id: c(apiId),
                protocolType: "HTTP",
                executionArn: c(executionArn),
                ...(known ? { body: "", target: "", credentialsArn: "", routeKey: "" } : {}),
            });

        for (let i = g * PER_API; i < Math.min(integrations, (g + 1) * PER_API); i++) {
            const fnName = `fn-${i}`;
            const fnArn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fnName}`;
            const invokeArn = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${fnArn}/invocations`;
            const fn = add(
                "aws:lambda/function:Function",
                fnName,
                { name: fnName, arn: c(fnArn), invokeArn: c(invokeArn), role: c(execRoleArn), runtime: "nodejs20.x", handler: "index.handler", tags: { team: `t${g}` } },
                { role: [execRole] },
            );
            const path = `/p${i}`;
            add(
                "aws:lambda/permission:Permission",
                `perm-${i}`,
                {
                    action: "lambda:InvokeFunction",
                    function: fnName,
                    principal: "apigateway.amazonaws.com",
                    sourceArn: c(`${executionArn}/*/GET${path}`),
                    statementId: `apigw-${i}`,
                    ...(known ? { qualifier: "", sourceAccount: "", eventSourceToken: "", principalOrgId: "" } : {}),
                },
                { function: [fn], sourceArn: [api] },
            );
            const useRole = i % 5 === 0;
            roleIntegrations += useRole ? 1 : 0;
            const credentials = useRole ? c(invokerArn) : known ? "" : undefined;
            const credentialDeps: Record<string, string[]> = useRole ? { credentials: [invoker] } : {};
            if (rest) {
                const res = add(
                    "aws:apigateway/resource:Resource",
                    `res-${i}`,
                    { id: c(`res${i}`), pathPart: `p${i}`, parentId: c(`root${g}`), path: c(path), restApi: c(apiId) },
                    { parentId: [api], restApi: [api] },
                );
                const method = add(
                    "aws:apigateway/method:Method",
                    `m-${i}`,
                    { httpMethod: "GET", authorization: "NONE", resourceId: c(`res${i}`), restApi: c(apiId), ...(known ? { authorizerId: "" } : {}) },
                    { resourceId: [res], restApi: [api] },
                );
                add(
                    "aws:apigateway/integration:Integration",
                    `int-${i}`,
                    {
                        type: "AWS_PROXY",
                        httpMethod: "GET",
                        integrationHttpMethod: "POST",
                        uri: c(invokeArn),
                        credentials,
                        resourceId: c(`res${i}`),
                        restApi: c(apiId),
                    },
                    { uri: [fn], resourceId: [res], restApi: [api], httpMethod: [method], ...credentialDeps },
                );
            } else {
                const integration = add(
                    "aws:apigatewayv2/integration:Integration",
                    `int-${i}`,
                    {
                        id: c(`int${i}`),
                        apiId: c(apiId),
                        integrationType: "AWS_PROXY",
                        integrationUri: c(fnArn),
                        payloadFormatVersion: "2.0",
                        credentialsArn: credentials,
                        ...(known ? { integrationSubtype: "" } : {}),
                    },
                    { apiId: [api], integrationUri: [fn], ...(useRole ? { credentialsArn: [invoker] } : {}) },
                );
                add(
                    "aws:apigatewayv2/route:Route",
                    `route-${i}`,
                    { apiId: c(apiId), routeKey: `GET ${path}`, target: c(`integrations/int${i}`), ...(known ? { authorizerId: "" } : {}) },
                    { apiId: [api], target: [integration] },
                );
            }
        }
    }
    // Outputs of optional inputs that were never set are absent, not undefined.
    for (const r of resources) {
        for (const bag of [r.inputs, r.outputs]) {
            for (const k of Object.keys(bag)) {
                if (bag[k] === undefined) {
                    delete bag[k];
                }
            }
        }
    }
    return { resources, integrations, roleIntegrations };
}

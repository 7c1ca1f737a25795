/**
 * The bundled example stacks (examples/stacks/*.json) as code: each function returns the export
 * document. scripts/gen-fleet-example.js writes the fleet; the examples test checks that every
 * committed file still equals what is built here (UPDATE_GOLDEN=1 rewrites them).
 *
 * @example
 * fs.writeFileSync("x.json", toJson(restApiWithAuthorizer()));
 */
import { authorizer, deployment, httpApi, httpIntegration, httpStage, integration, method, restApi, restResource, restStage, route } from "./apigwResources";
import { basicExecution, iamRole, invokePolicy, lambdaFunction, lambdaUri, permission } from "./awsResources";
import { Props, Res, StackBuilder } from "./exportBuilder";

/** Serialized as `pulumi stack export` writes it (4-space indent, trailing newline). */
export function toJson(doc: Props): string {
    return `${JSON.stringify(doc, null, 4)}\n`;
}

const arnOf = (r: Res) => String(r.outputs.arn);
const execArn = (r: Res) => String(r.outputs.executionArn);

/** (1) A REST API whose integrations and Lambda authorizer invoke through two different roles. */
export function restApiWithAuthorizer(): Props {
    const b = new StackBuilder({ stack: "dev", project: "pets-api", organization: "acme" });
    const exec = iamRole(b, "pets-fn-exec", "lambda.amazonaws.com");
    basicExecution(b, "pets-fn-exec-logs", exec);
    const list = lambdaFunction(b, "pets-list", { executionRole: exec });
    const get = lambdaFunction(b, "pet-get", { executionRole: exec });
    const auth = lambdaFunction(b, "token-authorizer", { executionRole: exec });
    const invoker = iamRole(b, "apigw-invoke", "apigateway.amazonaws.com");
    invokePolicy(b, "apigw-invoke-policy", invoker, [list, get]);
    const authInvoker = iamRole(b, "authorizer-invoke", "apigateway.amazonaws.com");
    invokePolicy(b, "authorizer-invoke-policy", authInvoker, [auth]);
    const api = restApi(b, "pets-api");
    const tokenAuth = authorizer(b, "token-auth", { api, fn: auth, role: authInvoker });
    const pets = restResource(b, "pets", api, undefined, "pets");
    const pet = restResource(b, "pet", api, pets, "{petId}");
    const listMethod = method(b, "pets-get", api, pets, "GET", tokenAuth);
    const getMethod = method(b, "pet-get", api, pet, "GET", tokenAuth);
    const listInt = integration(b, "pets-get-integration", { api, resource: pets, method: listMethod, fn: list, role: invoker });
    const getInt = integration(b, "pet-get-integration", { api, resource: pet, method: getMethod, fn: get, role: invoker });
    const dep = deployment(b, "pets-deployment", api, [listMethod, getMethod, listInt, getInt]);
    const stage = restStage(b, "prod", api, dep, "prod");
    b.exportOutputs({ url: stage.outputs.invokeUrl });
    return b.toExport();
}

/** (2) An HTTP API already on resource policies: one scoped permission per route. Clean. */
export function httpApiOnResourcePolicies(): Props {
    const b = new StackBuilder({ stack: "prod", project: "orders" });
    const exec = iamRole(b, "orders-fn-exec", "lambda.amazonaws.com");
    basicExecution(b, "orders-fn-exec-logs", exec);
    const list = lambdaFunction(b, "orders-list", { executionRole: exec });
    const create = lambdaFunction(b, "orders-create", { executionRole: exec });
    const api = httpApi(b, "orders-api");
    const listInt = httpIntegration(b, "orders-list-integration", { api, fn: list, uri: "invokeArn" });
    const createInt = httpIntegration(b, "orders-create-integration", { api, fn: create });
    route(b, "orders-list-route", api, "GET /orders", listInt);
    route(b, "orders-create-route", api, "POST /orders", createInt);
    const stage = httpStage(b, "default-stage", api);
    permission(b, "orders-list-permission", list, `${execArn(api)}/*/GET/orders`, [api]);
    permission(b, "orders-create-permission", create, `${execArn(api)}/*/POST/orders`, [api]);
    b.exportOutputs({ url: stage.outputs.invokeUrl });
    return b.toExport();
}

/** (3) A fleet: `count` functions behind one HTTP API, all invoked through one shared role. */
export function fleetSharingOneRole(count = 150, stack = "prod", project = "fleet"): Props {
    const b = new StackBuilder({ stack, project, organization: "acme" });
    const exec = iamRole(b, "fleet-fn-exec", "lambda.amazonaws.com");
    basicExecution(b, "fleet-fn-exec-logs", exec);
    const invoker = iamRole(b, "fleet-invoker", "apigateway.amazonaws.com", { physicalName: "fleet-invoker" });
    const api = httpApi(b, "fleet-api");
    const functions: Res[] = [];
    for (let i = 1; i <= count; i++) {
        const svc = `svc-${String(i).padStart(String(count).length, "0")}`;
        const fn = lambdaFunction(b, svc, { executionRole: exec, tags: { team: `team-${(i % 7) + 1}` } });
        functions.push(fn);
        const int = httpIntegration(b, `${svc}-integration`, { api, fn, role: invoker });
        route(b, `${svc}-route`, api, `ANY /${svc}/{proxy+}`, int);
    }
    invokePolicy(b, "fleet-invoker-policy", invoker, functions);
    const stage = httpStage(b, "default-stage", api);
    b.exportOutputs({ url: stage.outputs.invokeUrl, functions: count });
    return b.toExport();
}

/**
 * (4) Permissions that do not let the API in: `invoice-get`'s permission names another API of
 * the same stack; `invoice-list`'s has no sourceArn at all.
 */
export function permissionForWrongApi(): Props {
    const b = new StackBuilder({ stack: "staging", project: "billing" });
    const exec = iamRole(b, "billing-fn-exec", "lambda.amazonaws.com");
    basicExecution(b, "billing-fn-exec-logs", exec);
    const get = lambdaFunction(b, "invoice-get", { executionRole: exec });
    const list = lambdaFunction(b, "invoice-list", { executionRole: exec });
    const billing = httpApi(b, "billing-api");
    const admin = httpApi(b, "admin-api");
    const getInt = httpIntegration(b, "invoice-get-integration", { api: billing, fn: get });
    const listInt = httpIntegration(b, "invoice-list-integration", { api: billing, fn: list });
    route(b, "invoice-get-route", billing, "GET /invoices/{invoiceId}", getInt);
    route(b, "invoice-list-route", billing, "GET /invoices", listInt);
    httpStage(b, "billing-stage", billing);
    httpStage(b, "admin-stage", admin);
    permission(b, "invoice-get-permission", get, `${execArn(admin)}/*/GET/invoices/*`, [admin]);
    permission(b, "invoice-list-permission", list, undefined, []);
    return b.toExport();
}

/** (5) A REST API defined by an OpenAPI body whose integrations carry a role. */
export function openApiBodyWithRole(): Props {
    const b = new StackBuilder({ stack: "dev", project: "inventory" });
    const exec = iamRole(b, "inventory-fn-exec", "lambda.amazonaws.com");
    basicExecution(b, "inventory-fn-exec-logs", exec);
    const list = lambdaFunction(b, "items-list", { executionRole: exec });
    const put = lambdaFunction(b, "item-put", { executionRole: exec });
    const invoker = iamRole(b, "inventory-invoke", "apigateway.amazonaws.com");
    invokePolicy(b, "inventory-invoke-policy", invoker, [list, put]);
    const op = (fn: Res) => ({
        "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: lambdaUri(arnOf(fn)), credentials: arnOf(invoker) },
    });
    const body = JSON.stringify({
        openapi: "3.0.1",
        info: { title: "inventory", version: "1.0" },
        paths: { "/items": { get: op(list) }, "/items/{itemId}": { put: op(put) } },
    });
    const api = restApi(b, "inventory-api", { body, bodyUses: [list, put, invoker] });
    const dep = deployment(b, "inventory-deployment", api, []);
    const stage = restStage(b, "v1", api, dep, "v1");
    b.exportOutputs({ url: stage.outputs.invokeUrl });
    return b.toExport();
}

/** File name -> builder, in the order the README lists them. */
export const EXAMPLES: Record<string, () => Props> = {
    "rest-api-authorizer-roles.json": restApiWithAuthorizer,
    "http-api-resource-policies.json": httpApiOnResourcePolicies,
    "fleet-150-functions.json": () => fleetSharingOneRole(150),
    "permission-wrong-api.json": permissionForWrongApi,
    "openapi-body-role.json": openApiBodyWithRole,
};

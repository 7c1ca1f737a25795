/**
 * The text of findings that are inferred rather than read: a role-based invocation inferred
 * from what an unknown OpenAPI body is built from (bodyInference.ts), what is known about an
 * unknown body when that is not enough, and a role-based authorizer that a late-building
 * component's inputs say it will create (componentIntent.ts).
 */
import { BodyHint, InferredInvocation } from "./bodyInference";
import { PlannedRoleAuthorizer } from "./componentIntent";
import { apiLabel, executionArnText, resourceLabel } from "./describe";
import { FindingText } from "./finding";
import { describeInvokeGrants } from "./roleEvidence";
import { StackResource, prop } from "./stack";
import { str } from "./values";

const MAX_LISTED = 5;

/** `Lambda function "pets-9f8e7d"`, `Lambda function "pets" (name known after create)`, `Lambda alias "live"`. */
export function functionResourceLabel(f: StackResource): string {
    const alias = f.type.endsWith(":Alias") || f.type.endsWith("/alias:Alias");
    const name = str(prop(f, "name")) ?? str(prop(f, "functionName"));
    const what = alias ? "Lambda alias" : f.type.endsWith(":Version") ? "Lambda version" : "Lambda function";
    return typeof name === "string" && !alias ? `${what} "${name}"` : `${what} "${f.name}"${alias ? "" : " (name known after create)"}`;
}

/** `IAM role "invoker" (ARN known after create)` or its ARN when known. */
export function roleResourceLabel(role: StackResource): string {
    const arn = str(prop(role, "arn"));
    return typeof arn === "string" ? `IAM role "${arn}"` : `IAM role "${role.name}" (ARN known after create)`;
}

function listed(items: string[], join: "and" | "or"): string {
    if (items.length <= 1) {
        return items.join("");
    }
    const shown = items.slice(0, MAX_LISTED);
    const rest = items.length - shown.length;
    return rest > 0 ? `${shown.join(", ")} ${join} ${rest} more` : `${shown.slice(0, -1).join(", ")} ${join} ${shown[shown.length - 1]}`;
}

const CHECKED_AT_UPDATE = "At update the body is known and each of its integrations and authorizers is checked exactly instead of this inference.";
const COMPONENT_FIX = "or let apigw-lambda-guard's LambdaRestApi / LambdaHttpApi / LambdaApiPermissions components create them";

/** An inferred role-based invocation of an unknown body. */
export function inferredInvocationText(inv: InferredInvocation): FindingText {
    const fns = inv.functions.map(functionResourceLabel);
    const target = fns.length === 0
        ? "a Lambda function the body names"
        : inv.specific || fns.length === 1 ? listed(fns, "and") : `one or more of ${listed(fns, "and")}`;
    const role = roleResourceLabel(inv.role);
    const exec = executionArnText(inv.api);
    const pattern = inv.apiKind === "websocket" ? `${exec}/*/{routeKey}` : `${exec}/*/{VERB}/{path}`;
    return {
        summary:
            `${resourceLabel(inv.api)}: its OpenAPI body puts ${role} into the credentials of an integration or authorizer that invokes ${target} ` +
            "(inferred at preview from what the body is built from; the body itself is not known yet).",
        api: apiLabel(inv.api, inv.apiKind),
        property: "body",
        why:
            `The body is built from ${role}, which trusts apigateway.amazonaws.com and is granted lambda:InvokeFunction by ${describeInvokeGrants(inv.evidence)}` +
            `${fns.length > 0 ? `, and from ${listed(fns, "and")}` : ""}. API Gateway calls STS AssumeRole for that role before it invokes the function: ` +
            `added latency on the request path and a dependency on STS. ${CHECKED_AT_UPDATE}`,
        fix:
            `Remove the role from the body's credentials / authorizerCredentials and add an aws.lambda.Permission per function: action "lambda:InvokeFunction", ` +
            `principal "apigateway.amazonaws.com", sourceArn "${pattern}" for an integration (* for each path parameter), "${exec}/authorizers/*" for an authorizer ` +
            `(${COMPONENT_FIX}).`,
    };
}

/**
 * What is known about an unknown body built from roles that trust API Gateway, whose grants are
 * not known (a body built from no such role is a deferred check: policies/deferred.ts).
 */
export function unknownBodyText(hint: BodyHint): FindingText {
    const base = `${resourceLabel(hint.api)} has an OpenAPI body that is not known during this preview; its integrations and authorizers are checked once it is known.`;
    const roles = listed(hint.maybeRoles.map((e) => roleResourceLabel(e.role)), "and");
    const fns = hint.functions.map(functionResourceLabel);
    return {
        summary: base,
        api: apiLabel(hint.api, hint.apiKind),
        property: "body",
        why:
            `The body is built from ${roles}${fns.length > 0 ? ` and from ${listed(fns, "and")}` : ""}. ` +
            `${hint.maybeRoles.length === 1 ? "That role trusts" : "Those roles trust"} apigateway.amazonaws.com, but what ${hint.maybeRoles.length === 1 ? "it is" : "they are"} granted is not known in this stack ` +
            "(no policy of the stack, or one not known yet), so whether an integration or authorizer uses it to invoke Lambda is decided at update, " +
            "after the changes, or by `apigw-lambda-guard check` on a stack export.",
        fix: "If the role is for invoking Lambda, remove it from the body's credentials and use aws.lambda.Permission resources instead; to check at preview, grant it lambda:InvokeFunction in this stack (a RolePolicy or attachment) or build the body from values known before the update.",
    };
}

/**
 * A role-based Lambda authorizer that a component's inputs say it will create, guarding `routes`
 * (one finding for the authorizer, however many routes it guards).
 */
export function plannedAuthorizerText(p: PlannedRoleAuthorizer, routes: string[] = [p.route]): FindingText {
    const authorizer = p.authorizerName ? `Lambda authorizer "${p.authorizerName}"` : "a Lambda authorizer";
    const handler = p.handlerName ? ` (handler "${p.handlerName}")` : "";
    const where = routes.length === 1 ? `route ${routes[0]} has` : `${routes.length} routes (${listed(routes, "and")}) have`;
    return {
        summary:
            `${resourceLabel(p.component)}: ${where} ${authorizer}${handler}, which this component creates with an IAM role in its credentials ` +
            "(inferred at preview from the component's inputs; the component builds its API once its inputs are known).",
        route: routes.length === 1 ? routes[0] : undefined,
        property: "routes[].authorizers[].handler",
        why:
            "@pulumi/aws-apigateway gives every Lambda authorizer an IAM role trusted by API Gateway and puts it in the authorizer's credentials: " +
            "API Gateway then calls STS AssumeRole before it invokes the authorizer function, on every request the authorizer guards. " +
            "Once the component has built its API, its OpenAPI body is checked exactly instead of this inference.",
        sts: { now: 1, after: 0 },
        fix:
            "Define the API with an authorizer that has no credentials and an aws.lambda.Permission with sourceArn \"${api.executionArn}/authorizers/{authorizerId}\" " +
            "(apigw-lambda-guard's LambdaRestApi does both), or exempt this component (an `urns` exemption) if the role is intended.",
    };
}

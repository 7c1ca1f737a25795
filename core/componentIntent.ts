/**
 * Components that build their API late. @pulumi/aws-apigateway's RestAPI is a remote component:
 * its provider builds the RestApi, roles and permissions only once its inputs are known, so on a
 * first preview (route handlers created in the same update) the stack holds nothing but the
 * component. The engine sends Analyze for a component resource with its inputs (the assumption
 * this module is built on; the lead confirms it with the real CLI), and those inputs already say
 * what the provider will create: it gives every Lambda authorizer (an authorizer with a
 * `handler` function) an IAM role trusted by API Gateway, and puts it in the authorizer's
 * credentials (AWS.md, "Recognising an invocation role").
 *
 * awsx.classic's API (`aws:apigateway:x:API`) registers its component with no inputs but builds
 * its children in the program itself, so at preview its RestApi (with an unknown body), role and
 * role policy are in the stack: bodyInference.ts covers it.
 */
import { describeRoute } from "./executeApi";
import { StackResource, prop } from "./stack";
import { Value, isObj, str } from "./values";

/** The type tokens of components whose inputs this module reads. */
export const LATE_COMPONENT_TYPES: ReadonlySet<string> = new Set(["aws-apigateway:index:RestAPI"]);

/** One Lambda authorizer the component will create with a role. */
export interface PlannedRoleAuthorizer {
    component: StackResource;
    /** The route it guards, e.g. `GET /pets`. */
    route: string;
    authorizerName?: string;
    /** The handler function's name (its id) or logical name, when its input is known. */
    handlerName?: string;
}

/** The role-based authorizers a known component's inputs say it will create. Never throws. */
export function plannedRoleAuthorizers(component: StackResource): PlannedRoleAuthorizer[] {
    if (!LATE_COMPONENT_TYPES.has(component.type)) {
        return [];
    }
    const out: PlannedRoleAuthorizer[] = [];
    try {
        const routes = prop(component, "routes");
        for (const route of Array.isArray(routes) ? routes : []) {
            if (!isObj(route)) {
                continue;
            }
            const path = str(route.path);
            const method = str(route.method);
            const routeText = typeof path === "string"
                ? describeRoute({ kind: "rest", method: typeof method === "string" ? method.toUpperCase() : "ANY", path })
                : "a route";
            const authorizers = route.authorizers;
            for (const a of Array.isArray(authorizers) ? authorizers : []) {
                if (!isObj(a) || a.handler === undefined || a.handler === null || a.handler === "") {
                    continue;
                }
                const name = str(a.authorizerName);
                out.push({
                    component,
                    route: routeText,
                    authorizerName: typeof name === "string" ? name : undefined,
                    handlerName: logicalNameOf(a.handler),
                });
            }
        }
    } catch {
        return out;
    }
    return out;
}

/**
 * The engine sends Analyze inputs without resource references (analyzer MarshalProperties does
 * not keep them): a Function input arrives as its id (the function's name; unknown on a first
 * preview). A URN (a reference kept whole, e.g. by another engine) gives the logical name.
 */
function logicalNameOf(v: Value): string | undefined {
    const text = isObj(v) ? str(v.urn) : str(v);
    if (typeof text !== "string") {
        return undefined;
    }
    if (!text.startsWith("urn:pulumi:")) {
        return text;
    }
    const name = text.slice(text.lastIndexOf("::") + 2);
    return name === "" ? undefined : name;
}

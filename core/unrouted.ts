/**
 * Unrouted integrations: an HTTP or WebSocket integration (aws.apigatewayv2.Integration) that no
 * route targets is never invoked. It is reported as an advisory (wire it to a route or remove
 * it); a role on it is still reported by lambda-invoke-via-resource-policy, since it can be wired
 * up later.
 *
 * Decided only when the stack shows every route's target: a route whose `target` is unknown and
 * depends on no integration of the stack (read from elsewhere), or (while the integration's id is unknown) a route whose target is a
 * literal `integrations/{id}`, could be the one that uses it. REST integrations sit on a method by
 * construction (API Gateway puts an integration on a method), so they are not considered.
 */
import type { ResolvedInvocation } from "./resolve";
import { StackIndex, StackResource, prop } from "./stack";
import { Unknown, str } from "./values";

const V2_ROUTE_TYPES = ["aws:apigatewayv2/route:Route", "aws-native:apigatewayv2:Route"];
const V2_INTEGRATION_TYPES: ReadonlySet<string> = new Set(["aws:apigatewayv2/integration:Integration", "aws-native:apigatewayv2:Integration"]);

/** The Lambda integrations of the stack that no route targets. Never throws. */
export function unroutedIntegrations(index: StackIndex, invocations: readonly ResolvedInvocation[]): ResolvedInvocation[] {
    const routes = index.ofType(...V2_ROUTE_TYPES);
    const targetedBy = new Set<string>();
    const literalTargets = new Set<string>();
    let opaque = false;
    for (const route of routes) {
        const deps = route.propertyDependencies.target ?? [];
        deps.forEach((d) => targetedBy.add(d));
        const target = str(prop(route, "target"));
        if (typeof target === "string") {
            literalTargets.add(target);
        } else if (target === Unknown && !deps.some((d) => V2_INTEGRATION_TYPES.has(index.get(d)?.type ?? ""))) {
            opaque = true;
        }
    }
    if (opaque) {
        return [];
    }
    return invocations.filter((inv) => {
        if (inv.kind !== "integration" || !V2_INTEGRATION_TYPES.has(inv.source.type) || inv.target.kind === "not-lambda" || targetedBy.has(inv.source.urn)) {
            return false;
        }
        const id = integrationId(inv.source);
        if (id === Unknown) {
            // Its id is not known yet: a literal target could still name it.
            return ![...literalTargets].some((t) => t.startsWith("integrations/"));
        }
        return typeof id !== "string" || !literalTargets.has(`integrations/${id}`);
    });
}

function integrationId(r: StackResource): string | Unknown | undefined {
    return str(prop(r, "id")) ?? str(prop(r, "integrationId"));
}

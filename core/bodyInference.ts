/**
 * At preview an OpenAPI body built from values created in the same update is unknown, but not a
 * blank: its propertyDependencies name the resources it is built from. A body built from an IAM
 * role that API Gateway assumes to invoke Lambda (roleEvidence.ts), and from Lambda functions,
 * puts that role into an integration's or authorizer's credentials: a role-based invocation,
 * found at preview. At update the body is known and the exact check replaces this inference.
 */
import { ApiKind } from "./executeApi";
import { RoleEvidence, RoleEvidenceIndex, grantedFunctions } from "./roleEvidence";
import { FUNCTION_TYPES, ROLE_TYPES, StackIndex, StackResource, prop } from "./stack";
import { str } from "./values";

/** A role-based invocation inferred from what an unknown body is built from. */
export interface InferredInvocation {
    /** The API resource whose body is unknown. */
    api: StackResource;
    apiKind: ApiKind;
    role: StackResource;
    evidence: RoleEvidence;
    /**
     * The functions the role invokes: those its grants are built from when they name functions
     * (`specific`), else every function the body is built from (one or more of them).
     */
    functions: StackResource[];
    specific: boolean;
}

/** What an unknown body is built from, when it is not enough to infer an invocation. */
export interface BodyHint {
    api: StackResource;
    apiKind: ApiKind;
    /** Roles trusted by API Gateway whose permissions are not known in the stack. */
    maybeRoles: RoleEvidence[];
    functions: StackResource[];
}

export interface BodyInference {
    invocations: InferredInvocation[];
    /** One per body with no inferred invocation. */
    hints: BodyHint[];
}

/** Infers role-based invocations for each API whose body is unknown. Never throws. */
export function inferFromUnknownBodies(index: StackIndex, roles: RoleEvidenceIndex, apis: readonly StackResource[]): BodyInference {
    const out: BodyInference = { invocations: [], hints: [] };
    for (const api of apis) {
        try {
            const apiKind = apiKindOf(api);
            const deps = index.dependenciesOf(api, "body");
            const functions = deps.filter((d) => FUNCTION_TYPES.has(d.type));
            const evidence = deps.filter((d) => ROLE_TYPES.has(d.type)).map((r) => roles.evidenceFor(r));
            const found = evidence.filter((e) => e.verdict === "invocation-role");
            for (const e of found) {
                const granted = grantedFunctions(e);
                const everyGrantNamesFunctions = e.grants.every((g) => g.grants !== "invoke" || (g.builtFrom ?? []).length > 0);
                const specific = granted.length > 0 && everyGrantNamesFunctions;
                out.invocations.push({ api, apiKind, role: e.role, evidence: e, functions: specific ? granted : functions, specific });
            }
            if (found.length === 0) {
                out.hints.push({ api, apiKind, maybeRoles: evidence.filter((e) => e.verdict === "maybe"), functions });
            }
        } catch {
            out.hints.push({ api, apiKind: "rest", maybeRoles: [], functions: [] });
        }
    }
    return out;
}

function apiKindOf(api: StackResource): ApiKind {
    if (api.type === "aws:apigatewayv2/api:Api" || api.type === "aws-native:apigatewayv2:Api") {
        return str(prop(api, "protocolType")) === "WEBSOCKET" ? "websocket" : "http";
    }
    return "rest";
}

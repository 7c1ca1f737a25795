/**
 * Config of lambda-permission-for-route and lambda-permission-scoped: the TypeScript types, their
 * JSON schemas and their defaults side by side. The engine fills the schema `default`s; the
 * `read*` functions apply the same defaults when a policy runs without Configure.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { PLAN_DEFAULTS } from "../core/permissionPlan";
import { POLICY_LIMIT_BYTES } from "../core/policySize";
import { isMatchAllGlob } from "../core/exemptions";
import { ConfigCheck, schemaKeys, unknownKeys } from "./configCheck";

export interface ForRouteConfig {
    /**
     * Globs (`*`, `?`) over the function name, its ARN (qualified or not) or its logical name:
     * functions whose resource-policy permissions are managed outside this stack. @default []
     */
    externalFunctions: string[];
    /**
     * Allow a glob made only of `*` in externalFunctions, which exempts every function (removes
     * every finding of the policy). Without it such a glob is refused and not applied. @default false
     */
    allowMatchAll: boolean;
    /** Report, once per stack at severity low, the checks deferred at preview (a stage's name or variables unknown). @default true */
    deferredNotices: boolean;
}

export const FOR_ROUTE_DEFAULTS: Readonly<ForRouteConfig> = Object.freeze({ externalFunctions: [], allowMatchAll: false, deferredNotices: true });

export const FOR_ROUTE_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        externalFunctions: {
            type: "array",
            items: { type: "string", minLength: 1 },
            default: [],
            description:
                "Globs (* and ?) over the function name, ARN or logical name of functions whose Lambda permissions are managed " +
                "outside this stack: their integrations and authorizers are not checked.",
        },
        allowMatchAll: {
            type: "boolean",
            default: FOR_ROUTE_DEFAULTS.allowMatchAll,
            description:
                "Allow a match-everything glob (\"*\") in externalFunctions, which leaves no integration or authorizer checked. " +
                "Without it such a glob is refused (a mandatory violation) and not applied.",
        },
        deferredNotices: {
            type: "boolean",
            default: FOR_ROUTE_DEFAULTS.deferredNotices,
            description: "Report, once per stack at severity low, the checks deferred at preview because a stage's name or variables are not known yet.",
        },
    },
};

/** The config with defaults applied; a `*`-only glob is dropped unless `allowMatchAll` is true. */
export function readForRouteConfig(raw: Partial<ForRouteConfig> | undefined): ForRouteConfig {
    const c = raw ?? {};
    const allowMatchAll = c.allowMatchAll === true;
    return {
        externalFunctions: Array.isArray(c.externalFunctions)
            ? c.externalFunctions.filter((g) => typeof g === "string" && g !== "" && (allowMatchAll || !isMatchAllGlob(g)))
            : [],
        allowMatchAll,
        deferredNotices: typeof c.deferredNotices === "boolean" ? c.deferredNotices : FOR_ROUTE_DEFAULTS.deferredNotices,
    };
}

/** Unknown keys, and a match-everything externalFunctions glob (refused, or named when allowed). */
export function checkForRouteConfig(policyName: string, raw: unknown): ConfigCheck {
    const check: ConfigCheck = { problems: unknownKeys(policyName, raw, schemaKeys(FOR_ROUTE_CONFIG_SCHEMA)), notices: [] };
    const c = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<ForRouteConfig>;
    const globs = Array.isArray(c.externalFunctions) ? c.externalFunctions : [];
    const i = globs.findIndex(isMatchAllGlob);
    if (i < 0) {
        return check;
    }
    const property = `externalFunctions[${i}]`;
    if (c.allowMatchAll === true) {
        check.notices.push({
            property,
            summary: `${policyName}: externalFunctions contains ${JSON.stringify(globs[i])}, which matches every function (allowMatchAll is true): no integration or authorizer of this stack is checked by this policy.`,
            why: "Every function counts as managed outside the stack, so a missing or misplaced Lambda permission (API Gateway answering 500) is never reported.",
            fix: "List the functions whose permissions really are managed elsewhere instead, if that is not intended.",
        });
    } else {
        check.problems.push({
            property,
            summary: `${policyName}: externalFunctions contains ${JSON.stringify(globs[i])}, which matches every function, so it is refused and not applied.`,
            why: "It would remove every finding of this policy, with nothing left to see.",
            fix: `List the functions whose permissions are managed outside this stack (names, ARNs or narrower globs), or set allowMatchAll: true in the ${policyName} config to allow it.`,
        });
    }
    return check;
}

export interface ScopedConfig {
    /** Advise (advisory) a narrower sourceArn when a permission is broader than the routes using it. @default true */
    adviseNarrowerScope: boolean;
    /**
     * Bytes of the 20480-byte resource policy to keep free: when narrowing would leave less, the
     * advice says the broad permission is the right call. @default 4096 (the planner's headroom)
     */
    budgetHeadroomBytes: number;
    /** Report, once per stack at severity low, the checks deferred at preview (an unknown sourceArn). @default true */
    deferredNotices: boolean;
}

export const SCOPED_DEFAULTS: Readonly<ScopedConfig> = Object.freeze({
    adviseNarrowerScope: true,
    budgetHeadroomBytes: PLAN_DEFAULTS.headroomBytes,
    deferredNotices: true,
});

export const SCOPED_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        adviseNarrowerScope: {
            type: "boolean",
            default: SCOPED_DEFAULTS.adviseNarrowerScope,
            description: "Report an advisory with the narrower sourceArn(s) when a scoped permission is broader than the routes that use it.",
        },
        budgetHeadroomBytes: {
            type: "integer",
            minimum: 0,
            maximum: POLICY_LIMIT_BYTES,
            default: SCOPED_DEFAULTS.budgetHeadroomBytes,
            description:
                "Bytes of the function's 20480-byte resource policy to keep free. When narrowing a broad permission would leave less, " +
                "the advisory says the broad permission is the right call instead.",
        },
        deferredNotices: {
            type: "boolean",
            default: SCOPED_DEFAULTS.deferredNotices,
            description: "Report, once per stack at severity low, the checks deferred at preview because a sourceArn is not known yet.",
        },
    },
};

/** Unknown keys (the only thing the engine's validation cannot catch for this policy). */
export function checkScopedConfig(policyName: string, raw: unknown): ConfigCheck {
    return { problems: unknownKeys(policyName, raw, schemaKeys(SCOPED_CONFIG_SCHEMA)), notices: [] };
}

export function readScopedConfig(raw: Partial<ScopedConfig> | undefined): ScopedConfig {
    const c = raw ?? {};
    return {
        adviseNarrowerScope: typeof c.adviseNarrowerScope === "boolean" ? c.adviseNarrowerScope : SCOPED_DEFAULTS.adviseNarrowerScope,
        budgetHeadroomBytes:
            typeof c.budgetHeadroomBytes === "number" && c.budgetHeadroomBytes >= 0 ? c.budgetHeadroomBytes : SCOPED_DEFAULTS.budgetHeadroomBytes,
        deferredNotices: typeof c.deferredNotices === "boolean" ? c.deferredNotices : SCOPED_DEFAULTS.deferredNotices,
    };
}

/**
 * Config of lambda-permission-for-route and lambda-permission-scoped: the TypeScript types, their
 * JSON schemas and their defaults side by side. The engine fills the schema `default`s; the
 * `read*` functions apply the same defaults when a policy runs without Configure.
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { PLAN_DEFAULTS } from "../core/permissionPlan";
import { POLICY_LIMIT_BYTES } from "../core/policySize";

export interface ForRouteConfig {
    /**
     * Globs (`*`, `?`) over the function name, its ARN (qualified or not) or its logical name:
     * functions whose resource-policy permissions are managed outside this stack. @default []
     */
    externalFunctions: string[];
}

export const FOR_ROUTE_DEFAULTS: Readonly<ForRouteConfig> = Object.freeze({ externalFunctions: [] });

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
    },
};

export function readForRouteConfig(raw: Partial<ForRouteConfig> | undefined): ForRouteConfig {
    const c = raw ?? {};
    return {
        externalFunctions: Array.isArray(c.externalFunctions) ? c.externalFunctions.filter((g) => typeof g === "string" && g !== "") : [],
    };
}

export interface ScopedConfig {
    /** Advise (advisory) a narrower sourceArn when a permission is broader than the routes using it. @default true */
    adviseNarrowerScope: boolean;
    /**
     * Bytes of the 20480-byte resource policy to keep free: when narrowing would leave less, the
     * advice says the broad permission is the right call. @default 4096 (the planner's headroom)
     */
    budgetHeadroomBytes: number;
}

export const SCOPED_DEFAULTS: Readonly<ScopedConfig> = Object.freeze({
    adviseNarrowerScope: true,
    budgetHeadroomBytes: PLAN_DEFAULTS.headroomBytes,
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
    },
};

export function readScopedConfig(raw: Partial<ScopedConfig> | undefined): ScopedConfig {
    const c = raw ?? {};
    return {
        adviseNarrowerScope: typeof c.adviseNarrowerScope === "boolean" ? c.adviseNarrowerScope : SCOPED_DEFAULTS.adviseNarrowerScope,
        budgetHeadroomBytes:
            typeof c.budgetHeadroomBytes === "number" && c.budgetHeadroomBytes >= 0 ? c.budgetHeadroomBytes : SCOPED_DEFAULTS.budgetHeadroomBytes,
    };
}

/**
 * Config of lambda-invoke-via-resource-policy: the TypeScript type, its JSON schema and its
 * defaults side by side. The engine fills the schema `default`s; `readInvokeConfig` applies the
 * same defaults when a policy runs without Configure (getConfig() is then `{}`).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { Exemption } from "../core/exemptions";

export interface InvokeConfig {
    /** Accept `arn:aws:iam::*:user/*` (caller pass-through: no AssumeRole). @default true */
    allowCallerCredentials: boolean;
    /** A role invoking at least this many distinct functions in the stack is exempt; 0 disables. @default 100 */
    fleetThreshold: number;
    /** Exemptions; each finding they match is still reported, as advisory. @default [] */
    exemptions: Exemption[];
}

export const INVOKE_DEFAULTS: Readonly<InvokeConfig> = Object.freeze({
    allowCallerCredentials: true,
    fleetThreshold: 100,
    exemptions: [],
});

const globs = (what: string): PolicyConfigJSONSchema => ({
    type: "array",
    items: { type: "string", minLength: 1 },
    minItems: 1,
    description: `Globs (* and ?) over ${what}.`,
});

export const INVOKE_CONFIG_SCHEMA: PolicyConfigSchema = {
    properties: {
        allowCallerCredentials: {
            type: "boolean",
            default: INVOKE_DEFAULTS.allowCallerCredentials,
            description: "Accept the caller pass-through credentials arn:aws:iam::*:user/* (no STS AssumeRole).",
        },
        fleetThreshold: {
            type: "integer",
            minimum: 0,
            default: INVOKE_DEFAULTS.fleetThreshold,
            description: "A role that invokes at least this many distinct Lambda functions in the stack is exempt (the large-fleet case). 0 disables.",
        },
        exemptions: {
            type: "array",
            default: [],
            description: "Exemptions. Every key of an entry must match; reason is required; expires is the last day it applies.",
            items: {
                type: "object",
                additionalProperties: false,
                required: ["reason"],
                // At least one selector; the SDK's typings omit anyOf, the engine's validator supports it.
                ...({ anyOf: ["functions", "roles", "urns", "tags", "stacks"].map((k) => ({ required: [k] })) } as PolicyConfigJSONSchema),
                properties: {
                    functions: globs("the target function's name (Function name, logical name, or the name in its ARN)"),
                    roles: globs("the role ARN or the role resource's logical name"),
                    urns: globs("the integration or authorizer URN"),
                    tags: {
                        type: "object",
                        additionalProperties: { type: "string" },
                        minProperties: 1,
                        description: "Tags the target function must carry.",
                    },
                    stacks: globs("the stack name"),
                    reason: { type: "string", minLength: 1, description: "Why the exemption exists." },
                    expires: {
                        type: "string",
                        pattern: "^\\d{4}-\\d{2}-\\d{2}$",
                        description: "ISO date (YYYY-MM-DD, UTC): the last day the exemption applies.",
                    },
                },
            },
        },
    },
};

/** The config with defaults applied to anything missing or of the wrong type. */
export function readInvokeConfig(raw: Partial<InvokeConfig> | undefined): InvokeConfig {
    const c = raw ?? {};
    return {
        allowCallerCredentials: typeof c.allowCallerCredentials === "boolean" ? c.allowCallerCredentials : INVOKE_DEFAULTS.allowCallerCredentials,
        fleetThreshold: typeof c.fleetThreshold === "number" && c.fleetThreshold >= 0 ? c.fleetThreshold : INVOKE_DEFAULTS.fleetThreshold,
        exemptions: Array.isArray(c.exemptions) ? c.exemptions.filter((e) => e && typeof e === "object" && typeof e.reason === "string") : [],
    };
}

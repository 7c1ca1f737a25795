/**
 * Config of lambda-invoke-via-resource-policy: the TypeScript type, its JSON schema and its
 * defaults side by side. The engine fills the schema `default`s; `readInvokeConfig` applies the
 * same defaults when a policy runs without Configure (getConfig() is then `{}`).
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { Exemption, describeExemption, hasInvalidDate, isWellFormed, matchesEverything } from "../core/exemptions";
import { ConfigCheck, schemaKeys, unknownKeys } from "./configCheck";

export interface InvokeConfig {
    /** Accept `arn:aws:iam::*:user/*` (caller pass-through: no AssumeRole). @default true */
    allowCallerCredentials: boolean;
    /** A role invoking at least this many distinct functions in the stack is exempt; 0 disables. @default 100 */
    fleetThreshold: number;
    /** Exemptions; each finding they match is still reported, as advisory. @default [] */
    exemptions: Exemption[];
    /**
     * Allow an exemption that matches every finding (`{"functions": ["*"]}`, or with `urns`,
     * `roles`, `stacks`). Without it such an entry is refused and not applied. @default false
     */
    allowMatchAll: boolean;
    /** An exemption this many days (or fewer) before its `expires` date gets an advisory; 0 disables. @default 14 */
    warnBeforeExpiryDays: number;
    /** Report the once-per-stack notice of checks deferred at preview (severity low). @default true */
    deferredNotices: boolean;
}

/** The config as a policy uses it: `exemptionIndex[i]` is the config position of `exemptions[i]`. */
export interface ReadInvokeConfig extends InvokeConfig {
    exemptionIndex: number[];
}

export const INVOKE_DEFAULTS: Readonly<InvokeConfig> = Object.freeze({
    allowCallerCredentials: true,
    fleetThreshold: 100,
    exemptions: [],
    allowMatchAll: false,
    warnBeforeExpiryDays: 14,
    deferredNotices: true,
});

/** The keys an exemption entry may have (the item schema is strict; the pack checks too). */
export const EXEMPTION_KEYS = ["functions", "roles", "urns", "tags", "stacks", "reason", "expires", "owner", "ticket"];

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
        allowMatchAll: {
            type: "boolean",
            default: INVOKE_DEFAULTS.allowMatchAll,
            description:
                "Allow an exemption whose every selector is a match-everything glob (\"*\"), which makes every finding of this policy advisory. " +
                "Without it such an entry is refused (a mandatory violation) and not applied.",
        },
        warnBeforeExpiryDays: {
            type: "integer",
            minimum: 0,
            default: INVOKE_DEFAULTS.warnBeforeExpiryDays,
            description: "An exemption this many days or fewer before its expires date gets an advisory naming the date (it still exempts). 0 disables.",
        },
        deferredNotices: {
            type: "boolean",
            default: INVOKE_DEFAULTS.deferredNotices,
            description: "Report, once per stack at severity low, the checks deferred at preview because a value (an OpenAPI body) is not known yet.",
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
                    owner: { type: "string", minLength: 1, description: "Who answers for the exemption; shown in its findings." },
                    ticket: { type: "string", minLength: 1, description: "The ticket tracking its removal; shown in its findings." },
                },
            },
        },
    },
};

/**
 * The config with defaults applied to anything missing or of the wrong type. An exemption that
 * matches every finding is dropped unless `allowMatchAll` is true (`checkInvokeConfig` says so).
 */
export function readInvokeConfig(raw: Partial<InvokeConfig> | undefined): ReadInvokeConfig {
    const c = raw ?? {};
    const allowMatchAll = c.allowMatchAll === true;
    const kept = entries(c).filter(([e]) => allowMatchAll || !matchesEverything(e));
    return {
        allowCallerCredentials: typeof c.allowCallerCredentials === "boolean" ? c.allowCallerCredentials : INVOKE_DEFAULTS.allowCallerCredentials,
        fleetThreshold: typeof c.fleetThreshold === "number" && c.fleetThreshold >= 0 ? c.fleetThreshold : INVOKE_DEFAULTS.fleetThreshold,
        exemptions: kept.map(([e]) => e),
        exemptionIndex: kept.map(([, i]) => i),
        allowMatchAll,
        warnBeforeExpiryDays:
            typeof c.warnBeforeExpiryDays === "number" && Number.isInteger(c.warnBeforeExpiryDays) && c.warnBeforeExpiryDays >= 0 ? c.warnBeforeExpiryDays : INVOKE_DEFAULTS.warnBeforeExpiryDays,
        deferredNotices: typeof c.deferredNotices === "boolean" ? c.deferredNotices : INVOKE_DEFAULTS.deferredNotices,
    };
}

/** The well-formed entries with their positions in the config. */
function entries(c: Partial<InvokeConfig>): [Exemption, number][] {
    // The engine validates these; without it (no Configure) an entry of the wrong shape is left out.
    const list: unknown[] = Array.isArray(c.exemptions) ? c.exemptions : [];
    return list.flatMap((e, i): [Exemption, number][] => (e && typeof e === "object" && isWellFormed(e as Exemption) ? [[e as Exemption, i]] : []));
}

/**
 * What is wrong with the config as the policy received it (see configCheck.ts): unknown keys at
 * the top and in each exemption, exemptions matching everything without `allowMatchAll`, and
 * `expires` dates that are no real day. An allowed match-everything exemption is a notice.
 */
export function checkInvokeConfig(policyName: string, raw: unknown): ConfigCheck {
    const check: ConfigCheck = { problems: unknownKeys(policyName, raw, schemaKeys(INVOKE_CONFIG_SCHEMA)), notices: [] };
    const c = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<InvokeConfig>;
    const allowMatchAll = c.allowMatchAll === true;
    (Array.isArray(c.exemptions) ? c.exemptions : []).forEach((e, i) => {
        check.problems.push(...unknownKeys(policyName, e, EXEMPTION_KEYS, `exemptions[${i}].`));
        if (!e || typeof e !== "object" || typeof e.reason !== "string") {
            return;
        }
        const label = describeExemption(i, e);
        if (hasInvalidDate(e)) {
            check.problems.push({
                property: `exemptions[${i}].expires`,
                summary: `${policyName}: ${label} has an expires date, ${JSON.stringify(String(e.expires))}, that is not a valid date (no such day).`,
                why: "The exemption never applies while its date is invalid: the findings it would exempt stay at the policy's level.",
                fix: `Correct exemptions[${i}].expires to a real day, written YYYY-MM-DD (UTC).`,
            });
        }
        if (!matchesEverything(e)) {
            return;
        }
        if (allowMatchAll) {
            check.notices.push({
                property: `exemptions[${i}]`,
                summary: `${policyName}: ${label} matches every finding (allowMatchAll is true): every finding of this policy in this stack is advisory.`,
                why: "An exemption whose selectors are all \"*\" exempts every role-based invocation; nothing of this policy can block a preview.",
                fix: `Narrow exemptions[${i}] (functions, roles, urns, tags or stacks) if that is not intended.`,
            });
        } else {
            check.problems.push({
                property: `exemptions[${i}]`,
                summary: `${policyName}: ${label} matches every finding, so it is refused and not applied.`,
                why: "An exemption whose selectors are all \"*\" would make every finding of this policy advisory, with nothing left to enforce.",
                fix: `Narrow exemptions[${i}] to the functions, roles, urns, tags or stacks it is for, or set allowMatchAll: true in the ${policyName} config to allow it.`,
            });
        }
    });
    return check;
}

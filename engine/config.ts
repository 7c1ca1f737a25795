/**
 * Policy configuration reconciled the way the Pulumi engine does it before `Configure`
 * (ENGINE.md, "Config and enforcement"): each policy starts at its declared enforcement level and
 * its schema's defaults, then the pack's initial config, then the file's `all` level, then the
 * file's entry for that policy; the result is validated against the policy's schema.
 *
 * As in the real engine (pkg/resource/analyzer/config.go): `enforcementLevel` is taken out of a
 * policy's object before validation, and the schema validated is built from only the policy's
 * `properties` and `required`, so a top-level `additionalProperties` never applies and a
 * misspelt top-level key passes here (the pack reports it itself: policies/configCheck.ts).
 * One difference, by default: an entry for a policy the pack does not have is rejected here,
 * while the real engine forwards it to Configure, where no policy can see it. The offline
 * checker rejects it; `{ unknownPolicies: "forward" }` does what the real engine does.
 */
import Ajv from "ajv";
import type { EnforcementLevel } from "./protocol";
import type { AnalyzerInfo, PolicyPackConfigFile, ReconciledConfig } from "./types";

const LEVELS: ReadonlySet<string> = new Set(["advisory", "mandatory", "disabled", "remediate"]);

/** Invalid configuration; `problems` lists each, naming the policy and property. */
export class PolicyConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`invalid policy pack config:\n  - ${problems.join("\n  - ")}`);
        this.name = "PolicyConfigError";
    }
}

export interface ReconcileOptions {
    /**
     * An entry naming no policy of the pack: `reject` it (a problem naming it and the pack's
     * policies), or `forward` it to Configure unvalidated, as the real engine does. @default "reject"
     */
    unknownPolicies?: "reject" | "forward";
}

/** Reconciles and validates; throws PolicyConfigError listing every problem found. */
export function reconcileConfig(info: AnalyzerInfo, file: PolicyPackConfigFile = {}, options: ReconcileOptions = {}): ReconciledConfig {
    const problems: string[] = [];
    if (typeof file !== "object" || file === null || Array.isArray(file)) {
        throw new PolicyConfigError(["the policy pack config must be a JSON object keyed by policy name"]);
    }
    const known = new Set(info.policies.map((p) => p.name));
    const unknownNames = Object.keys(file).filter((key) => key !== "all" && !known.has(key));
    if (options.unknownPolicies !== "forward") {
        for (const key of unknownNames) {
            problems.push(`"${key}" is not a policy of pack ${info.name} (policies: ${[...known].join(", ")})`);
        }
    }
    let allLevel: EnforcementLevel | undefined;
    if (file.all !== undefined) {
        if (typeof file.all === "string" && LEVELS.has(file.all)) {
            allLevel = file.all as EnforcementLevel;
        } else {
            problems.push(`"all" must be one of ${[...LEVELS].join(", ")}`);
        }
    }

    const ajv = new Ajv({ allErrors: true, strict: false });
    const result: ReconciledConfig = {};
    for (const policy of info.policies) {
        let level = policy.enforcementLevel;
        const properties: Record<string, unknown> = {};
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if (schema && typeof schema === "object" && "default" in schema) {
                properties[key] = structuredClone(schema.default);
            }
        }
        const initial = info.initialConfig[policy.name];
        if (initial) {
            level = initial.enforcementLevel ?? level;
            Object.assign(properties, initial.properties);
        }
        level = allLevel ?? level;
        const entry = file[policy.name];
        if (typeof entry === "string") {
            if (LEVELS.has(entry)) {
                level = entry as EnforcementLevel;
            } else {
                problems.push(`${policy.name}: enforcement level "${entry}" must be one of ${[...LEVELS].join(", ")}`);
            }
        } else if (entry !== undefined && entry !== null && typeof entry === "object" && !Array.isArray(entry)) {
            const { enforcementLevel, ...rest } = entry as Record<string, unknown>;
            if (enforcementLevel !== undefined) {
                if (typeof enforcementLevel === "string" && LEVELS.has(enforcementLevel)) {
                    level = enforcementLevel as EnforcementLevel;
                } else {
                    problems.push(`${policy.name}: enforcementLevel must be one of ${[...LEVELS].join(", ")}`);
                }
            }
            Object.assign(properties, rest);
        } else if (entry !== undefined) {
            problems.push(`${policy.name}: config must be an enforcement level or an object`);
        }

        if (policy.configSchema) {
            const validate = ajv.compile({
                type: "object",
                properties: policy.configSchema.properties,
                required: policy.configSchema.required ?? [],
            });
            if (!validate(properties)) {
                for (const error of validate.errors ?? []) {
                    problems.push(`${policy.name}: ${describeAjvError(error)}`);
                }
            }
        }
        result[policy.name] = { enforcementLevel: level, properties };
    }
    if (options.unknownPolicies === "forward") {
        for (const name of unknownNames) {
            const entry = file[name];
            const { enforcementLevel, ...properties } = (typeof entry === "object" && entry !== null && !Array.isArray(entry) ? entry : {}) as Record<string, unknown>;
            const level = typeof entry === "string" ? entry : enforcementLevel;
            result[name] = {
                enforcementLevel: typeof level === "string" && LEVELS.has(level) ? (level as EnforcementLevel) : allLevel ?? "advisory",
                properties,
            };
        }
    }
    if (problems.length > 0) {
        throw new PolicyConfigError(problems);
    }
    return result;
}

function describeAjvError(error: { instancePath: string; message?: string; params?: any; keyword: string }): string {
    const where = error.instancePath
        .split("/")
        .filter((s) => s !== "")
        .map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`))
        .join("")
        .replace(/^\./, "");
    let message = error.message ?? error.keyword;
    if (error.keyword === "additionalProperties" && error.params?.additionalProperty) {
        message = `has unknown property "${error.params.additionalProperty}"`;
    } else if (error.keyword === "enum" && Array.isArray(error.params?.allowedValues)) {
        message = `must be one of ${error.params.allowedValues.map((v: unknown) => JSON.stringify(v)).join(", ")}`;
    }
    return where ? `${where} ${message}` : message;
}

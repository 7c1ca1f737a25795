/**
 * The pack's own check of each policy's config, reported from the policy's stack validation
 * (AnalyzeStack: once per stack report).
 *
 * Why the pack checks what a schema should: the real engine validates a policy's config against
 * a schema built from only the policy's `properties` and `required`, so a top-level
 * `additionalProperties: false` is never applied, and a misspelled key (`fleetTreshold`) reaches
 * the pack, which would silently ignore it. `enforcementLevel` is taken out by the engine before
 * validation (and may be put back by the SDK), so it is always accepted. Settings that match
 * everything need `allowMatchAll: true`.
 *
 * A problem is reported as a mandatory stack violation whatever the policy's level (the engine
 * rejects an invalid config whatever the level); an allowed match-all setting as an advisory.
 */
import type { PolicyConfigSchema, ReportViolation } from "@pulumi/policy";
import { report } from "./resources";

export interface ConfigNote {
    /** The config property, e.g. `fleetTreshold`, `exemptions[0]`. */
    property: string;
    /** One sentence: what is wrong (problem) or what is in effect (notice). */
    summary: string;
    why: string;
    fix: string;
}

export interface ConfigCheck {
    /** The config is wrong: reported as mandatory. */
    problems: ConfigNote[];
    /** An allowed setting the stack report must name: reported as advisory. */
    notices: ConfigNote[];
}

/** Keys the engine or the SDK adds to every policy's config. */
const RESERVED_KEYS = ["enforcementLevel"];

/** Where a key that belongs to another policy lives, for the hint. */
const KEY_HOMES: Record<string, string> = {
    exemptions: "lambda-invoke-via-resource-policy",
    fleetThreshold: "lambda-invoke-via-resource-policy",
    allowCallerCredentials: "lambda-invoke-via-resource-policy",
    externalFunctions: "lambda-permission-for-route",
    adviseNarrowerScope: "lambda-permission-scoped",
    budgetHeadroomBytes: "lambda-permission-scoped",
    warnBeforeExpiryDays: "lambda-invoke-via-resource-policy",
};

/**
 * One problem per key of `raw` that is neither a property of `schema` nor reserved; `where` is
 * the path prefix for nested objects (`exemptions[0].`).
 *
 * @example unknownKeys("p", { fleetTreshold: 5 }, ["fleetThreshold"]) // [{ property: "fleetTreshold", summary: 'p: unknown config property "fleetTreshold" (did you mean "fleetThreshold"?).', ... }]
 */
export function unknownKeys(policyName: string, raw: unknown, known: readonly string[], where = ""): ConfigNote[] {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
        return [];
    }
    const accepted = where === "" ? [...known, ...RESERVED_KEYS] : [...known];
    const notes: ConfigNote[] = [];
    for (const key of Object.keys(raw)) {
        if (accepted.includes(key)) {
            continue;
        }
        const near = nearest(key, accepted);
        const home = where === "" && KEY_HOMES[key] && KEY_HOMES[key] !== policyName ? KEY_HOMES[key] : undefined;
        const hint = near ? ` (did you mean "${near}"?)` : home ? ` (${key} is a property of ${home}, not of this policy)` : "";
        notes.push({
            property: `${where}${key}`,
            summary: `${policyName}: unknown config property "${where}${key}"${hint}.`,
            why: `The policy ignores it, so it runs as if the property were not set; a misspelt setting would silently have no effect. Known properties${where ? ` of ${where.replace(/\.$/, "")}` : ""}: ${accepted.join(", ")}.`,
            fix: near
                ? `Rename "${where}${key}" to "${where}${near}" in the ${policyName} entry of the policy pack config.`
                : home
                  ? `Move "${key}" to the ${home} entry of the policy pack config, or remove it.`
                  : `Remove "${where}${key}" from the ${policyName} entry of the policy pack config.`,
        });
    }
    return notes;
}

/** The known key within edit distance 2 (or equal ignoring case), if exactly one is nearest. */
function nearest(key: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = 3;
    for (const k of known) {
        const d = k.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, k, bestDistance);
        if (d < bestDistance) {
            best = k;
            bestDistance = d;
        }
    }
    return best;
}

/** Levenshtein distance, giving up (returning `limit`) once it cannot be below `limit`. */
function editDistance(a: string, b: string, limit: number): number {
    if (Math.abs(a.length - b.length) >= limit || a.length > 200 || b.length > 200) {
        return limit;
    }
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        let rowMin = i;
        for (let j = 1; j <= b.length; j++) {
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            rowMin = Math.min(rowMin, cur[j]);
        }
        if (rowMin >= limit) {
            return limit;
        }
        prev = cur;
    }
    return Math.min(prev[b.length], limit);
}

/** The top-level property names of a policy's schema. */
export function schemaKeys(schema: PolicyConfigSchema): string[] {
    return Object.keys(schema.properties ?? {});
}

/** Reports the problems (mandatory) and notices (advisory) of one policy's config check. */
export function reportConfigCheck(reportViolation: ReportViolation, policy: string, check: ConfigCheck): void {
    for (const [notes, level] of [[check.problems, "mandatory"], [check.notices, "advisory"]] as const) {
        for (const note of notes) {
            report(reportViolation, { policy, urn: "", kind: "config", level, text: { summary: note.summary, property: note.property, why: note.why, fix: note.fix } });
        }
    }
}

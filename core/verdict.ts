/**
 * Three-valued answers shared by the permission model. "maybe" means a value is unknown (a
 * preview's computed ARN) and the known parts do not rule the answer out.
 */
export type Verdict = "yes" | "no" | "maybe";

/** "no" if any is "no", "yes" if all are "yes", else "maybe". */
export function allOf(...verdicts: Verdict[]): Verdict {
    return verdicts.includes("no") ? "no" : verdicts.every((v) => v === "yes") ? "yes" : "maybe";
}

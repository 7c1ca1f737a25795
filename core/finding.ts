/**
 * The text of a policy violation: a one-line summary, then labelled lines. The policies write it
 * with `formatFinding`; the offline checker reads it back with `parseFinding` to group findings by
 * API and route. One module owns the format so the two sides cannot drift apart.
 *
 * @example
 * formatFinding({ summary: "Integration uses an IAM role to invoke Lambda.", route: "GET /pets" })
 * // "Integration uses an IAM role to invoke Lambda.\nRoute: GET /pets"
 */
export interface FindingText {
    /** What is wrong, on which resource: one sentence. */
    summary: string;
    /** The API: its resource name and kind, e.g. `shop-api (REST API)`. */
    api?: string;
    /** The route or authorizer, e.g. `GET /pets/{petId}`, `$default`, `authorizer token-auth`. */
    route?: string;
    /** The property (or OpenAPI location) holding the problem. */
    property?: string;
    /** Why it matters: latency, availability, who can invoke. */
    why?: string;
    /** STS AssumeRole calls a request to this route costs now and after the fix. */
    sts?: { now: number; after: number };
    /** The exemption that applied (or expired), with its reason. */
    exemption?: string;
    /** The exact fix. */
    fix?: string;
}

const LABELS: [keyof FindingText, string][] = [
    ["api", "API"],
    ["route", "Route"],
    ["property", "Property"],
    ["why", "Why"],
    ["sts", "STS AssumeRole per request"],
    ["exemption", "Exemption"],
    ["fix", "Fix"],
];

export function formatFinding(f: FindingText): string {
    const lines = [f.summary];
    for (const [key, label] of LABELS) {
        const value = f[key];
        if (value === undefined) {
            continue;
        }
        const text = key === "sts" ? formatSts(value as { now: number; after: number }) : String(value);
        lines.push(`${label}: ${text.replace(/\n/g, " ")}`);
    }
    return lines.join("\n");
}

function formatSts(sts: { now: number; after: number }): string {
    return `${sts.now} now, ${sts.after} after the fix`;
}

/** Reads a message written by formatFinding; unlabelled text stays in the summary. */
export function parseFinding(message: string): FindingText {
    const lines = message.split("\n");
    const summary: string[] = [];
    const out: Partial<FindingText> = {};
    for (const line of lines) {
        const match = LABELS.find(([, label]) => line.startsWith(`${label}: `));
        if (!match) {
            summary.push(line);
            continue;
        }
        const [key, label] = match;
        const text = line.slice(label.length + 2);
        if (key === "sts") {
            const m = /^(\d+) now, (\d+) after the fix$/.exec(text);
            if (m) {
                out.sts = { now: Number(m[1]), after: Number(m[2]) };
            }
        } else {
            (out as Record<string, string>)[key] = text;
        }
    }
    return { ...out, summary: summary.join("\n") };
}

/**
 * `--format markdown`: the report for a GitHub job summary (`>> $GITHUB_STEP_SUMMARY`) or a pull
 * request comment, in GitHub-flavoured Markdown. Same order as the text report: a heading and the
 * summary table, the mandatory findings by stack, API and route (why, STS calls and the exact fix
 * in a collapsed `<details>`), the advisories with those of one cause folded, and the exit code
 * last. `quiet` keeps the summary alone; `verbose` lists every advisory. Every piece of text from
 * a finding is escaped, so a route like `GET /items/{id}` or an ARN with `*` renders as written.
 *
 * @example
 * fs.appendFileSync(process.env.GITHUB_STEP_SUMMARY!, formatMarkdown(outcome, { detail: "normal", failOn: "mandatory" }));
 */
import { foldAdvisories } from "./causes";
import type { CheckOutcome, StackReport } from "./check";
import { isBlocking, type Finding } from "./findings";
import { DEFAULT_REPORT_OPTIONS, problemText, type ReportOptions } from "./reportText";
import { countOutcome, exitLine, levelCounts, stsOfStack, stsTotal, type StsSummary } from "./summary";
import { groupDigits, plural } from "./wrap";

/** Renders the Markdown report, newline-terminated. */
export function formatMarkdown(outcome: CheckOutcome, options: ReportOptions = DEFAULT_REPORT_OPTIONS): string {
    const c = countOutcome(outcome);
    const out: string[] = [];
    out.push(`## apigw-lambda-guard: ${groupDigits(c.mandatory)} mandatory, ${groupDigits(c.advisory)} advisory in ${plural(c.stacks, "stack")}`);
    const pack = outcome.pack ? ` with policy pack ${code(`${outcome.pack.name} ${outcome.pack.version}`)}` : "";
    out.push("", `${plural(c.stacks, "stack")} (${plural(c.resources, "resource")}) checked${pack}; ${groupDigits(c.failingStacks)} with mandatory findings.`);
    out.push("", ...summaryTable(outcome));
    if (outcome.problems.length > 0) {
        out.push("", `**Not checked (${groupDigits(outcome.problems.length)}):**`, "");
        for (const p of outcome.problems) {
            out.push(`- ${code(p.file)}: ${text(problemText(p.message, p.file)).replace(/\n/g, "<br>")}`);
        }
    }
    const notes = outcome.stacks.flatMap((s) => s.notes.map((n) => `- ${code(s.file)}: ${text(n)}`));
    if (notes.length > 0) {
        out.push("", "**Warnings:**", "", ...notes);
    }
    if (options.detail !== "quiet") {
        out.push(...mandatory(outcome));
        out.push(...advisories(outcome, options.detail === "verbose"));
    }
    out.push("", "---", "", `**${text(exitLine(outcome, options.failOn))}**`);
    return `${out.join("\n")}\n`;
}

function summaryTable(outcome: CheckOutcome): string[] {
    const c = countOutcome(outcome);
    const rows = ["| Stack | File | Mandatory | Advisory | STS calls per request | Routes with STS |", "|---|---|--:|--:|--:|--:|"];
    const sts = (s: StsSummary) => [arrow(s.now, s.after, s.routesNow), arrow(s.routesNow, s.routesAfter, s.routesNow)];
    for (const stack of outcome.stacks) {
        const { mandatory, advisory } = levelCounts(stack);
        rows.push(cells([code(stackName(stack)), code(stack.file), groupDigits(mandatory), groupDigits(advisory), ...sts(stsOfStack(stack))]));
    }
    for (const p of outcome.problems) {
        rows.push(cells(["not checked", code(p.file), "", "", "", ""]));
    }
    const total = stsTotal(outcome.stacks);
    rows.push(cells(["**Total**", "", `**${groupDigits(c.mandatory)}**`, `**${groupDigits(c.advisory)}**`, ...sts(total)]));
    rows.push(
        "",
        "STS calls per request: the most STS AssumeRole calls one request makes, now → after the fixes (exempt findings keep " +
            "their role). Routes with STS: the routes and Lambda authorizers that make such calls.",
    );
    return rows;
}

function arrow(now: number, after: number, routes: number): string {
    return routes === 0 ? "0" : `${groupDigits(now)} → ${groupDigits(after)}`;
}

function cells(values: string[]): string {
    return `| ${values.map((v) => v.replace(/\|/g, "\\|")).join(" | ")} |`;
}

function mandatory(outcome: CheckOutcome): string[] {
    const total = countOutcome(outcome).mandatory;
    if (total === 0) {
        return ["", "No mandatory findings."];
    }
    const out = ["", `### Mandatory findings (${groupDigits(total)})`];
    for (const stack of outcome.stacks) {
        const findings = stack.findings.filter(isBlocking);
        if (findings.length > 0) {
            out.push("", stackHeading(stack), ...grouped(findings));
        }
    }
    return out;
}

function advisories(outcome: CheckOutcome, verbose: boolean): string[] {
    const total = countOutcome(outcome).advisory;
    if (total === 0) {
        return [];
    }
    const out = ["", `### Advisories (${groupDigits(total)})`];
    for (const stack of outcome.stacks) {
        const found = stack.findings.filter((f) => f.enforcementLevel === "advisory");
        if (found.length === 0) {
            continue;
        }
        out.push("", stackHeading(stack));
        if (verbose) {
            out.push(...grouped(found));
            continue;
        }
        const { causes, single } = foldAdvisories(found);
        if (causes.length > 0) {
            out.push("");
        }
        for (const cause of causes) {
            out.push(`- ${code(cause.policy)}: ${text(cause.text)} (${plural(cause.findings.length, "finding")}; ${code("--verbose")} lists them)`);
        }
        if (single.length > 0) {
            out.push(...grouped(single));
        }
    }
    return out;
}

function stackName(stack: StackReport): string {
    const s = stack.stack;
    return `${s.organization}/${s.project}/${s.stack}`;
}

function stackHeading(stack: StackReport): string {
    return `#### ${code(stackName(stack))} (${code(stack.file)})`;
}

/** Per API a bold line, then one list item per finding, its route first. */
function grouped(findings: Finding[]): string[] {
    const out: string[] = [];
    const apis = new Map<string, Finding[]>();
    for (const f of findings) {
        const api = f.api ?? "";
        apis.set(api, [...(apis.get(api) ?? []), f]);
    }
    const order = [...apis.keys()].sort((a, b) => Number(a === "") - Number(b === "") || (a < b ? -1 : a > b ? 1 : 0));
    for (const api of order) {
        out.push("", api === "" ? "**Not tied to an API**" : `**API ${text(api)}**`, "");
        const byRoute = [...apis.get(api)!].sort((a, b) => Number(a.route === undefined) - Number(b.route === undefined) || cmp(a.route, b.route));
        byRoute.forEach((f, i) => out.push(...(i > 0 ? [""] : []), ...item(f)));
    }
    return out;
}

function item(f: Finding): string[] {
    const route = f.route !== undefined ? `**${text(f.route)}** · ` : "";
    const severity = f.severity ? `, severity ${f.severity}` : "";
    const lines = [`- ${route}${code(f.policy)} (${f.enforcementLevel}${severity}): ${text(f.summary).replace(/\n/g, " ")}`];
    const parts: [string, string | undefined][] = [
        ["Resource", f.resourceType ? `${f.resourceType} "${f.resourceName}"` : undefined],
        ["Property", f.property],
        ["Why", f.why],
        ["STS", f.sts ? `${plural(f.sts.now, "AssumeRole call")} per request now, ${groupDigits(f.sts.after)} after the fix` : undefined],
        ["Exemption", f.exemption],
        ["Fix", f.fix],
    ];
    const shown = parts.filter((p): p is [string, string] => p[1] !== undefined);
    if (shown.length > 0) {
        lines.push("", "  <details><summary>Details and fix</summary>", "");
        for (const [label, value] of shown) {
            lines.push(`  - **${label}:** ${text(value).replace(/\n/g, " ")}`);
        }
        lines.push("", "  </details>");
    }
    return lines;
}

function cmp(a: string | undefined, b: string | undefined): number {
    const x = a ?? "";
    const y = b ?? "";
    return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Inline text with every character that Markdown (GitHub's: `~` strikes through, `$` starts math)
 * or HTML would interpret escaped. Text never starts a line here, so `#`, `-` and `1.` are safe.
 */
function text(s: string): string {
    return s
        .replace(/[\\`*_[\]|~$]/g, (ch) => `\\${ch}`)
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;");
}

/** A code span that holds `s` exactly, whatever backticks it contains. */
function code(s: string): string {
    const longest = Math.max(0, ...(s.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(longest + 1);
    const pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
    return `${fence}${pad}${s}${pad}${fence}`;
}

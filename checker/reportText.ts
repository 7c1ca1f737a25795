/**
 * The human report, read top down: a summary table (stacks, mandatory and advisory counts, STS
 * AssumeRole calls per request now and after the fixes, per stack and in total); the mandatory
 * findings grouped by stack, API and route; the advisories, those that one cause explains folded
 * into one entry; and, last, what the exit code means. `quiet` prints the summary alone;
 * `verbose` every finding in full (property, why, STS calls, exemption, exact fix), none folded.
 * Fits 100 columns except for words that cannot be broken (ARNs, URNs).
 *
 * @example
 * process.stdout.write(formatText(outcome, { detail: "normal", failOn: "mandatory" }));
 */
import type { Detail, FailOn } from "./args";
import { foldAdvisories } from "./causes";
import type { CheckOutcome, StackReport } from "./check";
import { isBlocking, type Finding } from "./findings";
import { countOutcome, exitLine, levelCounts, stsOfStack, stsTotal, type StsSummary } from "./summary";
import { REPORT_WIDTH, groupDigits, plural, wrap } from "./wrap";

/** What the text and markdown reports show, and what fails the run. */
export interface ReportOptions {
    detail: Detail;
    failOn: FailOn;
}

export const DEFAULT_REPORT_OPTIONS: ReportOptions = { detail: "normal", failOn: "mandatory" };

const NO_API = "Not tied to an API";
const NO_ROUTE = "(not tied to one route)";

/** Renders the whole report, newline-terminated; the exit-code line is the last. */
export function formatText(outcome: CheckOutcome, options: ReportOptions = DEFAULT_REPORT_OPTIONS): string {
    const counts = countOutcome(outcome);
    const packText = outcome.pack ? ` with policy pack ${outcome.pack.name} ${outcome.pack.version}` : "";
    const lines = [`apigw-lambda-guard: ${plural(counts.stacks, "stack")} (${plural(counts.resources, "resource")}) checked${packText}`];
    lines.push("", ...summaryTable(outcome));
    if (options.detail !== "quiet") {
        lines.push(...mandatorySection(outcome, options.detail));
        lines.push(...advisorySection(outcome, options.detail));
    }
    lines.push("", exitLine(outcome, options.failOn));
    return `${lines.join("\n")}\n`;
}

/** The summary: one row per input, a total row, notes and what the STS columns mean. */
function summaryTable(outcome: CheckOutcome): string[] {
    const counts = countOutcome(outcome);
    const names = outcome.stacks.map(stackName);
    const width = Math.min(40, Math.max(24, ...names.map((n) => n.length + 1), ...outcome.problems.map((p) => p.file.length + 1)));
    const notChecked = counts.problems > 0 ? `, ${plural(counts.problems, "input")} not checked` : "";
    const lines = [`Summary: ${groupDigits(counts.failingStacks)} of ${plural(counts.stacks, "stack")} with mandatory findings${notChecked}`];
    const row = (name: string, cells: string) => {
        if (name.length >= width) {
            lines.push(`  ${name}`);
            name = "";
        }
        lines.push(`  ${name.padEnd(width)}${cells}`.trimEnd());
    };
    const cells = (mandatory: number, advisory: number, sts: StsSummary) =>
        `${groupDigits(mandatory).padStart(9)}${groupDigits(advisory).padStart(10)}` +
        `${arrow(sts.now, sts.after, sts.routesNow).padStart(13)}${arrow(sts.routesNow, sts.routesAfter, sts.routesNow).padStart(17)}`;
    lines.push(`  ${"stack".padEnd(width)}${"mandatory".padStart(9)}${"advisory".padStart(10)}${"STS/request".padStart(13)}${"routes with STS".padStart(17)}`);
    outcome.stacks.forEach((stack, i) => {
        const { mandatory, advisory } = levelCounts(stack);
        row(names[i], cells(mandatory, advisory, stsOfStack(stack)));
    });
    for (const p of outcome.problems) {
        if (p.file.length >= width) {
            lines.push(`  ${p.file}`);
        }
        const name = p.file.length >= width ? "" : p.file;
        lines.push(...wrap(`not checked: ${firstLine(problemText(p.message, p.file))}`, REPORT_WIDTH, `  ${name.padEnd(width)}`, " ".repeat(width + 2)));
    }
    row("total", cells(counts.mandatory, counts.advisory, stsTotal(outcome.stacks)));
    lines.push(
        ...wrap(
            "STS/request: the most STS AssumeRole calls one request makes, now -> after the fixes (exempt findings keep their role); " +
                "routes with STS: the routes and Lambda authorizers that make such calls.",
            REPORT_WIDTH,
            "  ",
        ),
    );
    for (const stack of outcome.stacks) {
        for (const note of stack.notes) {
            lines.push(...wrap(`Note: ${stackName(stack)} (${stack.file}): ${note}`, REPORT_WIDTH, "  ", "    "));
        }
    }
    return lines;
}

function arrow(now: number, after: number, routes: number): string {
    return routes === 0 ? "0" : `${groupDigits(now)} -> ${groupDigits(after)}`;
}

function mandatorySection(outcome: CheckOutcome, detail: Detail): string[] {
    const total = countOutcome(outcome).mandatory;
    if (total === 0) {
        return ["", "No mandatory findings."];
    }
    const lines = ["", `Mandatory findings (${groupDigits(total)})`];
    for (const stack of outcome.stacks) {
        const findings = stack.findings.filter(isBlocking);
        if (findings.length > 0) {
            lines.push("", ...stackHeading(stack, `${groupDigits(findings.length)} mandatory`), ...groupedFindings(findings, detail));
        }
    }
    if (detail !== "verbose") {
        lines.push("", "  --verbose adds each finding's property, why it matters, STS calls and exact fix.");
    }
    return lines;
}

function advisorySection(outcome: CheckOutcome, detail: Detail): string[] {
    const total = countOutcome(outcome).advisory;
    if (total === 0) {
        return [];
    }
    const lines = ["", `Advisories (${groupDigits(total)})`];
    for (const stack of outcome.stacks) {
        const advisories = stack.findings.filter((f) => f.enforcementLevel === "advisory");
        if (advisories.length === 0) {
            continue;
        }
        lines.push("", ...stackHeading(stack, `${groupDigits(advisories.length)} advisory`));
        if (detail === "verbose") {
            lines.push(...groupedFindings(advisories, detail));
            continue;
        }
        const { causes, single } = foldAdvisories(advisories);
        for (const cause of causes) {
            const text = `${cause.policy}: ${cause.text} (${plural(cause.findings.length, "finding")}; --verbose lists them)`;
            lines.push(...wrap(text, REPORT_WIDTH, "  ", "    "));
        }
        if (single.length > 0) {
            lines.push(...groupedFindings(single, detail));
        }
    }
    return lines;
}

function stackName(stack: StackReport): string {
    const s = stack.stack;
    return `${s.organization}/${s.project}/${s.stack}`;
}

function stackHeading(stack: StackReport, counts: string): string[] {
    return wrap(`== ${stackName(stack)} (${stack.file}): ${counts}`, REPORT_WIDTH, "", "   ");
}

/** API, then route, then each finding: compact, or in full with `verbose`. */
function groupedFindings(findings: Finding[], detail: Detail): string[] {
    const lines: string[] = [];
    for (const [api, byRoute] of group(findings)) {
        lines.push(...wrap(api === NO_API ? NO_API : `API ${api}`, REPORT_WIDTH, "  "));
        let previous: Finding | undefined;
        for (const [route, routeFindings] of byRoute) {
            lines.push(...wrap(`Route ${route}`, REPORT_WIDTH, "    "));
            for (const f of routeFindings) {
                lines.push(...(detail === "verbose" ? findingLines(f, previous) : compactLines(f)));
                previous = f;
            }
        }
    }
    return lines;
}

/** API -> route -> findings; APIs and routes sorted, the catch-all groups last. */
function group(findings: Finding[]): [string, [string, Finding[]][]][] {
    const apis = new Map<string, Map<string, Finding[]>>();
    for (const f of findings) {
        const api = f.api ?? NO_API;
        const route = f.route ?? NO_ROUTE;
        const routes = apis.get(api) ?? new Map<string, Finding[]>();
        apis.set(api, routes);
        routes.set(route, [...(routes.get(route) ?? []), f]);
    }
    const last = (special: string) => (a: [string, unknown], b: [string, unknown]) =>
        Number(a[0] === special) - Number(b[0] === special) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
    return [...apis.entries()]
        .sort(last(NO_API))
        .map(([api, routes]) => [api, [...routes.entries()].sort(last(NO_ROUTE))] as [string, [string, Finding[]][]]);
}

const LABEL_WIDTH = 11;
const INDENT = "        ";

function headLine(f: Finding): string {
    return `      [${f.enforcementLevel}] ${f.policy}${f.severity ? `, severity ${f.severity}` : ""}`;
}

/** The level and policy, what is wrong, and the exemption that applied (the why of an advisory). */
function compactLines(f: Finding): string[] {
    const lines = [headLine(f), ...wrap(f.summary, REPORT_WIDTH, INDENT)];
    if (f.exemption !== undefined) {
        lines.push(...wrap(`Exemption: ${f.exemption}`, REPORT_WIDTH, INDENT, INDENT + " ".repeat(LABEL_WIDTH)));
    }
    return lines;
}

/**
 * A finding in full. When it repeats the previous finding of its API (same policy, level,
 * property, why, STS and exemption: a fleet), only what differs is printed: the resource and fix.
 */
function findingLines(f: Finding, previous: Finding | undefined): string[] {
    const repeat = previous !== undefined && sameExceptTarget(f, previous);
    const lines = [headLine(f), ...wrap(f.summary, REPORT_WIDTH, INDENT)];
    const labelled = (label: string, value: string | undefined) => {
        if (value !== undefined) {
            const head = `${label}:`.padEnd(LABEL_WIDTH);
            lines.push(...wrap(value, REPORT_WIDTH, INDENT + head, INDENT + " ".repeat(LABEL_WIDTH)));
        }
    };
    labelled("Resource", f.resourceType ? `${f.resourceType} "${f.resourceName}"` : undefined);
    if (repeat) {
        labelled("As above", "property, why, STS calls and exemption");
    } else {
        labelled("Property", f.property);
        labelled("Why", f.why);
        labelled("STS", f.sts ? findingStsText(f.sts) : undefined);
        labelled("Exemption", f.exemption);
    }
    labelled("Fix", f.fix);
    return lines;
}

function sameExceptTarget(a: Finding, b: Finding): boolean {
    return (
        a.policy === b.policy &&
        a.enforcementLevel === b.enforcementLevel &&
        a.property === b.property &&
        a.why === b.why &&
        a.exemption === b.exemption &&
        a.sts?.now === b.sts?.now &&
        a.sts?.after === b.sts?.after
    );
}

function findingStsText(sts: { now: number; after: number }): string {
    return `${plural(sts.now, "AssumeRole call")} per request now, ${groupDigits(sts.after)} after the fix`;
}

/** A problem's message without the `FILE: ` it starts with (the summary row names the file). */
export function problemText(message: string, file: string): string {
    return message.startsWith(`${file}: `) ? message.slice(file.length + 2) : message;
}

function firstLine(text: string): string {
    const [first, ...rest] = text.split("\n");
    return rest.length > 0 ? `${first.replace(/:$/, "")} (details on stderr)` : first;
}

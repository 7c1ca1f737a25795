/**
 * The human report: grouped by stack, then API, then route. Each finding shows what is wrong, the
 * resource and property, why, the STS AssumeRole calls per request now and after the fix, the
 * exemption that applied and the exact fix. Ends with counts per enforcement level. Fits 100
 * columns except for words that cannot be broken (ARNs, URNs).
 *
 * @example
 * process.stdout.write(formatText(outcome));
 */
import type { CheckOutcome, StackReport } from "./check";
import { isBlocking, type Finding } from "./findings";
import { countOutcome } from "./summary";
import { REPORT_WIDTH, groupDigits, plural, wrap } from "./wrap";

const NO_API = "Not tied to an API";
const NO_ROUTE = "(not tied to one route)";

/** Renders the whole report, newline-terminated. */
export function formatText(outcome: CheckOutcome): string {
    const lines: string[] = [];
    const counts = countOutcome(outcome);
    const packText = outcome.pack ? ` with policy pack ${outcome.pack.name} ${outcome.pack.version}` : "";
    lines.push(`apigw-lambda-guard: ${plural(counts.stacks, "stack")} (${plural(counts.resources, "resource")}) checked${packText}`);
    if (outcome.stacks.length + outcome.problems.length > 1) {
        lines.push("", ...overview(outcome));
    }
    for (const stack of outcome.stacks) {
        lines.push("", ...stackSection(stack));
    }
    if (outcome.problems.length > 0) {
        lines.push("", `Could not check (${plural(outcome.problems.length, "problem")}):`);
        for (const p of outcome.problems) {
            lines.push(...wrap(p.message, REPORT_WIDTH, "  - ", "    "));
        }
    }
    lines.push("", summaryLine(outcome));
    return `${lines.join("\n")}\n`;
}

/** `Summary: 5 stacks, 2 with mandatory violations: 7 mandatory, 2 advisory, 1 input not checked.` */
export function summaryLine(outcome: CheckOutcome): string {
    const c = countOutcome(outcome);
    let text = `Summary: ${plural(c.stacks, "stack")}, ${groupDigits(c.failingStacks)} with mandatory violations: `;
    text += `${groupDigits(c.mandatory)} mandatory, ${groupDigits(c.advisory)} advisory`;
    if (c.problems > 0) {
        text += `, ${plural(c.problems, "input")} not checked`;
    }
    return `${text}.`;
}

/** One line per input, so a long fleet section cannot hide another stack's result. */
function overview(outcome: CheckOutcome): string[] {
    const lines = ["  mandatory  advisory  stack"];
    const row = (mandatory: string, advisory: string, text: string) => {
        const counts = `${mandatory.padStart(11)}${advisory.padStart(10)}  `;
        lines.push(...wrap(text, REPORT_WIDTH, counts, " ".repeat(counts.length + 2)));
    };
    for (const stack of outcome.stacks) {
        const { mandatory, advisory } = levelCounts(stack);
        const s = stack.stack;
        row(groupDigits(mandatory), groupDigits(advisory), `${s.organization}/${s.project}/${s.stack} (${stack.file})`);
    }
    for (const p of outcome.problems) {
        row("-", "-", `${p.file}: not checked (see below)`);
    }
    return lines;
}

function levelCounts(stack: StackReport): { mandatory: number; advisory: number } {
    const mandatory = stack.findings.filter(isBlocking).length;
    return { mandatory, advisory: stack.findings.filter((f) => f.enforcementLevel === "advisory").length };
}

function stackSection(stack: StackReport): string[] {
    const s = stack.stack;
    const { mandatory, advisory } = levelCounts(stack);
    const lines = wrap(`== Stack ${s.organization}/${s.project}/${s.stack} (${stack.file})`, REPORT_WIDTH, "", "   ");
    lines.push(`   ${plural(stack.resourceCount, "resource")}: ${groupDigits(mandatory)} mandatory, ${groupDigits(advisory)} advisory`);
    for (const note of stack.notes) {
        lines.push(...wrap(`Note: ${note}`, REPORT_WIDTH, "  ", "        "));
    }
    if (stack.findings.length === 0) {
        lines.push("  No violations.");
        return lines;
    }
    for (const [api, byRoute] of group(stack.findings)) {
        lines.push("", ...wrap(api === NO_API ? NO_API : `API ${api}`, REPORT_WIDTH, "  "));
        let previous: Finding | undefined;
        for (const [route, findings] of byRoute) {
            lines.push(...wrap(`Route ${route}`, REPORT_WIDTH, "    "));
            for (const f of findings) {
                lines.push(...findingLines(f, previous));
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

/**
 * A finding's lines. When it repeats the previous finding of its API (same policy, level,
 * property, why, STS and exemption: a fleet), only what differs is printed: the resource and fix.
 */
function findingLines(f: Finding, previous: Finding | undefined): string[] {
    const indent = "        ";
    const severity = f.severity ? `, severity ${f.severity}` : "";
    const repeat = previous !== undefined && sameExceptTarget(f, previous);
    const lines = [`      [${f.enforcementLevel}] ${f.policy}${severity}`];
    lines.push(...wrap(f.summary, REPORT_WIDTH, indent));
    const labelled = (label: string, value: string | undefined) => {
        if (value !== undefined) {
            const head = `${label}:`.padEnd(LABEL_WIDTH);
            lines.push(...wrap(value, REPORT_WIDTH, indent + head, indent + " ".repeat(LABEL_WIDTH)));
        }
    };
    labelled("Resource", f.resourceType ? `${f.resourceType} "${f.resourceName}"` : undefined);
    if (repeat) {
        labelled("As above", "property, why, STS calls and exemption");
    } else {
        labelled("Property", f.property);
        labelled("Why", f.why);
        labelled("STS", f.sts ? stsText(f.sts) : undefined);
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

function stsText(sts: { now: number; after: number }): string {
    return `${plural(sts.now, "AssumeRole call")} per request now, ${groupDigits(sts.after)} after the fix`;
}

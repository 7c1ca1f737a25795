/**
 * `--format junit`: the JUnit XML that GitLab (artifacts:reports:junit), Jenkins (junit step) and
 * Azure DevOps (PublishTestResults) read. One test suite per stack; one test case per (stack,
 * policy, resource): it fails (`<failure>`) when it has a finding at or above `--fail-on`, and
 * carries the other findings in `<system-out>`. A policy with no finding in a stack is one passing
 * test case for the stack's resources, so a clean stack still shows its tests. Each input that
 * could not be checked is a suite with one test case in `<error>`; warnings about a stack are its
 * suite's `<system-err>`. No timings: the output is reproducible.
 *
 * @example
 * fs.writeFileSync("apigw-lambda-guard.xml", formatJunit(outcome, "mandatory"));
 */
import type { FailOn } from "./args";
import type { CheckOutcome, CheckProblem, StackReport } from "./check";
import type { Finding } from "./findings";
import { failsRun } from "./summary";

interface Case {
    classname: string;
    name: string;
    file: string;
    failures: Finding[];
    others: Finding[];
    error?: CheckProblem;
}

interface Suite {
    name: string;
    file: string;
    properties: [string, string][];
    cases: Case[];
    warnings: string[];
}

/** Renders the JUnit XML document, newline-terminated. */
export function formatJunit(outcome: CheckOutcome, failOn: FailOn = "mandatory"): string {
    const enabled = (outcome.pack?.policies ?? []).map((p) => p.name).filter((name) => outcome.pack?.levels[name] !== "disabled");
    const suites = [...outcome.stacks.map((s) => stackSuite(s, enabled, failOn)), ...outcome.problems.map(problemSuite)];
    const totals = suites.reduce(
        (t, s) => ({ tests: t.tests + s.cases.length, failures: t.failures + failed(s), errors: t.errors + errored(s) }),
        { tests: 0, failures: 0, errors: 0 },
    );
    const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
    out.push(`<testsuites${attrs({ name: "apigw-lambda-guard", tests: totals.tests, failures: totals.failures, errors: totals.errors, skipped: 0 })}>`);
    for (const suite of suites) {
        out.push(`  <testsuite${attrs({ name: suite.name, tests: suite.cases.length, failures: failed(suite), errors: errored(suite), skipped: 0, file: suite.file })}>`);
        if (suite.properties.length > 0) {
            out.push("    <properties>");
            for (const [name, value] of suite.properties) {
                out.push(`      <property${attrs({ name, value })}/>`);
            }
            out.push("    </properties>");
        }
        for (const c of suite.cases) {
            out.push(...caseXml(c));
        }
        if (suite.warnings.length > 0) {
            out.push(`    <system-err>${text(suite.warnings.join("\n"))}</system-err>`);
        }
        out.push("  </testsuite>");
    }
    out.push("</testsuites>");
    return `${out.join("\n")}\n`;
}

function stackSuite(stack: StackReport, enabled: string[], failOn: FailOn): Suite {
    const s = stack.stack;
    const name = `${s.organization}/${s.project}/${s.stack}`;
    const policies = [...new Set([...enabled, ...stack.findings.map((f) => f.policy)])];
    const cases: Case[] = [];
    for (const policy of policies) {
        const byResource = new Map<string, Finding[]>();
        for (const f of stack.findings.filter((x) => x.policy === policy)) {
            const key = f.urn ?? stack.stackUrn ?? "";
            byResource.set(key, [...(byResource.get(key) ?? []), f]);
        }
        const classname = `${name}.${policy}`;
        if (byResource.size === 0) {
            cases.push({ classname, name: "every resource", file: stack.file, failures: [], others: [] });
        }
        for (const findings of byResource.values()) {
            const f = findings[0];
            const resource = f.resourceType ? `${f.resourceType} "${f.resourceName}"` : `stack ${name}`;
            cases.push({
                classname,
                name: resource,
                file: stack.file,
                failures: findings.filter((x) => failsRun(x, failOn)),
                others: findings.filter((x) => !failsRun(x, failOn)),
            });
        }
    }
    return {
        name,
        file: stack.file,
        properties: [
            ["file", stack.file],
            ["resources", String(stack.resourceCount)],
        ],
        cases,
        warnings: stack.notes.map((n) => `warning: ${stack.file}: ${n}`),
    };
}

function problemSuite(problem: CheckProblem): Suite {
    const what = problem.kind === "config" ? "policy pack config" : "export file";
    return {
        name: problem.file,
        file: problem.file,
        properties: [],
        cases: [{ classname: "apigw-lambda-guard", name: `read and check the ${what}`, file: problem.file, failures: [], others: [], error: problem }],
        warnings: [],
    };
}

function caseXml(c: Case): string[] {
    const open = `    <testcase${attrs({ classname: c.classname, name: c.name, file: c.file })}`;
    if (c.failures.length === 0 && c.others.length === 0 && !c.error) {
        return [`${open}/>`];
    }
    const lines = [`${open}>`];
    if (c.error) {
        lines.push(`      <error${attrs({ type: c.error.kind, message: c.error.message.split("\n")[0] })}>${text(c.error.message)}</error>`);
    }
    if (c.failures.length > 0) {
        const first = c.failures[0];
        const more = c.failures.length > 1 ? ` (and ${c.failures.length - 1} more)` : "";
        const message = `${first.summary.split("\n")[0]}${more}`;
        lines.push(`      <failure${attrs({ type: first.enforcementLevel, message })}>${text(c.failures.map(findingText).join("\n\n"))}</failure>`);
    }
    if (c.others.length > 0) {
        lines.push(`      <system-out>${text(c.others.map(findingText).join("\n\n"))}</system-out>`);
    }
    lines.push("    </testcase>");
    return lines;
}

function findingText(f: Finding): string {
    return `[${f.enforcementLevel}] ${f.policy}${f.severity ? ` (severity ${f.severity})` : ""}\n${f.message}`;
}

const failed = (s: Suite) => s.cases.filter((c) => c.failures.length > 0).length;
const errored = (s: Suite) => s.cases.filter((c) => c.error !== undefined).length;

function attrs(values: Record<string, string | number>): string {
    return Object.entries(values)
        .map(([k, v]) => ` ${k}="${escape(String(v)).replace(/"/g, "&quot;").replace(/\n/g, "&#10;")}"`)
        .join("");
}

function text(s: string): string {
    return escape(s);
}

/** XML 1.0 text: markup escaped, characters XML cannot hold dropped. */
function escape(s: string): string {
    return s
        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/>/g, "&gt;");
}

/**
 * `--format sarif`: SARIF 2.1.0 for code scanning (e.g. GitHub's upload-sarif). One run; one rule
 * per policy (id = policy name, helpUri = the policy's url, default level from the configured
 * enforcement level, GitHub's `security-severity` from the policy severity); one result per
 * finding with level error (mandatory) or warning (advisory), the resource URN as its logical
 * location and the line of that resource in the export file as its physical location. Files that
 * could not be checked become tool execution notifications (level error), and the warnings about
 * a stack (encrypted secrets, no resources) notifications of level warning.
 *
 * @example
 * fs.writeFileSync("results.sarif", formatSarif(outcome));
 */
import { createHash } from "crypto";
import * as path from "path";
import type { EnforcementLevel, Severity } from "../engine/protocol";
import type { FailOn } from "./args";
import type { CheckOutcome, StackReport } from "./check";
import type { Finding } from "./findings";
import { exitCodeOf } from "./summary";

/** The `$schema` the SARIF log names (SchemaStore's copy of the 2.1.0 schema). */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";
const TOOL_NAME = "apigw-lambda-guard";
const FINGERPRINT_KEY = "apigwLambdaGuard/v1";

/** GitHub code scanning reads `security-severity` (0.1-10) to rank security alerts. */
const SECURITY_SEVERITY: Record<Severity, string> = { low: "3.0", medium: "5.5", high: "8.0", critical: "9.5" };

type SarifLevel = "error" | "warning" | "note" | "none";

/** SARIF result level of an enforcement level: mandatory (and remediate) error, advisory warning. */
export function sarifLevel(level: EnforcementLevel): SarifLevel {
    switch (level) {
        case "mandatory":
        case "remediate":
            return "error";
        case "advisory":
            return "warning";
        default:
            return "none";
    }
}

/** Renders the SARIF log, newline-terminated. `toolVersion` is the checker's package version. */
export function formatSarif(outcome: CheckOutcome, toolVersion: string, failOn: FailOn = "mandatory"): string {
    const policies = outcome.pack?.policies ?? [];
    const ruleIndex = new Map(policies.map((p, i) => [p.name, i]));
    const rules = policies.map((p) => {
        const level = outcome.pack?.levels[p.name] ?? p.enforcementLevel;
        const rule: Record<string, unknown> = {
            id: p.name,
            name: p.name,
            shortDescription: { text: p.displayName || p.name },
            fullDescription: { text: p.description || p.displayName || p.name },
        };
        if (p.remediationSteps) {
            rule.help = { text: p.remediationSteps };
        }
        if (isUri(p.url)) {
            rule.helpUri = p.url;
        }
        rule.defaultConfiguration = { enabled: level !== "disabled", level: sarifLevel(level) };
        const properties: Record<string, unknown> = { tags: ["security", ...p.tags.filter((t) => t !== "security")], enforcementLevel: level };
        if (p.severity) {
            properties.severity = p.severity;
            properties["security-severity"] = SECURITY_SEVERITY[p.severity];
        }
        rule.properties = properties;
        return rule;
    });

    const results = outcome.stacks.flatMap((stack) => stack.findings.map((f) => result(stack, f, ruleIndex)));
    const notification = (level: "error" | "warning", file: string, text: string) => ({
        level,
        message: { text },
        locations: [{ physicalLocation: { artifactLocation: { uri: fileUri(file) } } }],
    });
    const notifications = [
        ...outcome.problems.map((p) => notification("error", p.file, p.message)),
        ...outcome.stacks.flatMap((s) => s.notes.map((note) => notification("warning", s.file, `${s.file}: ${note}`))),
    ];
    const log = {
        $schema: SARIF_SCHEMA_URI,
        version: "2.1.0",
        runs: [
            {
                tool: {
                    driver: {
                        name: TOOL_NAME,
                        version: toolVersion,
                        ...(outcome.pack ? { properties: { policyPack: `${outcome.pack.name}@${outcome.pack.version}` } } : {}),
                        rules,
                    },
                },
                invocations: [
                    {
                        executionSuccessful: outcome.problems.length === 0,
                        exitCode: exitCodeOf(outcome, failOn),
                        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
                    },
                ],
                columnKind: "utf16CodeUnits",
                results,
            },
        ],
    };
    return `${JSON.stringify(log, null, 2)}\n`;
}

function result(stack: StackReport, f: Finding, ruleIndex: Map<string, number>) {
    const s = stack.stack;
    const urn = f.urn ?? stack.stackUrn ?? `urn:pulumi:${s.stack}::${s.project}::pulumi:pulumi:Stack::${s.project}-${s.stack}`;
    const line = stack.urnLines.get(urn) ?? 1;
    const properties: Record<string, unknown> = {
        stack: `${s.organization}/${s.project}/${s.stack}`,
        enforcementLevel: f.enforcementLevel,
    };
    for (const key of ["severity", "api", "route", "property", "exemption", "fix"] as const) {
        if (f[key] !== undefined) {
            properties[key] = f[key];
        }
    }
    if (f.sts) {
        properties.stsAssumeRoleNow = f.sts.now;
        properties.stsAssumeRoleAfterFix = f.sts.after;
    }
    if (f.cause) {
        properties.cause = f.cause;
    }
    const out: Record<string, unknown> = { ruleId: f.policy };
    const index = ruleIndex.get(f.policy);
    if (index !== undefined) {
        out.ruleIndex = index;
    }
    out.level = sarifLevel(f.enforcementLevel);
    out.message = { text: f.message };
    out.locations = [
        {
            physicalLocation: { artifactLocation: { uri: fileUri(stack.file) }, region: { startLine: line } },
            logicalLocations: [{ fullyQualifiedName: urn, ...(f.resourceName ? { name: f.resourceName } : {}), kind: "resource" }],
        },
    ];
    out.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint(properties.stack as string, f, urn) };
    out.properties = properties;
    return out;
}

/** Stable across runs and line moves: the stack, the policy, the resource and what it names. */
function fingerprint(stack: string, f: Finding, urn: string): string {
    return createHash("sha256")
        .update([stack, f.policy, urn, f.route ?? "", f.property ?? "", f.summary].join("\n"))
        .digest("hex")
        .slice(0, 32);
}

/** A relative path stays relative (code scanning resolves it against the checkout). */
export function fileUri(file: string): string {
    if (path.isAbsolute(file)) {
        const rel = path.relative(process.cwd(), file);
        if (rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) {
            return encodePath(rel);
        }
        return `file://${encodePath(file)}`;
    }
    return encodePath(path.normalize(file));
}

function encodePath(p: string): string {
    return p.split(path.sep).join("/").split("/").map(encodeURIComponent).join("/");
}

function isUri(s: string | undefined): s is string {
    return typeof s === "string" && /^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(s);
}

/**
 * Reads a `pulumi stack export` file (deployment version 3) into what the engine sends a policy
 * pack: one EngineResource per resource (inputs for Analyze, outputs for AnalyzeStack, parent,
 * dependencies, propertyDependencies, the provider resolved from its `urn::id` reference) and the
 * StackContext of an update (`dryRun: false`). Also accepts a DIY backend's checkpoint file
 * (`{"version": 3, "checkpoint": {"latest": ...}}`), which holds the same deployment.
 *
 * Every problem is an ExportError naming the file and what is wrong; nothing here throws anything
 * else on bad input.
 *
 * @example
 * const exp = parseExport(fs.readFileSync("prod.json", "utf8"), "prod.json");
 * exp.stack.stack; // "prod"
 * exp.resources.length;
 */
import * as fs from "fs";
import type { EngineResource, StackContext } from "../engine/types";
import { POLICY_CONFIG, jsonFileKind, textFileKind } from "./fileKind";
import { locateJsonError } from "./jsonError";
import { decodeSecrets } from "./secrets";
import { parseUrn } from "./urn";

/** What one export file holds, ready for a policy pack run. */
export interface StackExport {
    /** The path as the user gave it (reports show it as is). */
    file: string;
    stack: StackContext;
    /** In the export's order (the order the engine registered them), pending deletes left out. */
    resources: EngineResource[];
    /** Line (1-based) of each resource's `"urn"` in the file, for SARIF physical locations. */
    urnLines: Map<string, number>;
    /** Things the user should know about this export that do not stop the check. */
    notes: string[];
    /** The URN of the pulumi:pulumi:Stack resource, when the export has one. */
    stackUrn?: string;
}

/** An export that cannot be checked; `message` reads `FILE: problem`. */
export class ExportError extends Error {
    constructor(
        readonly file: string,
        readonly problem: string,
    ) {
        super(`${file}: ${problem}`);
        this.name = "ExportError";
    }
}

/** The deployment schema version this checker reads (`pulumi stack export` writes 3 today). */
export const SUPPORTED_DEPLOYMENT_VERSION = 3;

/** Organization used when the export does not name one (the DIY backends' default org name). */
export const DEFAULT_ORGANIZATION = "organization";

const MAX_PROBLEMS = 5;

/** Reads and parses `file`; every failure (missing, unreadable, malformed) is an ExportError. */
export function readExport(file: string): StackExport {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new ExportError(file, describeFsError(err));
    }
    return parseExport(text, file);
}

/** Parses the text of an export; `file` only names it in messages and reports. */
export function parseExport(text: string, file: string): StackExport {
    const fail = (problem: string): never => {
        throw new ExportError(file, problem);
    };
    if (text.trim() === "") {
        fail("the file is empty (expected the JSON written by `pulumi stack export`)");
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        const kind = textFileKind(text, file);
        fail(kind ? notAnExport(kind) : describeJsonError(text));
    }
    if (!isObject(doc)) {
        fail(`expected a JSON object with "version" and "deployment", found ${kindOf(doc)}`);
    }
    const top = doc as Record<string, unknown>;
    const kind = top.deployment === undefined && top.checkpoint === undefined ? jsonFileKind(top, file) : undefined;
    if (kind) {
        fail(notAnExport(kind));
    }
    if (top.version === undefined) {
        fail('no "version" field: this does not look like the output of `pulumi stack export`');
    }
    if (top.version !== SUPPORTED_DEPLOYMENT_VERSION) {
        fail(
            `deployment version ${JSON.stringify(top.version)} is not supported (expected ${SUPPORTED_DEPLOYMENT_VERSION}): ` +
                "export the stack again with a current Pulumi CLI",
        );
    }
    const deployment = deploymentOf(top, fail);
    const rawResources = deployment.resources ?? [];
    if (!Array.isArray(rawResources)) {
        fail(`"deployment.resources" must be an array, found ${kindOf(rawResources)}`);
    }
    const resources = rawResources as unknown[];

    const problems: string[] = [];
    const problem = (p: string) => {
        if (problems.length < MAX_PROBLEMS) {
            problems.push(p);
        }
    };
    let identity: { stack: string; project: string; from: number } | undefined;
    const kept: Record<string, unknown>[] = [];
    resources.forEach((raw, i) => {
        const where = `deployment.resources[${i}]`;
        if (!isObject(raw)) {
            problem(`${where} must be an object, found ${kindOf(raw)}`);
            return;
        }
        const r = raw as Record<string, unknown>;
        const urn = parseUrn(r.urn);
        if (!urn) {
            problem(`${where} has ${r.urn === undefined ? "no" : "an invalid"} "urn" (expected urn:pulumi:STACK::PROJECT::TYPE::NAME)`);
            return;
        }
        if (typeof r.type !== "string" || r.type === "") {
            problem(`${where} (${urn.urn}) has no "type"`);
            return;
        }
        if (!identity) {
            identity = { stack: urn.stack, project: urn.project, from: i };
        } else if (urn.stack !== identity.stack || urn.project !== identity.project) {
            problem(
                `${where} belongs to stack "${urn.project}/${urn.stack}" but deployment.resources[${identity.from}] to ` +
                    `"${identity.project}/${identity.stack}": one export holds one stack`,
            );
            return;
        }
        for (const key of ["inputs", "outputs", "propertyDependencies"]) {
            if (r[key] !== undefined && r[key] !== null && !isObject(r[key])) {
                problem(`${where} (${urn.urn}) "${key}" must be an object, found ${kindOf(r[key])}`);
                return;
            }
        }
        if (r.dependencies !== undefined && r.dependencies !== null && !isStringArray(r.dependencies)) {
            problem(`${where} (${urn.urn}) "dependencies" must be an array of URNs`);
            return;
        }
        // A pending delete is the old copy of a replaced resource: no engine run analyzes it.
        if (r.delete === true) {
            return;
        }
        kept.push(r);
    });
    if (problems.length > 0) {
        const more = resources.length > 0 && problems.length === MAX_PROBLEMS ? " (first problems only)" : "";
        fail(`malformed resources${more}:\n  - ${problems.join("\n  - ")}`);
    }

    const notes: string[] = [];
    const secretsState = isObject(deployment.secrets_providers) ? (deployment.secrets_providers as any).state : undefined;
    const stack: StackContext = {
        organization: organizationOf(deployment),
        project: identity?.project ?? stringOr(secretsState?.project, "unknown-project"),
        stack: identity?.stack ?? stringOr(secretsState?.stack, "unknown-stack"),
        dryRun: false,
    };
    if (kept.length === 0) {
        notes.push("the stack has no resources: nothing to check");
    }

    const providers = new Map<string, Record<string, unknown>>();
    for (const r of kept) {
        if (String(r.type).startsWith("pulumi:providers:")) {
            providers.set(String(r.urn), r);
        }
    }
    let encrypted = 0;
    const decode = (value: unknown) => {
        const out = decodeSecrets(value ?? {});
        encrypted += out.encrypted;
        return out.value as Record<string, unknown>;
    };
    const engineResources = kept.map((r): EngineResource => {
        const urn = String(r.urn);
        const resource: EngineResource = {
            urn,
            type: String(r.type),
            name: parseUrn(urn)!.name,
            inputs: decode(r.inputs),
            outputs: decode(r.outputs),
            dependencies: (r.dependencies as string[] | undefined) ?? [],
            propertyDependencies: cleanPropertyDependencies(r.propertyDependencies),
            protect: r.protect === true,
        };
        if (typeof r.parent === "string" && r.parent !== "") {
            resource.parent = r.parent;
        }
        const provider = resolveProvider(r.provider, providers);
        if (provider) {
            resource.provider = {
                urn: String(provider.urn),
                type: String(provider.type),
                name: parseUrn(provider.urn)!.name,
                properties: decode(provider.inputs),
            };
        }
        return resource;
    });
    if (encrypted > 0) {
        notes.push(
            `${encrypted} secret value${encrypted === 1 ? " is" : "s are"} encrypted in this export and reached the pack as ` +
                "unknown; export with `pulumi stack export --show-secrets` to check them",
        );
    }
    const stackUrn = engineResources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    return { file, stack, resources: engineResources, urnLines: urnLinesOf(text), notes, stackUrn };
}

function deploymentOf(top: Record<string, unknown>, fail: (p: string) => never): Record<string, unknown> {
    if (top.deployment !== undefined) {
        if (!isObject(top.deployment)) {
            fail(`"deployment" must be an object, found ${kindOf(top.deployment)}`);
        }
        return top.deployment as Record<string, unknown>;
    }
    // A DIY backend's checkpoint file: {"version": 3, "checkpoint": {"stack": ..., "latest": deployment}}.
    if (isObject(top.checkpoint)) {
        const latest = (top.checkpoint as Record<string, unknown>).latest;
        if (latest === undefined || latest === null) {
            return {};
        }
        if (!isObject(latest)) {
            fail(`"checkpoint.latest" must be an object, found ${kindOf(latest)}`);
        }
        return latest as Record<string, unknown>;
    }
    return fail('no "deployment" object: this does not look like the output of `pulumi stack export`');
}

/** Pulumi Cloud exports name the organization in the service secrets provider's state. */
function organizationOf(deployment: Record<string, unknown>): string {
    const sp = deployment.secrets_providers as Record<string, any> | undefined;
    if (isObject(sp) && sp.type === "service" && isObject(sp.state)) {
        return stringOr(sp.state.owner, DEFAULT_ORGANIZATION);
    }
    return DEFAULT_ORGANIZATION;
}

/** `urn::id` -> the provider resource; unresolvable references are skipped, as the engine does. */
function resolveProvider(ref: unknown, providers: Map<string, Record<string, unknown>>): Record<string, unknown> | undefined {
    if (typeof ref !== "string") {
        return undefined;
    }
    const sep = ref.lastIndexOf("::");
    return sep > 0 ? providers.get(ref.slice(0, sep)) : undefined;
}

function cleanPropertyDependencies(raw: unknown): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    if (!isObject(raw)) {
        return out;
    }
    for (const [key, urns] of Object.entries(raw as Record<string, unknown>)) {
        // Older CLIs wrote `null` for properties without dependencies.
        if (isStringArray(urns) && urns.length > 0) {
            out[key] = urns;
        }
    }
    return out;
}

function urnLinesOf(text: string): Map<string, number> {
    const lines = new Map<string, number>();
    const re = /"urn"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
    let line = 1;
    let last = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
        for (let i = last; i < m.index; i++) {
            if (text.charCodeAt(i) === 10) {
                line++;
            }
        }
        last = m.index;
        let urn: string;
        try {
            urn = JSON.parse(`"${m[1]}"`);
        } catch {
            continue;
        }
        if (!lines.has(urn)) {
            lines.set(urn, line);
        }
    }
    return lines;
}

/** "this is an npm manifest, not a `pulumi stack export` file", with what to do for a config. */
function notAnExport(kind: string): string {
    const hint = kind === POLICY_CONFIG ? ": pass it with --policy-pack-config" : " (write one with `pulumi stack export --file FILE`)";
    return `this is ${kind}, not a \`pulumi stack export\` file${hint}`;
}

/** Where the JSON goes wrong, with the text around it cut between tokens, never inside one. */
export function describeJsonError(text: string): string {
    const where = locateJsonError(text);
    if (!where || where.truncated) {
        return `the JSON is truncated: it ends unexpectedly after ${text.length} characters (an interrupted export or copy?)`;
    }
    const found = where.found === undefined ? "" : ` ${JSON.stringify(where.found)}`;
    return `not valid JSON at line ${where.line}, column ${where.column}: unexpected character${found} in ${excerpt(text, where.offset)}`;
}

const EXCERPT_CHARS = 40;

/** Up to about 40 characters either side of `offset` on its line, cut only at a token boundary. */
function excerpt(text: string, offset: number): string {
    const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
    const lineEnd = text.indexOf("\n", offset) < 0 ? text.length : text.indexOf("\n", offset);
    const boundary = /[\s,:{}[\]]/;
    // A token longer than this (a base64 blob) is left out rather than shown in part.
    const longest = 200;
    let start = Math.max(lineStart, offset - EXCERPT_CHARS);
    const from = start;
    while (start > lineStart && !boundary.test(text[start - 1])) {
        start--;
    }
    if (from - start > longest) {
        start = Math.min(offset, from + text.slice(from, offset).search(/[\s,:{}[\]]|$/) + 1);
    }
    let end = Math.min(lineEnd, offset + EXCERPT_CHARS);
    const to = end;
    while (end < lineEnd && !boundary.test(text[end])) {
        end++;
    }
    if (end - to > longest) {
        end = Math.max(offset + 1, text.slice(offset + 1, to).search(/[\s,:{}[\]][^\s,:{}[\]]*$/) + offset + 2);
    }
    const shown = text.slice(start, end).replace(/\t/g, " ").trim();
    return `${start > lineStart ? "..." : ""}\`${shown}\`${end < lineEnd ? "..." : ""}`;
}

function describeFsError(err: unknown): string {
    const code = (err as NodeJS.ErrnoException)?.code;
    switch (code) {
        case "ENOENT":
            return "no such file";
        case "EISDIR":
            return "is a directory, not an export file: pass the export files in it (e.g. DIR/*.json)";
        case "EACCES":
        case "EPERM":
            return "permission denied";
        default:
            return `cannot read the file: ${err instanceof Error ? err.message : String(err)}`;
    }
}

function isObject(v: unknown): v is Record<string, unknown> {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
    return Array.isArray(v) && v.every((x) => typeof x === "string");
}

function kindOf(v: unknown): string {
    if (v === null) {
        return "null";
    }
    if (Array.isArray(v)) {
        return "an array";
    }
    return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function stringOr(v: unknown, fallback: string): string {
    return typeof v === "string" && v !== "" ? v : fallback;
}

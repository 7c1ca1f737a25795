/**
 * What a file that is not a stack export looks like, so a message can say "this is an npm manifest"
 * instead of quoting a field it happens to share with an export (package.json has a "version").
 * Pure: reads the parsed JSON (or, for a text that is not JSON, its first lines).
 *
 * @example
 * jsonFileKind({ name: "shop", version: "1.0.0", dependencies: {} }, "package.json")
 * // "an npm manifest"
 * textFileKind("name: shop\nruntime: nodejs\n", "Pulumi.yaml") // "a Pulumi project file (Pulumi.yaml)"
 */
import * as path from "path";

/** The kind `jsonFileKind` names a `--policy-pack-config` file. */
export const POLICY_CONFIG = "a policy pack config";

/** What a parsed JSON document is, when it is a well-known kind of file; undefined otherwise. */
export function jsonFileKind(doc: unknown, file: string): string | undefined {
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        return undefined;
    }
    const o = doc as Record<string, unknown>;
    const has = (...keys: string[]) => keys.some((k) => k in o);
    const base = path.basename(file).toLowerCase();
    if ("lockfileVersion" in o) {
        return "an npm lockfile";
    }
    if (base === "package.json" || (typeof o.name === "string" && has("dependencies", "devDependencies", "scripts", "main", "peerDependencies"))) {
        return "an npm manifest";
    }
    if (has("compilerOptions") || base.startsWith("tsconfig")) {
        return "a TypeScript config (tsconfig)";
    }
    if (typeof o.$schema === "string" && /sarif/i.test(o.$schema)) {
        return "a SARIF log";
    }
    if ("formatVersion" in o && "stacks" in o && "summary" in o) {
        return "an apigw-lambda-guard JSON report";
    }
    if (Array.isArray(o.steps) || ("changeSummary" in o && "steps" in o)) {
        return "`pulumi preview --json` output";
    }
    if (looksLikePolicyConfig(o)) {
        return POLICY_CONFIG;
    }
    return undefined;
}

/** What a text that is not JSON is, from its first non-blank line; undefined when it cannot tell. */
export function textFileKind(text: string, file: string): string | undefined {
    const base = path.basename(file);
    if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
    }
    if (/[\x00-\x08\x0e-\x1a]/.test(text.slice(0, 512))) {
        return "a binary file";
    }
    const first = text.split("\n").find((l) => l.trim() !== "" && !l.trimStart().startsWith("#"))?.trim() ?? "";
    if (/^Pulumi\.yaml$/i.test(base) || /^(name|runtime):/.test(first)) {
        return "a Pulumi project file (Pulumi.yaml)";
    }
    if (/^Pulumi\..+\.ya?ml$/i.test(base) || /^(config|encryptionsalt|secretsprovider):/.test(first)) {
        return "a Pulumi stack settings file (Pulumi.<stack>.yaml)";
    }
    if (/^<\?xml\b/.test(first) || /^<(testsuites|testsuite)\b/.test(first)) {
        return "an XML file";
    }
    if (/^<(!doctype|html)\b/i.test(first)) {
        return "an HTML page";
    }
    if (/^[A-Za-z_][\w.-]*:(\s|$)/.test(first) || /^---\s*$/.test(first) || /\.ya?ml$/i.test(base)) {
        return "a YAML file";
    }
    if (/^(import|export|const|let|var|function|"use strict"|'use strict')\b/.test(first)) {
        return "a JavaScript or TypeScript source file";
    }
    return undefined;
}

/** `{"all": "advisory", "<policy>": level | {...}}`: every value a level or an object with one. */
function looksLikePolicyConfig(o: Record<string, unknown>): boolean {
    const levels = ["advisory", "mandatory", "remediate", "disabled"];
    const entries = Object.entries(o);
    return (
        entries.length > 0 &&
        !("version" in o) &&
        entries.every(([, v]) => (typeof v === "string" && levels.includes(v)) || (typeof v === "object" && v !== null && !Array.isArray(v))) &&
        entries.some(([k, v]) => k === "all" || (typeof v === "string" && levels.includes(v)) || (typeof v === "object" && v !== null && "enforcementLevel" in v))
    );
}

/**
 * Reads a `--policy-pack-config` file (the format `pulumi up --policy-pack-config` takes:
 * `{"all": level, "<policy>": level | {"enforcementLevel": level, ...properties}}`). Only the JSON
 * shape is checked here; schema defaults and validation happen in engine/config.ts against the
 * pack's own schemas, as the engine does.
 *
 * @example
 * const config = readPolicyPackConfig("policy-config.json");
 */
import * as fs from "fs";
import type { PolicyPackConfigFile } from "../engine/types";
import { describeJsonError } from "./exportFile";
import { POLICY_CONFIG, jsonFileKind, textFileKind } from "./fileKind";

/** A config file that cannot be used; `message` names the file. */
export class ConfigFileError extends Error {
    constructor(
        readonly file: string,
        problem: string,
    ) {
        super(`${file}: ${problem}`);
        this.name = "ConfigFileError";
    }
}

/** Reads and parses the file; throws ConfigFileError naming it when it is missing, empty or not a JSON object. */
export function readPolicyPackConfig(file: string): PolicyPackConfigFile {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException)?.code;
        const problem = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory, not a policy pack config file" : `cannot read the file: ${(err as Error).message}`;
        throw new ConfigFileError(file, problem);
    }
    if (text.trim() === "") {
        throw new ConfigFileError(file, "the policy pack config file is empty (expected a JSON object keyed by policy name)");
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch {
        const kind = textFileKind(text, file);
        throw new ConfigFileError(file, kind ? `this is ${kind}, not a policy pack config (a JSON object keyed by policy name)` : describeJsonError(text));
    }
    if (typeof doc !== "object" || doc === null || Array.isArray(doc)) {
        throw new ConfigFileError(file, "the policy pack config must be a JSON object keyed by policy name");
    }
    const o = doc as Record<string, unknown>;
    if ("deployment" in o || "checkpoint" in o) {
        throw new ConfigFileError(file, "this is a `pulumi stack export` file, not a policy pack config: pass it as FILE, not with --policy-pack-config");
    }
    const kind = jsonFileKind(o, file);
    if (kind && kind !== POLICY_CONFIG) {
        throw new ConfigFileError(file, `this is ${kind}, not a policy pack config (a JSON object keyed by policy name)`);
    }
    return doc as PolicyPackConfigFile;
}

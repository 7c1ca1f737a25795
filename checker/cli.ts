/**
 * `apigw-lambda-guard check FILE... [--policy-pack-config FILE] [--format FORMAT] [--output FILE]
 * [--fail-on LEVEL] [--quiet | --verbose]`: the offline checker. `main` resolves to the exit code
 * and never throws; bin/apigw-lambda-guard.js is the launcher.
 *
 * Streams: the report goes to stdout, or to `--output` (checked before any work starts). Every
 * error and warning goes to stderr, in every format, before the report; the JSON, SARIF and JUnit
 * reports record them too.
 *
 * @example
 * const code = await main(["check", "examples/stacks/http-api-clean.json"]);
 */
import * as fs from "fs";
import * as path from "path";
import { USAGE, UsageError, parseArgs, type Detail, type FailOn, type ReportFormat } from "./args";
import { checkExports, type CheckOutcome } from "./check";
import { ConfigFileError, readPolicyPackConfig } from "./configFile";
import type { PolicyPackConfigFile } from "../engine/types";
import { MergeError, mergeShardReports } from "./merge";
import { createProgress } from "./progress";
import { formatJson } from "./reportJson";
import { formatJunit } from "./reportJunit";
import { formatMarkdown } from "./reportMarkdown";
import { formatSarif } from "./reportSarif";
import { formatText, type ReportOptions } from "./reportText";
import { selectShard } from "./shard";
import { EXIT_INPUT_ERROR, exitCodeOf, summaryLine } from "./summary";

/** Where the CLI writes (tests pass buffers). */
export interface CliIo {
    stdout: { write(s: string): unknown };
    stderr: { write(s: string): unknown; isTTY?: boolean };
}

const NAME = "apigw-lambda-guard";

/** Runs the CLI; resolves to the exit code (0 pass, 1 findings at or above --fail-on, 2 usage/input error). */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
    const error = (message: string) => io.stderr.write(`${NAME}: ${message}\n`);
    try {
        const invocation = parseArgs(argv);
        if (invocation.command === "help") {
            io.stdout.write(`${USAGE}\n`);
            return 0;
        }
        if (invocation.command === "check" && invocation.list) {
            const files = invocation.shard ? selectShard(invocation.files, invocation.shard).files : invocation.files;
            io.stdout.write(files.map((f) => `${f}\n`).join(""));
            return 0;
        }
        if (invocation.output) {
            const bad = outputProblem(invocation.output, invocation.files);
            if (bad) {
                error(bad);
                return EXIT_INPUT_ERROR;
            }
        }
        const packDir = packageRoot();
        if (invocation.command === "merge") {
            let merged: CheckOutcome;
            try {
                merged = mergeShardReports(invocation.files);
            } catch (err) {
                if (!(err instanceof MergeError)) {
                    throw err;
                }
                error(`error: ${err.message}`);
                return EXIT_INPUT_ERROR;
            }
            return emit(merged, invocation, packDir, io);
        }
        const notBuilt = packNotBuilt(packDir);
        if (notBuilt) {
            error(notBuilt);
            return EXIT_INPUT_ERROR;
        }
        let config: PolicyPackConfigFile | undefined;
        let outcome: CheckOutcome | undefined;
        try {
            config = invocation.policyPackConfig ? readPolicyPackConfig(invocation.policyPackConfig) : undefined;
        } catch (err) {
            if (!(err instanceof ConfigFileError)) {
                throw err;
            }
            // Every stack would fail the same way: report the config alone, like a schema error.
            outcome = { stacks: [], problems: [{ file: err.file, kind: "config", message: err.message }] };
        }
        if (!outcome) {
            const selection = invocation.shard ? selectShard(invocation.files, invocation.shard) : undefined;
            outcome = await runChecks(selection?.files ?? invocation.files, packDir, config, invocation.policyPackConfig, io, selection?.positions);
            if (selection) {
                outcome.shard = selection.info;
            }
        } else if (invocation.shard) {
            outcome.shard = selectShard(invocation.files, invocation.shard).info;
        }
        return emit(outcome, invocation, packDir, io);
    } catch (err) {
        if (err instanceof UsageError) {
            error(`${err.message}\n\n${USAGE}`);
        } else {
            error(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        return EXIT_INPUT_ERROR;
    }
}

/** Prints the errors and warnings, writes the report, and resolves to the exit code. */
function emit(
    outcome: CheckOutcome,
    invocation: { format: ReportFormat; output?: string; failOn: FailOn; detail: Detail },
    packDir: string,
    io: CliIo,
): number {
    const error = (message: string) => io.stderr.write(`${NAME}: ${message}\n`);
    for (const p of outcome.problems) {
        error(`error: ${p.message}`);
    }
    for (const s of outcome.stacks) {
        for (const note of s.notes) {
            error(`warning: ${s.file}: ${note}`);
        }
    }
    const options: ReportOptions = { detail: invocation.detail, failOn: invocation.failOn };
    const report = render(outcome, invocation.format, options, packageVersion(packDir));
    if (invocation.output) {
        try {
            fs.writeFileSync(invocation.output, report);
        } catch (err) {
            error(`cannot write ${invocation.output}: ${(err as Error).message}`);
            return EXIT_INPUT_ERROR;
        }
    } else {
        io.stdout.write(report);
    }
    // The text report on stdout holds the summary; otherwise CI logs still need to see it.
    if (invocation.output || invocation.format !== "text") {
        io.stderr.write(`${summaryLine(outcome)}\n`);
    }
    return exitCodeOf(outcome, invocation.failOn);
}

async function runChecks(
    files: string[],
    packDir: string,
    config: PolicyPackConfigFile | undefined,
    configFile: string | undefined,
    io: CliIo,
    positions?: readonly number[],
): Promise<CheckOutcome> {
    const progress = createProgress(io.stderr);
    progress.update(0, files.length);
    const outcome = await checkExports(files, { packDir, config, configFile, positions, onProgress: (done, total) => progress.update(done, total) });
    progress.clear();
    return outcome;
}

function render(outcome: CheckOutcome, format: ReportFormat, options: ReportOptions, version: string): string {
    switch (format) {
        case "json":
            return formatJson(outcome, options.failOn);
        case "sarif":
            return formatSarif(outcome, version, options.failOn);
        case "junit":
            return formatJunit(outcome, options.failOn);
        case "markdown":
            return formatMarkdown(outcome, options);
        default:
            return formatText(outcome, options);
    }
}

/** Why the report cannot be written to `file`, found before any stack is checked. */
export function outputProblem(file: string, inputs: readonly string[]): string | undefined {
    const target = path.resolve(file);
    if (inputs.some((input) => path.resolve(input) === target)) {
        return `--output ${file} is also an input file: it would be overwritten`;
    }
    let stat: fs.Stats | undefined;
    try {
        stat = fs.statSync(target);
    } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
            return `cannot write ${file}: ${(err as Error).message}`;
        }
    }
    if (stat?.isDirectory()) {
        return `cannot write ${file}: it is a directory (--output takes a file name)`;
    }
    const dir = path.dirname(target);
    try {
        if (!fs.statSync(dir).isDirectory()) {
            return `cannot write ${file}: ${path.dirname(file)} is not a directory`;
        }
        fs.accessSync(stat ? target : dir, fs.constants.W_OK);
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") {
            return `cannot write ${file}: no directory ${path.dirname(file)}`;
        }
        return `cannot write ${file}: ${code === "EACCES" || code === "EPERM" ? "permission denied" : (err as Error).message}`;
    }
    return undefined;
}

/** The package root (the policy pack): the nearest ancestor holding this package's package.json. */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg) && readJson(pkg)?.name === NAME) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            // dist/checker/cli.js -> the package root, as the layout guarantees.
            return path.join(__dirname, "..", "..");
        }
    }
}

function packNotBuilt(packDir: string): string | undefined {
    const main = readJson(path.join(packDir, "package.json"))?.main;
    if (typeof main !== "string") {
        return `${path.join(packDir, "package.json")} names no "main": cannot find the policy pack`;
    }
    const entry = path.join(packDir, main);
    if (!fs.existsSync(entry) && !fs.existsSync(`${entry}.js`)) {
        return `the policy pack is not built (${main} is missing): run \`npm run build\` in ${packDir}`;
    }
    return undefined;
}

function packageVersion(packDir: string): string {
    const version = readJson(path.join(packDir, "package.json"))?.version;
    return typeof version === "string" ? version : "0.0.0";
}

function readJson(file: string): any {
    try {
        return JSON.parse(fs.readFileSync(file, "utf8"));
    } catch {
        return undefined;
    }
}

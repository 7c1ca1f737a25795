/**
 * `apigw-lambda-guard check FILE... [--policy-pack-config FILE] [--format text|json|sarif]
 * [--output FILE]`: the offline checker. `main` resolves to the exit code and never throws;
 * bin/apigw-lambda-guard.js is the launcher.
 *
 * @example
 * const code = await main(["check", "examples/stacks/http-api-clean.json"]);
 */
import * as fs from "fs";
import * as path from "path";
import { USAGE, UsageError, parseArgs, type ReportFormat } from "./args";
import { checkExports, type CheckOutcome } from "./check";
import { ConfigFileError, readPolicyPackConfig } from "./configFile";
import { createProgress } from "./progress";
import { formatJson } from "./reportJson";
import { formatSarif } from "./reportSarif";
import { formatText, summaryLine } from "./reportText";
import { EXIT_INPUT_ERROR, exitCodeOf } from "./summary";

/** Where the CLI writes (tests pass buffers). */
export interface CliIo {
    stdout: { write(s: string): unknown };
    stderr: { write(s: string): unknown; isTTY?: boolean };
}

const NAME = "apigw-lambda-guard";

/** Runs the CLI; resolves to the exit code (0 clean/advisory, 1 mandatory, 2 usage/input error). */
export async function main(argv: readonly string[], io: CliIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
    const error = (message: string) => io.stderr.write(`${NAME}: ${message}\n`);
    try {
        const invocation = parseArgs(argv);
        if (invocation.command === "help") {
            io.stdout.write(`${USAGE}\n`);
            return 0;
        }
        const config = invocation.policyPackConfig ? readPolicyPackConfig(invocation.policyPackConfig) : undefined;
        const packDir = packageRoot();
        const notBuilt = packNotBuilt(packDir);
        if (notBuilt) {
            error(notBuilt);
            return EXIT_INPUT_ERROR;
        }
        const progress = createProgress(io.stderr);
        progress.update(0, invocation.files.length);
        const outcome = await checkExports(invocation.files, {
            packDir,
            config,
            configFile: invocation.policyPackConfig,
            onProgress: (done, total) => progress.update(done, total),
        });
        progress.clear();
        const report = render(outcome, invocation.format, packageVersion(packDir));
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
        // Text on stdout already lists the problems; otherwise CI logs still need to see them.
        if (invocation.output || invocation.format !== "text") {
            for (const p of outcome.problems) {
                error(p.message);
            }
            io.stderr.write(`${summaryLine(outcome)}\n`);
        }
        return exitCodeOf(outcome);
    } catch (err) {
        if (err instanceof UsageError) {
            error(`${err.message}\n\n${USAGE}`);
        } else if (err instanceof ConfigFileError) {
            error(err.message);
        } else {
            error(`unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        }
        return EXIT_INPUT_ERROR;
    }
}

function render(outcome: CheckOutcome, format: ReportFormat, version: string): string {
    switch (format) {
        case "json":
            return formatJson(outcome);
        case "sarif":
            return formatSarif(outcome, version);
        default:
            return formatText(outcome);
    }
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

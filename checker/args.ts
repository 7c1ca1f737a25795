/**
 * Command-line parsing for `apigw-lambda-guard check FILE... [options]`. Pure: returns what to do
 * or a UsageError whose message says what is wrong; `--help` wins over everything else.
 *
 * @example
 * parseArgs(["check", "prod.json", "--format", "sarif", "-o", "out.sarif"])
 * // { command: "check", files: ["prod.json"], format: "sarif", output: "out.sarif",
 * //   failOn: "mandatory", detail: "normal" }
 */
import { parseShard, type Shard } from "./shard";

export type ReportFormat = "text" | "json" | "sarif" | "markdown" | "junit";

/** The report formats `--format` accepts. */
export const FORMATS: readonly ReportFormat[] = ["text", "json", "sarif", "markdown", "junit"];

/** The lowest enforcement level that fails the run (exit 1); `none`: findings never do. */
export type FailOn = "advisory" | "mandatory" | "none";

/** The levels `--fail-on` accepts. */
export const FAIL_ON: readonly FailOn[] = ["advisory", "mandatory", "none"];

/** How much the text and markdown reports show: the summary alone, folded advisories, or every finding in full. */
export type Detail = "quiet" | "normal" | "verbose";

export type Invocation =
    | { command: "help" }
    | {
          command: "check";
          files: string[];
          format: ReportFormat;
          output?: string;
          policyPackConfig?: string;
          failOn: FailOn;
          detail: Detail;
          /** `--shard I/N`: check only this shard's files (checker/shard.ts). */
          shard?: Shard;
          /** `--list`: print the files this run (or shard) would check, and stop. */
          list?: boolean;
      }
    | {
          /** `check merge REPORT...`: shard reports (JSON) merged into one report. */
          command: "merge";
          files: string[];
          format: ReportFormat;
          output?: string;
          failOn: FailOn;
          detail: Detail;
      };

/** A wrong command line; exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The `--help` text. */
export const USAGE = `Usage: apigw-lambda-guard check FILE... [options]
       apigw-lambda-guard check merge SHARD-REPORT.json... [options]

Runs the apigw-lambda-guard policy pack over \`pulumi stack export\` files, the way
\`pulumi up\` runs it: Analyze on each resource's inputs, AnalyzeStack on the outputs.

Options:
  --policy-pack-config FILE  policy config, as for \`pulumi up --policy-pack-config\`
  --format FORMAT            text (default), markdown, json, sarif or junit
  -o, --output FILE          write the report to FILE (errors and warnings go to stderr)
  --fail-on LEVEL            what fails the run (exit 1): mandatory (default), advisory, none
  -q, --quiet                text and markdown: print the summary alone
  -v, --verbose              text and markdown: every finding in full, no advisory folded
  --shard I/N                check only shard I of N of the files (split by name; write
                             each shard's report with --format json, then \`check merge\`)
  --list                     print the files that would be checked (with --shard: this
                             shard's), one a line, and stop; the files need not exist yet
  -h, --help                 show this help

\`check merge\` reads the JSON reports of every shard (--shard 1/N ... N/N) and writes the
report a single run over all the files would write, in any --format, with the same exit code.

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above --fail-on,
            2 usage or input error (some input could not be checked).`;

const VALUE_FLAGS: Record<string, "policyPackConfig" | "format" | "output" | "failOn" | "shard"> = {
    "--policy-pack-config": "policyPackConfig",
    "--format": "format",
    "--output": "output",
    "-o": "output",
    "--fail-on": "failOn",
    "--shard": "shard",
};

const DETAIL_FLAGS: Record<string, Detail> = { "--quiet": "quiet", "-q": "quiet", "--verbose": "verbose", "-v": "verbose" };

/** Parses `argv` (without node and the script); throws UsageError on a wrong command line. */
export function parseArgs(argv: readonly string[]): Invocation {
    if (argv.includes("--help") || argv.includes("-h") || argv[0] === "help") {
        return { command: "help" };
    }
    if (argv.length === 0) {
        throw new UsageError("missing command: expected `check FILE...`");
    }
    const [command, ...args] = argv;
    if (command !== "check") {
        throw new UsageError(`unknown command "${command}": expected \`check FILE...\``);
    }
    const merge = args[0] === "merge";
    const rest = merge ? args.slice(1) : args;
    const files: string[] = [];
    const values: { policyPackConfig?: string; format?: string; output?: string; failOn?: string; shard?: string } = {};
    const details = new Set<string>();
    let list = false;
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === "--") {
            files.push(...rest.slice(i + 1));
            break;
        }
        const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const key = VALUE_FLAGS[flag];
        if (arg === "--list") {
            list = true;
        } else if (DETAIL_FLAGS[arg]) {
            details.add(arg.startsWith("--") ? arg : arg === "-q" ? "--quiet" : "--verbose");
        } else if (key) {
            let value: string | undefined;
            if (eq > 0) {
                value = arg.slice(eq + 1);
            } else {
                value = rest[++i];
            }
            if (value === undefined || value === "") {
                throw new UsageError(`${flag} needs a value`);
            }
            if (values[key] !== undefined) {
                throw new UsageError(`${flag} given twice`);
            }
            values[key] = value;
        } else if (arg.startsWith("-") && arg !== "-") {
            throw new UsageError(`unknown option "${arg}"`);
        } else {
            files.push(arg);
        }
    }
    if (merge && files.length === 0) {
        throw new UsageError("no shard reports given: expected `check merge REPORT...` (the --format json reports of check --shard I/N)");
    }
    if (files.length === 0) {
        throw new UsageError("no export files given: expected `check FILE...` (files written by `pulumi stack export`)");
    }
    const format = (values.format ?? "text") as ReportFormat;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
    }
    const failOn = (values.failOn ?? "mandatory") as FailOn;
    if (!FAIL_ON.includes(failOn)) {
        throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(", ")}, not "${values.failOn}"`);
    }
    if (details.size > 1) {
        throw new UsageError("--quiet and --verbose cannot be used together");
    }
    const detail = details.has("--quiet") ? "quiet" : details.has("--verbose") ? "verbose" : "normal";
    if (merge) {
        if (list) {
            throw new UsageError("check merge takes no --list");
        }
        for (const flag of ["policyPackConfig", "shard"] as const) {
            if (values[flag] !== undefined) {
                throw new UsageError(`check merge takes no ${flag === "shard" ? "--shard" : "--policy-pack-config"}: the shard reports already hold what the shards found`);
            }
        }
        return { command: "merge", files, format, output: values.output, failOn, detail };
    }
    const shard = values.shard === undefined ? undefined : parseShard(values.shard);
    return { command: "check", files, format, output: values.output, policyPackConfig: values.policyPackConfig, failOn, detail, ...(shard ? { shard } : {}), ...(list ? { list } : {}) };
}

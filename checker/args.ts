/**
 * Command-line parsing for `apigw-lambda-guard check FILE... [options]`. Pure: returns what to do
 * or a UsageError whose message says what is wrong; `--help` wins over everything else.
 *
 * @example
 * parseArgs(["check", "prod.json", "--format", "sarif", "-o", "out.sarif"])
 * // { command: "check", files: ["prod.json"], format: "sarif", output: "out.sarif" }
 */
export type ReportFormat = "text" | "json" | "sarif";

/** The report formats `--format` accepts. */
export const FORMATS: readonly ReportFormat[] = ["text", "json", "sarif"];

export type Invocation =
    | { command: "help" }
    | { command: "check"; files: string[]; format: ReportFormat; output?: string; policyPackConfig?: string };

/** A wrong command line; exit code 2. */
export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

/** The `--help` text. */
export const USAGE = `Usage: apigw-lambda-guard check FILE... [options]

Runs the apigw-lambda-guard policy pack over \`pulumi stack export\` files, the way
\`pulumi up\` runs it: Analyze on each resource's inputs, AnalyzeStack on the outputs.

Options:
  --policy-pack-config FILE  policy config, as for \`pulumi up --policy-pack-config\`
  --format text|json|sarif   report format (default: text)
  -o, --output FILE          write the report to FILE (the summary still goes to stderr)
  -h, --help                 show this help

Exit codes: 0 clean or advisory only, 1 mandatory violations,
            2 usage or input error (some input could not be checked).`;

const VALUE_FLAGS: Record<string, "policyPackConfig" | "format" | "output"> = {
    "--policy-pack-config": "policyPackConfig",
    "--format": "format",
    "--output": "output",
    "-o": "output",
};

/** Parses `argv` (without node and the script); throws UsageError on a wrong command line. */
export function parseArgs(argv: readonly string[]): Invocation {
    if (argv.includes("--help") || argv.includes("-h") || argv[0] === "help") {
        return { command: "help" };
    }
    if (argv.length === 0) {
        throw new UsageError("missing command: expected `check FILE...`");
    }
    const [command, ...rest] = argv;
    if (command !== "check") {
        throw new UsageError(`unknown command "${command}": expected \`check FILE...\``);
    }
    const files: string[] = [];
    const values: { policyPackConfig?: string; format?: string; output?: string } = {};
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === "--") {
            files.push(...rest.slice(i + 1));
            break;
        }
        const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
        const flag = eq > 0 ? arg.slice(0, eq) : arg;
        const key = VALUE_FLAGS[flag];
        if (key) {
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
    if (files.length === 0) {
        throw new UsageError("no export files given: expected `check FILE...` (files written by `pulumi stack export`)");
    }
    const format = (values.format ?? "text") as ReportFormat;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, not "${values.format}"`);
    }
    return { command: "check", files, format, output: values.output, policyPackConfig: values.policyPackConfig };
}

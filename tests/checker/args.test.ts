/** Command-line parsing: what each command line means, and the message for each mistake. */
import * as assert from "assert";
import { UsageError, parseArgs } from "../../checker/args";

const DEFAULTS = { failOn: "mandatory", detail: "normal" };

describe("checker command line", () => {
    const ok: [string[], object][] = [
        [["check", "a.json"], { command: "check", files: ["a.json"], format: "text", output: undefined, policyPackConfig: undefined, ...DEFAULTS }],
        [
            ["check", "a.json", "b.json", "--format", "sarif", "-o", "out.sarif", "--policy-pack-config", "c.json"],
            { command: "check", files: ["a.json", "b.json"], format: "sarif", output: "out.sarif", policyPackConfig: "c.json", ...DEFAULTS },
        ],
        [["check", "--format=json", "--output=r.json", "a.json"], { command: "check", files: ["a.json"], format: "json", output: "r.json", policyPackConfig: undefined, ...DEFAULTS }],
        [["check", "--", "--odd-name.json"], { command: "check", files: ["--odd-name.json"], format: "text", output: undefined, policyPackConfig: undefined, ...DEFAULTS }],
        [
            ["check", "a.json", "--format", "junit", "--fail-on", "advisory", "-q"],
            { command: "check", files: ["a.json"], format: "junit", output: undefined, policyPackConfig: undefined, failOn: "advisory", detail: "quiet" },
        ],
        [
            ["check", "--format=markdown", "--fail-on=none", "--verbose", "a.json"],
            { command: "check", files: ["a.json"], format: "markdown", output: undefined, policyPackConfig: undefined, failOn: "none", detail: "verbose" },
        ],
        [["check", "a.json", "-v", "-v"], { command: "check", files: ["a.json"], format: "text", output: undefined, policyPackConfig: undefined, failOn: "mandatory", detail: "verbose" }],
        [["--help"], { command: "help" }],
        [["check", "a.json", "-h"], { command: "help" }],
        [["help"], { command: "help" }],
    ];
    for (const [argv, expected] of ok) {
        it(argv.join(" "), () => assert.deepStrictEqual(parseArgs(argv), expected));
    }

    const bad: [string[], RegExp][] = [
        [[], /missing command/],
        [["scan", "a.json"], /unknown command "scan"/],
        [["check"], /no export files given/],
        [["check", "a.json", "--format", "xml"], /--format must be one of text, json, sarif, markdown, junit, not "xml"/],
        [["check", "a.json", "--fail-on", "warning"], /--fail-on must be one of advisory, mandatory, none, not "warning"/],
        [["check", "a.json", "--fail-on"], /--fail-on needs a value/],
        [["check", "a.json", "-q", "--verbose"], /--quiet and --verbose cannot be used together/],
        [["check", "a.json", "--format"], /--format needs a value/],
        [["check", "a.json", "--output="], /--output needs a value/],
        [["check", "a.json", "--verbos"], /unknown option "--verbos"/],
        [["check", "a.json", "-o", "x", "--output", "y"], /--output given twice/],
    ];
    for (const [argv, expected] of bad) {
        it(`rejects: ${argv.join(" ") || "(nothing)"}`, () => {
            assert.throws(() => parseArgs(argv), (err: unknown) => err instanceof UsageError && expected.test(err.message));
        });
    }
});

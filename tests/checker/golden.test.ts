/**
 * Golden outputs of the real CLI over the bundled examples (examples/stacks/*.json, in the order
 * `npm start` passes them), one per format (text also with --verbose), plus the text report with
 * examples/policy-config.json.
 * Regenerate after an intended change: `node scripts/update-golden.js`
 * (then review the diff).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT, assertBuilt, runCli } from "./cliRun";
import MarkdownIt from "markdown-it";
import { junitSchemaErrors } from "./junitSchema";
import { sarifSchemaErrors } from "./sarifSchema";

const GOLDEN_DIR = path.join(ROOT, "tests", "golden", "checker");
const UPDATE = process.env.UPDATE_GOLDEN === "1";
const EXAMPLE_FILES = fs
    .readdirSync(path.join(ROOT, "examples", "stacks"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `examples/stacks/${f}`);

function golden(name: string, actual: string): void {
    const file = path.join(GOLDEN_DIR, name);
    if (UPDATE) {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        fs.writeFileSync(file, actual);
        return;
    }
    assert.ok(fs.existsSync(file), `missing golden ${path.relative(ROOT, file)}: run with UPDATE_GOLDEN=1`);
    const expected = fs.readFileSync(file, "utf8");
    if (actual !== expected) {
        const a = actual.split("\n");
        const e = expected.split("\n");
        const at = a.findIndex((line, i) => line !== e[i]);
        assert.fail(
            `${path.relative(ROOT, file)} differs at line ${at + 1}:\n  expected: ${e[at]}\n  actual:   ${a[at]}\n` +
                "If the change is intended: node scripts/update-golden.js",
        );
    }
}

function assertPortable(output: string): void {
    assert.ok(!output.includes(ROOT), "the output holds an absolute path of this machine");
    assert.ok(!/\b\d+(\.\d+)? ?(ms|seconds?)\b/.test(output), "the output holds a timing");
}

describe("checker goldens (real pack, bundled examples)", function () {
    this.timeout(180_000);
    before(assertBuilt);

    it("has the five bundled examples", () => {
        assert.strictEqual(EXAMPLE_FILES.length, 5);
    });

    it("text: about a screen, the exit code last", () => {
        const res = runCli(["check", ...EXAMPLE_FILES]);
        assert.strictEqual(res.code, 1, res.stderr);
        assert.strictEqual(res.stderr, "", "no progress or noise on a non-TTY stderr");
        assertPortable(res.stdout);
        const lines = res.stdout.trimEnd().split("\n");
        assert.ok(lines.length <= 70, `npm start prints ${lines.length} lines`);
        assert.match(lines[lines.length - 1], /^Exit code 1: the run fails on 7 mandatory findings/);
        golden("examples.txt", res.stdout);
    });

    it("text --verbose (every finding in full) and --quiet (the summary alone)", () => {
        const verbose = runCli(["check", ...EXAMPLE_FILES, "--verbose"]);
        assert.strictEqual(verbose.code, 1, verbose.stderr);
        assert.strictEqual(verbose.stdout.match(/\[advisory\] lambda-invoke-via-resource-policy/g)?.length, 150);
        assertPortable(verbose.stdout);
        golden("examples-verbose.txt", verbose.stdout);
        const quiet = runCli(["check", ...EXAMPLE_FILES, "--quiet"]);
        assert.strictEqual(quiet.code, 1, quiet.stderr);
        const summary = quiet.stdout.slice(0, quiet.stdout.indexOf("\n\nExit code"));
        assert.ok(verbose.stdout.startsWith(summary), "--quiet prints the summary of the full report");
        assert.match(quiet.stdout, /\n\nExit code 1: .*\n$/);
    });

    it("text with examples/policy-config.json", () => {
        const res = runCli(["check", "examples/stacks/rest-api-authorizer-roles.json", "--policy-pack-config", "examples/policy-config.json"]);
        assert.match(res.stdout, /Exemption: exempted by exemptions\[0\]/);
        assertPortable(res.stdout);
        golden("rest-api-with-config.txt", res.stdout);
    });

    it("json", () => {
        const res = runCli(["check", ...EXAMPLE_FILES, "--format", "json"]);
        assert.strictEqual(res.code, 1, res.stderr);
        const doc = JSON.parse(res.stdout);
        assert.strictEqual(doc.summary.exitCode, 1);
        assert.strictEqual(doc.stacks.length, 5);
        assertPortable(res.stdout);
        golden("examples.json", res.stdout);
    });

    it("markdown (rendered: a table and the headings)", () => {
        const res = runCli(["check", ...EXAMPLE_FILES, "--format", "markdown"]);
        assert.strictEqual(res.code, 1, res.stderr);
        const tokens = new MarkdownIt({ html: true }).parse(res.stdout, {});
        assert.strictEqual(tokens.filter((t) => t.type === "table_open").length, 1);
        assert.strictEqual(tokens.filter((t) => t.type === "tr_open").length, 1 + EXAMPLE_FILES.length + 1, "header, a row per stack, total");
        assert.deepStrictEqual(tokens.filter((t) => t.type === "heading_open").map((t) => t.tag), ["h2", "h3", "h4", "h4", "h4", "h3", "h4"]);
        assertPortable(res.stdout);
        golden("examples.md", res.stdout);
    });

    it("junit (and it is valid against junit.xsd)", async () => {
        const res = runCli(["check", ...EXAMPLE_FILES, "--format", "junit"]);
        assert.strictEqual(res.code, 1, res.stderr);
        assert.deepStrictEqual(await junitSchemaErrors(res.stdout), []);
        assert.match(res.stdout, /<testsuites name="apigw-lambda-guard" tests="166" failures="6" errors="0" skipped="0">/, "7 mandatory findings on 6 resources");
        assertPortable(res.stdout);
        golden("examples.junit.xml", res.stdout);
    });

    it("sarif (and it is valid SARIF 2.1.0)", () => {
        const res = runCli(["check", ...EXAMPLE_FILES, "--format", "sarif"]);
        assert.strictEqual(res.code, 1, res.stderr);
        assert.deepStrictEqual(sarifSchemaErrors(JSON.parse(res.stdout)), []);
        assertPortable(res.stdout);
        golden("examples.sarif", res.stdout);
    });
});

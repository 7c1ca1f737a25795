/**
 * Golden outputs of the real CLI over the bundled examples (examples/stacks/*.json, in the order
 * `npm start` passes them), one per format, plus the text report with examples/policy-config.json.
 * Regenerate after an intended change: `node scripts/update-golden.js`
 * (then review the diff).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT, assertBuilt, runCli } from "./cliRun";
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

    it("text", () => {
        const res = runCli(["check", ...EXAMPLE_FILES]);
        assert.strictEqual(res.code, 1, res.stderr);
        assert.strictEqual(res.stderr, "", "no progress or noise on a non-TTY stderr");
        assertPortable(res.stdout);
        golden("examples.txt", res.stdout);
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

    it("sarif (and it is valid SARIF 2.1.0)", () => {
        const res = runCli(["check", ...EXAMPLE_FILES, "--format", "sarif"]);
        assert.strictEqual(res.code, 1, res.stderr);
        assert.deepStrictEqual(sarifSchemaErrors(JSON.parse(res.stdout)), []);
        assertPortable(res.stdout);
        golden("examples.sarif", res.stdout);
    });
});

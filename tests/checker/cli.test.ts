/**
 * The CLI as a child process against the real pack: exit codes, bad inputs named in messages
 * while the other files are still checked, --output, and a 5,000-resource export.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, assertBuilt, runCli } from "./cliRun";
import { fleetSharingOneRole, toJson } from "./exampleStacks";

const REST = "examples/stacks/rest-api-authorizer-roles.json";
const CLEAN = "examples/stacks/http-api-resource-policies.json";
const FLEET = "examples/stacks/fleet-150-functions.json";

describe("checker CLI (real pack)", function () {
    this.timeout(180_000);
    let tmp: string;
    /** A temp file path relative to the package root (the CLI runs there). */
    const temp = (name: string, content: string) => {
        const file = path.join(tmp, name);
        fs.writeFileSync(file, content);
        return path.relative(ROOT, file);
    };
    before(() => {
        assertBuilt();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "agl-cli-"));
    });
    after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

    describe("exit codes", () => {
        it("0 and usage on stdout for --help", () => {
            const res = runCli(["--help"]);
            assert.strictEqual(res.code, 0);
            assert.match(res.stdout, /^Usage: apigw-lambda-guard check FILE\.\.\./);
        });

        it("2 for a usage error, with the usage on stderr", () => {
            for (const args of [[], ["check"], ["check", CLEAN, "--format", "xml"], ["lint", CLEAN]]) {
                const res = runCli(args);
                assert.strictEqual(res.code, 2, args.join(" "));
                assert.strictEqual(res.stdout, "");
                assert.match(res.stderr, /^apigw-lambda-guard: .+\n\nUsage:/);
            }
        });

        it("0 for a clean stack", () => {
            const res = runCli(["check", CLEAN]);
            assert.strictEqual(res.code, 0, res.stdout + res.stderr);
            assert.match(res.stdout, /No violations\./);
        });

        it("0 for advisory findings only (the fleet is exempt by fleetThreshold)", () => {
            const res = runCli(["check", FLEET, "--format", "json"]);
            assert.strictEqual(res.code, 0, res.stderr);
            const doc = JSON.parse(res.stdout);
            assert.deepStrictEqual([doc.summary.mandatory, doc.summary.advisory], [0, 150]);
        });

        it("1 for mandatory violations", () => {
            const res = runCli(["check", REST]);
            assert.strictEqual(res.code, 1, res.stderr);
            assert.match(res.stdout, /\[mandatory\] lambda-invoke-via-resource-policy/);
        });

        it("the config changes the outcome: every policy advisory gives 0", () => {
            const config = temp("all-advisory.json", JSON.stringify({ all: "advisory" }));
            const res = runCli(["check", REST, "--policy-pack-config", config]);
            assert.strictEqual(res.code, 0, res.stdout + res.stderr);
            assert.match(res.stdout, /\[advisory\] lambda-invoke-via-resource-policy/);
            assert.doesNotMatch(res.stdout, /\[mandatory\]/);
        });
    });

    describe("bad inputs: 2, each named with its problem, the good files still checked", () => {
        let res: ReturnType<typeof runCli>;
        let files: Record<string, string>;
        before(() => {
            const valid = toJson(fleetSharingOneRole(3, "small", "fleet-small"));
            files = {
                empty: temp("empty.json", ""),
                truncated: temp("truncated.json", valid.slice(0, Math.floor(valid.length * 0.6))),
                malformed: temp("malformed.json", '{\n  "version": 3,\n  "deployment": { "resources": [ } \n}\n'),
                version: temp("version2.json", JSON.stringify({ version: 2, deployment: { resources: [] } })),
                missing: path.relative(ROOT, path.join(tmp, "does-not-exist.json")),
            };
            res = runCli(["check", REST, files.empty, files.truncated, files.malformed, files.version, files.missing, CLEAN]);
        });

        it("exits 2 even though a stack has mandatory violations", () => {
            assert.strictEqual(res.code, 2, res.stderr);
        });

        it("names each file and what is wrong", () => {
            const expected: [string, RegExp][] = [
                [files.empty, /the file is empty/],
                [files.truncated, /the JSON is truncated/],
                [files.malformed, /not valid JSON at line 3, column \d+/],
                [files.version, /deployment version 2 is not supported \(expected 3\)/],
                [files.missing, /no such file/],
            ];
            for (const [file, problem] of expected) {
                const line = res.stdout.split("\n").find((l) => l.startsWith(`  - ${file}: `));
                assert.ok(line, `no problem line for ${file} in:\n${res.stdout}`);
                assert.match(line!, problem);
            }
        });

        it("still checks and reports the good files", () => {
            assert.match(res.stdout, /== Stack acme\/pets-api\/dev \(examples\/stacks\/rest-api-authorizer-roles\.json\)/);
            assert.match(res.stdout, /== Stack organization\/orders\/prod \(examples\/stacks\/http-api-resource-policies\.json\)/);
            assert.match(res.stdout, /Summary: 2 stacks, 1 with mandatory violations: 3 mandatory, 0 advisory, 5 inputs not checked\./);
        });

        it("json and sarif runs print the problems on stderr too", () => {
            const json = runCli(["check", CLEAN, files.truncated, "--format", "json"]);
            assert.strictEqual(json.code, 2);
            assert.match(json.stderr, /truncated\.json: the JSON is truncated/);
            assert.strictEqual(JSON.parse(json.stdout).problems[0].kind, "input");
        });
    });

    describe("config errors: 2, naming the config file", () => {
        it("a config that the pack's schemas reject", () => {
            const config = temp("bad-config.json", JSON.stringify({ "lambda-invoke-via-resource-policy": { fleetThreshold: -1 }, "no-such-policy": "advisory" }));
            const res = runCli(["check", REST, CLEAN, "--policy-pack-config", config]);
            assert.strictEqual(res.code, 2);
            assert.ok(res.stdout.includes(`  - ${config}: invalid policy pack config:`), res.stdout);
            assert.match(res.stdout, /- "no-such-policy" is not a policy of pack apigw-lambda-guard/);
            assert.match(res.stdout, /- lambda-invoke-via-resource-policy: fleetThreshold must be >= 0/);
        });

        it("a config file that is not JSON, or missing", () => {
            const config = temp("not-json.json", "{ all: mandatory }");
            const bad = runCli(["check", REST, "--policy-pack-config", config]);
            assert.strictEqual(bad.code, 2);
            assert.ok(bad.stderr.startsWith(`apigw-lambda-guard: ${config}: not valid JSON`), bad.stderr);
            const missing = runCli(["check", REST, "--policy-pack-config", "no-such-config.json"]);
            assert.strictEqual(missing.code, 2);
            assert.strictEqual(missing.stderr, "apigw-lambda-guard: no-such-config.json: no such file\n");
        });
    });

    it("--output writes the report to the file and the summary to stderr", () => {
        const out = path.join(tmp, "report.sarif");
        const res = runCli(["check", REST, "--format", "sarif", "--output", path.relative(ROOT, out)]);
        assert.strictEqual(res.code, 1);
        assert.strictEqual(res.stdout, "");
        assert.strictEqual(res.stderr, "Summary: 1 stack, 1 with mandatory violations: 3 mandatory, 0 advisory.\n");
        assert.strictEqual(JSON.parse(fs.readFileSync(out, "utf8")).runs[0].results.length, 3);
    });

    it("shows progress on a terminal (util-linux `script` gives it a pseudo-TTY), never on a pipe", () => {
        const log = path.join(tmp, "tty.log");
        const out = path.relative(ROOT, path.join(tmp, "tty.json"));
        const command = `${process.execPath} bin/apigw-lambda-guard.js check ${CLEAN} ${REST} --format json -o ${out}`;
        const res = spawnSync("script", ["-qec", command, log], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
        assert.strictEqual(res.status, 1, `${res.error ?? ""}${res.stderr}`);
        const screen = fs.readFileSync(log, "utf8");
        assert.match(screen, /\rchecking 1\/2 stacks\.\.\./);
        assert.match(screen, /\r\x1b\[KSummary: 2 stacks/, "the progress line is erased before the summary");
        const piped = runCli(["check", CLEAN, REST, "--format", "json", "-o", out]);
        assert.doesNotMatch(piped.stderr, /checking/);
    });

    it("checks a 5,000-resource export (1,664 functions sharing one role)", () => {
        const doc = fleetSharingOneRole(1664, "load", "fleet-load") as any;
        assert.strictEqual(doc.deployment.resources.length, 5000);
        const file = temp("huge.json", toJson(doc));
        const res = runCli(["check", file, "--format", "json"]);
        assert.strictEqual(res.code, 0, res.stderr);
        const report = JSON.parse(res.stdout);
        assert.strictEqual(report.summary.resources, 5000);
        assert.strictEqual(report.summary.advisory, 1664);
        assert.match(report.stacks[0].findings[0].exemption, /1664 distinct Lambda functions/);
    });
});

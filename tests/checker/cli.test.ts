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
            assert.match(res.stdout, /\nNo mandatory findings\.\n/);
            assert.match(res.stdout, /\nExit code 0: no findings\.\n$/);
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
                const line = res.stderr.split("\n").find((l) => l.startsWith(`apigw-lambda-guard: error: ${file}: `));
                assert.ok(line, `no error line for ${file} on stderr:\n${res.stderr}`);
                assert.match(line!, problem);
                assert.ok(res.stdout.includes(`\n  ${file}`), `no summary row for ${file} in:\n${res.stdout}`);
            }
            assert.strictEqual(res.stdout.match(/ not checked: /g)?.length, 5);
            assert.match(res.stdout, /\nSummary: 1 of 2 stacks with mandatory findings, 5 inputs not checked\n/);
        });

        it("still checks and reports the good files", () => {
            assert.match(res.stdout, /\n== acme\/pets-api\/dev \(examples\/stacks\/rest-api-authorizer-roles\.json\): 3 mandatory\n/);
            assert.match(res.stdout, /\n {2}organization\/orders\/prod +0 +0 +0 +0\n/);
            assert.match(res.stdout, /\nExit code 2: 5 inputs could not be checked, so the check is incomplete \(see the errors on stderr\)\.\n$/);
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
            assert.ok(res.stderr.startsWith(`apigw-lambda-guard: error: ${config}: invalid policy pack config:\n`), res.stderr);
            assert.match(res.stderr, /- "no-such-policy" is not a policy of pack apigw-lambda-guard/);
            assert.match(res.stderr, /- lambda-invoke-via-resource-policy: fleetThreshold must be >= 0/);
            assert.match(res.stdout, /not checked: invalid policy pack config\s+\(details\s+on\s+stderr\)/);
        });

        it("a config file that is not JSON, or missing", () => {
            const config = temp("not-json.json", "{ all: mandatory }");
            const bad = runCli(["check", REST, "--policy-pack-config", config]);
            assert.strictEqual(bad.code, 2);
            assert.strictEqual(bad.stderr, `apigw-lambda-guard: error: ${config}: not valid JSON at line 1, column 3: unexpected character "a" in \`{ all: mandatory }\`\n`);
            const missing = runCli(["check", REST, "--policy-pack-config", "no-such-config.json"]);
            assert.strictEqual(missing.code, 2);
            assert.strictEqual(missing.stderr, "apigw-lambda-guard: error: no-such-config.json: no such file\n");
            assert.match(missing.stdout, /^apigw-lambda-guard: 0 stacks \(0 resources\) checked\n\nSummary: /, "a report with its summary");
            assert.match(missing.stdout, /\n {2}no-such-config\.json +not checked: no such file\n/);
            const json = runCli(["check", REST, "--policy-pack-config", REST, "--format", "json"]);
            assert.strictEqual(json.code, 2);
            assert.deepStrictEqual(JSON.parse(json.stdout).problems, [
                {
                    file: REST,
                    kind: "config",
                    message: `${REST}: this is a \`pulumi stack export\` file, not a policy pack config: pass it as FILE, not with --policy-pack-config`,
                },
            ]);
        });
    });

    describe("streams: errors and warnings on stderr in every format, recorded in the reports", () => {
        let files: Record<string, string>;
        before(() => {
            const manifest = JSON.stringify({ name: "my-stack", version: "0.1.0", main: "index.js", dependencies: { "@pulumi/aws": "^7.0.0" } });
            fs.mkdirSync(path.join(tmp, "app"), { recursive: true });
            files = {
                manifest: path.relative(ROOT, path.join(tmp, "app", "package.json")),
                yaml: temp("Pulumi.yaml", "name: shop\nruntime: nodejs\ndescription: the shop\n"),
                dir: path.relative(ROOT, path.join(tmp, "app")),
                empty: temp("empty2.json", ""),
                secret: temp("secret.json", JSON.stringify({ version: 3, deployment: { resources: [
                    { urn: "urn:pulumi:s::p::pulumi:pulumi:Stack::p-s", type: "pulumi:pulumi:Stack", custom: false },
                    { urn: "urn:pulumi:s::p::aws:ssm/parameter:Parameter::x", type: "aws:ssm/parameter:Parameter", inputs: { value: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "v1:abc" } } },
                ] } })),
            };
            fs.writeFileSync(path.join(ROOT, files.manifest), manifest);
        });

        it("names what a wrong file is (an npm manifest, a Pulumi.yaml), a directory and an empty file", () => {
            const res = runCli(["check", files.manifest, files.yaml, files.dir, files.empty]);
            assert.strictEqual(res.code, 2);
            const lines = res.stderr.trimEnd().split("\n");
            assert.deepStrictEqual(lines, [
                `apigw-lambda-guard: error: ${files.manifest}: this is an npm manifest, not a \`pulumi stack export\` file (write one with \`pulumi stack export --file FILE\`)`,
                `apigw-lambda-guard: error: ${files.yaml}: this is a Pulumi project file (Pulumi.yaml), not a \`pulumi stack export\` file (write one with \`pulumi stack export --file FILE\`)`,
                `apigw-lambda-guard: error: ${files.dir}: is a directory, not an export file: pass the export files in it (e.g. DIR/*.json)`,
                `apigw-lambda-guard: error: ${files.empty}: the file is empty (expected the JSON written by \`pulumi stack export\`)`,
            ]);
        });

        for (const format of ["text", "json", "sarif", "markdown", "junit"]) {
            it(`${format}: the error and the warning go to stderr`, () => {
                const res = runCli(["check", files.secret, files.empty, "--format", format]);
                assert.strictEqual(res.code, 2);
                assert.ok(res.stderr.includes(`apigw-lambda-guard: error: ${files.empty}: the file is empty`), res.stderr);
                assert.ok(res.stderr.includes(`apigw-lambda-guard: warning: ${files.secret}: 1 secret value is encrypted in this export`), res.stderr);
                if (format === "json") {
                    const doc = JSON.parse(res.stdout);
                    assert.deepStrictEqual(doc.problems.map((p: any) => p.file), [files.empty]);
                    assert.match(doc.warnings[0].message, /^1 secret value is encrypted/);
                }
                if (format === "sarif") {
                    const notes = JSON.parse(res.stdout).runs[0].invocations[0].toolExecutionNotifications;
                    assert.deepStrictEqual(notes.map((n: any) => n.level), ["error", "warning"]);
                }
            });
        }
    });

    describe("--output is checked before any work", () => {
        const cases: [string, () => string, RegExp][] = [
            ["a directory that does not exist", () => path.relative(ROOT, path.join(tmp, "no-dir", "r.sarif")), /cannot write .*r\.sarif: no directory .*no-dir$/],
            ["a directory", () => path.relative(ROOT, tmp), /cannot write .*: it is a directory \(--output takes a file name\)$/],
            ["an input file", () => REST, /--output examples\/stacks\/rest-api-authorizer-roles\.json is also an input file: it would be overwritten$/],
        ];
        for (const [what, output, expected] of cases) {
            it(`refuses ${what}, before reading any input`, () => {
                const res = runCli(["check", REST, "no-such-input.json", "--format", "sarif", "-o", output()]);
                assert.strictEqual(res.code, 2);
                assert.strictEqual(res.stdout, "");
                const lines = res.stderr.trimEnd().split("\n");
                assert.strictEqual(lines.length, 1, `only the output error, no input was read:\n${res.stderr}`);
                assert.match(lines[0], expected);
            });
        }
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

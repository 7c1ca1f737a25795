/**
 * The checker's run loop and reports over fake pack results (no policy pack process): grouping,
 * exemptions, STS counts, fixes, formats, SARIF schema validity, exit codes.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkExports, type CheckOutcome } from "../../checker/check";
import { toFinding } from "../../checker/findings";
import { createProgress } from "../../checker/progress";
import { formatJson } from "../../checker/reportJson";
import { formatSarif } from "../../checker/reportSarif";
import { foldAdvisories } from "../../checker/causes";
import { formatText } from "../../checker/reportText";
import { exitCodeOf, exitLine, stsOfStack, stsTotal } from "../../checker/summary";
import type { StackRun } from "../../engine/run";
import type { Diagnostic } from "../../engine/types";
import { EXAMPLES, toJson } from "./exampleStacks";
import { FOR_ROUTE, INVOKE, analyzerInfo, diagnostic, urnOf } from "./fakeOutcome";
import { sarifSchemaErrors } from "./sarifSchema";

const INTEGRATION = "aws:apigateway/integration:Integration";
const AUTHORIZER = "aws:apigateway/authorizer:Authorizer";
const FIX = "Remove credentials and add an aws.lambda.Permission: principal \"apigateway.amazonaws.com\", sourceArn \"arn:aws:execute-api:us-east-1:123456789012:15xo1jc1pm/*/GET/pets\".";

/** Diagnostics a pack could send for the REST example (dev stack). */
function restDiagnostics(): Diagnostic[] {
    return [
        diagnostic(INVOKE, urnOf(AUTHORIZER, "token-auth"), {
            summary: '"token-auth" (aws:apigateway/authorizer:Authorizer): Lambda authorizer invokes "token-authorizer" with an IAM role.',
            api: "pets-api (REST API)",
            route: "authorizer token-auth",
            property: "authorizerCredentials",
            why: "An STS AssumeRole call on every request.",
            sts: { now: 1, after: 0 },
            exemption: 'functions ["token-authorizer*"]: "auth rework in Q3" (expires 2027-03-31)',
            fix: "Remove authorizerCredentials and add an aws.lambda.Permission.",
        }, "advisory"),
        diagnostic(INVOKE, urnOf(INTEGRATION, "pets-get-integration"), {
            summary: '"pets-get-integration" (aws:apigateway/integration:Integration): integration invokes "pets-list" with an IAM role.',
            api: "pets-api (REST API)",
            route: "GET /pets",
            property: "credentials",
            why: "Two STS AssumeRole calls on every request: the authorizer uses another role.",
            sts: { now: 2, after: 1 },
            fix: FIX,
        }),
        diagnostic(FOR_ROUTE, undefined, { summary: "The stack has no permission for any route." }, "advisory"),
        // Not in the finding format (e.g. the SDK's own advisory): kept whole as the summary.
        { ...diagnostic(INVOKE, urnOf(INTEGRATION, "pet-get-integration"), { summary: "" }), message: "can't run policy during preview: unknown" },
    ];
}

async function fakeCheck(files: string[], byStack: Record<string, Diagnostic[] | Error>, config?: object): Promise<CheckOutcome> {
    return checkExports(files, {
        packDir: "/nonexistent-pack",
        config: config as any,
        configFile: "policy-config.json",
        runStack: async (_dir: string, run: StackRun) => {
            await new Promise((r) => setTimeout(r, run.stack.stack === "dev" ? 20 : 1));
            const result = byStack[run.stack.stack] ?? [];
            if (result instanceof Error) {
                throw result;
            }
            return { info: analyzerInfo(), diagnostics: result };
        },
    });
}

describe("checker reports (fake pack results)", () => {
    let dir: string;
    const file = (name: string) => path.join(dir, name);
    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "agl-reports-"));
        for (const [name, build] of Object.entries(EXAMPLES)) {
            if (!name.startsWith("fleet")) {
                fs.writeFileSync(file(name), toJson(build()));
            }
        }
        fs.writeFileSync(file("truncated.json"), toJson(EXAMPLES["http-api-resource-policies.json"]()).slice(0, 500));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("reads a finding's labelled lines and drops the description the SDK prepends", () => {
        const [authorizer, integration, stackWide, raw] = restDiagnostics().map(toFinding);
        assert.strictEqual(integration.summary.startsWith('"pets-get-integration"'), true);
        assert.deepStrictEqual([integration.api, integration.route, integration.property], ["pets-api (REST API)", "GET /pets", "credentials"]);
        assert.deepStrictEqual(integration.sts, { now: 2, after: 1 });
        assert.strictEqual(integration.fix, FIX);
        assert.deepStrictEqual([integration.resourceType, integration.resourceName], [INTEGRATION, "pets-get-integration"]);
        assert.match(authorizer.exemption!, /auth rework in Q3/);
        assert.strictEqual(stackWide.urn, undefined);
        assert.strictEqual(raw.summary, "can't run policy during preview: unknown");
    });

    it("checks files in the order given, records a bad file and still checks the others", async () => {
        const files = [file("rest-api-authorizer-roles.json"), file("truncated.json"), file("http-api-resource-policies.json"), file("missing.json")];
        const outcome = await fakeCheck(files, { dev: restDiagnostics() });
        assert.deepStrictEqual(outcome.stacks.map((s) => s.stack.stack), ["dev", "prod"]);
        assert.deepStrictEqual(
            outcome.problems.map((p) => [path.basename(p.file), p.kind]),
            [["truncated.json", "input"], ["missing.json", "input"]],
        );
        assert.match(outcome.problems[0].message, /truncated\.json: the JSON is truncated/);
        assert.match(outcome.problems[1].message, /missing\.json: no such file/);
        assert.strictEqual(exitCodeOf(outcome), 2, "input errors win over violations");
    });

    it("exit codes: 0 clean or advisory only, 1 mandatory, 2 input errors", async () => {
        const clean = await fakeCheck([file("http-api-resource-policies.json")], {});
        assert.strictEqual(exitCodeOf(clean), 0);
        const advisory = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: [restDiagnostics()[0]] });
        assert.strictEqual(exitCodeOf(advisory), 0);
        const mandatory = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: restDiagnostics() });
        assert.strictEqual(exitCodeOf(mandatory), 1);
        const bad = await fakeCheck([file("truncated.json")], {});
        assert.strictEqual(exitCodeOf(bad), 2);
    });

    it("an invalid config stops the run and names the config file", async () => {
        const configError = Object.assign(new Error("invalid policy pack config:\n  - lambda-invoke-via-resource-policy: fleetThreshold must be >= 0"), { name: "PolicyConfigError" });
        const outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("http-api-resource-policies.json")], { dev: configError, prod: configError });
        assert.deepStrictEqual(outcome.stacks, []);
        assert.strictEqual(outcome.problems.length, 1);
        assert.strictEqual(outcome.problems[0].kind, "config");
        assert.match(outcome.problems[0].message, /^policy-config\.json: invalid policy pack config:\n {2}- lambda-invoke-via-resource-policy: fleetThreshold/);
        assert.strictEqual(exitCodeOf(outcome), 2);
    });

    it("a pack that fails on one stack is reported for that stack; the others are still checked", async () => {
        const outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("http-api-resource-policies.json")], { dev: new Error("analyzeStack failed: boom") });
        assert.deepStrictEqual(outcome.stacks.map((s) => s.stack.stack), ["prod"]);
        assert.deepStrictEqual(outcome.problems.map((p) => p.kind), ["pack"]);
        assert.match(outcome.problems[0].message, /rest-api-authorizer-roles\.json: the policy pack failed on stack "dev": analyzeStack failed: boom/);
    });

    describe("text", () => {
        let outcome: CheckOutcome;
        let text: string;
        before(async () => {
            outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("http-api-resource-policies.json"), file("truncated.json")], { dev: restDiagnostics() });
            text = formatText(outcome).split(dir + path.sep).join("");
        });

        it("reads top down: summary, mandatory findings by stack, API and route, advisories, exit code last", () => {
            const order = [
                "apigw-lambda-guard: 2 stacks (35 resources) checked with policy pack apigw-lambda-guard 0.1.0",
                "Summary: 1 of 2 stacks with mandatory findings",
                "  acme/pets-api/dev ",
                "  organization/orders/prod",
                "  truncated.json",
                "  total",
                "Mandatory findings (2)",
                "== acme/pets-api/dev (rest-api-authorizer-roles.json): 2 mandatory",
                "  API pets-api (REST API)",
                "    Route GET /pets",
                "      [mandatory] lambda-invoke-via-resource-policy, severity high",
                "  Not tied to an API",
                "Advisories (2)",
                "== acme/pets-api/dev (rest-api-authorizer-roles.json): 2 advisory",
                "    Route authorizer token-auth",
                "      [advisory] lambda-invoke-via-resource-policy, severity high",
            ];
            let at = -1;
            for (const line of order) {
                const next = text.indexOf(line, at + 1);
                assert.ok(next > at, `expected "${line}" after position ${at} in:\n${text}`);
                at = next;
            }
            const lines = text.trimEnd().split("\n");
            assert.strictEqual(lines[lines.length - 1], "Exit code 2: 1 input could not be checked, so the check is incomplete (see the errors on stderr).");
        });

        it("summarizes each stack: counts, STS calls per request now -> after the fixes, and the inputs not checked", () => {
            const row = (name: string) => text.split("\n").find((l) => l.startsWith(`  ${name} `))!.trim().split(/ {2,}/);
            // GET /pets: 2 calls (its role and the authorizer's); after the fixes the exempt authorizer keeps 1.
            assert.deepStrictEqual(row("acme/pets-api/dev"), ["acme/pets-api/dev", "2", "2", "2 -> 1", "2 -> 2"]);
            assert.deepStrictEqual(row("organization/orders/prod"), ["organization/orders/prod", "0", "0", "0", "0"]);
            assert.deepStrictEqual(row("total"), ["total", "2", "2", "2 -> 1", "2 -> 2"]);
            assert.match(row("truncated.json").join(" "), /not checked: the JSON is truncated/);
        });

        it("shows what is wrong and the exemption; --verbose adds property, why, STS calls and the exact fix", () => {
            assert.match(text, /Exemption: functions \["token-authorizer\*"\]: "auth rework in Q3" \(expires 2027-03-31\)/);
            assert.doesNotMatch(text, /Fix: /);
            assert.match(text, /--verbose adds each finding's property, why it matters, STS calls and exact fix\./);
            const verbose = formatText(outcome, { detail: "verbose", failOn: "mandatory" });
            assert.match(verbose, /STS: {7}2 AssumeRole calls per request now, 1 after the fix/);
            assert.match(verbose, /STS: {7}1 AssumeRole call per request now, 0 after the fix/);
            assert.match(verbose, /Property: {2}credentials/);
            assert.ok(verbose.includes('"arn:aws:execute-api:us-east-1:123456789012:15xo1jc1pm/*/GET/pets".'));
        });

        it("--quiet prints the summary and the exit code alone", () => {
            const quiet = formatText(outcome, { detail: "quiet", failOn: "mandatory" }).split(dir + path.sep).join("");
            assert.ok(text.startsWith(quiet.slice(0, quiet.lastIndexOf("\nExit code"))), "the same summary as the full report");
            assert.doesNotMatch(quiet, /Mandatory findings|Advisories|\[mandatory\]/);
            assert.match(quiet, /\nExit code 2: .*\n$/);
        });

        it("fits in 100 columns", () => {
            for (const detail of ["quiet", "normal", "verbose"] as const) {
                const long = formatText(outcome, { detail, failOn: "mandatory" }).split("\n").filter((l) => l.length > 100);
                assert.deepStrictEqual(long, [], detail);
            }
        });

        describe("a fleet sharing one role", () => {
            const d = (n: number) =>
                diagnostic(INVOKE, urnOf(INTEGRATION, `svc-${n}`), {
                    summary: `"svc-${n}" (${INTEGRATION}): integration invokes Lambda function "svc-${n}" with IAM role "arn:aws:iam::1:role/fleet".`,
                    api: "fleet-api (HTTP API)",
                    route: `ANY /svc-${n}`,
                    property: "credentialsArn",
                    why: "One AssumeRole per request.",
                    sts: { now: 1, after: 0 },
                    exemption: "exempted by fleetThreshold: this role invokes 3 distinct Lambda functions in this stack (threshold 2)",
                    fix: `Permission with sourceArn .../svc-${n}/*`,
                    cause: {
                        policy: INVOKE,
                        resource: urnOf(INTEGRATION, `svc-${n}`),
                        kind: "role-credentials",
                        routes: [`ANY /svc-${n}`],
                        function: `svc-${n}`,
                        role: "arn:aws:iam::1:role/fleet",
                        exemption: "fleetThreshold",
                    },
                }, "advisory");
            let fleet: CheckOutcome;
            before(async () => {
                fleet = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: [d(1), d(2), d(3)] });
            });

            it("folds the advisories one cause explains into one entry", () => {
                const out = formatText(fleet);
                assert.ok(
                    out.includes(
                        '  lambda-invoke-via-resource-policy: role "arn:aws:iam::1:role/fleet": exempted by fleetThreshold:\n' +
                            "    this role invokes 3 distinct Lambda functions in this stack (threshold 2) (3 findings; --verbose\n" +
                            "    lists them)\n",
                    ),
                    out,
                );
                assert.doesNotMatch(out, /svc-2/);
                assert.match(out, /\nExit code 0: no mandatory findings; advisories do not fail the run \(--fail-on advisory makes them\)\.\n$/);
            });

            it("the exempt fleet keeps its STS calls after the fixes", () => {
                assert.deepStrictEqual(stsOfStack(fleet.stacks[0]), { now: 1, after: 1, routesNow: 3, routesAfter: 3 });
            });

            it("--verbose lists each finding, without repeating why, STS and exemption", () => {
                const out = formatText(fleet, { detail: "verbose", failOn: "mandatory" });
                assert.strictEqual(out.match(/Why: /g)?.length, 1);
                assert.strictEqual(out.match(/As above: {2}property, why, STS calls and exemption/g)?.length, 2);
                assert.strictEqual(out.match(/Fix: /g)?.length, 3);
            });

            it("keeps findings of different causes apart, and a cause of one finding as a finding", async () => {
                const other = { ...d(4), message: d(4).message.replace(/role\/fleet/g, "role/other") };
                const mixed = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: [d(1), d(2), other] });
                const { causes, single } = foldAdvisories(mixed.stacks[0].findings);
                assert.deepStrictEqual(causes.map((c) => c.findings.length), [2]);
                assert.deepStrictEqual(single.map((f) => f.resourceName), ["svc-4"]);
            });

            it("folds by the cause's data, not the wording: the same message text without a cause is not folded", async () => {
                const plain = [d(1), d(2), d(3)].map((x) => ({ ...x, message: x.message.split("\n").filter((l) => !l.startsWith("Cause: ")).join("\n") }));
                const unfolded = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: plain });
                assert.deepStrictEqual(foldAdvisories(unfolded.stacks[0].findings).causes, []);
                // Different wording, same cause: still one entry.
                const reworded = [d(1), d(2)].map((x) => ({ ...x, message: x.message.replace("integration invokes", "an integration calls") }));
                const folded = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: reworded });
                assert.deepStrictEqual(foldAdvisories(folded.stacks[0].findings).causes.map((c) => c.findings.length), [2]);
            });

            it("carries the cause in the JSON and SARIF reports, and keeps it out of the message", () => {
                const json = JSON.parse(formatJson(fleet));
                const f = json.stacks[0].findings[0];
                assert.deepStrictEqual(f.cause, {
                    policy: INVOKE, resource: urnOf(INTEGRATION, "svc-1"), kind: "role-credentials", routes: ["ANY /svc-1"],
                    function: "svc-1", role: "arn:aws:iam::1:role/fleet", exemption: "fleetThreshold",
                });
                assert.doesNotMatch(f.message, /Cause: /);
                const sarif = JSON.parse(formatSarif(fleet, "1.0.0"));
                assert.strictEqual(sarif.runs[0].results[0].properties.cause.kind, "role-credentials");
                assert.strictEqual(sarif.runs[0].results[0].properties.cause.role, "arn:aws:iam::1:role/fleet");
            });
        });
    });

    describe("STS AssumeRole calls per request", () => {
        const route = (name: string, sts: { now: number; after: number }, level: "mandatory" | "advisory" = "mandatory", exemption?: string) =>
            toFinding(diagnostic(INVOKE, urnOf(INTEGRATION, name), { summary: name, api: "a (REST API)", route: name, sts, exemption }, level));
        const stack = (findings: ReturnType<typeof route>[]) => ({ findings }) as any;

        it("an integration and its authorizer on two roles: 2 now, 0 once both are fixed", () => {
            assert.deepStrictEqual(stsOfStack(stack([route("GET /a", { now: 2, after: 1 }), route("authorizer \"t\"", { now: 1, after: 0 })])), {
                now: 2,
                after: 0,
                routesNow: 2,
                routesAfter: 0,
            });
        });

        it("an exempt authorizer keeps its call on every route it guards", () => {
            const findings = [route("GET /a", { now: 2, after: 1 }), route("GET /b", { now: 2, after: 1 }), route("authorizer \"t\"", { now: 1, after: 0 }, "advisory", "exempted")];
            assert.deepStrictEqual(stsOfStack(stack(findings)), { now: 2, after: 1, routesNow: 3, routesAfter: 3 });
        });

        it("a finding without STS calls (a missing permission) counts no route", () => {
            assert.deepStrictEqual(stsOfStack(stack([route("GET /a", { now: 0, after: 0 })])), { now: 0, after: 0, routesNow: 0, routesAfter: 0 });
        });

        it("the total is the most per request over the stacks and the routes added up", () => {
            const a = stack([route("GET /a", { now: 2, after: 1 })]);
            const b = stack([route("GET /b", { now: 1, after: 0 }, "advisory", "exempted"), route("GET /c", { now: 1, after: 0 }, "advisory", "exempted")]);
            assert.deepStrictEqual(stsTotal([a, b]), { now: 2, after: 1, routesNow: 3, routesAfter: 3 });
        });
    });

    describe("--fail-on", () => {
        it("mandatory (default): 1 on mandatory only; advisory: 1 on any finding; none: 0; 2 wins over all", async () => {
            const advisory = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: [restDiagnostics()[0]] });
            const mandatory = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: restDiagnostics() });
            const bad = await fakeCheck([file("rest-api-authorizer-roles.json"), file("truncated.json")], { dev: restDiagnostics() });
            const codes = (o: CheckOutcome) => (["mandatory", "advisory", "none"] as const).map((failOn) => exitCodeOf(o, failOn));
            assert.deepStrictEqual(codes(advisory), [0, 1, 0]);
            assert.deepStrictEqual(codes(mandatory), [1, 1, 0]);
            assert.deepStrictEqual(codes(bad), [2, 2, 2]);
            assert.strictEqual(exitLine(advisory, "advisory"), "Exit code 1: the run fails on 1 finding (--fail-on advisory) (0 if none, 2 if an input could not be checked).");
            assert.strictEqual(exitLine(mandatory, "none"), "Exit code 0: --fail-on none: findings never fail the run (2 if an input could not be checked).");
            assert.strictEqual(JSON.parse(formatJson(advisory, "advisory")).summary.exitCode, 1);
            assert.strictEqual(JSON.parse(formatSarif(mandatory, "1.0.0", "none")).runs[0].invocations[0].exitCode, 0);
        });
    });

    describe("json", () => {
        it("holds the summary, every finding's parts and the problems", async () => {
            const outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("truncated.json")], { dev: restDiagnostics() });
            const doc = JSON.parse(formatJson(outcome));
            assert.deepStrictEqual(doc.summary, {
                stacks: 1,
                resources: 21,
                mandatory: 2,
                advisory: 2,
                failingStacks: 1,
                problems: 1,
                exitCode: 2,
                failOn: "mandatory",
                sts: { now: 2, after: 1, routesNow: 2, routesAfter: 2 },
            });
            assert.deepStrictEqual(doc.stacks[0].sts, doc.summary.sts);
            assert.deepStrictEqual(doc.warnings, []);
            assert.deepStrictEqual({ name: doc.policyPack.name, version: doc.policyPack.version }, { name: "apigw-lambda-guard", version: "0.1.0" });
            // What SARIF and JUnit need, so that `check merge` can write them from JSON reports.
            assert.deepStrictEqual(doc.policyPack.levels, outcome.pack!.levels);
            assert.deepStrictEqual(
                doc.policyPack.policies.map((p: any) => p.name),
                outcome.pack!.policies.map((p) => p.name),
            );
            assert.ok(doc.policyPack.policies.every((p: any) => p.configSchema === undefined), "no config schemas");
            assert.strictEqual(doc.stacks[0].stackUrn, outcome.stacks[0].stackUrn ?? null);
            const f = doc.stacks[0].findings.find((x: any) => x.route === "GET /pets");
            assert.deepStrictEqual(f.sts, { now: 2, after: 1 });
            assert.strictEqual(f.fix, FIX);
            assert.strictEqual(f.exemption, null);
            assert.strictEqual(f.line, outcome.stacks[0].urnLines.get(f.urn));
            assert.ok(f.line > 1, "the line of the finding's resource in the export");
            assert.strictEqual(doc.problems[0].kind, "input");
            assert.strictEqual(doc.shard, undefined, "no shard without --shard");
        });
    });

    describe("sarif", () => {
        let outcome: CheckOutcome;
        let log: any;
        before(async () => {
            outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("truncated.json")], { dev: restDiagnostics() }, { [FOR_ROUTE]: "mandatory" });
            log = JSON.parse(formatSarif(outcome, "9.9.9"));
        });

        it("is valid SARIF 2.1.0", () => {
            assert.deepStrictEqual(sarifSchemaErrors(log), []);
        });

        it("the validator rejects an invalid log (the check can fail)", () => {
            const broken = structuredClone(log);
            broken.runs[0].results[0].level = "fatal";
            delete broken.version;
            assert.ok(sarifSchemaErrors(broken).length >= 2);
        });

        it("has one rule per policy with helpUri and the configured level", () => {
            const rules = log.runs[0].tool.driver.rules;
            assert.deepStrictEqual(rules.map((r: any) => [r.id, r.helpUri, r.defaultConfiguration.level]), [
                [INVOKE, `https://example.com/docs#${INVOKE}`, "error"],
                [FOR_ROUTE, `https://example.com/docs#${FOR_ROUTE}`, "error"],
            ]);
            assert.strictEqual(rules[0].properties["security-severity"], "8.0");
        });

        it("maps mandatory to error and advisory to warning, with URN and file locations", () => {
            const results = log.runs[0].results;
            assert.deepStrictEqual(results.map((r: any) => r.level), ["error", "error", "warning", "warning"]);
            const integration = results.find((r: any) => r.properties.route === "GET /pets");
            const loc = integration.locations[0];
            const urn = urnOf(INTEGRATION, "pets-get-integration");
            assert.strictEqual(loc.logicalLocations[0].fullyQualifiedName, urn);
            const stack = outcome.stacks[0];
            assert.strictEqual(loc.physicalLocation.region.startLine, stack.urnLines.get(urn));
            assert.strictEqual(integration.ruleIndex, 0);
            const stackWide = results.find((r: any) => r.ruleId === FOR_ROUTE);
            assert.strictEqual(stackWide.locations[0].logicalLocations[0].fullyQualifiedName, "urn:pulumi:dev::pets-api::pulumi:pulumi:Stack::pets-api-dev");
        });

        it("reports files that could not be checked as tool execution notifications", () => {
            const invocation = log.runs[0].invocations[0];
            assert.strictEqual(invocation.executionSuccessful, false);
            assert.strictEqual(invocation.exitCode, 2);
            assert.match(invocation.toolExecutionNotifications[0].message.text, /truncated\.json: the JSON is truncated/);
        });
    });

    it("shows progress only on a terminal", () => {
        const written: string[] = [];
        const tty = createProgress({ isTTY: true, write: (s: string) => written.push(s) });
        tty.update(0, 3);
        tty.update(1, 3);
        tty.clear();
        assert.deepStrictEqual(written, ["\rchecking 1/3 stacks...\x1b[K", "\rchecking 2/3 stacks...\x1b[K", "\r\x1b[K"]);
        const silent: string[] = [];
        const pipe = createProgress({ isTTY: false, write: (s: string) => silent.push(s) });
        pipe.update(0, 3);
        pipe.clear();
        assert.deepStrictEqual(silent, []);
    });
});

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
import { formatText } from "../../checker/reportText";
import { exitCodeOf } from "../../checker/summary";
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
        let text: string;
        before(async () => {
            const outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("http-api-resource-policies.json"), file("truncated.json")], { dev: restDiagnostics() });
            text = formatText(outcome).split(dir + path.sep).join("");
        });

        it("groups by stack, then API (catch-all last), then route, mandatory first", () => {
            const order = [
                "== Stack acme/pets-api/dev (rest-api-authorizer-roles.json)",
                "  API pets-api (REST API)",
                "    Route GET /pets",
                "      [mandatory] lambda-invoke-via-resource-policy, severity high",
                "    Route authorizer token-auth",
                "      [advisory] lambda-invoke-via-resource-policy, severity high",
                "  Not tied to an API",
                "== Stack organization/orders/prod (http-api-resource-policies.json)",
                "  No violations.",
                "Could not check (1 problem):",
                "Summary: 2 stacks, 1 with mandatory violations: 2 mandatory, 2 advisory, 1 input not checked.",
            ];
            let at = -1;
            for (const line of order) {
                const next = text.indexOf(`${line}\n`, at + 1);
                assert.ok(next > at, `expected "${line}" after position ${at} in:\n${text}`);
                at = next;
            }
        });

        it("shows the exemption, the STS calls now and after the fix, and the exact fix", () => {
            assert.match(text, /STS: {7}2 AssumeRole calls per request now, 1 after the fix/);
            assert.match(text, /STS: {7}1 AssumeRole call per request now, 0 after the fix/);
            assert.match(text, /Exemption: functions \["token-authorizer\*"\]: "auth rework in Q3" \(expires 2027-03-31\)/);
            assert.ok(text.includes('"arn:aws:execute-api:us-east-1:123456789012:15xo1jc1pm/*/GET/pets".'));
        });

        it("fits in 100 columns", () => {
            const long = text.split("\n").filter((l) => l.length > 100);
            assert.deepStrictEqual(long, []);
        });

        it("prints a repeated finding (a fleet) without repeating why, STS and exemption", async () => {
            const d = (n: number) =>
                diagnostic(INVOKE, urnOf(INTEGRATION, `svc-${n}`), {
                    summary: `"svc-${n}" invokes with a role.`,
                    api: "fleet-api (HTTP API)",
                    route: `ANY /svc-${n}`,
                    property: "credentialsArn",
                    why: "One AssumeRole per request.",
                    sts: { now: 1, after: 0 },
                    exemption: "fleetThreshold: 150 functions",
                    fix: `Permission with sourceArn .../svc-${n}/*`,
                }, "advisory");
            const outcome = await fakeCheck([file("rest-api-authorizer-roles.json")], { dev: [d(1), d(2)] });
            const out = formatText(outcome);
            assert.strictEqual(out.match(/Why: /g)?.length, 1);
            assert.strictEqual(out.match(/As above: {2}property, why, STS calls and exemption/g)?.length, 1);
            assert.strictEqual(out.match(/Fix: /g)?.length, 2);
        });
    });

    describe("json", () => {
        it("holds the summary, every finding's parts and the problems", async () => {
            const outcome = await fakeCheck([file("rest-api-authorizer-roles.json"), file("truncated.json")], { dev: restDiagnostics() });
            const doc = JSON.parse(formatJson(outcome));
            assert.deepStrictEqual(doc.summary, { stacks: 1, resources: 21, mandatory: 2, advisory: 2, failingStacks: 1, problems: 1, exitCode: 2 });
            assert.deepStrictEqual(doc.policyPack, { name: "apigw-lambda-guard", version: "0.1.0" });
            const f = doc.stacks[0].findings.find((x: any) => x.route === "GET /pets");
            assert.deepStrictEqual(f.sts, { now: 2, after: 1 });
            assert.strictEqual(f.fix, FIX);
            assert.strictEqual(f.exemption, null);
            assert.strictEqual(doc.problems[0].kind, "input");
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

/**
 * Export parsing, without the policy pack: what the engine would be sent, and a clear error naming
 * the file for every kind of bad input.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ExportError, parseExport, readExport } from "../../checker/exportFile";
import { locateJsonError } from "../../checker/jsonError";
import { SECRET_SIG, SIG_KEY, UNKNOWN } from "../../checker/secrets";
import { parseUrn } from "../../checker/urn";
import { restApiWithAuthorizer, toJson } from "./exampleStacks";
import { StackBuilder } from "./exportBuilder";
import { iamRole } from "./awsResources";

const FILE = "stacks/dev.json";

function problemOf(text: string): string {
    try {
        parseExport(text, FILE);
    } catch (err) {
        assert.ok(err instanceof ExportError, `expected an ExportError, got ${err}`);
        assert.strictEqual(err.file, FILE);
        assert.ok(err.message.startsWith(`${FILE}: `), err.message);
        return err.problem;
    }
    assert.fail("parseExport accepted the input");
}

function exportWith(resources: unknown[], extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ version: 3, deployment: { manifest: { time: "2025-01-01T00:00:00Z", magic: "", version: "v3.248.0" }, resources, ...extra } });
}

describe("checker export parsing", () => {
    describe("a valid export (REST API with an authorizer)", () => {
        const doc = restApiWithAuthorizer() as any;
        const exp = parseExport(toJson(doc), FILE);
        const byName = (name: string) => exp.resources.find((r) => r.name === name)!;

        it("reads the stack identity from the URNs and the organization from the service secrets provider", () => {
            assert.deepStrictEqual(exp.stack, { organization: "acme", project: "pets-api", stack: "dev", dryRun: false });
            assert.strictEqual(exp.stackUrn, "urn:pulumi:dev::pets-api::pulumi:pulumi:Stack::pets-api-dev");
        });

        it("keeps every resource, the stack and the provider included, in export order", () => {
            assert.deepStrictEqual(
                exp.resources.map((r) => r.urn),
                doc.deployment.resources.map((r: any) => r.urn),
            );
            assert.strictEqual(exp.resources[0].type, "pulumi:pulumi:Stack");
            assert.strictEqual(exp.resources[1].type, "pulumi:providers:aws");
        });

        it("gives Analyze the inputs and AnalyzeStack the outputs, without internal keys", () => {
            const integration = byName("pets-get-integration");
            assert.strictEqual(integration.type, "aws:apigateway/integration:Integration");
            assert.match(String(integration.inputs.credentials), /^arn:aws:iam::123456789012:role\/apigw-invoke-/);
            assert.strictEqual(integration.inputs.connectionType, undefined, "inputs hold only what the program set");
            assert.strictEqual(integration.outputs.connectionType, "INTERNET");
            assert.ok(!("__defaults" in integration.inputs));
            assert.ok(!("__internal" in exp.resources[1].inputs));
        });

        it("resolves the provider reference to the provider resource and its inputs", () => {
            const fn = byName("pets-list");
            assert.deepStrictEqual(fn.provider, {
                urn: "urn:pulumi:dev::pets-api::pulumi:providers:aws::default_7_48_0",
                type: "pulumi:providers:aws",
                name: "default_7_48_0",
                properties: { region: "us-east-1", skipCredentialsValidation: "false", skipRegionValidation: "true", version: "7.48.0" },
            });
            assert.strictEqual(exp.resources[0].provider, undefined, "the stack resource has no provider");
        });

        it("carries parent, dependencies and propertyDependencies", () => {
            const integration = byName("pets-get-integration");
            const role = byName("apigw-invoke");
            const fn = byName("pets-list");
            assert.strictEqual(integration.parent, exp.stackUrn);
            assert.ok(integration.dependencies!.includes(role.urn));
            assert.deepStrictEqual(integration.propertyDependencies!.credentials, [role.urn]);
            assert.deepStrictEqual(integration.propertyDependencies!.uri, [fn.urn]);
        });

        it("knows the line of each resource's URN in the file", () => {
            const text = toJson(doc);
            const urn = byName("token-auth").urn;
            const line = exp.urnLines.get(urn)!;
            assert.ok(text.split("\n")[line - 1].includes(`"urn": "${urn}"`));
        });
    });

    it("reads a DIY backend's checkpoint file and names the default organization", () => {
        const b = new StackBuilder({ stack: "dev", project: "shop" });
        iamRole(b, "invoker", "apigateway.amazonaws.com");
        const deployment = (b.toExport() as any).deployment;
        const exp = parseExport(JSON.stringify({ version: 3, checkpoint: { stack: "dev", latest: deployment } }), FILE);
        assert.deepStrictEqual(exp.stack, { organization: "organization", project: "shop", stack: "dev", dryRun: false });
        assert.strictEqual(exp.resources.length, 3);
    });

    it("leaves out pending deletes and drops null propertyDependencies", () => {
        const urn = (n: string) => `urn:pulumi:dev::shop::aws:iam/role:Role::${n}`;
        const exp = parseExport(
            exportWith([
                { urn: urn("old"), custom: true, id: "old", type: "aws:iam/role:Role", delete: true },
                { urn: urn("new"), custom: true, id: "new", type: "aws:iam/role:Role", inputs: {}, propertyDependencies: { name: null, path: [] } },
            ]),
            FILE,
        );
        assert.deepStrictEqual(exp.resources.map((r) => r.name), ["new"]);
        assert.deepStrictEqual(exp.resources[0].propertyDependencies, {});
    });

    it("turns --show-secrets plaintext into engine secrets and ciphertext into unknowns, and says so", () => {
        const secret = (extra: object) => ({ [SIG_KEY]: SECRET_SIG, ...extra });
        const exp = parseExport(
            exportWith([
                {
                    urn: "urn:pulumi:dev::shop::aws:apigateway/integration:Integration::i",
                    custom: true,
                    type: "aws:apigateway/integration:Integration",
                    inputs: { credentials: secret({ plaintext: JSON.stringify("arn:aws:iam::123456789012:role/r") }), tags: { a: secret({ ciphertext: "v1:abc" }) } },
                    outputs: { credentials: secret({ ciphertext: "v1:def" }) },
                },
            ]),
            FILE,
        );
        const r = exp.resources[0];
        assert.deepStrictEqual(r.inputs.credentials, secret({ value: "arn:aws:iam::123456789012:role/r" }));
        assert.deepStrictEqual((r.inputs.tags as any).a, secret({ value: UNKNOWN }));
        assert.deepStrictEqual(r.outputs.credentials, secret({ value: UNKNOWN }));
        assert.strictEqual(exp.notes.length, 1);
        assert.match(exp.notes[0], /^2 secret values are encrypted .*--show-secrets/);
    });

    it("accepts an export with no resources and notes that there is nothing to check", () => {
        const exp = parseExport(JSON.stringify({ version: 3, deployment: { manifest: {}, secrets_providers: { type: "service", state: { owner: "acme", project: "p", stack: "s" } } } }), FILE);
        assert.deepStrictEqual(exp.resources, []);
        assert.deepStrictEqual([exp.stack.organization, exp.stack.project, exp.stack.stack], ["acme", "p", "s"]);
        assert.match(exp.notes[0], /no resources/);
    });

    describe("bad input: an ExportError naming the file and the problem", () => {
        const valid = toJson(restApiWithAuthorizer());
        const cases: [string, string, RegExp][] = [
            ["an empty file", "", /file is empty/],
            ["whitespace only", "  \n\t\n", /file is empty/],
            ["a truncated export", valid.slice(0, Math.floor(valid.length / 2)), /JSON is truncated/],
            ["a truncated export cut after a comma", valid.slice(0, valid.indexOf(",", 2000) + 1), /JSON is truncated/],
            ["malformed JSON", '{\n  "version": 3,\n  "deployment": {,}\n}', /^not valid JSON at line 3, column 18: unexpected character "," in `"deployment": \{,\}`$/],
            ["a JSON array", "[1, 2]", /expected a JSON object .* found an array/],
            ["no version", JSON.stringify({ deployment: {} }), /no "version" field/],
            ["deployment version 2", JSON.stringify({ version: 2, deployment: { resources: [] } }), /deployment version 2 is not supported \(expected 3\)/],
            ["deployment version 4", JSON.stringify({ version: 4, deployment: {} }), /deployment version 4 is not supported/],
            ["no deployment", JSON.stringify({ version: 3 }), /no "deployment" object/],
            ["resources not an array", JSON.stringify({ version: 3, deployment: { resources: {} } }), /"deployment.resources" must be an array, found an object/],
            ["a resource without urn", exportWith([{ type: "aws:iam/role:Role" }]), /deployment.resources\[0\] has no "urn"/],
            ["a resource with a bad urn", exportWith([{ urn: "arn:aws:iam::1:role/x", type: "t" }]), /deployment.resources\[0\] has an invalid "urn"/],
            ["a resource without type", exportWith([{ urn: "urn:pulumi:dev::shop::aws:iam/role:Role::r" }]), /\(urn:pulumi:dev::shop::aws:iam\/role:Role::r\) has no "type"/],
            [
                "resources of two stacks",
                exportWith([
                    { urn: "urn:pulumi:dev::shop::aws:iam/role:Role::a", type: "aws:iam/role:Role" },
                    { urn: "urn:pulumi:prod::shop::aws:iam/role:Role::b", type: "aws:iam/role:Role" },
                ]),
                /deployment.resources\[1\] belongs to stack "shop\/prod" but deployment.resources\[0\] to "shop\/dev"/,
            ],
            ["inputs that are not an object", exportWith([{ urn: "urn:pulumi:dev::shop::t::r", type: "t", inputs: "x" }]), /"inputs" must be an object, found a string/],
        ];
        for (const [what, text, expected] of cases) {
            it(what, () => assert.match(problemOf(text), expected));
        }

        describe("a file that is not an export says what it is", () => {
            const notExport = "not a `pulumi stack export` file";
            const wrong: [string, string, string][] = [
                ["package.json", JSON.stringify({ name: "shop", version: "0.1.0", dependencies: {} }), `this is an npm manifest, ${notExport}`],
                ["package-lock.json", JSON.stringify({ name: "shop", version: "0.1.0", lockfileVersion: 3 }), `this is an npm lockfile, ${notExport}`],
                ["tsconfig.json", JSON.stringify({ compilerOptions: { strict: true } }), `this is a TypeScript config (tsconfig), ${notExport}`],
                ["Pulumi.yaml", "name: shop\nruntime: nodejs\n", `this is a Pulumi project file (Pulumi.yaml), ${notExport}`],
                ["Pulumi.dev.yaml", "config:\n  aws:region: us-east-1\n", `this is a Pulumi stack settings file (Pulumi.<stack>.yaml), ${notExport}`],
                ["results.sarif", JSON.stringify({ $schema: "https://json.schemastore.org/sarif-2.1.0.json", version: "2.1.0", runs: [] }), `this is a SARIF log, ${notExport}`],
                ["report.xml", '<?xml version="1.0"?>\n<testsuites/>\n', `this is an XML file, ${notExport}`],
                ["guard-config.json", JSON.stringify({ all: "advisory", "lambda-invoke-via-resource-policy": { fleetThreshold: 10 } }), `this is a policy pack config, ${notExport}: pass it with --policy-pack-config`],
            ];
            for (const [file, text, expected] of wrong) {
                it(file, () => {
                    assert.throws(() => parseExport(text, file), (err: any) => {
                        assert.ok(err instanceof ExportError);
                        assert.ok(err.message.startsWith(`${file}: ${expected}`), err.message);
                        return true;
                    });
                });
            }

            it("a text that is not JSON gets the offending line, never a token cut in half", () => {
                const text = `{"version": 3, "deployment": {"resources": [{"urn": "urn:pulumi:dev::shop::aws:lambda/function:Function::averyveryverylongfunctionname", "type": x}]}}`;
                const problem = problemOf(text);
                assert.match(problem, /^not valid JSON at line 1, column \d+: unexpected character "x" in \.\.\.`/);
                const shown = /`(.*)`/.exec(problem)![1];
                assert.ok(text.includes(shown), problem);
                const at = text.indexOf(shown);
                const boundary = /[\s,:{}[\]]/;
                assert.ok(at === 0 || boundary.test(text[at - 1]), `starts inside a token: ${problem}`);
                const end = at + shown.length;
                assert.ok(end === text.length || boundary.test(text[end]), `ends inside a token: ${problem}`);
                assert.ok(!problem.includes("Unexpected token"), "no Node message cut at a fixed length");
            });
        });

        it("a missing file", () => {
            assert.throws(() => readExport(path.join(os.tmpdir(), "no-such-export-4711.json")), (err: any) => {
                assert.ok(err instanceof ExportError);
                assert.strictEqual(err.problem, "no such file");
                return true;
            });
        });

        it("a directory", () => {
            assert.throws(() => readExport(os.tmpdir()), /is a directory, not an export file: pass the export files in it \(e\.g\. DIR\/\*\.json\)/);
        });

        it("lists at most five malformed resources", () => {
            const problem = problemOf(exportWith(Array.from({ length: 9 }, () => ({ type: "t" }))));
            assert.strictEqual(problem.split("\n  - ").length - 1, 5);
            assert.match(problem, /first problems only/);
        });
    });

    it("parses URNs, names with :: included", () => {
        assert.deepStrictEqual(parseUrn("urn:pulumi:prod::shop::my:comp:Api$aws:lambda/function:Function::a::b"), {
            urn: "urn:pulumi:prod::shop::my:comp:Api$aws:lambda/function:Function::a::b",
            stack: "prod",
            project: "shop",
            qualifiedType: "my:comp:Api$aws:lambda/function:Function",
            type: "aws:lambda/function:Function",
            name: "a::b",
        });
        assert.strictEqual(parseUrn("urn:pulumi:prod::shop::t"), undefined);
        assert.strictEqual(parseUrn(42), undefined);
    });

    it("reads a real file from disk", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "agl-export-"));
        try {
            const file = path.join(dir, "dev.json");
            fs.writeFileSync(file, toJson(restApiWithAuthorizer()));
            assert.strictEqual(readExport(file).resources.length, 21);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("checker JSON error location", () => {
    const cases: [string, object | undefined][] = [
        ['{"a": [1, }', { offset: 10, line: 1, column: 11, found: "}", truncated: false }],
        ['{\n  "a": tru }', { offset: 12, line: 2, column: 11, found: " ", truncated: false }],
        ['{"a": "x', { offset: 8, line: 1, column: 9, found: undefined, truncated: true }],
        ['{"a": 1,', { offset: 8, line: 1, column: 9, found: undefined, truncated: true }],
        ['{"a": 1} x', { offset: 9, line: 1, column: 10, found: "x", truncated: false }],
        ['{"a": "\\q"}', { offset: 8, line: 1, column: 9, found: "q", truncated: false }],
        ['{"a": [1, 2.5e3, -0, "\\u00e9", true, false, null, {}]}', undefined],
    ];
    for (const [text, expected] of cases) {
        it(JSON.stringify(text), () => {
            assert.deepStrictEqual(locateJsonError(text), expected);
            let parses = true;
            try {
                JSON.parse(text);
            } catch {
                parses = false;
            }
            assert.strictEqual(expected === undefined, parses, "the scanner agrees with JSON.parse");
        });
    }
});

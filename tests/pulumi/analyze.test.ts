/**
 * `pulumi policy analyze` (the real CLI) and the offline checker on the same exports give the same
 * violations (policy, URN, enforcement level) and the same exit code.
 *
 * Each export is imported as a stack of a file backend (`pulumi stack init` + `pulumi stack
 * import`) and analyzed with `-s`; the same file is also analyzed with `--file`. The exports: the
 * bundled examples, and generated stacks in a preview-like form (computed outputs unknown) and an
 * update-like form (all known).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { generateStack } from "../../bench/generateStack";
import { policyEvents, ROOT, Workspace } from "./cli";
import { stackOf, toExport } from "./exports";

const EXAMPLES = path.join(ROOT, "examples", "stacks");
const CONFIG = path.join(ROOT, "examples", "policy-config.json");

interface Outcome {
    /** "policy level urn", sorted. */
    violations: string[];
    code: number | null;
}

function checker(file: string, config?: string): Outcome {
    const args = ["bin/apigw-lambda-guard.js", "check", file, "--format", "json", ...(config ? ["--policy-pack-config", config] : [])];
    const res = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
    const report = JSON.parse(res.stdout);
    // A stack-wide finding has no URN in the checker's report (`urn: null`); the real engine
    // reports it on the stack's own resource (pulumi:pulumi:Stack), the report's `stackUrn`.
    const violations = report.stacks
        .flatMap((s: any) => s.findings.map((f: any) => `${f.policy} ${f.enforcementLevel} ${f.urn ?? s.stackUrn}`))
        .sort();
    return { violations, code: res.status };
}

describe("pulumi policy analyze (real CLI) agrees with the offline checker", function () {
    this.timeout(600_000);
    let ws: Workspace;
    const files: string[] = [];

    before(async () => {
        ws = new Workspace("analyze");
        await ws.login();
        for (const f of fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort()) {
            files.push(path.join(EXAMPLES, f));
        }
        // Generated: 40 integrations on two APIs, every 5th through a role.
        for (const mode of ["preview", "update"] as const) {
            const { resources } = generateStack(40, mode, `gen-${mode}`, "generated");
            const file = path.join(ws.dir, `generated-${mode}.json`);
            fs.writeFileSync(file, JSON.stringify(toExport(resources)));
            files.push(file);
        }
    });
    after(() => ws?.remove());

    async function imported(file: string): Promise<string> {
        const { project, stack } = stackOf(JSON.parse(fs.readFileSync(file, "utf8")));
        const dir = path.join(ws.dir, "projects", `${project}-${stack}`);
        const name = `organization/${project}/${stack}`;
        if (!fs.existsSync(dir)) {
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: yaml\n`);
            await ws.ok(["stack", "init", name], { cwd: dir });
            // An export from a Pulumi Cloud stack names the "service" secrets manager, which a file
            // backend cannot construct without a Cloud login. The exports hold no secret values, so
            // the imported copy leaves that out and the stack keeps its own (passphrase) manager.
            const doc = JSON.parse(fs.readFileSync(file, "utf8"));
            if (doc.deployment.secrets_providers?.type === "service") {
                delete doc.deployment.secrets_providers;
            }
            const copy = path.join(dir, "import.json");
            fs.writeFileSync(copy, JSON.stringify(doc));
            await ws.ok(["stack", "import", "--file", copy, "-s", name], { cwd: dir });
        }
        return dir;
    }

    async function analyze(file: string, how: "stack" | "file", config?: string): Promise<Outcome> {
        const cfg = config ? ["--policy-pack-config", config] : [];
        let res;
        if (how === "stack") {
            const dir = await imported(file);
            const { project, stack } = stackOf(JSON.parse(fs.readFileSync(file, "utf8")));
            res = await ws.pulumi(["policy", "analyze", "-s", `organization/${project}/${stack}`, "--policy-pack", ROOT, "--json", ...cfg], { cwd: dir });
        } else {
            res = await ws.pulumi(["policy", "analyze", "--file", file, "--policy-pack", ROOT, "--json", ...cfg]);
        }
        assert.ok(res.code === 0 || res.code === 1, `${res.command}: exit ${res.code}\n${res.stderr}`);
        const violations = policyEvents(res.stdout)
            .map((e) => `${e.policyName} ${e.enforcementLevel} ${e.urn}`)
            .sort();
        return { violations, code: res.code };
    }

    const cases: { label: string; file: () => string; config?: string; how: "stack" | "file" }[] = [];
    const names = [
        ...fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort().map((f) => ({ label: f, file: () => path.join(EXAMPLES, f) })),
        ...(["preview", "update"] as const).map((mode) => ({ label: `generated ${mode}-like export`, file: () => path.join(ws.dir, `generated-${mode}.json`) })),
    ];
    for (const n of names) {
        cases.push({ ...n, how: "stack" });
        cases.push({ ...n, how: "file" });
        cases.push({ ...n, how: "stack", config: CONFIG });
    }

    for (const c of cases) {
        it(`${c.label} (${c.how === "stack" ? "imported stack, -s" : "--file"}${c.config ? ", examples/policy-config.json" : ""})`, async () => {
            const real = await analyze(c.file(), c.how, c.config);
            const ours = checker(c.file(), c.config);
            assert.deepEqual(ours.violations, real.violations);
            assert.equal(ours.code, real.code, "exit code");
        });
    }

    it("finds what the examples are there to show (so that agreeing is not agreeing on nothing)", async () => {
        const outcome = await analyze(path.join(EXAMPLES, "rest-api-authorizer-roles.json"), "file");
        assert.equal(outcome.code, 1);
        assert.ok(outcome.violations.some((v) => v.startsWith("lambda-invoke-via-resource-policy mandatory ")), outcome.violations.join("\n"));
        const gen = await analyze(path.join(ws.dir, "generated-update.json"), "file");
        // Every 5th of 40 integrations goes through the shared invoker role.
        assert.equal(gen.violations.filter((v) => v.startsWith("lambda-invoke-via-resource-policy ")).length, 8, gen.violations.join("\n"));
    });
});

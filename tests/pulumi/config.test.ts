/**
 * `--policy-pack-config` through the real CLI: every config the README shows is accepted, and
 * every bad one fails the run with a message that names the policy and the property.
 *
 * Checked with `pulumi policy analyze --file` on a clean example (exit 0 without a config, so a
 * failure comes from the config), and the misspellings also with `pulumi preview` of a YAML
 * program. Some checks are the engine's own (types, ranges, enforcement levels: its JSON-schema
 * validation); the others are the pack's, because the engine passes unknown keys and unknown policy
 * names through (see README "Config validation").
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT, RunResult, Workspace } from "./cli";
import { setUpProgram } from "./programs";

const CLEAN_EXPORT = path.join(ROOT, "examples", "stacks", "http-api-resource-policies.json");
const INVOKE = "lambda-invoke-via-resource-policy";
const ROUTE = "lambda-permission-for-route";
const SCOPED = "lambda-permission-scoped";

/** The JSON configs in the README (fragments like `"policy": {...}` are wrapped in braces). */
export function readmeConfigs(): { line: number; config: unknown }[] {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const out: { line: number; config: unknown }[] = [];
    const re = /```json\n([\s\S]*?)```/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
        const body = m[1].trim();
        const line = text.slice(0, m.index).split("\n").length;
        out.push({ line, config: JSON.parse(body.startsWith("{") ? body : `{${body}}`) });
    }
    return out;
}

interface BadCase {
    label: string;
    config: Record<string, unknown>;
    /** Words the failure must contain: the policy (where there is one) and the property. */
    names: string[];
}

const BAD: BadCase[] = [
    { label: "a number given as a string", config: { [INVOKE]: { fleetThreshold: "100" } }, names: [INVOKE, "fleetThreshold"] },
    { label: "a negative threshold", config: { [INVOKE]: { fleetThreshold: -1 } }, names: [INVOKE, "fleetThreshold"] },
    { label: "a budget over the 20 KB policy limit", config: { [SCOPED]: { budgetHeadroomBytes: 50_000 } }, names: [SCOPED, "budgetHeadroomBytes"] },
    { label: "a list given as a string", config: { [ROUTE]: { externalFunctions: "legacy-*" } }, names: [ROUTE, "externalFunctions"] },
    { label: "an exemption without a reason", config: { [INVOKE]: { exemptions: [{ functions: ["legacy-*"] }] } }, names: [INVOKE, "reason"] },
    { label: "an invalid enforcement level", config: { [SCOPED]: { enforcementLevel: "warn" } }, names: [SCOPED, "enforcement level"] },
    { label: "fleetTreshold", config: { [INVOKE]: { fleetTreshold: 3 } }, names: [INVOKE, "fleetTreshold"] },
    { label: "exemptons", config: { [INVOKE]: { exemptons: [] } }, names: [INVOKE, "exemptons"] },
    { label: "enforcmentLevel", config: { [INVOKE]: { enforcmentLevel: "advisory" } }, names: [INVOKE, "enforcmentLevel"] },
    { label: "externalFunctons", config: { [ROUTE]: { externalFunctons: ["legacy-*"] } }, names: [ROUTE, "externalFunctons"] },
    { label: "adviseNarowerScope", config: { [SCOPED]: { adviseNarowerScope: false } }, names: [SCOPED, "adviseNarowerScope"] },
    { label: "exemptions under a permission policy", config: { [SCOPED]: { exemptions: [] } }, names: [SCOPED, "exemptions"] },
    { label: "a misspelled key inside an exemption", config: { [INVOKE]: { exemptions: [{ functons: ["legacy-*"], reason: "x" }] } }, names: [INVOKE, "functons"] },
    { label: "a match-everything exemption without the opt-in", config: { [INVOKE]: { exemptions: [{ functions: ["*"], reason: "x" }] } }, names: [INVOKE, "functions"] },
];

function failsNaming(res: RunResult, names: string[]): void {
    const output = `${res.stdout}\n${res.stderr}`;
    assert.notEqual(res.code, 0, `${res.command} accepted the config:\n${output}`);
    for (const name of names) {
        assert.ok(output.includes(name), `the failure does not name "${name}":\n${output}`);
    }
}

describe("--policy-pack-config through the real CLI", function () {
    this.timeout(900_000);
    let ws: Workspace;

    before(async () => {
        ws = new Workspace("config");
        await ws.login();
    });
    after(() => ws?.remove());

    function write(label: string, config: unknown): string {
        const file = path.join(ws.dir, `${label.replace(/[^a-z0-9]+/gi, "-")}.json`);
        fs.writeFileSync(file, JSON.stringify(config, null, 2));
        return file;
    }

    const analyze = (config: string) => ws.pulumi(["policy", "analyze", "--file", CLEAN_EXPORT, "--policy-pack", ROOT, "--policy-pack-config", config]);

    it("the clean example passes without a config (the baseline the bad configs are measured against)", async () => {
        const res = await ws.pulumi(["policy", "analyze", "--file", CLEAN_EXPORT, "--policy-pack", ROOT]);
        assert.equal(res.code, 0, res.stdout + res.stderr);
    });

    describe("policy analyze accepts every config in the README and examples/", () => {
        const configs = [
            ...readmeConfigs().map((c) => ({ label: `README.md line ${c.line}`, config: c.config })),
            { label: "examples/policy-config.json", config: JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "policy-config.json"), "utf8")) },
        ];
        for (const c of configs) {
            it(c.label, async () => {
                const res = await analyze(write(c.label, c.config));
                assert.equal(res.code, 0, `${res.command}\n${res.stdout}\n${res.stderr}`);
            });
        }
    });

    describe("policy analyze rejects each bad config, naming the policy and the property", () => {
        for (const c of BAD) {
            it(c.label, async () => failsNaming(await analyze(write(c.label, c.config)), c.names));
        }
    });

    describe("a misspelled policy name: what the real engine does with it, and the checker rejects it", () => {
        // The engine validates only the policies the pack declares and hands any other entry to
        // the pack's Configure, where @pulumi/policy keeps it out of every policy's reach; the pack
        // cannot report it. README "Config validation" says what each form does.
        const checkerRejects = (file: string, name: string) => {
            const checker = spawnSync(process.execPath, ["bin/apigw-lambda-guard.js", "check", CLEAN_EXPORT, "--policy-pack-config", file], { cwd: ROOT, encoding: "utf8" });
            assert.equal(checker.status, 2, checker.stdout + checker.stderr);
            assert.ok(checker.stderr.includes(name), checker.stderr);
        };
        it("as an object without enforcementLevel: the engine fails the run, with a message of its own that names neither the policy nor the key", async () => {
            const name = "lambda-invoke-via-resource-polcy";
            const file = write("unknown-object", { [name]: { fleetThreshold: 3 } });
            const res = await analyze(file);
            assert.notEqual(res.code, 0);
            assert.match(res.stdout + res.stderr, /configuring policy pack "apigw-lambda-guard": invalid enforcement level ""/);
            checkerRejects(file, name);
        });
        it("as a bare level: the engine accepts it and nothing reads it", async () => {
            const name = "lambda-permision-scoped";
            const file = write("unknown-level", { [name]: "advisory" });
            const res = await analyze(file);
            assert.equal(res.code, 0, `the real CLI now rejects an unknown policy name: update README "Config validation" and this test\n${res.stdout}\n${res.stderr}`);
            checkerRejects(file, name);
        });
    });

    describe("pulumi preview rejects the same mistakes", () => {
        let programDir: string;
        before(async () => {
            programDir = (await setUpProgram(ws, "yaml-roles", "")).dir;
        });
        // All advisory, so the program's own findings do not fail the preview: only the config can.
        const cases = BAD.filter((c) => ["fleetTreshold", "a number given as a string", "adviseNarowerScope"].includes(c.label));
        it("all advisory, no mistake: exit 0 (the baseline)", async () => {
            const res = await ws.pulumi(["preview", "--policy-pack", ROOT, "--policy-pack-config", write("all-advisory", { all: "advisory" })], { cwd: programDir });
            assert.equal(res.code, 0, res.stdout + res.stderr);
        });
        for (const c of cases) {
            it(c.label, async () => {
                const config = write(`preview-${c.label}`, { all: "advisory", ...c.config });
                failsNaming(await ws.pulumi(["preview", "--policy-pack", ROOT, "--policy-pack-config", config], { cwd: programDir }), c.names);
            });
        }
    });
});

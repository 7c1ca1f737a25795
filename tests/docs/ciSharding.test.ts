/**
 * The sharded-audit pipelines of docs/checker.md (GitHub Actions matrix, GitLab `parallel:`) are
 * valid against the published schemas, and their shell steps, run here job by job
 * (tests/docs/ciRunner.ts), export each stack in exactly one shard and merge into the report a
 * single run over all the exports writes, with its exit code.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { CiSandbox, EXAMPLES, ROOT, STACKS, checkJsonschema, docsYaml } from "./ciRunner";
import { assertBuilt } from "../checker/cliRun";

const GITHUB = "### GitHub Actions: a matrix job and a merge job";
const GITLAB = "### GitLab: a `parallel:` job and a merge job";

/** What a single run over all five exports writes, run in a directory laid out like a shard job's. */
function singleRun(sandbox: CiSandbox, format: string, failOn = "mandatory"): { code: number | null; report: string } {
    const dir = sandbox.jobDir(`single-${format}`);
    sandbox.install(dir);
    const files = STACKS.map((s) => `exports/${s}.json`);
    fs.mkdirSync(path.join(dir, "exports", "acme", "shop"), { recursive: true });
    EXAMPLES.forEach((f, i) => fs.copyFileSync(path.join(ROOT, "examples", "stacks", f), path.join(dir, files[i])));
    const res = sandbox.run(dir, `npx apigw-lambda-guard check ${files.join(" ")} --format ${format} --fail-on ${failOn} --output single.out`, {}, ["-e"]);
    return { code: res.code, report: fs.readFileSync(path.join(dir, "single.out"), "utf8") };
}

function validate(file: string, schema: string): void {
    const res = spawnSync(checkJsonschema(), ["--builtin-schema", schema, file], { encoding: "utf8" });
    assert.equal(res.status, 0, `${path.basename(file)} against ${schema}:\n${res.stdout}${res.stderr}`);
}

/** Checks the log of the stand-in `pulumi`: every stack exported exactly once over all shards. */
function assertEachStackExportedOnce(sandbox: CiSandbox, shards: number): void {
    const calls = fs.readFileSync(sandbox.pulumiLog, "utf8").trim().split("\n");
    assert.equal(calls.filter((c) => c.startsWith("stack ls")).length, shards, "each shard lists the stacks");
    const exported = calls.filter((c) => c.startsWith("stack export")).map((c) => c.split(" ")[c.split(" ").indexOf("--stack") + 1]);
    assert.deepEqual([...exported].sort(), [...STACKS].sort(), "each stack exported by exactly one shard");
}

describe("docs/checker.md: sharded audits in CI", function () {
    this.timeout(600_000);
    let sandbox: CiSandbox;
    before(() => {
        assertBuilt();
        sandbox = new CiSandbox();
    });
    after(() => sandbox?.remove());

    it("both pipelines are valid against the published GitHub workflow and GitLab CI schemas", () => {
        const gh = path.join(sandbox.dir, "github.yml");
        const gl = path.join(sandbox.dir, "gitlab-ci.yml");
        fs.writeFileSync(gh, docsYaml(GITHUB));
        fs.writeFileSync(gl, docsYaml(GITLAB));
        validate(gh, "vendor.github-workflows");
        validate(gl, "vendor.gitlab-ci");
        // The validator does fail: a job with a misspelt key is refused.
        const bad = path.join(sandbox.dir, "bad.yml");
        fs.writeFileSync(bad, docsYaml(GITHUB).replace("runs-on:", "run-on:"));
        assert.notEqual(spawnSync(checkJsonschema(), ["--builtin-schema", "vendor.github-workflows", bad]).status, 0);
    });

    it("GitHub Actions: the matrix's steps then the merge job's give the single run's SARIF and summary", () => {
        const wf = yaml.load(docsYaml(GITHUB)) as any;
        const artifacts = path.join(sandbox.dir, "gh-artifacts");
        fs.rmSync(sandbox.pulumiLog, { force: true });
        const shards: number[] = wf.jobs.shard.strategy.matrix.shard;
        assert.deepEqual(shards, [1, 2, 3, 4]);
        for (const shard of shards) {
            const codes = runGithubJob(sandbox, wf.jobs.shard, { "matrix.shard": String(shard) }, artifacts);
            assert.ok(codes.every((c) => c === 0), `shard ${shard}: every step passes (--fail-on none): ${codes}`);
        }
        assertEachStackExportedOnce(sandbox, shards.length);
        assert.deepEqual(wf.jobs.merge.needs, "shard");
        const merge = sandbox.jobDir("gh-merge");
        const codes = runGithubJob(sandbox, wf.jobs.merge, {}, artifacts, merge);
        const sarif = singleRun(sandbox, "sarif");
        const markdown = singleRun(sandbox, "markdown", "none");
        assert.equal(sarif.code, 1, "the examples hold mandatory findings");
        assert.deepEqual(codes, [0, 0, 0, 0, sarif.code, 0, 0], "the merge step fails as the single run does; the summary and upload still run");
        assert.equal(fs.readFileSync(path.join(merge, "apigw-lambda-guard.sarif"), "utf8"), sarif.report);
        assert.equal(fs.readFileSync(path.join(merge, "step-summary.md"), "utf8"), markdown.report);
    });

    it("GitLab: the parallel job's scripts then the merge job's give the single run's JUnit", () => {
        const ci = yaml.load(docsYaml(GITLAB)) as any;
        const shardJob = ci["apigw-lambda-guard-shard"];
        const mergeJob = ci["apigw-lambda-guard"];
        assert.deepEqual(mergeJob.needs, ["apigw-lambda-guard-shard"]);
        fs.rmSync(sandbox.pulumiLog, { force: true });
        const artifacts: string[] = [];
        for (let index = 1; index <= shardJob.parallel; index++) {
            const dir = sandbox.jobDir(`gl-shard-${index}`);
            const res = runGitlabScript(sandbox, dir, shardJob.script, { CI_NODE_INDEX: String(index), CI_NODE_TOTAL: String(shardJob.parallel) });
            assert.equal(res.code, 0, `shard ${index}: ${res.stderr}`);
            artifacts.push(...globFiles(dir, shardJob.artifacts.paths));
        }
        assert.equal(artifacts.length, shardJob.parallel, "one report per shard");
        assertEachStackExportedOnce(sandbox, shardJob.parallel);
        const merge = sandbox.jobDir("gl-merge");
        for (const a of artifacts) {
            fs.copyFileSync(a, path.join(merge, path.basename(a)));
        }
        const res = runGitlabScript(sandbox, merge, mergeJob.script, {});
        const junit = singleRun(sandbox, "junit");
        assert.equal(res.code, junit.code, res.stderr);
        assert.equal(fs.readFileSync(path.join(merge, mergeJob.artifacts.reports.junit), "utf8"), junit.report);
    });

    it("a lost shard fails the merge job, naming the shard", () => {
        const merge = sandbox.jobDir("gl-merge-lost");
        const reports = fs.readdirSync(sandbox.dir).filter((d) => d.includes("gl-shard-")).map((d) => path.join(sandbox.dir, d, `shard-${d.split("-").pop()}.json`));
        for (const r of reports.filter((r) => !r.endsWith("shard-3.json"))) {
            fs.copyFileSync(r, path.join(merge, path.basename(r)));
        }
        const res = runGitlabScript(sandbox, merge, (yaml.load(docsYaml(GITLAB)) as any)["apigw-lambda-guard"].script, {});
        assert.equal(res.code, 2);
        assert.match(res.stderr, /shard 3\/4 missing/);
    });
});

/** Expands `${{ matrix.x }}` and `${{ secrets.X }}` as Actions does. */
function expand(text: string, values: Record<string, string>): string {
    return text.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, key: string) => {
        if (key.startsWith("secrets.")) {
            return "test-token";
        }
        assert.ok(key in values, `unknown expression \${{ ${key} }}`);
        return values[key];
    });
}

/** Runs one Actions job's steps; returns each step's exit code (null: skipped after a failure). */
function runGithubJob(sandbox: CiSandbox, job: any, values: Record<string, string>, artifacts: string, dir = sandbox.jobDir("gh")): (number | null)[] {
    const env: Record<string, string> = { GITHUB_STEP_SUMMARY: path.join(dir, "step-summary.md") };
    for (const [k, v] of Object.entries(job.env ?? {})) {
        env[k] = expand(String(v), values);
    }
    let failed = false;
    return (job.steps as any[]).map((step) => {
        if (failed && !String(step.if ?? "").includes("always()")) {
            return null;
        }
        const code = runGithubStep(sandbox, dir, step, values, env, artifacts);
        failed ||= code !== 0;
        return code;
    });
}

function runGithubStep(sandbox: CiSandbox, dir: string, step: any, values: Record<string, string>, env: Record<string, string>, artifacts: string): number | null {
    const uses: string | undefined = step.uses;
    const w = step.with ?? {};
    if (uses?.startsWith("actions/checkout@") || uses?.startsWith("actions/setup-node@") || uses?.startsWith("pulumi/actions@")) {
        return 0; // a fresh directory, this Node, the stand-in pulumi on PATH
    }
    if (uses?.startsWith("actions/upload-artifact@")) {
        const to = path.join(artifacts, expand(w.name, values));
        fs.mkdirSync(to, { recursive: true });
        fs.copyFileSync(path.join(dir, expand(w.path, values)), path.join(to, path.basename(expand(w.path, values))));
        return 0;
    }
    if (uses?.startsWith("actions/download-artifact@")) {
        assert.equal(w["merge-multiple"], true);
        const pattern = new RegExp(`^${String(w.pattern).replace(/\*/g, ".*")}$`);
        for (const name of fs.readdirSync(artifacts).filter((n) => pattern.test(n))) {
            for (const f of fs.readdirSync(path.join(artifacts, name))) {
                fs.copyFileSync(path.join(artifacts, name, f), path.join(dir, f));
            }
        }
        return 0;
    }
    if (uses?.startsWith("github/codeql-action/upload-sarif@")) {
        return fs.existsSync(path.join(dir, w.sarif_file)) ? 0 : 1;
    }
    assert.ok(!uses, `no stand-in for the step uses: ${uses}`);
    const script = expand(String(step.run), values);
    if (script.trim() === "npm ci") {
        sandbox.install(dir);
        return 0;
    }
    const res = sandbox.run(dir, script, env, ["--noprofile", "--norc", "-eo", "pipefail"]);
    if (res.code !== 0 && res.code !== 1) {
        process.stderr.write(`step "${step.name ?? script}" exited ${res.code}:\n${res.stderr}\n`);
    }
    return res.code;
}

/** GitLab runs a job's script lines in one shell, stopping at the first that fails. */
function runGitlabScript(sandbox: CiSandbox, dir: string, lines: string[], env: Record<string, string>) {
    const rest = lines.filter((l) => {
        if (l.trim() === "npm ci") {
            sandbox.install(dir);
            return false;
        }
        return true;
    });
    return sandbox.run(dir, rest.join("\n"), env, ["-e"]);
}

function globFiles(dir: string, patterns: string[]): string[] {
    return patterns.flatMap((p) => {
        const re = new RegExp(`^${p.replace(/\./g, "\\.").replace(/\*/g, "[^/]*")}$`);
        return fs.readdirSync(dir).filter((f) => re.test(f)).map((f) => path.join(dir, f));
    });
}

/**
 * Runs the shell steps of a CI pipeline from docs/checker.md on this machine, the way the CI
 * system would, for tests/docs/ciSharding.test.ts: each job in its own fresh directory, `npm ci`
 * replaced by a link to this checkout's CLI (as the installed package), `pulumi` a stand-in on
 * PATH that lists the bundled examples as stacks and exports them, artifacts copied between jobs.
 * Any `uses:` step or command the stand-ins do not know fails the run, so the docs cannot drift
 * into steps nobody ran.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");
export const EXAMPLES = fs
    .readdirSync(path.join(ROOT, "examples", "stacks"))
    .filter((f) => f.endsWith(".json"))
    .sort();
/** The stand-in's stacks: one per bundled example, `acme/shop/<example name>`. */
export const STACKS = EXAMPLES.map((f) => `acme/shop/${f.replace(/\.json$/, "")}`);

const FAKE_PULUMI = `#!/usr/bin/env node
// Stand-in for the Pulumi CLI: only the two commands the documented pipelines use.
const fs = require("fs");
const path = require("path");
const args = process.argv.slice(2);
const stacks = ${JSON.stringify(STACKS)};
const examples = ${JSON.stringify(path.join(ROOT, "examples", "stacks"))};
const log = process.env.FAKE_PULUMI_LOG;
if (log) fs.appendFileSync(log, args.join(" ") + "\\n");
const is = (...want) => want.every((w) => args.includes(w));
if (args[0] === "stack" && args[1] === "ls" && is("--all", "--json", "--fully-qualify-stack-names")) {
    console.log(JSON.stringify(stacks.map((name) => ({ name, current: false }))));
} else if (args[0] === "stack" && args[1] === "export" && is("--show-secrets")) {
    const stack = args[args.indexOf("--stack") + 1];
    const file = args[args.indexOf("--file") + 1];
    if (!stacks.includes(stack) || !args.includes("--file")) { console.error("no stack " + stack); process.exit(255); }
    fs.copyFileSync(path.join(examples, path.basename(stack) + ".json"), file);
} else {
    console.error("fake pulumi: unexpected command: " + args.join(" "));
    process.exit(3);
}
`;

/** A place to run jobs: the stand-in `pulumi`, a log of its calls, and fresh job directories. */
export class CiSandbox {
    readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), "agl-ci-"));
    readonly bin = path.join(this.dir, "bin");
    readonly pulumiLog = path.join(this.dir, "pulumi.log");
    private jobs = 0;

    constructor() {
        fs.mkdirSync(this.bin);
        fs.writeFileSync(path.join(this.bin, "pulumi"), FAKE_PULUMI, { mode: 0o755 });
    }

    /** A new empty job directory (a fresh checkout of a project with no files of its own). */
    jobDir(name: string): string {
        const dir = path.join(this.dir, `job-${++this.jobs}-${name.replace(/[^\w.-]/g, "_")}`);
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "ci-job", private: true, devDependencies: { "apigw-lambda-guard": "*" } }));
        return dir;
    }

    /** What `npm ci` does for these steps: the package installed in the job's node_modules. */
    install(dir: string): void {
        fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
        fs.symlinkSync(ROOT, path.join(dir, "node_modules", "apigw-lambda-guard"));
        fs.symlinkSync(path.join(ROOT, "bin", "apigw-lambda-guard.js"), path.join(dir, "node_modules", ".bin", "apigw-lambda-guard"));
    }

    /** Runs one shell step; `shell` is the CI system's (bash -eo pipefail for Actions, bash -e for GitLab). */
    run(dir: string, script: string, env: Record<string, string>, shell: string[]): { code: number | null; stdout: string; stderr: string } {
        const res = spawnSync("bash", [...shell, "-c", script], {
            cwd: dir,
            encoding: "utf8",
            timeout: 300_000,
            env: { ...process.env, ...env, PATH: `${this.bin}${path.delimiter}${process.env.PATH}`, FAKE_PULUMI_LOG: this.pulumiLog, npm_config_update_notifier: "false" },
        });
        if (res.error) {
            throw res.error;
        }
        return { code: res.status, stdout: res.stdout, stderr: res.stderr };
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The fenced YAML block under a heading of docs/checker.md. */
export function docsYaml(heading: string): string {
    const doc = fs.readFileSync(path.join(ROOT, "docs", "checker.md"), "utf8");
    const at = doc.indexOf(`\n${heading}\n`);
    if (at < 0) {
        throw new Error(`docs/checker.md has no "${heading}" section`);
    }
    const m = /```yaml\n([\s\S]*?)```/.exec(doc.slice(at));
    if (!m) {
        throw new Error(`"${heading}" has no yaml block`);
    }
    return m[1];
}

/**
 * check-jsonschema (PyPI), which bundles the published GitHub workflow and GitLab CI schemas:
 * $CHECK_JSONSCHEMA, one on PATH, or the git-ignored .cache/pyvenv, made on first use by
 * scripts/ci-schemas.sh (so `npm test` on a fresh clone needs no set-up step).
 */
export function checkJsonschema(): string {
    const cached = path.join(ROOT, ".cache", "pyvenv", "bin", "check-jsonschema");
    for (const c of [process.env.CHECK_JSONSCHEMA, cached]) {
        if (c && fs.existsSync(c)) {
            return c;
        }
    }
    const which = spawnSync("bash", ["-c", "command -v check-jsonschema"], { encoding: "utf8" });
    if (which.status === 0 && which.stdout.trim()) {
        return which.stdout.trim();
    }
    const made = spawnSync("bash", [path.join(ROOT, "scripts", "ci-schemas.sh")], { cwd: ROOT, encoding: "utf8", timeout: 600_000 });
    if (made.status !== 0 || !fs.existsSync(cached)) {
        throw new Error(`scripts/ci-schemas.sh could not install check-jsonschema (exit ${made.status}):\n${made.stdout}${made.stderr}`);
    }
    return cached;
}

/**
 * Runs the real Pulumi CLI (built by scripts/pulumi-cli.sh) in an isolated workspace: its own
 * PULUMI_HOME (an empty plugin cache), a file backend in a temp dir, no update check, a fixed
 * passphrase. Every run is checked for plugin downloads: the machines reach no release server, so
 * a download attempt fails the test loudly, naming the plugin.
 */
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.join(__dirname, "..", "..");
export const STANDIN_AWS_DIR = path.join(__dirname, "aws-standin");

let cliDir: string | undefined;

/** The folder holding `pulumi` and the language hosts: $PULUMI_CLI_DIR, or built by the script. */
export function pulumiCliDir(): string {
    if (cliDir) return cliDir;
    const res = spawnSync("bash", [path.join(ROOT, "scripts", "pulumi-cli.sh")], {
        cwd: ROOT,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 16 * 1024 * 1024,
    });
    if (res.status !== 0) {
        throw new Error(`scripts/pulumi-cli.sh failed (exit ${res.status})`);
    }
    const lines = res.stdout.trim().split("\n");
    cliDir = lines[lines.length - 1];
    if (!fs.existsSync(path.join(cliDir, "pulumi"))) {
        throw new Error(`scripts/pulumi-cli.sh printed ${cliDir}, which holds no pulumi binary`);
    }
    return cliDir;
}

export interface RunResult {
    code: number | null;
    stdout: string;
    stderr: string;
    /** The command line, for messages. */
    command: string;
    ms: number;
}

/** Text the CLI prints when it goes looking for a plugin to download. */
const DOWNLOAD_SIGNS = [
    /(?:downloading|installing) (?:plugin|provider)[^\n]*/i,
    /plugin download[^\n]*/i,
    /get\.pulumi\.com[^\n]*/i,
    /api\.github\.com[^\n]*/i,
    /no resource plugin '[^']*' found[^\n]*/i,
    /could not find (?:a )?(?:latest )?(?:version of )?plugin[^\n]*/i,
];

export function downloadAttempt(output: string): string | undefined {
    for (const re of DOWNLOAD_SIGNS) {
        const m = re.exec(output);
        if (m) return m[0];
    }
    return undefined;
}

export class Workspace {
    readonly dir: string;
    readonly home: string;
    readonly backend: string;

    constructor(label: string) {
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), `guard-e2e-${label}-`));
        this.home = path.join(this.dir, "pulumi-home");
        this.backend = path.join(this.dir, "state");
        fs.mkdirSync(this.home);
        fs.mkdirSync(this.backend);
    }

    env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
        const bin = pulumiCliDir();
        return {
            // The aws stand-in is on PATH too: commands outside a project (gen-sdk, get-schema)
            // find resource plugins there; programs name it in Pulumi.yaml `plugins.providers`.
            PATH: [bin, STANDIN_AWS_DIR, process.env.PATH ?? ""].join(path.delimiter),
            HOME: this.dir,
            PULUMI_HOME: this.home,
            PULUMI_BACKEND_URL: `file://${this.backend}`,
            PULUMI_SKIP_UPDATE_CHECK: "true",
            PULUMI_CONFIG_PASSPHRASE: "e2e-passphrase",
            PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
            PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
            PULUMI_SKIP_CONFIRMATIONS: "true",
            NO_COLOR: "1",
            TMPDIR: os.tmpdir(),
            // HOME is the workspace (so nothing of the user's Pulumi state is read), but npm keeps
            // using the machine's download cache: `pulumi package add` runs npm install.
            npm_config_cache: process.env.npm_config_cache ?? path.join(os.homedir(), ".npm"),
            ...extra,
        };
    }

    /** Runs `pulumi ARGS` in `cwd`; fails if it tried to download a plugin. */
    async pulumi(args: string[], opts: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunResult> {
        const bin = path.join(pulumiCliDir(), "pulumi");
        const command = `pulumi ${args.join(" ")}`;
        const started = Date.now();
        const res = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
            const child = spawn(bin, [...args, "--non-interactive"], {
                cwd: opts.cwd ?? this.dir,
                env: this.env(opts.env),
                stdio: ["ignore", "pipe", "pipe"],
            });
            let stdout = "";
            let stderr = "";
            child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
            child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
            const timer = setTimeout(() => {
                child.kill("SIGKILL");
                reject(new Error(`${command} did not finish within ${opts.timeoutMs ?? 300_000} ms\n${stdout}\n${stderr}`));
            }, opts.timeoutMs ?? 300_000);
            child.on("error", reject);
            child.on("close", (code) => {
                clearTimeout(timer);
                resolve({ code, stdout, stderr });
            });
        });
        const attempt = downloadAttempt(res.stdout + res.stderr);
        if (attempt) {
            throw new Error(`${command} tried to get a plugin, which this machine cannot download: "${attempt}"\n${res.stderr}`);
        }
        return { ...res, command, ms: Date.now() - started };
    }

    /** `pulumi login` to the workspace's file backend. */
    async login(): Promise<void> {
        await this.ok(["login", `file://${this.backend}`]);
    }

    async ok(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<RunResult> {
        const res = await this.pulumi(args, opts);
        if (res.code !== 0) {
            throw new Error(`${res.command} exited ${res.code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`);
        }
        return res;
    }

    remove(): void {
        fs.rmSync(this.dir, { recursive: true, force: true });
    }
}

/** The policy events of `pulumi policy analyze --json` (one engine event per line). */
export interface PolicyEvent {
    policyName: string;
    urn: string;
    enforcementLevel: string;
    message: string;
}

export function policyEvents(jsonLines: string): PolicyEvent[] {
    const events: PolicyEvent[] = [];
    for (const line of jsonLines.split("\n")) {
        const t = line.trim();
        if (!t.startsWith("{")) continue;
        let ev: any;
        try {
            ev = JSON.parse(t);
        } catch {
            continue;
        }
        const p = ev.policyEvent;
        if (p) {
            events.push({ policyName: p.policyName, urn: p.resourceUrn ?? "", enforcementLevel: p.enforcementLevel, message: p.message });
        }
    }
    return events;
}

/**
 * Plays the Pulumi engine's part against a Node policy pack: spawns it exactly as the CLI does
 * (`node DIR/node_modules/@pulumi/pulumi/cmd/run-policy-pack ENGINE_ADDR DIR`, cwd DIR, the
 * PULUMI_NODEJS_* environment), reads the port from the first stdout line and speaks the Analyzer
 * gRPC protocol. Used by the tests and by the offline checker: one implementation of the policies,
 * reached the same way the engine reaches it.
 */
import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
    analyzerGrpc,
    analyzerPb,
    emptyPb,
    enforcementLevelFromWire,
    enforcementLevelToWire,
    grpc,
    severityFromWire,
    structPb,
} from "./protocol";
import type { AnalyzerInfo, Diagnostic, EngineResource, PolicyInfo, ReconciledConfig, StackContext } from "./types";

export interface StartOptions {
    /** How long to wait for the port line. @default 60000 */
    startTimeoutMs?: number;
    /** Deadline of each RPC; a pack that hangs fails the call instead of the caller. @default 600000 */
    callTimeoutMs?: number;
    /** Extra `-v=N --logtostderr` style arguments, as the CLI passes with verbose logging. */
    extraArgs?: string[];
}

/** Where the engine finds run-policy-pack: DIR/node_modules first, then normal resolution. */
export function runPolicyPackPath(packDir: string): string {
    const direct = path.join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    if (fs.existsSync(path.join(direct, "index.js"))) {
        return direct;
    }
    return path.dirname(require.resolve("@pulumi/pulumi/cmd/run-policy-pack/index.js", { paths: [packDir] }));
}

/** A running policy pack process and a gRPC client connected to it. */
export class PolicyPackSession {
    private exited = false;

    private constructor(
        private readonly child: ChildProcess,
        private readonly client: any,
        private readonly stderr: () => string,
        private readonly callTimeoutMs: number,
    ) {
        child.once("exit", () => (this.exited = true));
    }

    /**
     * Spawns the pack in `packDir` for `stack` (its identity reaches the pack as PULUMI_NODEJS_*);
     * rejects with the pack's stderr if it fails to start. Send ConfigureStack next (runOnSession does).
     */
    static async start(packDir: string, stack: StackContext, options: StartOptions = {}): Promise<PolicyPackSession> {
        const dir = path.resolve(packDir);
        const entry = runPolicyPackPath(dir);
        const env: NodeJS.ProcessEnv = {
            ...process.env,
            PULUMI_NODEJS_ORGANIZATION: stack.organization,
            PULUMI_NODEJS_PROJECT: stack.project,
            PULUMI_NODEJS_STACK: stack.stack,
            PULUMI_NODEJS_DRY_RUN: String(stack.dryRun),
            PULUMI_CONFIG: JSON.stringify(stack.config ?? {}),
        };
        if (stack.announced === false) {
            delete env.PULUMI_NODEJS_ORGANIZATION;
            delete env.PULUMI_NODEJS_PROJECT;
            delete env.PULUMI_NODEJS_STACK;
        }
        // The engine address is required by the command line and discarded by the pack.
        const args = [entry, ...(options.extraArgs ?? []), "127.0.0.1:1", dir];
        const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => {
            stderr = (stderr + chunk).slice(-20000);
        });
        const port = await readPort(child, () => stderr, options.startTimeoutMs ?? 60000);
        const client = new analyzerGrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
            "grpc.max_receive_message_length": 400 * 1024 * 1024,
            "grpc.max_send_message_length": 400 * 1024 * 1024,
        });
        return new PolicyPackSession(child, client, () => stderr, options.callTimeoutMs ?? 600000);
    }

    /** The pack process's id (the benchmarks read its peak memory from /proc). */
    get pid(): number | undefined {
        return this.child.pid;
    }

    /** What the pack wrote to stderr (its log), for error messages. */
    get log(): string {
        return this.stderr();
    }

    /** ConfigureStack: stack identity and tags. The SDK keeps only the tags; the rest is env. */
    async configureStack(stack: StackContext): Promise<void> {
        const req = new analyzerPb.AnalyzerStackConfigureRequest();
        req.setStack(stack.stack);
        req.setProject(stack.project);
        req.setOrganization(stack.organization);
        req.setDryRun(stack.dryRun);
        const tags = req.getTagsMap();
        for (const [k, v] of Object.entries(stack.tags ?? {})) {
            tags.set(k, v);
        }
        const config = req.getConfigMap();
        for (const [k, v] of Object.entries(stack.config ?? {})) {
            config.set(k, v);
        }
        await this.call("configureStack", req);
    }

    async getAnalyzerInfo(): Promise<AnalyzerInfo> {
        const info = await this.call("getAnalyzerInfo", new emptyPb.Empty());
        const initialConfig: AnalyzerInfo["initialConfig"] = {};
        info.getInitialconfigMap().forEach((v: any, k: string) => {
            initialConfig[k] = {
                enforcementLevel: enforcementLevelFromWire(v.getEnforcementlevel()),
                properties: v.getProperties()?.toJavaScript() ?? {},
            };
        });
        return {
            name: info.getName(),
            version: info.getVersion(),
            displayName: info.getDisplayname(),
            description: info.getDescription(),
            readme: info.getReadme(),
            provider: info.getProvider(),
            tags: info.getTagsList(),
            repository: info.getRepository(),
            policies: info.getPoliciesList().map(toPolicyInfo),
            initialConfig,
        };
    }

    /** Configure with reconciled config; every PolicyConfig carries `properties`, even empty. */
    async configure(config: ReconciledConfig): Promise<void> {
        const req = new analyzerPb.ConfigureAnalyzerRequest();
        const map = req.getPolicyconfigMap();
        for (const [name, c] of Object.entries(config)) {
            const pc = new analyzerPb.PolicyConfig();
            pc.setEnforcementlevel(enforcementLevelToWire(c.enforcementLevel));
            pc.setProperties(structPb.Struct.fromJavaScript(c.properties ?? {}));
            map.set(name, pc);
        }
        await this.call("configure", req);
    }

    /** Remediate (properties replaced when a policy remediates), as the engine calls before Analyze. */
    async remediate(resource: EngineResource): Promise<Record<string, unknown>> {
        const res = await this.call("remediate", analyzeRequest(resource));
        let props = resource.inputs;
        for (const r of res.getRemediationsList()) {
            if (r.getProperties()) {
                props = r.getProperties().toJavaScript();
            }
        }
        return props;
    }

    /** Analyze: one resource's inputs. */
    async analyze(resource: EngineResource): Promise<Diagnostic[]> {
        const res = await this.call("analyze", analyzeRequest(resource));
        return res.getDiagnosticsList().map((d: any) => toDiagnostic(d, "analyze"));
    }

    /** AnalyzeStack: every resource's outputs with parent and dependencies. */
    async analyzeStack(resources: EngineResource[] | PreparedStack): Promise<Diagnostic[]> {
        const req = resources instanceof PreparedStack ? resources.request : prepareStack(resources).request;
        const res = await this.call("analyzeStack", req);
        return res.getDiagnosticsList().map((d: any) => toDiagnostic(d, "analyzeStack"));
    }

    /** Cancel (UNIMPLEMENTED is fine), then kill, as the engine does. */
    async close(): Promise<void> {
        try {
            await this.call("cancel", new emptyPb.Empty());
        } catch {
            // The Node SDK does not implement Cancel; the engine ignores that too.
        }
        this.client.close();
        if (!this.exited) {
            const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
            this.child.kill("SIGINT");
            const timer = setTimeout(() => this.child.kill("SIGKILL"), 3000);
            await exited;
            clearTimeout(timer);
        }
    }

    private call(method: string, request: any): Promise<any> {
        return new Promise((resolve, reject) => {
            if (this.exited) {
                reject(new Error(`policy pack exited before ${method}:\n${this.stderr()}`));
                return;
            }
            const deadline = new Date(Date.now() + this.callTimeoutMs);
            this.client[method](request, { deadline }, (err: any, res: any) => {
                if (err) {
                    const log = this.stderr().trim();
                    reject(new Error(`${method} failed: ${err.details ?? err.message}${log ? `\npolicy pack log:\n${log}` : ""}`));
                } else {
                    resolve(res);
                }
            });
        });
    }
}

/**
 * An AnalyzeStack request built once, to send many times: the benchmarks time the pack, not the
 * building of a 50,000-resource protobuf message on the engine's side.
 */
export class PreparedStack {
    /** @internal */
    constructor(readonly request: unknown) {}
}

/** Builds the AnalyzeStack request for `resources` once (see PreparedStack). */
export function prepareStack(resources: EngineResource[]): PreparedStack {
    const req = new analyzerPb.AnalyzeStackRequest();
    req.setResourcesList(resources.map(analyzerResource));
    return new PreparedStack(req);
}

function readPort(child: ChildProcess, stderr: () => string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
        let buffered = "";
        const fail = (why: string) => {
            cleanup();
            child.kill("SIGKILL");
            reject(new Error(`policy pack did not start: ${why}\n${stderr().trim()}`));
        };
        const onData = (chunk: Buffer) => {
            buffered += chunk.toString("utf8");
            const newline = buffered.indexOf("\n");
            if (newline < 0) {
                return;
            }
            const line = buffered.slice(0, newline).trim();
            cleanup();
            const port = Number(line);
            if (!Number.isInteger(port) || port <= 0) {
                child.kill("SIGKILL");
                reject(new Error(`policy pack printed "${line}" instead of its port as the first stdout line\n${stderr().trim()}`));
                return;
            }
            // Keep draining stdout so the child never blocks on a full pipe.
            child.stdout!.resume();
            resolve(port);
        };
        const onExit = (code: number | null) => fail(`it exited with code ${code}`);
        const timer = setTimeout(() => fail(`no port after ${timeoutMs} ms`), timeoutMs);
        const cleanup = () => {
            clearTimeout(timer);
            child.stdout!.off("data", onData);
            child.off("exit", onExit);
        };
        child.stdout!.on("data", onData);
        child.once("exit", onExit);
    });
}

function options(resource: EngineResource): any {
    const opts = new analyzerPb.AnalyzerResourceOptions();
    opts.setProtect(resource.protect ?? false);
    if (resource.parent) {
        opts.setParent(resource.parent);
    }
    return opts;
}

function provider(resource: EngineResource): any {
    if (!resource.provider) {
        return undefined;
    }
    const p = new analyzerPb.AnalyzerProviderResource();
    p.setUrn(resource.provider.urn);
    p.setType(resource.provider.type);
    p.setName(resource.provider.name);
    p.setProperties(structPb.Struct.fromJavaScript(resource.provider.properties ?? {}));
    return p;
}

function analyzeRequest(resource: EngineResource): any {
    const req = new analyzerPb.AnalyzeRequest();
    req.setType(resource.type);
    req.setUrn(resource.urn);
    req.setName(resource.name);
    req.setProperties(structPb.Struct.fromJavaScript(resource.inputs ?? {}));
    req.setOptions(options(resource));
    const p = provider(resource);
    if (p) {
        req.setProvider(p);
    }
    return req;
}

function analyzerResource(resource: EngineResource): any {
    const r = new analyzerPb.AnalyzerResource();
    r.setType(resource.type);
    r.setUrn(resource.urn);
    r.setName(resource.name);
    r.setProperties(structPb.Struct.fromJavaScript(resource.outputs ?? {}));
    r.setOptions(options(resource));
    if (resource.parent) {
        r.setParent(resource.parent);
    }
    r.setDependenciesList(resource.dependencies ?? []);
    const deps = r.getPropertydependenciesMap();
    for (const [prop, urns] of Object.entries(resource.propertyDependencies ?? {})) {
        const d = new analyzerPb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(prop, d);
    }
    const p = provider(resource);
    if (p) {
        r.setProvider(p);
    }
    return r;
}

function toPolicyInfo(p: any): PolicyInfo {
    const schema = p.getConfigschema();
    const type = p.getPolicyType();
    return {
        name: p.getName(),
        displayName: p.getDisplayname(),
        description: p.getDescription(),
        enforcementLevel: enforcementLevelFromWire(p.getEnforcementlevel()),
        severity: severityFromWire(p.getSeverity()),
        policyType: type === 1 ? "resource" : type === 2 ? "stack" : "unknown",
        configSchema: schema
            ? { properties: schema.getProperties()?.toJavaScript() ?? {}, required: schema.getRequiredList() }
            : undefined,
        remediationSteps: p.getRemediationSteps(),
        url: p.getUrl(),
        tags: p.getTagsList(),
    };
}

function toDiagnostic(d: any, phase: Diagnostic["phase"]): Diagnostic {
    return {
        policyName: d.getPolicyname(),
        policyPackName: d.getPolicypackname(),
        policyPackVersion: d.getPolicypackversion(),
        description: d.getDescription(),
        message: d.getMessage(),
        urn: d.getUrn() || undefined,
        enforcementLevel: enforcementLevelFromWire(d.getEnforcementlevel()),
        severity: severityFromWire(d.getSeverity()),
        phase,
    };
}

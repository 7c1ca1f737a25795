/**
 * Checks stack export files with the policy pack, the way the engine runs it, two stacks at a
 * time. By default each of the two pack processes is long-lived and serves stack after stack
 * (engine/pool.ts: reconfigured per stack, the stack name sent as a stack tag), which gives the
 * same findings as one process per stack (tests/checker/pool.test.ts) without paying the pack's
 * start-up on every stack; `processModel: "per-stack"` spawns one process per stack. A file that cannot be read or parsed is recorded as a problem and the other
 * files are still checked; an invalid policy pack config stops the run (every stack would fail
 * the same way).
 *
 * @example
 * const outcome = await checkExports(["prod.json", "dev.json"], { packDir: packageRoot() });
 * outcome.stacks[0].findings; outcome.problems;
 */
import { reconcileConfig } from "../engine/config";
import type { EnforcementLevel } from "../engine/protocol";
import { SessionPool } from "../engine/pool";
import { runPolicyPack, type RunResult, type StackRun } from "../engine/run";
import type { PolicyInfo, PolicyPackConfigFile, StackContext } from "../engine/types";
import { ExportError, readExport } from "./exportFile";
import type { ShardInfo } from "./shard";
import { compareFindings, toFinding, type Finding } from "./findings";

/** One checked stack. */
export interface StackReport {
    file: string;
    stack: StackContext;
    resourceCount: number;
    findings: Finding[];
    notes: string[];
    /** Line of each resource's URN in the file (SARIF physical locations). */
    urnLines: Map<string, number>;
    /** The pulumi:pulumi:Stack resource's URN, for findings that name no resource. */
    stackUrn?: string;
    /** With `--shard`: the file's position among all the inputs (checker/shard.ts). */
    input?: number;
}

/** Something that kept a file (or the whole run) from being checked. */
export interface CheckProblem {
    /** The export file, or the config file for `config` problems. */
    file: string;
    kind: "input" | "config" | "pack";
    message: string;
    /** With `--shard`: the file's position among all the inputs (not for `config`). */
    input?: number;
}

/** The pack as GetAnalyzerInfo described it, with the enforcement levels the config gave. */
export interface PackDescription {
    name: string;
    version: string;
    policies: PolicyInfo[];
    levels: Record<string, EnforcementLevel>;
}

/** Everything a check found: the checked stacks, the inputs that could not be checked, the pack. */
export interface CheckOutcome {
    /** In the order the files were given. */
    stacks: StackReport[];
    problems: CheckProblem[];
    /** Undefined when no stack reached the pack. */
    pack?: PackDescription;
    /** With `--shard`: which shard of which inputs this is. */
    shard?: ShardInfo;
}

/** How to run the pack. */
export interface CheckOptions {
    /** The policy pack directory (the package root). */
    packDir: string;
    /** A `--policy-pack-config` file's content, and its path for messages. */
    config?: PolicyPackConfigFile;
    configFile?: string;
    /** Stacks checked at once. @default 2 */
    concurrency?: number;
    /** Each file's position among all the inputs, recorded in the reports (`--shard`). */
    positions?: readonly number[];
    /** Called as stacks finish; `done` of `total`. */
    onProgress?: (done: number, total: number) => void;
    /**
     * `pool`: long-lived pack processes, each serving many stacks; `per-stack`: one process per
     * stack, as `pulumi preview` runs a pack. @default "pool"
     */
    processModel?: "pool" | "per-stack";
    /** Runs the pack over one stack; when set, processModel is not used (tests pass a fake). */
    runStack?: (packDir: string, run: StackRun) => Promise<RunResult>;
}

/** Checks every file; never rejects for a bad file, only records it. */
export async function checkExports(files: readonly string[], options: CheckOptions): Promise<CheckOutcome> {
    const pool = !options.runStack && options.processModel !== "per-stack" ? new SessionPool(options.packDir) : undefined;
    const runStack = options.runStack ?? (pool ? (_: string, run: StackRun) => pool.run(run) : runPolicyPack);
    try {
        return await checkWith(files, options, runStack);
    } finally {
        await pool?.close();
    }
}

async function checkWith(
    files: readonly string[],
    options: CheckOptions,
    runStack: (packDir: string, run: StackRun) => Promise<RunResult>,
): Promise<CheckOutcome> {
    const slots: (StackReport | CheckProblem | undefined)[] = new Array(files.length);
    const problems: CheckProblem[] = [];
    let pack: PackDescription | undefined;
    let configBroken = false;
    let next = 0;
    let done = 0;

    const checkOne = async (index: number) => {
        const file = files[index];
        const input = options.positions?.[index];
        const at = input === undefined ? {} : { input };
        let exp;
        try {
            exp = readExport(file);
        } catch (err) {
            slots[index] = { file, kind: "input", message: err instanceof ExportError ? err.message : `${file}: ${String(err)}`, ...at };
            return;
        }
        const report: StackReport = {
            file,
            stack: exp.stack,
            resourceCount: exp.resources.length,
            findings: [],
            notes: exp.notes,
            urnLines: exp.urnLines,
            stackUrn: exp.stackUrn,
            ...at,
        };
        if (exp.resources.length === 0) {
            slots[index] = report;
            return;
        }
        let result: RunResult;
        try {
            result = await runStack(options.packDir, { stack: exp.stack, resources: exp.resources, config: options.config });
        } catch (err) {
            if (isConfigError(err)) {
                configBroken = true;
                const where = options.configFile ?? "policy pack config";
                if (!problems.some((p) => p.kind === "config")) {
                    problems.push({ file: where, kind: "config", message: `${where}: ${(err as Error).message}` });
                }
                return;
            }
            const why = err instanceof Error ? err.message : String(err);
            slots[index] = { file, kind: "pack", message: `${file}: the policy pack failed on stack "${exp.stack.stack}": ${why}`, ...at };
            return;
        }
        pack ??= describePack(result, options.config);
        report.findings = result.diagnostics.map(toFinding).sort(compareFindings);
        slots[index] = report;
    };

    const worker = async () => {
        while (next < files.length && !configBroken) {
            const index = next++;
            await checkOne(index);
            done++;
            options.onProgress?.(done, files.length);
        }
    };
    const width = Math.max(1, Math.min(options.concurrency ?? 2, files.length));
    await Promise.all(Array.from({ length: width }, worker));

    const stacks: StackReport[] = [];
    slots.forEach((slot) => {
        if (slot && "kind" in slot) {
            problems.push(slot);
        } else if (slot && !configBroken) {
            stacks.push(slot);
        }
    });
    return { stacks, problems, pack };
}

function describePack(result: RunResult, config: PolicyPackConfigFile | undefined): PackDescription {
    const levels: Record<string, EnforcementLevel> = {};
    for (const [name, c] of Object.entries(reconcileConfig(result.info, config))) {
        levels[name] = c.enforcementLevel;
    }
    return { name: result.info.name, version: result.info.version, policies: result.info.policies, levels };
}

function isConfigError(err: unknown): boolean {
    return err instanceof Error && err.name === "PolicyConfigError";
}

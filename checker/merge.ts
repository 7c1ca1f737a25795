/**
 * `check merge REPORT...`: the JSON reports of the shards of one audit (`check --shard I/N
 * --format json`) read back into one CheckOutcome, the one a single run over all the files would
 * have produced: stacks and problems in the order the files were given, one pack description, one
 * config problem. Any report format and the exit code are then computed from it as for a single
 * run. Every shard 1..N must be given exactly once, all of the same inputs (checker/shard.ts);
 * anything else is a MergeError that names the shard or the report.
 *
 * @example
 * const outcome = mergeShardReports(["shard-1.json", "shard-2.json"]);
 * formatSarif(outcome, version, "mandatory");
 */
import * as fs from "fs";
import type { CheckOutcome, CheckProblem, PackDescription, StackReport } from "./check";
import type { Finding } from "./findings";
import { JSON_FORMAT_VERSION } from "./reportJson";
import type { ShardInfo } from "./shard";

/** Shard reports that cannot be merged (exit 2). */
export class MergeError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "MergeError";
    }
}

interface ShardReport {
    file: string;
    shard: ShardInfo;
    outcome: CheckOutcome;
}

/** Reads and merges the shard reports; throws MergeError. */
export function mergeShardReports(files: readonly string[]): CheckOutcome {
    return mergeShards(files.map(readShardReport));
}

/** Merges reports already read; throws MergeError unless they are shards 1..N of one audit. */
export function mergeShards(reports: readonly ShardReport[]): CheckOutcome {
    const first = reports[0];
    for (const r of reports) {
        if (r.shard.count !== first.shard.count) {
            throw new MergeError(`${r.file} is shard ${r.shard.index}/${r.shard.count}, ${first.file} is shard ${first.shard.index}/${first.shard.count}: shards of different splits do not merge`);
        }
        if (r.shard.inputs !== first.shard.inputs || r.shard.digest !== first.shard.digest) {
            throw new MergeError(
                `${r.file} (shard ${r.shard.index}/${r.shard.count}) was split from other input files than ${first.file} ` +
                    `(${r.shard.inputs} vs ${first.shard.inputs} files, or other names): every shard must be given the same files`,
            );
        }
    }
    const byIndex = new Map<number, ShardReport>();
    for (const r of reports) {
        const seen = byIndex.get(r.shard.index);
        if (seen) {
            throw new MergeError(`shard ${r.shard.index}/${r.shard.count} is given twice: ${seen.file} and ${r.file}`);
        }
        byIndex.set(r.shard.index, r);
    }
    const missing: string[] = [];
    for (let i = 1; i <= first.shard.count; i++) {
        if (!byIndex.has(i)) {
            missing.push(`${i}/${first.shard.count}`);
        }
    }
    if (missing.length > 0) {
        throw new MergeError(`shard${missing.length > 1 ? "s" : ""} ${missing.join(", ")} missing: merge needs the reports of all ${first.shard.count} shards`);
    }
    const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!);

    let pack: PackDescription | undefined;
    for (const r of ordered) {
        const p = r.outcome.pack;
        if (p && pack && JSON.stringify(p) !== JSON.stringify(pack)) {
            throw new MergeError(`${r.file} was checked with policy pack ${p.name} ${p.version} configured otherwise than the shards before it: every shard must run the same pack and --policy-pack-config`);
        }
        pack ??= p;
    }
    const configProblems: CheckProblem[] = [];
    const fileProblems: CheckProblem[] = [];
    for (const p of ordered.flatMap((r) => r.outcome.problems)) {
        if (p.kind !== "config") {
            fileProblems.push(p);
        } else if (!configProblems.some((c) => c.file === p.file && c.message === p.message)) {
            configProblems.push(p);
        }
    }
    const byInput = (a: { input?: number }, b: { input?: number }) => (a.input ?? 0) - (b.input ?? 0);
    // A broken config stops a single run before it reports any stack.
    const stacks = configProblems.length > 0 ? [] : ordered.flatMap((r) => r.outcome.stacks).sort(byInput);
    return {
        stacks: stacks.map(({ input: _, ...s }) => s),
        problems: [...configProblems, ...fileProblems.sort(byInput).map(({ input: _, ...p }) => p)],
        pack,
    };
}

/** Reads one shard's JSON report back; throws MergeError naming the file. */
export function readShardReport(file: string): ShardReport {
    let doc: any;
    try {
        doc = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (err as Error).message;
        throw new MergeError(`${file}: cannot read the shard report: ${why}`);
    }
    const shard = doc?.shard;
    if (doc?.formatVersion !== JSON_FORMAT_VERSION || !Array.isArray(doc.stacks) || !Array.isArray(doc.problems)) {
        throw new MergeError(`${file} is not a JSON report of apigw-lambda-guard check (write shard reports with --format json)`);
    }
    if (!shard || !Number.isInteger(shard.index) || !Number.isInteger(shard.count) || typeof shard.digest !== "string") {
        throw new MergeError(`${file} is the JSON report of a run without --shard: merge takes the reports of check --shard I/N --format json`);
    }
    if (doc.policyPack && !Array.isArray(doc.policyPack.policies)) {
        throw new MergeError(`${file} was written by an older apigw-lambda-guard without the policies in its JSON report: check the shard again`);
    }
    const pack: PackDescription | undefined = doc.policyPack
        ? { name: doc.policyPack.name, version: doc.policyPack.version, policies: doc.policyPack.policies, levels: doc.policyPack.levels }
        : undefined;
    return {
        file,
        shard: { index: shard.index, count: shard.count, inputs: shard.inputs, digest: shard.digest },
        outcome: {
            stacks: doc.stacks.map(stackOf),
            problems: doc.problems.map((p: any): CheckProblem => ({ file: p.file, kind: p.kind, message: p.message, ...(p.input === undefined ? {} : { input: p.input }) })),
            pack,
        },
    };
}

function stackOf(s: any): StackReport {
    const urnLines = new Map<string, number>();
    const findings = (s.findings as any[]).map((f) => {
        const finding = findingOf(f);
        const urn = finding.urn ?? s.stackUrn;
        if (urn && typeof f.line === "number") {
            urnLines.set(urn, f.line);
        }
        return finding;
    });
    return {
        file: s.file,
        stack: { organization: s.organization, project: s.project, stack: s.stack, dryRun: false },
        resourceCount: s.resources,
        findings,
        notes: s.notes,
        urnLines,
        ...(s.stackUrn ? { stackUrn: s.stackUrn } : {}),
        ...(s.input === undefined ? {} : { input: s.input }),
    };
}

const OPTIONAL = ["severity", "urn", "resourceType", "resourceName", "api", "route", "property", "why", "sts", "exemption", "fix", "cause"] as const;

function findingOf(f: any): Finding {
    const finding: Finding = {
        policy: f.policy,
        enforcementLevel: f.enforcementLevel,
        summary: f.summary,
        description: f.description ?? "",
        message: f.message,
        phase: f.phase,
    };
    for (const key of OPTIONAL) {
        if (f[key] !== null && f[key] !== undefined) {
            (finding as any)[key] = f[key];
        }
    }
    return finding;
}

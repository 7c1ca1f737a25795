/**
 * The fleet audit, baseline against candidate, interleaved in one run: two builds of this package
 * (each its own dist/ and pack) check the same generated exports in turn, alternating which goes
 * first; the findings must be identical (the run fails otherwise). For measuring a change of the
 * checker or the engine on a shared machine, where only ratios taken side by side mean anything.
 *   npx ts-node -T bench/fleetAb.ts BASELINE_ROOT CANDIDATE_ROOT [EXPORTS] [ROUNDS]
 * (a root is a built checkout: BASELINE_ROOT/dist/checker/check.js; exports from bench/fleet.ts)
 */
import * as fs from "fs";
import * as path from "path";
import { writeFleet } from "./fleet";
import { median } from "./stats";

type Check = (files: string[], options: { packDir: string; concurrency?: number }) => Promise<{ stacks: { file: string; findings: unknown[] }[]; problems: unknown[] }>;

async function main(): Promise<void> {
    const [base, cand, count = "1000", rounds = "1"] = process.argv.slice(2);
    const files = writeFleet(Number(count));
    const variants = [base, cand].map((root) => ({
        root: path.resolve(root),
        check: (require(path.resolve(root, "dist", "checker", "check.js")) as { checkExports: Check }).checkExports,
        times: [] as number[],
        findings: "",
    }));
    const loads: string[] = [];
    for (let round = 0; round < Number(rounds); round++) {
        const order = round % 2 === 0 ? variants : [...variants].reverse();
        for (const v of order) {
            loads.push(fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "));
            const t = process.hrtime.bigint();
            const outcome = await v.check(files, { packDir: v.root, concurrency: 2 });
            v.times.push(Number(process.hrtime.bigint() - t) / 1e6);
            if (outcome.problems.length > 0 || outcome.stacks.length !== files.length) {
                throw new Error(`${v.root}: problems on the fleet`);
            }
            const findings = JSON.stringify(outcome.stacks.map((s) => [path.basename(s.file), s.findings]));
            if (v.findings && v.findings !== findings) {
                throw new Error(`${v.root}: findings changed between rounds`);
            }
            v.findings = findings;
            console.error(`round ${round + 1} ${v === variants[0] ? "baseline" : "candidate"}: ${(v.times.at(-1)! / 1000).toFixed(1)} s`);
        }
    }
    const same = variants[0].findings === variants[1].findings;
    const n = JSON.parse(`[${variants[0].findings.slice(1, -1)}]`).reduce((a: number, s: [string, unknown[]]) => a + s[1].length, 0);
    const [b, c] = variants.map((v) => median(v.times));
    console.log(`| exports | rounds | baseline median | candidate median | candidate / baseline | per stack (candidate) | findings identical | load average at each start |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- |`);
    console.log(`| ${files.length} | ${rounds} | ${(b / 1000).toFixed(1)} s | ${(c / 1000).toFixed(1)} s | ${(c / b).toFixed(2)}x | ${(c / files.length).toFixed(0)} ms | ${same ? `yes (${n})` : "NO"} | ${loads.join("; ")} |`);
    if (!same) {
        process.exitCode = 1;
    }
}

main().catch((err) => {
    console.error(err);
    process.exit(1);
});

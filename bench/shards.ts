/**
 * A fleet audit split over 4 machines (issue 22, part 3), timed here one shard after another: the
 * real CLI (`node bin/apigw-lambda-guard.js`) checks `--shard I/4` of the generated exports
 * (bench/fleet.ts) into a JSON report each, then `check merge` writes the merged report (JSON and
 * SARIF). Each shard's time is what one machine of the matrix would take; the merge is the final
 * job's work. The merged summary must count every export.
 *   npx ts-node -T bench/shards.ts [--exports 1000] [--shards 4]
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { writeFleet } from "./fleet";
import { OUT, REPO } from "./packs";
import { elapsedMs, intArg, now } from "./stats";

function cli(args: string[]): { ms: number; code: number | null; stderr: string } {
    const t = now();
    const res = spawnSync(process.execPath, [path.join(REPO, "bin", "apigw-lambda-guard.js"), ...args], { cwd: REPO, encoding: "utf8", maxBuffer: 1 << 28 });
    return { ms: elapsedMs(t), code: res.status, stderr: res.stderr };
}

const load = () => fs.readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

function main(): void {
    const count = intArg("exports", 1000);
    const shards = intArg("shards", 4);
    const files = writeFleet(count).map((f) => path.relative(REPO, f));
    const dir = path.join(OUT, "shards");
    fs.mkdirSync(dir, { recursive: true });
    console.log(`| step | exports | time | exit | load average at start |`);
    console.log(`| --- | --- | --- | --- | --- |`);
    const reports: string[] = [];
    for (let i = 1; i <= shards; i++) {
        const out = path.join(dir, `shard-${i}.json`);
        const at = load();
        const r = cli(["check", ...files, "--shard", `${i}/${shards}`, "--format", "json", "--output", out, "--fail-on", "none"]);
        const n = JSON.parse(fs.readFileSync(out, "utf8")).stacks.length;
        console.log(`| shard ${i}/${shards} | ${n} | ${(r.ms / 1000).toFixed(1)} s | ${r.code} | ${at} |`);
        reports.push(out);
    }
    for (const format of ["json", "sarif"]) {
        const out = path.join(dir, `merged.${format}`);
        const at = load();
        const r = cli(["check", "merge", ...reports, "--format", format, "--output", out]);
        const extra = format === "json" ? `, ${JSON.parse(fs.readFileSync(out, "utf8")).summary.stacks} stacks merged` : "";
        console.log(`| merge to ${format} | ${count}${extra} | ${(r.ms / 1000).toFixed(1)} s | ${r.code} | ${at} |`);
    }
}

main();

/**
 * `check --shard I/N` + `check merge` against the real pack: the merged report equals a single
 * run's over the same files, in every format and for every --fail-on (exit code included), with
 * bad inputs and a policy pack config among them; a missing, duplicated or foreign shard is an
 * error that names it.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { FAIL_ON, FORMATS } from "../../checker/args";
import { ROOT, assertBuilt, runCli } from "./cliRun";

const EXAMPLES = fs
    .readdirSync(path.join(ROOT, "examples", "stacks"))
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `examples/stacks/${f}`);

describe("check --shard and check merge (real pack)", function () {
    this.timeout(300_000);
    let tmp: string;
    let files: string[];
    const rel = (name: string) => path.relative(ROOT, path.join(tmp, name));

    /** Runs every shard of `files` (given in `order`) and returns their JSON reports' paths. */
    const shardRun = (tag: string, count: number, order: string[], extra: string[] = []) =>
        Array.from({ length: count }, (_, i) => {
            const out = rel(`${tag}-${i + 1}.json`);
            const res = runCli(["check", ...order, "--shard", `${i + 1}/${count}`, "--format", "json", "--output", out, "--fail-on", "none", ...extra]);
            assert.ok(res.code === 0 || res.code === 2, res.stderr);
            return out;
        });

    before(() => {
        assertBuilt();
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "agl-merge-"));
        fs.writeFileSync(path.join(tmp, "broken.json"), '{"version": 3, "deployment": {');
        // Bad inputs among good ones: a truncated export and a missing file.
        files = [...EXAMPLES.slice(0, 3), rel("broken.json"), ...EXAMPLES.slice(3), rel("missing.json")];
    });
    after(() => tmp && fs.rmSync(tmp, { recursive: true, force: true }));

    it("equals a single run in every format and for every --fail-on, whatever order the shards are given in", () => {
        // The shards see the files in another order than the single run: the split is by name.
        const shards = shardRun("a", 3, [...files].reverse());
        const again = shardRun("b", 3, files);
        // Every format at the default --fail-on, every --fail-on in JSON (each single run is a few seconds).
        const runs = [...FORMATS.map((f) => [f, "mandatory"]), ...FAIL_ON.filter((l) => l !== "mandatory").map((l) => ["json", l])];
        for (const [format, failOn] of runs) {
            {
                const single = runCli(["check", ...files, "--format", format, "--fail-on", failOn]);
                const merged = runCli(["check", "merge", again[2], again[0], again[1], "--format", format, "--fail-on", failOn]);
                assert.equal(merged.code, single.code, `${format} --fail-on ${failOn}: ${merged.stderr}`);
                assert.equal(merged.stdout, single.stdout, `${format} --fail-on ${failOn}`);
                assert.equal(merged.stderr, single.stderr, `${format} --fail-on ${failOn}: the same errors and warnings`);
            }
        }
        assert.equal(single(files).code, 2, "bad inputs exit 2");
        // Reversed inputs: the same files per shard, but the merged report lists them reversed.
        const reversed = runCli(["check", "merge", ...shards, "--format", "json"]);
        assert.equal(reversed.stdout, runCli(["check", ...[...files].reverse(), "--format", "json"]).stdout);
    });

    it("carries the policy pack config's levels (SARIF rules) and a one-shard split", () => {
        const config = ["--policy-pack-config", "examples/policy-config.json"];
        const [one] = shardRun("c", 1, EXAMPLES, config);
        for (const format of ["sarif", "junit", "text"]) {
            const single = runCli(["check", ...EXAMPLES, ...config, "--format", format]);
            const merged = runCli(["check", "merge", one, "--format", format]);
            assert.equal(merged.code, single.code);
            assert.equal(merged.stdout, single.stdout, format);
        }
    });

    it("refuses a missing shard, a duplicated one, shards of other files and a report without --shard, naming them", () => {
        const [s1, s2, s3] = shardRun("d", 3, EXAMPLES);
        const [o1] = shardRun("e", 3, EXAMPLES.slice(1));
        const [t1, t2] = shardRun("f", 2, EXAMPLES);
        const plain = rel("plain.json");
        runCli(["check", EXAMPLES[0], "--format", "json", "--output", plain]);
        const cases: [string[], RegExp][] = [
            [[s1, s3], /shard 2\/3 missing/],
            [[s1, s2, s3, s2], new RegExp(`shard 2/3 is given twice: ${s2} and ${s2}`)],
            [[o1, s2, s3], /was split from other input files/],
            [[t1, t2, s3], /shards of different splits do not merge/],
            [[plain, s1], new RegExp(`${plain} is the JSON report of a run without --shard`)],
            [[rel("nope.json")], /nope\.json: cannot read the shard report: no such file/],
            [["examples/stacks/http-api-resource-policies.json"], /is not a JSON report of apigw-lambda-guard check/],
        ];
        for (const [reports, message] of cases) {
            const res = runCli(["check", "merge", ...reports]);
            assert.equal(res.code, 2, reports.join(" "));
            assert.match(res.stderr, message);
            assert.equal(res.stdout, "", "no report from a failed merge");
        }
    });

    it("--list prints the shard's files without reading them", () => {
        const names = ["z/3.json", "a.json", "m.json", "b.json"];
        const lists = [1, 2].map((i) => runCli(["check", "--list", "--shard", `${i}/2`, ...names]));
        assert.deepEqual(lists.map((l) => l.code), [0, 0]);
        assert.deepEqual(lists.map((l) => l.stdout), ["a.json\nm.json\n", "z/3.json\nb.json\n"]);
    });
});

function single(files: string[]) {
    return runCli(["check", ...files, "--format", "json"]);
}

/**
 * `--shard I/N`'s split (checker/shard.ts): by name only, whatever the order the files are given
 * in; every file in exactly one shard; shards within one file of each other.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { UsageError, parseArgs } from "../../checker/args";
import { parseShard, selectShard } from "../../checker/shard";

const names = fc.uniqueArray(fc.stringMatching(/^[a-z0-9_]{1,5}(\/[a-z0-9_-]{1,5})?\.json$/), { minLength: 0, maxLength: 40 });

describe("check --shard I/N: the split", () => {
    it("parses I/N and refuses anything else, naming the flag", () => {
        assert.deepEqual(parseShard("2/4"), { index: 2, count: 4 });
        assert.deepEqual(parseShard("1/1"), { index: 1, count: 1 });
        for (const bad of ["0/4", "5/4", "1/0", "2", "a/b", "1/4/2", "-1/4", ""]) {
            assert.throws(() => parseShard(bad), (e: Error) => e instanceof UsageError && /--shard/.test(e.message), bad);
        }
        assert.deepEqual(parseArgs(["check", "a.json", "--shard", "3/8"]), {
            command: "check", files: ["a.json"], format: "text", output: undefined, policyPackConfig: undefined,
            failOn: "mandatory", detail: "normal", shard: { index: 3, count: 8 },
        });
    });

    it("puts every file in exactly one shard, shards differing by one file at most", () => {
        fc.assert(
            fc.property(names, fc.integer({ min: 1, max: 9 }), (files, count) => {
                const shards = Array.from({ length: count }, (_, i) => selectShard(files, { index: i + 1, count }));
                const all = shards.flatMap((s) => s.files).sort();
                assert.deepEqual(all, [...files].sort());
                const sizes = shards.map((s) => s.files.length);
                assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `sizes ${sizes}`);
                for (const s of shards) {
                    assert.deepEqual(s.positions.map((p) => files[p]), s.files, "positions point at the files given");
                }
            }),
        );
    });

    it("does not depend on the order the files are given in, nor on ./ or \\ in their names", () => {
        fc.assert(
            fc.property(names.chain((f) => fc.tuple(fc.constant(f), fc.shuffledSubarray(f, { minLength: f.length }))), fc.integer({ min: 1, max: 6 }), ([files, shuffled], count) => {
                for (let index = 1; index <= count; index++) {
                    const a = selectShard(files, { index, count });
                    const b = selectShard(shuffled.map((f, i) => (i % 2 ? `./${f}` : f)), { index, count });
                    assert.deepEqual([...b.files].map((f) => f.replace(/^\.\//, "")).sort(), [...a.files].sort());
                    assert.equal(b.info.digest, a.info.digest);
                }
            }),
        );
        assert.deepEqual(selectShard(["b\\x.json", "a/y.json"], { index: 1, count: 2 }).files, ["a/y.json"]);
    });

    it("records the split: index, count, how many inputs, and a digest that changes with the names", () => {
        const s = selectShard(["a.json", "b.json", "c.json"], { index: 2, count: 2 });
        assert.deepEqual({ ...s.info, digest: undefined }, { index: 2, count: 2, inputs: 3, digest: undefined });
        assert.deepEqual(s.files, ["b.json"]);
        assert.notEqual(selectShard(["a.json", "b.json", "d.json"], { index: 2, count: 2 }).info.digest, s.info.digest);
    });

    it("check merge takes reports and no --shard, --list or --policy-pack-config", () => {
        assert.equal(parseArgs(["check", "merge", "s1.json", "s2.json", "--format", "sarif"]).command, "merge");
        assert.throws(() => parseArgs(["check", "merge"]), /no shard reports given/);
        for (const extra of [["--shard", "1/2"], ["--list"], ["--policy-pack-config", "p.json"]]) {
            assert.throws(() => parseArgs(["check", "merge", "s1.json", ...extra]), UsageError);
        }
    });
});

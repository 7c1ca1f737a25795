/**
 * `check --shard I/N`: which of the input files shard I of N checks. The split depends on the
 * files' names only, never on the order they are given in: the names (normalized: `./a.json` and
 * `a.json` are one name, `\` reads as `/`) are sorted in code-unit order and dealt out in turn, so
 * shards differ in size by one file at most, and every machine of a CI matrix given the same files
 * (in any order) checks the same ones. Each shard's JSON report records the split (`shard`: index,
 * count, how many inputs, a digest of their names) and each stack's position among the inputs, so
 * `check merge` can tell a missing or duplicated shard, or shards of different inputs, and restore
 * the order a single run reports in.
 *
 * @example
 * const s = parseShard("2/4");                  // { index: 2, count: 4 }
 * selectShard(["c.json", "a.json", "b.json"], s); // { files: ["b.json"], positions: [2], ... }
 */
import { createHash } from "crypto";
import * as path from "path";
import { UsageError } from "./args";

/** Shard `index` (1-based) of `count`. */
export interface Shard {
    index: number;
    count: number;
}

/** What a shard report records about its split (JSON `shard`). */
export interface ShardInfo extends Shard {
    /** How many input files all shards share. */
    inputs: number;
    /** sha256 of the sorted normalized input names: shards of other inputs do not merge. */
    digest: string;
}

/** The files of one shard, with their positions (0-based) in the list as given. */
export interface ShardSelection {
    files: string[];
    positions: number[];
    info: ShardInfo;
}

/** Parses `I/N` (1 <= I <= N); throws UsageError naming the flag. */
export function parseShard(text: string): Shard {
    const m = /^(\d+)\/(\d+)$/.exec(text);
    if (!m) {
        throw new UsageError(`--shard must be I/N (e.g. 2/4: the second of four shards), not "${text}"`);
    }
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || index < 1 || index > count) {
        throw new UsageError(`--shard ${text}: I must be between 1 and N (N at least 1)`);
    }
    return { index, count };
}

/** The name the split reads: normalized, with `/` separators. */
export function shardName(file: string): string {
    return path.posix.normalize(file.replace(/\\/g, "/"));
}

/** The files shard `shard` checks, in the order they were given. */
export function selectShard(files: readonly string[], shard: Shard): ShardSelection {
    const order = files.map((file, position) => ({ name: shardName(file), position }));
    order.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.position - b.position));
    const chosen = new Set<number>();
    order.forEach((entry, rank) => {
        if (rank % shard.count === shard.index - 1) {
            chosen.add(entry.position);
        }
    });
    const positions = files.map((_, i) => i).filter((i) => chosen.has(i));
    const digest = createHash("sha256")
        .update(order.map((e) => e.name).join("\n"))
        .digest("hex");
    return {
        files: positions.map((i) => files[i]),
        positions,
        info: { index: shard.index, count: shard.count, inputs: files.length, digest },
    };
}

/**
 * Summarizes V8 .cpuprofile files (node --cpu-prof): where the time went, as self time per
 * category (this project's code by folder, each npm package, Node's internals, GC, idle) and the
 * functions with the most self time. Used for the fleet audit's profile in bench/RESULTS.md:
 *   npx ts-node -T bench/cpuprofile.ts DIR_OR_FILES...
 */
import * as fs from "fs";
import * as path from "path";

interface Node {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
    children?: number[];
}
interface Profile {
    nodes: Node[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
}

/** The category a frame's self time goes to. */
export function category(url: string, functionName: string): string {
    if (!url) {
        return functionName.startsWith("(") ? functionName : "(native)";
    }
    const nm = url.lastIndexOf("node_modules/");
    if (nm >= 0) {
        const rest = url.slice(nm + "node_modules/".length).split("/");
        return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
    }
    if (url.startsWith("node:")) {
        return `node:${url.slice(5).split("/")[0]}`;
    }
    const dist = url.indexOf("/dist/");
    if (dist >= 0) {
        return `ours: ${url.slice(dist + 6).split("/")[0]}`;
    }
    return path.basename(url);
}

/** Self time (ms) per category and per function of one profile. */
export function selfTimes(p: Profile): { total: number; byCategory: Map<string, number>; byFunction: Map<string, number> } {
    const byId = new Map(p.nodes.map((n) => [n.id, n]));
    const byCategory = new Map<string, number>();
    const byFunction = new Map<string, number>();
    let total = 0;
    p.samples.forEach((id, i) => {
        const ms = (p.timeDeltas[i] ?? 0) / 1000;
        const n = byId.get(id)!;
        const cat = category(n.callFrame.url, n.callFrame.functionName);
        const fn = `${n.callFrame.functionName || "(anonymous)"} ${cat}${n.callFrame.url ? `:${n.callFrame.lineNumber + 1}` : ""}`;
        byCategory.set(cat, (byCategory.get(cat) ?? 0) + ms);
        byFunction.set(fn, (byFunction.get(fn) ?? 0) + ms);
        total += ms;
    });
    return { total, byCategory, byFunction };
}

function top(m: Map<string, number>, total: number, n: number): string[] {
    return [...m.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => `| ${k} | ${v.toFixed(0)} ms | ${((100 * v) / total).toFixed(1)}% |`);
}

if (require.main === module) {
    const files = process.argv.slice(2).flatMap((a) =>
        fs.statSync(a).isDirectory() ? fs.readdirSync(a).filter((f) => f.endsWith(".cpuprofile")).map((f) => path.join(a, f)) : [a],
    );
    for (const file of files) {
        const p = JSON.parse(fs.readFileSync(file, "utf8")) as Profile;
        const { total, byCategory, byFunction } = selfTimes(p);
        const busy = total - (byCategory.get("(idle)") ?? 0);
        console.log(`\n### ${path.basename(file)}: ${(total / 1000).toFixed(1)} s sampled, ${(busy / 1000).toFixed(1)} s busy\n`);
        console.log("| category (self time) | ms | share |\n| --- | --- | --- |");
        console.log(top(byCategory, total, 14).join("\n"));
        console.log("\n| function (self time) | ms | share |\n| --- | --- | --- |");
        console.log(top(byFunction, total, 18).join("\n"));
    }
}

/**
 * The checker's pool of long-lived pack processes (engine/pool.ts) against one pack process per
 * stack, the way `pulumi preview` runs a pack: the same findings, stack for stack, including the
 * ones that depend on the stack's name (a `stacks` exemption), with one process serving every
 * stack in turn (concurrency 1) and two sharing them.
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { toExport } from "../../bench/fleet";
import { generateStack } from "../../bench/generateStack";
import { checkExports, type CheckOutcome } from "../../checker/check";
import type { PolicyPackConfigFile } from "../../engine/types";
import { PACK_DIR } from "../harness/pack";

const EXAMPLES = path.join(PACK_DIR, "examples", "stacks");

const CONFIG: PolicyPackConfigFile = {
    "lambda-invoke-via-resource-policy": { exemptions: [{ stacks: ["dev", "svc-1"], reason: "stacks named in the pool test" }] },
};

function summary(o: CheckOutcome) {
    return {
        stacks: o.stacks.map((s) => ({ file: s.file, stack: s.stack.stack, findings: s.findings })),
        problems: o.problems,
        pack: o.pack && { name: o.pack.name, levels: o.pack.levels },
    };
}

describe("checker process model: pool vs one process per stack", function () {
    this.timeout(600000);
    let files: string[] = [];
    let dir = "";

    before(() => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-pool-"));
        const generated = [0, 1, 2].map((i) => {
            const file = path.join(dir, `svc-${i}.json`);
            fs.writeFileSync(file, JSON.stringify(toExport(generateStack(10, "update", `svc-${i}`).resources)));
            return file;
        });
        const examples = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith(".json")).sort().map((f) => path.join(EXAMPLES, f));
        // Interleave so that a process serves stacks of different names, projects and findings.
        files = [examples[0], generated[0], examples[1], generated[1], examples[2], generated[2], ...examples.slice(3)];
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("gives identical findings, and the stack name reaches every stack a pooled process serves", async () => {
        const perStack = summary(await checkExports(files, { packDir: PACK_DIR, config: CONFIG, concurrency: 1, processModel: "per-stack" }));
        const oneProcess = summary(await checkExports(files, { packDir: PACK_DIR, config: CONFIG, concurrency: 1, processModel: "pool" }));
        const twoProcesses = summary(await checkExports(files, { packDir: PACK_DIR, config: CONFIG, concurrency: 2 }));

        assert.strictEqual(perStack.stacks.length, files.length);
        assert.deepStrictEqual(perStack.problems, []);
        assert.deepStrictEqual(oneProcess, perStack);
        assert.deepStrictEqual(twoProcesses, perStack);

        // The stack-name exemption applied exactly to the stacks it names, in every model.
        // An exempted finding names the entry; elsewhere the entry is reported as matching nothing, which is not an exemption.
        const exempted = (s: (typeof perStack.stacks)[number]) => s.findings.some((f) => /Exemption: exempted by exemptions\[\d+\] [^\n]*stacks named in the pool test/.test(f.message));
        const named = perStack.stacks.filter((s) => ["dev", "svc-1"].includes(s.stack));
        const others = perStack.stacks.filter((s) => !["dev", "svc-1"].includes(s.stack));
        assert.ok(named.length >= 2 && others.length >= 2);
        assert.ok(named.filter((s) => s.findings.length > 0).every(exempted), "every finding-bearing named stack shows the exemption");
        assert.ok(named.some(exempted));
        assert.ok(!others.some(exempted), "no other stack is exempted by name");
        assert.ok(perStack.stacks.reduce((n, s) => n + s.findings.length, 0) > 0);
    });
});

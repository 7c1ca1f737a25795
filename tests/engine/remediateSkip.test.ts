/**
 * engine/run.ts leaves out Remediate when no policy's configured level is `remediate`. Against the
 * real pack, that run gives exactly the diagnostics of the engine's full sequence (Remediate then
 * Analyze for every resource), every Remediate of that sequence returning the inputs unchanged;
 * with a policy at `remediate`, Remediate is sent again.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { generateStack } from "../../bench/generateStack";
import { readExport } from "../../checker/exportFile";
import { reconcileConfig } from "../../engine/config";
import { needsRemediate, runOnSession, type StackRun } from "../../engine/run";
import { PolicyPackSession } from "../../engine/session";
import type { Diagnostic } from "../../engine/types";
import { PACK_DIR } from "../harness/pack";

/** The engine's sequence, one resource at a time: Remediate, then Analyze on what it returned. */
async function fullSequence(session: PolicyPackSession, run: StackRun): Promise<{ diagnostics: Diagnostic[]; unchanged: boolean }> {
    await session.configureStack(run.stack);
    const info = await session.getAnalyzerInfo();
    await session.configure(reconcileConfig(info, run.config));
    const diagnostics: Diagnostic[] = [];
    let unchanged = true;
    for (const r of run.resources) {
        const inputs = await session.remediate(r);
        unchanged &&= JSON.stringify(inputs) === JSON.stringify(r.inputs);
        diagnostics.push(...(await session.analyze({ ...r, inputs })));
    }
    diagnostics.push(...(await session.analyzeStack(run.resources)));
    return { diagnostics, unchanged };
}

describe("engine run: Remediate only when a policy remediates", function () {
    this.timeout(300_000);
    const examples = fs.readdirSync(path.join(PACK_DIR, "examples", "stacks")).filter((f) => f.endsWith(".json")).sort();
    const runs: StackRun[] = [
        ...examples.map((f) => {
            const exp = readExport(path.join(PACK_DIR, "examples", "stacks", f));
            return { stack: exp.stack, resources: exp.resources };
        }),
        { stack: { organization: "acme", project: "shop", stack: "preview", dryRun: true }, resources: generateStack(6, "preview", "preview").resources },
    ];
    let session: PolicyPackSession;
    before(async () => {
        session = await PolicyPackSession.start(PACK_DIR, runs[0].stack);
    });
    after(async () => session?.close());

    it("the pack's defaults need no Remediate; `remediate` levels do", async () => {
        const info = await session.getAnalyzerInfo();
        assert.equal(needsRemediate(reconcileConfig(info)), false);
        assert.equal(needsRemediate(reconcileConfig(info, { all: "remediate" })), true);
        assert.equal(needsRemediate(reconcileConfig(info, { [info.policies[0].name]: "remediate" })), true);
    });

    it("gives the full sequence's diagnostics on every example stack and a preview", async () => {
        let total = 0;
        for (const run of runs) {
            const full = await fullSequence(session, run);
            assert.ok(full.unchanged, `${run.stack.stack}: Remediate returned other inputs`);
            const skipped = await runOnSession(session, run);
            const order = new Map(run.resources.map((r, i) => [r.urn, i]));
            const sorted = (ds: Diagnostic[]) => [...ds].sort((a, b) => (order.get(a.urn ?? "") ?? -1) - (order.get(b.urn ?? "") ?? -1) || (a.phase < b.phase ? -1 : a.phase > b.phase ? 1 : 0) || (a.message < b.message ? -1 : 1));
            assert.deepEqual(sorted(skipped.diagnostics), sorted(full.diagnostics), run.stack.stack);
            total += full.diagnostics.length;
        }
        assert.ok(total > 10, `the stacks have findings (${total})`);
    });

    it("sends Remediate for every resource when a policy is at `remediate`", async () => {
        let calls = 0;
        const remediate = session.remediate.bind(session);
        session.remediate = async (r) => {
            calls++;
            return remediate(r);
        };
        try {
            await runOnSession(session, { ...runs[0], config: { all: "remediate" } });
        } finally {
            session.remediate = remediate;
        }
        assert.equal(calls, runs[0].resources.length);
    });
});

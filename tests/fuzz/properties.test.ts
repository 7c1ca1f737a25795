/**
 * Property-based tests (fast-check, fixed seed) of issue 12 against the spawned pack over gRPC:
 * for random OpenAPI bodies, resources with properties of the wrong types, and policy pack
 * configs, at preview and update, every call ends within its bound with no RPC failure, every
 * policy runs, and what the pack says about a body or a config names the resource or policy.
 *
 * The bound (tests/fuzz/engineCalls.ts `boundMs`: 10 s + 10 ms per KB the call carries) is the
 * RPC deadline of these sessions: the cases here carry at most a few tens of KB, so a call past
 * its bound fails as an RPC. `npm run fuzz` runs 10,000 such cases and measures every call.
 */
import * as assert from "assert";
import * as fc from "fast-check";
import { PolicyPackSession } from "../../engine/session";
import type { StackContext } from "../../engine/types";
import { PACK_DIR } from "../harness/pack";
import type { Mode } from "../harness/stackBuilder";
import { FuzzCase, bodyCase, configCase, groupRuns, resourceCase, runResources } from "./arbitraries";
import { boundMs, failuresOf, timedRun } from "./engineCalls";

const SEED = 20260612;
/** The largest request these cases send is well under this. */
const MAX_BYTES = 256 * 1024;

const stacks: Record<Mode, StackContext> = {
    preview: { organization: "acme", project: "shop", stack: "dev", dryRun: true },
    update: { organization: "acme", project: "shop", stack: "dev", dryRun: false },
};

describe("properties of the pack under random input (fast-check)", function () {
    this.timeout(10 * 60_000);
    const sessions: Partial<Record<Mode, PolicyPackSession>> = {};

    before(async () => {
        for (const mode of ["preview", "update"] as Mode[]) {
            sessions[mode] = await PolicyPackSession.start(PACK_DIR, stacks[mode], { callTimeoutMs: boundMs(MAX_BYTES) });
        }
    });
    after(async () => {
        await Promise.all(Object.values(sessions).map((s) => s!.close()));
    });

    async function holds(c: FuzzCase): Promise<void> {
        const [run] = groupRuns([c], 1);
        const resources = runResources(run);
        assert.ok(resources.every((r) => JSON.stringify(r.inputs).length < MAX_BYTES));
        const result = await timedRun(sessions[c.mode]!, stacks[c.mode], resources, run.config);
        assert.deepStrictEqual(failuresOf(result, { measured: false }), [], c.label);
        for (const d of result.diagnostics) {
            // Whatever a body or a config makes the pack say names where it is.
            if (d.message.includes("Property: body")) {
                assert.match(d.message, /^"body-api-0" \(aws(-native)?:apigateway/, d.message);
            }
            if (d.urn === undefined && d.enforcementLevel === "mandatory") {
                assert.ok(d.message.startsWith(`${d.policyName}: `), d.message);
            }
        }
    }

    const classes: [string, fc.Arbitrary<FuzzCase>, number][] = [
        ["OpenAPI bodies (JSON, YAML with aliases, alias bombs, $ref chains and cycles, damaged text)", bodyCase, 40],
        ["resources whose checked properties hold values of any type", resourceCase, 30],
        ["policy pack configs (misspelt keys and names, match-everything globs, odd dates and values)", configCase, 30],
    ];
    for (const [what, arbitrary, numRuns] of classes) {
        it(`${what}: every call ends within its bound, no RPC failure, every policy runs`, async () => {
            await fc.assert(fc.asyncProperty(arbitrary, holds), { seed: SEED, numRuns });
        });
    }
});

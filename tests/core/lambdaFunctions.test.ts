/**
 * FunctionIndex (core/lambdaFunctions.ts): the lookup that replaced a scan of every permission
 * per invocation must find exactly what the scan found, in the same order, for every shape of
 * function identity (URNs, names, accounts, and neither).
 */
import * as assert from "assert";
import { FunctionIdentity, FunctionIndex, sameFunction } from "../../core/lambdaFunctions";

const NAMES = ["pets", "orders", undefined];
const ACCOUNTS = ["111111111111", "222222222222", undefined];

/** Every combination of 0-2 URNs, a name or none, an account or none. */
function identities(): FunctionIdentity[] {
    const urnSets: string[][] = [[], ["urn:a"], ["urn:b"], ["urn:a", "urn:c"], ["urn:c", "urn:c"]];
    const out: FunctionIdentity[] = [];
    for (const functionUrns of urnSets) {
        for (const name of NAMES) {
            for (const account of ACCOUNTS) {
                out.push({ functionUrns, name, account, qualifier: { kind: "unknown" }, stageVariable: false });
            }
        }
    }
    return out;
}

describe("core/lambdaFunctions FunctionIndex", () => {
    const items = identities().map((fn, i) => ({ id: i, fn }));
    const index = new FunctionIndex(items, (item) => item.fn);

    it("finds, for every identity, exactly the items a full scan with sameFunction finds, in order", () => {
        let compared = 0;
        for (const target of identities()) {
            const scan = items.filter((item) => sameFunction(item.fn, target) !== "no");
            assert.deepStrictEqual(index.candidates(target).map((i) => i.id), scan.map((i) => i.id), JSON.stringify(target));
            compared++;
        }
        assert.strictEqual(compared, 5 * NAMES.length * ACCOUNTS.length);
    });

    it("leaves out a permission on another function named by URN, and keeps one known only by name", () => {
        const target: FunctionIdentity = { functionUrns: ["urn:a"], name: "pets", qualifier: { kind: "unknown" }, stageVariable: false };
        const found = index.candidates(target).map((i) => i.fn);
        assert.ok(found.every((fn) => !(fn.functionUrns.length > 0 && !fn.functionUrns.includes("urn:a"))));
        assert.ok(found.some((fn) => fn.functionUrns.length === 0 && fn.name === "pets"));
        assert.ok(!found.some((fn) => fn.functionUrns.length === 0 && fn.name === "orders"));
    });
});

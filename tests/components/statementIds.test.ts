/**
 * Lambda statement ids (AWS.md, "Statement ids"): unique per function across APIs, components and
 * stacks, because AddPermission with an id the function's policy already holds fails at deploy;
 * and stable as routes are added, because a changed id replaces the permission.
 */
import * as assert from "assert";
import { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi } from "../../components";
import { PERMISSION, fnArn, ofType } from "./fixtures";
import { RecordedResource, recordProgram } from "./record";

const SHARED = fnArn("shared");
const ids = (resources: RecordedResource[]) => ofType(resources, PERMISSION).map((p) => String(p.inputs.statementId));
const VALID = /^[A-Za-z0-9_-]{1,100}$/;

describe("components: statement ids", () => {
    it("given LambdaHttpApi(\"shop\") and LambdaRestApi(\"shop\") with the same route on one function, then their permissions have distinct, valid ids", async () => {
        const run = await recordProgram(() => {
            new LambdaHttpApi("shop", { routes: [{ routeKey: "GET /pets", functionArn: SHARED }] });
            new LambdaRestApi("shop", { routes: [{ method: "GET", path: "/pets", functionArn: SHARED }] });
        });
        const all = ids(run.resources);
        assert.strictEqual(all.length, 2);
        assert.ok(all.every((id) => VALID.test(id)), all.join("\n"));
        assert.notStrictEqual(all[0], all[1]);
    });

    it("given two same-named LambdaApiPermissions under different parents, on one function, then the ids differ", async () => {
        const run = await recordProgram(() => {
            const exec = "arn:aws:execute-api:us-east-1:123456789012:a1b2c3d4e5";
            const routes = [{ route: "GET /pets", functionArn: SHARED }];
            const outer = new LambdaHttpApi("outer", { routes: [{ routeKey: "GET /x", functionArn: fnArn("other") }] });
            new LambdaApiPermissions("legacy", { executionArn: exec, apiType: "rest", routes });
            new LambdaApiPermissions("legacy", { executionArn: exec, apiType: "rest", routes }, { parent: outer });
        });
        const legacy = ofType(run.resources, PERMISSION).filter((p) => p.inputs.function === SHARED).map((p) => String(p.inputs.statementId));
        assert.strictEqual(legacy.length, 2);
        assert.notStrictEqual(legacy[0], legacy[1]);
    });

    it("given the same program in two stacks on one function, then the ids differ", async () => {
        const program = () => new LambdaHttpApi("shop", { routes: [{ routeKey: "GET /pets", functionArn: SHARED }] });
        const dev = await recordProgram(program, { stack: "dev" });
        const prod = await recordProgram(program, { stack: "prod" });
        assert.notStrictEqual(ids(dev.resources)[0], ids(prod.resources)[0]);
    });

    it("given a route is added (sorting before the others), then no existing permission's id changes", async () => {
        const routes = [
            { routeKey: "GET /pets", functionArn: SHARED },
            { routeKey: "POST /orders", functionArn: fnArn("orders") },
        ];
        const before = await recordProgram(() => new LambdaHttpApi("shop", { routes }));
        const after = await recordProgram(() => new LambdaHttpApi("shop", { routes: [{ routeKey: "GET /a", functionArn: SHARED }, ...routes] }));
        const kept = new Set(ids(after.resources));
        assert.strictEqual(ids(before.resources).length, 2);
        assert.deepStrictEqual(ids(before.resources).filter((id) => !kept.has(id)), []);
        assert.strictEqual(ids(after.resources).length, 3);
    });

    it("then the id reported in `permissions` is the one the permission was created with, and reads as API and route", async () => {
        const run = await recordProgram(() => new LambdaHttpApi("shop", { routes: [{ routeKey: "GET /pets", functionArn: SHARED }] }).permissions);
        assert.deepStrictEqual(run.result.map((p) => p.statementId), ids(run.resources));
        assert.match(run.result[0].statementId, /^shop-GET-pets-[0-9a-f]{8}$/);
    });
});

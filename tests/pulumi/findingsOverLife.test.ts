/**
 * Issue 21 under the real CLI and engine, with a TypeScript program (examples/programs/
 * ts-authorizer-routes: one role-based Lambda authorizer guarding ten REST routes) run through
 * the language-host stand-in's Run, and the aws stand-in provider:
 * - one finding per cause: the authorizer's role is one finding, on the authorizer, naming the
 *   ten routes, at the first preview and in `up`'s update;
 * - a config whose exemption matches nothing: silent at the first preview (the match depends on
 *   unknown values), one advisory on the stack naming the entry in `up`'s update and at a preview
 *   of the deployed stack.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT, RunResult, Workspace } from "./cli";
import { printedFindings } from "./programs";
import { TsPrograms } from "./tsprograms";

const AUTHORIZER = "lambda-invoke-via-resource-policy (aws:apigateway:Authorizer: token)";
const ROUTES = Array.from({ length: 10 }, (_, i) => `GET /r${i}`);

/** `pulumi up` prints its preview's and then its update's policy section: `phase` picks one. */
function section(res: RunResult, phase: "preview" | "update"): string {
    const at = res.stdout.indexOf("\nUpdating (");
    if (phase === "update") assert.ok(at >= 0, `no update section in\n${res.stdout}`);
    return at < 0 ? res.stdout : phase === "update" ? res.stdout.slice(at) : res.stdout.slice(0, at);
}

function findings(text: string): string[] {
    return printedFindings(text).map((f) => `${f.level} ${f.policy} (${f.resource})`).sort();
}

const STALE = /exemptions\[0\] \(urns urn:pulumi:\*::\*::\*::legacy-\*; reason "retired services"; owner "platform-team"; ticket "OPS-77"\) matched nothing in this stack/g;

describe("findings over a stack's life (real CLI: TypeScript program, preview and up)", function () {
    this.timeout(1_800_000);
    let ws: Workspace;
    let dir: string;
    let config: string;
    const pack = ["--policy-pack", ROOT];

    before(async () => {
        ws = new Workspace("findings-life");
        await ws.login();
        const ts = new TsPrograms(ws);
        ts.install();
        dir = await ts.setUp("ts-authorizer-routes");
        config = path.join(ws.dir, "stale-exemption.json");
        fs.writeFileSync(config, JSON.stringify({
            all: "advisory",
            "lambda-invoke-via-resource-policy": {
                exemptions: [{ urns: ["urn:pulumi:*::*::*::legacy-*"], reason: "retired services", owner: "platform-team", ticket: "OPS-77" }],
            },
        }));
    });
    after(() => ws?.remove());

    it("first preview: one mandatory finding for the authorizer's role, naming the ten routes; the unused exemption is not judged yet", async () => {
        const res = await ws.pulumi(["preview", ...pack], { cwd: dir });
        assert.notEqual(res.code, 0, res.stdout);
        assert.deepEqual(findings(res.stdout), [`mandatory ${AUTHORIZER}`], res.stdout);
        assert.match(res.stdout, new RegExp(`It guards ${ROUTES.slice(0, 9).join(", ")} and GET /r9\\.`));
        const withConfig = await ws.pulumi(["preview", ...pack, "--policy-pack-config", config], { cwd: dir });
        assert.equal(withConfig.code, 0, `${withConfig.stdout}\n${withConfig.stderr}`);
        assert.deepEqual(findings(withConfig.stdout), [`advisory ${AUTHORIZER}`], withConfig.stdout);
        assert.equal(withConfig.stdout.match(STALE), null, withConfig.stdout);
    });

    it("up with the config: the update reports the authorizer once and the exemption that matched nothing once; a preview of the deployed stack too", async () => {
        const up = await ws.pulumi(["up", "--yes", ...pack, "--policy-pack-config", config], { cwd: dir });
        assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
        const update = section(up, "update");
        assert.deepEqual(findings(update).filter((f) => f.includes("Authorizer: token")), [`advisory ${AUTHORIZER}`], update);
        assert.match(update, /It guards GET \/r0, GET \/r1/);
        assert.equal(update.match(STALE)?.length, 1, update);
        assert.equal(section(up, "preview").match(STALE), null, "not at up's own preview (first deployment: values unknown)");

        const again = await ws.pulumi(["preview", ...pack, "--policy-pack-config", config], { cwd: dir });
        assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
        assert.equal(again.stdout.match(STALE)?.length, 1, again.stdout);
        assert.deepEqual(findings(again.stdout).filter((f) => f.includes("Authorizer")), [`advisory ${AUTHORIZER}`], again.stdout);
    });
});

/**
 * Org-wide enforcement as Pulumi Cloud runs it, with the real CLI against the Cloud stand-in
 * (tests/pulumi/cloud/): an admin publishes the pack and enables it for the org's policy groups
 * with a config; from then on `pulumi preview` and `pulumi up` of the org's stacks download the
 * pack from the service, install it under PULUMI_HOME and run it with the group's config, with
 * no `--policy-pack` flag. The stacks are the TypeScript program examples/programs/ts-roles (and
 * ts-roles-fixed, its fix), run by the language-host stand-in's Run as the real nodejs host runs
 * it. Only the service, the aws provider and the host's spawning are stand-ins.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT, RunResult, Workspace } from "./cli";
import { printedFindings } from "./programs";
import { CloudStandin, DEFAULT_GROUP } from "./cloud";
import { TsPrograms } from "./tsprograms";

const ORG = "acme";
const PACK = "apigw-lambda-guard";
const INVOKE = "lambda-invoke-via-resource-policy";
const SCOPED = "lambda-permission-scoped";
const V1 = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;
/** Version 2: the next minor version. */
const V2 = V1.replace(/^(\d+)\.(\d+)\..*$/, (_m, major: string, minor: string) => `${major}.${Number(minor) + 1}.0`);
/** The Lambda permission's type token as the state records it. */
const PERMISSION = "aws:lambda/permission:Permission";
/** The program's project, and the function the default group's config exempts (by logical name). */
const PROJECT = "legacy-shop-ts";
const EXEMPTED_FUNCTION = "auth";
const REASON = "the authorizer moves to a resource policy with the auth rework";

/** The default group's config: an exemption and a fleet threshold. */
const DEFAULT_CONFIG = {
    [INVOKE]: { fleetThreshold: 50, exemptions: [{ functions: [EXEMPTED_FUNCTION], reason: REASON }] },
};
/** The prod group's stricter config: no exemption, no fleet exemption, unscoped permissions mandatory. */
const PROD_CONFIG = {
    [INVOKE]: { fleetThreshold: 0, exemptions: [] },
    [SCOPED]: "mandatory",
};

/** The findings on ts-roles: the authorizer calls the exempted function; two integrations use the role. */
const AUTHORIZER = `${INVOKE} (aws:apigateway:Authorizer: token)`;
const ROLES = [`${INVOKE} (aws:apigateway:Integration: getOrders)`, `${INVOKE} (aws:apigatewayv2:Integration: orders)`];
const UNSCOPED = `${SCOPED} (aws:lambda:Permission: anyApi)`;
const at = (level: string, list: string[]) => list.map((f) => `${level} ${f}`);

const findings = (res: RunResult) => printedFindings(res.stdout).map((f) => `${f.level} ${f.policy} (${f.resource})`).sort();
const sorted = (list: string[]) => [...list].sort();
const output = (res: RunResult) => `${res.command} exited ${res.code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr}`;

describe("Pulumi Cloud: publish, enable with config, required pack at preview and up (real CLI, Cloud stand-in)", function () {
    this.timeout(1_800_000);
    let ws: Workspace;
    let cloud: CloudStandin;
    let env: Record<string, string>;
    let ts: TsPrograms;
    let program: string;

    const pulumi = (args: string[], cwd?: string) => ws.pulumi(args, { cwd: cwd ?? ws.dir, env });
    const ok = (args: string[], cwd?: string) => ws.ok(args, { cwd: cwd ?? ws.dir, env });
    const writeConfig = (name: string, config: unknown) => {
        const file = path.join(ws.dir, `${name}.json`);
        fs.writeFileSync(file, JSON.stringify(config, null, 2));
        return file;
    };
    const installedPack = (version: string) => path.join(ws.home, "policies", ORG, `pulumi-analyzer-${PACK}-v${version}`);
    /** The required packs the service handed to the stack's last update. */
    const lastRequired = (stack: string) => {
        const updates = [...cloud.stacks.updates.values()].filter((u) => u.stack === `${ORG}/${PROJECT}/${stack}`);
        return updates[updates.length - 1]?.requiredPolicies;
    };

    before(async () => {
        ws = new Workspace("cloud");
        cloud = new CloudStandin("dev-user", [ORG]);
        const url = await cloud.start();
        env = { PULUMI_BACKEND_URL: url, PULUMI_ACCESS_TOKEN: cloud.accessToken };
        await ok(["login", url]);
        ts = new TsPrograms(ws);
        ts.install();
        program = await ts.setUp("ts-roles", { stacks: [] });
        for (const stack of ["dev", "staging", "prod"]) {
            await ok(["stack", "init", `${ORG}/${stack}`], program);
        }
    });
    after(async () => {
        await cloud?.stop();
        ws?.remove();
    });

    it("logs in to the stand-in, and the stacks are created in the org's default policy group", async () => {
        const res = await ok(["policy", "group", "ls", ORG]);
        assert.match(res.stdout, new RegExp(DEFAULT_GROUP), output(res));
        const group = await ok(["policy", "group", "get", DEFAULT_GROUP, "--org", ORG, "--output", "json"]);
        const stacks = JSON.parse(group.stdout).stacks.map((s: { routingProject: string; name: string }) => `${s.routingProject}/${s.name}`);
        assert.deepEqual(stacks, [`${PROJECT}/dev`, `${PROJECT}/staging`, `${PROJECT}/prod`]);
    });

    it("pulumi policy publish: the pack boots for its metadata, npm pack runs in the pack dir, the tarball is uploaded", async () => {
        const res = await ok(["policy", "publish", ORG], ROOT);
        assert.match(res.stdout + res.stderr, new RegExp(`Publishing "${PACK}" - version ${V1} to "${ORG}"`));
        const ls = await ok(["policy", "ls", ORG, "--json"]);
        const packs = JSON.parse(ls.stdout);
        assert.deepEqual(packs.map((p: { name: string; versions: string[] }) => [p.name, p.versions]), [[PACK, [V1]]], ls.stdout);
        // What the console shows for each policy: the metadata the CLI sent with the publish call.
        const policies = cloud.policies.publishedPolicies(ORG, PACK, V1);
        assert.ok(policies.length >= 3, `${policies.length} policies published`);
        for (const p of policies) {
            for (const field of ["displayName", "description", "remediationSteps", "url"]) {
                assert.ok(typeof p[field] === "string" && p[field].length > 0, `policy ${p.name} was published without ${field}`);
            }
            assert.match(p.url, /^https:\/\//, `policy ${p.name}: url`);
        }
        // What was uploaded is the stripped manifest and compiled JS (scripts/pack-manifest.js).
        const files = execFileSync("tar", ["-tzf", "-"], { input: cloud.policies.tarball(ORG, PACK, V1), encoding: "utf8" }).split("\n");
        for (const f of ["package/package.json", "package/PulumiPolicy.yaml", "package/README.md", "package/dist/policies/index.js"]) {
            assert.ok(files.includes(f), `the published tarball lacks ${f}`);
        }
        // The pack's runtime rides along (bundleDependencies, docs/packaging.md): what a bundled
        // package ships is its own business; the pack's own files are compiled JS only.
        assert.ok(files.includes("package/node_modules/@pulumi/policy/package.json"), "the tarball bundles @pulumi/policy");
        const own = files.filter((f) => !f.startsWith("package/node_modules/"));
        assert.ok(!own.some((f) => f.startsWith("package/tests/") || (f.endsWith(".ts") && !f.endsWith(".d.ts"))), "the tarball ships sources or tests");
    });

    it("publishing the same version again fails with the service's message", async () => {
        const res = await pulumi(["policy", "publish", ORG], ROOT);
        assert.notEqual(res.code, 0, output(res));
        assert.match(res.stderr, new RegExp(`Publish policy pack failed: \\[400\\] Bad Request: Policy Pack: ${PACK}, Version Tag: ${V1.replace(/\./g, "\\.")} already exists`), output(res));
    });

    it("a bad config is refused at enable, naming the policy and the property", async () => {
        const res = await pulumi(["policy", "enable", `${ORG}/${PACK}`, V1, "--config", writeConfig("bad", { [INVOKE]: { fleetThreshold: -1 } })]);
        assert.notEqual(res.code, 0, output(res));
        assert.match(res.stderr, /Enable policy pack failed: \[400\]/, output(res));
        assert.ok(res.stderr.includes(INVOKE) && res.stderr.includes("fleetThreshold"), output(res));
        const group = JSON.parse((await ok(["policy", "group", "get", DEFAULT_GROUP, "--org", ORG, "--output", "json"])).stdout);
        assert.deepEqual(group.appliedPolicyPacks, [], "nothing was enabled");
    });

    it("enable for the default group with a config file (an exemption and a fleet threshold)", async () => {
        const res = await ok(["policy", "enable", `${ORG}/${PACK}`, V1, "--config", writeConfig("default", DEFAULT_CONFIG), "--output", "json"]);
        const group = JSON.parse(res.stdout);
        assert.deepEqual(group.appliedPolicyPacks.map((p: { name: string; versionTag: string }) => `${p.name}@${p.versionTag}`), [`${PACK}@${V1}`]);
        assert.deepEqual(group.appliedPolicyPacks[0].config[INVOKE], DEFAULT_CONFIG[INVOKE]);
    });

    it("preview with NO --policy-pack: the CLI downloads the pack, installs it under PULUMI_HOME and runs it; mandatory finding, exit non-zero; the exempted function is advisory with its reason", async () => {
        assert.ok(!fs.existsSync(installedPack(V1)), "not installed before the first preview");
        const res = await pulumi(["preview", "--stack", `${ORG}/dev`], program);
        assert.notEqual(res.code, 0, output(res));
        assert.deepEqual(lastRequired("dev"), [`${PACK}@${V1}`]);
        assert.ok(fs.existsSync(path.join(installedPack(V1), "PulumiPolicy.yaml")), `the pack is unpacked in ${installedPack(V1)}`);
        assert.ok(fs.existsSync(path.join(installedPack(V1), "node_modules", "@pulumi", "policy", "package.json")), "its dependencies were installed");
        assert.ok(cloud.calls.some((c) => c.method === "GET" && c.route.startsWith("/storage/policypacks/")), "the tarball was downloaded from packLocation");
        assert.match(res.stdout, new RegExp(`${PACK}@v${V1}`), output(res));
        assert.deepEqual(findings(res), sorted([...at("advisory", [AUTHORIZER]), ...at("mandatory", [...ROLES, UNSCOPED])]), output(res));
        assert.ok(res.stdout.includes(REASON), `the advisory finding carries the exemption's reason\n${res.stdout}`);
    });

    it("pulumi up is stopped by the mandatory finding: nothing is created", async () => {
        const res = await pulumi(["up", "--yes", "--stack", `${ORG}/dev`], program);
        assert.notEqual(res.code, 0, output(res));
        assert.ok(findings(res).includes(`mandatory ${ROLES[0]}`), output(res));
        const state = JSON.parse((await ok(["stack", "export", "--stack", `${ORG}/dev`], program)).stdout);
        assert.equal((state.deployment.resources ?? []).length, 0, "no resource was created");
    });

    it("with the program fixed, pulumi up deploys (the pack runs in both phases) and the state is in the service", async () => {
        ts.edit(program, "ts-roles-fixed");
        try {
            const res = await ok(["up", "--yes", "--stack", `${ORG}/dev`], program);
            assert.match(res.stdout, new RegExp(`${PACK}@v${V1}`), output(res));
            assert.deepEqual(printedFindings(res.stdout).filter((f) => f.level === "mandatory"), [], output(res));
            const updates = [...cloud.stacks.updates.values()].filter((u) => u.stack === `${ORG}/${PROJECT}/dev` && u.kind === "update");
            const last = updates.slice(-2);
            assert.deepEqual(last.map((u) => [u.dryRun, u.status, u.requiredPolicies]), [
                [true, "succeeded", [`${PACK}@${V1}`]],
                [false, "succeeded", [`${PACK}@${V1}`]],
            ]);
            const state = JSON.parse((await ok(["stack", "export", "--stack", `${ORG}/dev`], program)).stdout);
            const types = state.deployment.resources.map((r: { type: string }) => r.type);
            assert.equal(types.filter((t: string) => t === PERMISSION).length, 3, types.join(", "));
            const restOrders = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::restOrders"));
            assert.match(restOrders.outputs.sourceArn, /^arn:aws:execute-api:us-east-1:123456789012:[0-9a-z]+\/\*\/GET\/orders$/);
        } finally {
            ts.edit(program, "ts-roles");
        }
    });

    it("publish version 2 (a changed default) and enable it: the next preview runs version 2", async () => {
        const dir = packV2(ws.dir, cloud.policies.tarball(ORG, PACK, V1));
        await ok(["policy", "publish", ORG], dir);
        await ok(["policy", "enable", `${ORG}/${PACK}`, "latest", "--config", writeConfig("default", DEFAULT_CONFIG)]);
        const res = await pulumi(["preview", "--stack", `${ORG}/staging`], program);
        assert.deepEqual(lastRequired("staging"), [`${PACK}@${V2}`]);
        assert.ok(fs.existsSync(path.join(installedPack(V2), "PulumiPolicy.yaml")), "version 2 is installed beside version 1");
        assert.match(res.stdout, new RegExp(`${PACK}@v${V2}`), output(res));
        assert.doesNotMatch(res.stdout, new RegExp(`${PACK}@v${V1.replace(/\./g, "\\.")}`));
        // Version 2's default for the unscoped permission is advisory; the group config does not set it.
        assert.deepEqual(findings(res), sorted([...at("advisory", [AUTHORIZER, UNSCOPED]), ...at("mandatory", ROLES)]), output(res));
    });

    it("disable the pack: the preview runs no pack", async () => {
        await ok(["policy", "disable", `${ORG}/${PACK}`]);
        const res = await pulumi(["preview", "--stack", `${ORG}/staging`], program);
        assert.equal(res.code, 0, output(res));
        assert.deepEqual(lastRequired("staging"), []);
        assert.deepEqual(printedFindings(res.stdout), []);
        assert.doesNotMatch(res.stdout, new RegExp(`${PACK}@v`), output(res));
    });

    it("a named policy group holding only the prod stack: its stricter config applies to prod, the default group's to the rest", async () => {
        await ok(["policy", "enable", `${ORG}/${PACK}`, V2, "--config", writeConfig("default", DEFAULT_CONFIG)]);
        await ok(["policy", "group", "new", "prod-guard", "--org", ORG, "--mode", "preventative", "--yes"]);
        await ok(["policy", "group", "edit", "prod-guard", "--org", ORG, "--add-stack", `${PROJECT}/prod`]);
        await ok(["policy", "group", "edit", DEFAULT_GROUP, "--org", ORG, "--remove-stack", `${PROJECT}/prod`]);
        await ok(["policy", "enable", `${ORG}/${PACK}`, V2, "--policy-group", "prod-guard", "--config", writeConfig("prod", PROD_CONFIG)]);

        const prod = await pulumi(["preview", "--stack", `${ORG}/prod`], program);
        assert.notEqual(prod.code, 0, output(prod));
        assert.deepEqual(findings(prod), sorted(at("mandatory", [AUTHORIZER, ...ROLES, UNSCOPED])), output(prod));

        const staging = await pulumi(["preview", "--stack", `${ORG}/staging`], program);
        assert.deepEqual(findings(staging), sorted([...at("advisory", [AUTHORIZER, UNSCOPED]), ...at("mandatory", ROLES)]), output(staging));
    });

    it("stack ls and stack tags read and write the service's stacks; validate-config checks against the published schema", async () => {
        const ls = JSON.parse((await ok(["stack", "ls", "--json"], program)).stdout);
        assert.deepEqual(ls.map((s: { name: string }) => s.name.split("/").pop()).sort(), ["dev", "prod", "staging"], JSON.stringify(ls));
        await ok(["stack", "tag", "set", "team", "platform", "--stack", `${ORG}/staging`], program);
        assert.equal(cloud.stacks.stacks.get(`${ORG}/${PROJECT}/staging`)?.tags.team, "platform");
        const tags = JSON.parse((await ok(["stack", "tag", "ls", "--json", "--stack", `${ORG}/staging`], program)).stdout);
        assert.equal(tags.team, "platform");

        const bad = await pulumi(["policy", "validate-config", `${ORG}/${PACK}`, V2, "--config", writeConfig("bad", { [INVOKE]: { fleetThreshold: "50" } })]);
        // The CLI checks this one itself (GET .../schema, then the engine's validator); its message
        // names neither the policy nor the property.
        assert.notEqual(bad.code, 0, output(bad));
        assert.match(bad.stderr, /policy pack configuration is invalid: Invalid type\. Expected: integer, given: string/, output(bad));
        await ok(["policy", "validate-config", `${ORG}/${PACK}`, V2, "--config", writeConfig("prod", PROD_CONFIG)]);
    });

    it("destroy runs with the required pack; a stack with resources is removed only when empty; it leaves its groups", async () => {
        const refused = await pulumi(["stack", "rm", "--yes", "--stack", `${ORG}/dev`], program);
        assert.notEqual(refused.code, 0, output(refused));
        assert.match(refused.stderr, /still has resources/, output(refused));

        await ok(["destroy", "--yes", "--stack", `${ORG}/dev`], program);
        const destroys = [...cloud.stacks.updates.values()].filter((u) => u.stack === `${ORG}/${PROJECT}/dev` && u.kind === "destroy");
        assert.deepEqual(destroys.map((u) => [u.dryRun, u.status, u.requiredPolicies]).pop(), [false, "succeeded", [`${PACK}@${V2}`]]);
        const state = JSON.parse((await ok(["stack", "export", "--stack", `${ORG}/dev`], program)).stdout);
        assert.deepEqual(state.deployment.resources ?? [], []);

        await ok(["stack", "rm", "--yes", "--stack", `${ORG}/dev`], program);
        assert.ok(!cloud.stacks.stacks.has(`${ORG}/${PROJECT}/dev`));
        const group = JSON.parse((await ok(["policy", "group", "get", DEFAULT_GROUP, "--org", ORG, "--output", "json"])).stdout);
        assert.deepEqual(group.stacks.map((s: { name: string }) => s.name), ["staging"]);
    });

    it("policy rm: an enabled version is refused; a disabled one is removed and can never be published again", async () => {
        const enabled = await pulumi(["policy", "rm", `${ORG}/${PACK}`, V2, "--yes"]);
        assert.notEqual(enabled.code, 0, output(enabled));
        assert.match(enabled.stderr, /Request to remove policy pack failed: \[400\]/, output(enabled));

        await ok(["policy", "rm", `${ORG}/${PACK}`, V1, "--yes"]);
        const packs = JSON.parse((await ok(["policy", "ls", ORG, "--json"])).stdout);
        assert.deepEqual(packs.map((p: { name: string; versions: string[] }) => [p.name, p.versions]), [[PACK, [V2]]]);
        const again = await pulumi(["policy", "publish", ORG], ROOT);
        assert.notEqual(again.code, 0, output(again));
        assert.match(again.stderr, /Version Tag: .* already exists/, output(again));
    });

    it("the CLI called only routes the stand-in serves", () => {
        assert.deepEqual(cloud.unserved, []);
        // The calls, for the record (the closing note lists them).
        console.error(`Cloud API calls made by the CLI:\n  ${cloud.routesCalled().join("\n  ")}`);
    });
});

/**
 * Version 2 of the pack, as its maintainers would release it: the published tarball of version 1,
 * unpacked, with a new version in package.json and one changed default (lambda-permission-scoped
 * is advisory unless configured), and its dependencies installed so `pulumi policy publish` can
 * boot it for its metadata.
 */
function packV2(workDir: string, v1Tarball: Buffer): string {
    const dir = path.join(workDir, "pack-v2");
    fs.mkdirSync(dir, { recursive: true });
    execFileSync("tar", ["-xzf", "-", "-C", dir, "--strip-components=1"], { input: v1Tarball });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    manifest.version = V2;
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(manifest, null, 2));
    const entry = path.join(dir, "dist", "policies", "index.js");
    const original = fs.readFileSync(entry, "utf8");
    assert.match(original, /policies:\s*policies_1\.policies/, "the compiled entry passes the policies list to PolicyPack");
    fs.writeFileSync(
        entry,
        original.replace(
            /policies:\s*policies_1\.policies/,
            `policies: policies_1.policies.map((p) => (p.name === "${SCOPED}" ? { ...p, enforcementLevel: "advisory" } : p))`,
        ),
    );
    execFileSync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    return dir;
}

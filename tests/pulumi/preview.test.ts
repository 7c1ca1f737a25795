/**
 * `pulumi preview --policy-pack <repo>` at a first preview (nothing deployed) of the bundled YAML
 * programs, with the real CLI, the real YAML language host, the component provider installed by
 * `pulumi package add` from a pristine clone, and the policy pack. Only the aws provider is a
 * stand-in (tests/pulumi/aws-standin).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { installAwsStandinPlugin } from "./awsPlugin";
import { ROOT, Workspace } from "./cli";
import { PROVIDER_SUBDIR, Program, printedFindings, pristineClone, setUpProgram } from "./programs";

describe("pulumi preview --policy-pack (real CLI, YAML programs)", function () {
    this.timeout(900_000);
    let ws: Workspace;
    let providerDir: string;
    let clean: Program;
    let roles: Program;
    let websocket: Program;

    before(async () => {
        ws = new Workspace("preview");
        await ws.login();
        await installAwsStandinPlugin(ws);
        providerDir = path.join(pristineClone(ws), PROVIDER_SUBDIR);
        clean = await setUpProgram(ws, "yaml-http-api", providerDir);
        roles = await setUpProgram(ws, "yaml-roles", providerDir);
        websocket = await setUpProgram(ws, "yaml-websocket-stages", providerDir);
    });
    after(() => ws?.remove());

    it("pulumi package add installs the provider from a pristine clone and records it", () => {
        assert.ok(clean.packageAdd, "yaml-http-api uses the components");
        const project = fs.readFileSync(path.join(clean.dir, "Pulumi.yaml"), "utf8");
        assert.match(project, /packages:\s*\n\s*apigw-lambda-guard:/);
        assert.ok(fs.existsSync(path.join(providerDir, "node_modules", "@pulumi", "pulumi")), "the provider's own dependencies are installed in its directory");
        assert.ok(!fs.existsSync(path.join(providerDir, "..", "node_modules")), "nothing is installed at the repository root");
    });

    it("a program built with the components previews clean: no finding, exit 0", async () => {
        const res = await ws.pulumi(["preview", "--policy-pack", ROOT], { cwd: clean.dir });
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
        assert.deepEqual(printedFindings(res.stdout), []);
        assert.match(res.stdout, /✅ apigw-lambda-guard@v/);
        // The component really ran (its Construct registered children): two routes, two permissions.
        assert.match(res.stdout, /apigw-lambda-guard:index:LambdaHttpApi\s+shop\s+create/);
        assert.equal((res.stdout.match(/^\s*\+\s+aws:lambda:Permission\s/gm) ?? []).length, 2, res.stdout);
        assert.equal((res.stdout.match(/^\s*\+\s+aws:apigatewayv2:Route\s/gm) ?? []).length, 2, res.stdout);
    });

    it("a program with a role-based integration and an unscoped permission fails with both findings", async () => {
        const res = await ws.pulumi(["preview", "--policy-pack", ROOT], { cwd: roles.dir });
        assert.notEqual(res.code, 0);
        const findings = printedFindings(res.stdout);
        assert.deepEqual(
            findings.map((f) => `${f.level} ${f.policy} (${f.resource})`).sort(),
            [
                "mandatory lambda-invoke-via-resource-policy (aws:apigatewayv2:Integration: integration)",
                "mandatory lambda-permission-scoped (aws:lambda:Permission: anyApi)",
            ],
            res.stdout,
        );
        assert.match(res.stdout, /STS AssumeRole per request: 1 now, 0 after the fix/);
        assert.match(res.stdout + res.stderr, /preview failed/);
    });

    it("a WebSocket API from the components is clean; a stage-variable function without a permission on its stage is reported", async () => {
        const res = await ws.pulumi(["preview", "--policy-pack", ROOT], { cwd: websocket.dir });
        assert.notEqual(res.code, 0);
        assert.match(res.stdout, /apigw-lambda-guard:index:LambdaWebSocketApi\s+chat\s+create/);
        assert.equal((res.stdout.match(/^\s*\+\s+aws:lambda:Permission\s/gm) ?? []).length, 2, "one permission per WebSocket route");
        const findings = printedFindings(res.stdout).map((f) => `${f.level} ${f.policy} (${f.resource})`);
        assert.deepEqual(findings, ["mandatory lambda-permission-for-route (aws:apigatewayv2:Integration: petsByStage)"], res.stdout);
        assert.match(res.stdout, /stage "prod"/);
        assert.match(res.stdout, /pets-prod/);
    });

    it("--policy-pack-config makes both advisory: the same findings, exit 0", async () => {
        const config = path.join(ws.dir, "advisory.json");
        fs.writeFileSync(config, JSON.stringify({ all: "advisory" }));
        const res = await ws.pulumi(["preview", "--policy-pack", ROOT, "--policy-pack-config", config], { cwd: roles.dir });
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
        assert.deepEqual(printedFindings(res.stdout).map((f) => `${f.level} ${f.policy}`).sort(), [
            "advisory lambda-invoke-via-resource-policy",
            "advisory lambda-permission-scoped",
        ]);
    });
});

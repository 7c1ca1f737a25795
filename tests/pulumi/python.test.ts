/**
 * A Python program using the components through the SDK that `pulumi package add` generates and
 * links, previewed with the pack, deployed and destroyed under the real CLI and engine. Real: the
 * program, the Python SDK (pulumi and pulumi_aws from PyPI), the generated SDK, the component
 * provider (from a pristine clone), the engine and the pack. Stand-ins: the python host's spawning
 * (tools/pulumi/langhost runs pulumi-language-python-exec from the SDK's Go module, as the real
 * host does) and the aws provider (tests/pulumi/aws-standin).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ROOT, STANDIN_AWS_DIR, Workspace } from "./cli";
import { PROGRAMS, PROVIDER_SUBDIR, printedFindings, pristineClone } from "./programs";
import { deployedTypes } from "./tsprograms";

/** The Python SDK the program installs (the one the SDK tests use; any 3.x works with the CLI). */
export const PYTHON_PULUMI = "3.259.0";

function sh(cmd: string, args: string[], cwd: string): string {
    const res = spawnSync(cmd, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: 900_000 });
    if (res.status !== 0) {
        throw new Error(`${cmd} ${args.join(" ")} failed (exit ${res.status})\n${res.stdout}\n${res.stderr}`);
    }
    return res.stdout;
}

describe("a Python stack using the components through `pulumi package add` (real CLI)", function () {
    this.timeout(1_800_000);
    let ws: Workspace;
    let dir: string;
    const pack = ["--policy-pack", ROOT];

    before(async () => {
        ws = new Workspace("python");
        await ws.login();
        const providerDir = path.join(pristineClone(ws), PROVIDER_SUBDIR);

        // The program as `pulumi new aws-python` lays one out: Pulumi.yaml, requirements.txt, a venv.
        dir = path.join(ws.dir, "shop-python");
        fs.mkdirSync(path.join(dir, "app"), { recursive: true });
        fs.copyFileSync(path.join(PROGRAMS, "python-http-api", "__main__.py"), path.join(dir, "__main__.py"));
        fs.writeFileSync(path.join(dir, "app", "index.js"), "exports.handler = async () => ({ statusCode: 200 });\n");
        const awsVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "aws", "package.json"), "utf8")).version;
        fs.writeFileSync(path.join(dir, "requirements.txt"), `pulumi==${PYTHON_PULUMI}\npulumi-aws==${awsVersion}\n`);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump({
            name: "shop-python",
            runtime: { name: "python", options: { toolchain: "pip", virtualenv: "venv" } },
            plugins: { providers: [{ name: "aws", path: STANDIN_AWS_DIR }] },
        }));
        sh("python3", ["-m", "venv", "venv"], dir);
        sh(path.join(dir, "venv", "bin", "python"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"], dir);

        await ws.ok(["package", "add", providerDir], { cwd: dir });
        await ws.ok(["stack", "init", "dev"], { cwd: dir });
    });
    after(() => ws?.remove());

    it("package add generates the SDK and links it into the program's requirements and venv", () => {
        const project = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as any;
        assert.ok(project.packages?.["apigw-lambda-guard"], "Pulumi.yaml records the package");
        assert.match(fs.readFileSync(path.join(dir, "requirements.txt"), "utf8"), /sdks[/\\]apigw-lambda-guard/);
        const probe = spawnSync(path.join(dir, "venv", "bin", "python"), ["-c", "import pulumi_apigw_lambda_guard as g; print(g.LambdaHttpApi.__name__)"], { cwd: dir, encoding: "utf8" });
        assert.equal(probe.stdout.trim(), "LambdaHttpApi", probe.stderr);
    });

    it("previews clean with the pack, deploys, re-previews with no changes, and destroys", async () => {
        const preview = await ws.pulumi(["preview", ...pack], { cwd: dir });
        assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
        assert.deepEqual(printedFindings(preview.stdout), []);
        assert.match(preview.stdout, /apigw-lambda-guard:index:LambdaHttpApi\s+shop\s+create/);
        assert.match(preview.stdout, /apigw-lambda-guard:index:LambdaWebSocketApi\s+chat\s+create/);

        const up = await ws.pulumi(["up", "--yes", ...pack], { cwd: dir });
        assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
        assert.deepEqual(printedFindings(up.stdout), []);
        const types = await deployedTypes(ws, dir, "dev");
        assert.equal(types.filter((t) => t === "aws:lambda/permission:Permission").length, 5, types.join(", "));

        const again = await ws.pulumi(["preview", "--expect-no-changes", ...pack], { cwd: dir });
        assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
        assert.deepEqual(printedFindings(again.stdout), []);

        const destroy = await ws.pulumi(["destroy", "--yes"], { cwd: dir });
        assert.equal(destroy.code, 0, `${destroy.stdout}\n${destroy.stderr}`);
        assert.deepEqual(await deployedTypes(ws, dir, "dev"), []);
    });
});

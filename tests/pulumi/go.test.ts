/**
 * A Go program using the components through the SDK that `pulumi package add` generates and
 * links, previewed with the pack, deployed, previewed again and destroyed under the real CLI and
 * engine. Real: the program (examples/programs/go-rest-api/main.go, the README's Go example),
 * Pulumi's Go SDK and pulumi-aws's Go SDK from the Go module proxy, the generated SDK (Pulumi's Go
 * code generator), the component provider (from a pristine clone), the engine and the pack.
 * Stand-ins: the go host's spawning (tools/pulumi/langhost: Link adds the `replace`,
 * InstallDependencies runs `go mod tidy`, Run builds the program with `go build` and runs it with
 * the PULUMI_* environment, as pulumi-language-go does) and the aws provider
 * (tests/pulumi/aws-standin, named in Pulumi.yaml `plugins.providers`).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { installAwsStandinPlugin } from "./awsPlugin";
import { ROOT, RunResult, STANDIN_AWS_DIR, Workspace } from "./cli";
import { goEnv, writeProgramGoMod } from "./goModules";
import { PROGRAMS, PROVIDER_SUBDIR, printedFindings, pristineClone } from "./programs";
import { deployedTypes } from "./tsprograms";

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { LANGUAGE_OPTIONS } = require("../../provider/scripts/language");

/** The first `go build` of a program compiles Pulumi's and pulumi-aws's Go SDKs: minutes, once per machine. */
const BUILD_TIMEOUT_MS = 1_500_000;

describe("a Go stack using the components through `pulumi package add` (real CLI)", function () {
    this.timeout(3_600_000);
    let ws: Workspace;
    let dir: string;
    let packageAdd: RunResult;
    const pack = ["--policy-pack", ROOT];
    const env = goEnv();
    const importBasePath: string = LANGUAGE_OPTIONS.go.importBasePath;

    before(async () => {
        ws = new Workspace("go");
        await ws.login();
        await installAwsStandinPlugin(ws);
        const providerDir = path.join(pristineClone(ws), PROVIDER_SUBDIR);

        // The program as `pulumi new aws-go` lays one out: Pulumi.yaml, go.mod, main.go.
        dir = path.join(ws.dir, "shop-go");
        fs.mkdirSync(dir, { recursive: true });
        fs.copyFileSync(path.join(PROGRAMS, "go-rest-api", "main.go"), path.join(dir, "main.go"));
        writeProgramGoMod(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump({
            name: "shop-go",
            runtime: "go",
            plugins: { providers: [{ name: "aws", path: STANDIN_AWS_DIR }] },
        }));

        packageAdd = await ws.ok(["package", "add", providerDir], { cwd: dir, env });
        await ws.ok(["stack", "init", "dev"], { cwd: dir, env });
    });
    after(() => ws?.remove());

    it("package add generates the Go SDK, links it into go.mod with a replace, and prints the import path the program uses", () => {
        const project = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as any;
        assert.ok(project.packages?.["apigw-lambda-guard"], "Pulumi.yaml records the package");
        const sdkModule = path.posix.dirname(importBasePath);
        const sdkDir = path.join(dir, "sdks", "apigw-lambda-guard");
        assert.match(fs.readFileSync(path.join(sdkDir, "go.mod"), "utf8"), new RegExp(`^module ${sdkModule.replace(/\./g, "\\.")}$`, "m"));
        assert.ok(fs.existsSync(path.join(sdkDir, path.posix.basename(importBasePath), "lambdaRestApi.go")));
        const gomod = fs.readFileSync(path.join(dir, "go.mod"), "utf8");
        assert.ok(gomod.includes(`replace ${sdkModule} => ./sdks/apigw-lambda-guard`), gomod);
        assert.ok(packageAdd.stdout.includes(`"${importBasePath}"`), packageAdd.stdout);
        assert.ok(fs.readFileSync(path.join(dir, "main.go"), "utf8").includes(`"${importBasePath}"`));
    });

    it("previews clean with the pack, deploys, re-previews with no changes, and destroys", async () => {
        const preview = await ws.pulumi(["preview", ...pack], { cwd: dir, env, timeoutMs: BUILD_TIMEOUT_MS });
        assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
        assert.deepEqual(printedFindings(preview.stdout), []);
        assert.match(preview.stdout, /✅ apigw-lambda-guard@v/, "the pack ran");
        assert.match(preview.stdout, /apigw-lambda-guard:index:LambdaRestApi\s+shop\s+create/);
        assert.match(preview.stdout, /apigw-lambda-guard:index:LambdaWebSocketApi\s+chat\s+create/);

        const up = await ws.pulumi(["up", "--yes", ...pack], { cwd: dir, env, timeoutMs: BUILD_TIMEOUT_MS });
        assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
        assert.deepEqual(printedFindings(up.stdout), []);
        assert.match(up.stdout, /url\s*: "https:\/\/[a-z0-9]{10}\.execute-api\.us-east-1\.amazonaws\.com\/prod"/);
        const types = await deployedTypes(ws, dir, "dev");
        // One permission for the REST route; the WebSocket API's $connect function and its
        // authorizer, and sendMessage's function ARN: one each.
        assert.equal(types.filter((t) => t === "aws:lambda/permission:Permission").length, 4, types.join(", "));

        const again = await ws.pulumi(["preview", "--expect-no-changes", ...pack], { cwd: dir, env, timeoutMs: BUILD_TIMEOUT_MS });
        assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
        assert.deepEqual(printedFindings(again.stdout), []);

        const destroy = await ws.pulumi(["destroy", "--yes"], { cwd: dir, env, timeoutMs: BUILD_TIMEOUT_MS });
        assert.equal(destroy.code, 0, `${destroy.stdout}\n${destroy.stderr}`);
        assert.deepEqual(await deployedTypes(ws, dir, "dev"), []);
    });
});

/**
 * SDKs for other languages, generated the way users generate them: `pulumi package get-schema`
 * and `pulumi package gen-sdk` (the real CLI) on the component provider from a pristine clone.
 * The CLI hands each language to its language host's GeneratePackage; here that is the project's
 * stand-in (tools/pulumi/langhost), which calls Pulumi's own code generators (pkg/v3/codegen), as
 * the real hosts do. Then each SDK is checked the way its users would use it.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT, Workspace } from "./cli";
import { installAwsStandinPlugin } from "./awsPlugin";
import { goEnv, writeGoModules } from "./goModules";
import { PROGRAMS, PROVIDER_SUBDIR, pristineClone } from "./programs";

const CACHE = path.join(ROOT, ".cache");
const PYTHON_PULUMI = "3.259.0";

function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeout?: number } = {}) {
    const res = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: opts.timeout ?? 900_000, ...opts });
    return { code: res.status, out: `${res.stdout ?? ""}${res.stderr ?? ""}`, stdout: res.stdout ?? "", stderr: res.stderr ?? "", error: res.error };
}

/** The README's fenced block in `lang` that follows `heading`. */
function readmeBlock(heading: string, lang: string): string {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const at = text.indexOf(`\n${heading}\n`);
    assert.ok(at >= 0, `README has no "${heading}" section`);
    const m = new RegExp("```" + lang + "\\n([\\s\\S]*?)```").exec(text.slice(at));
    assert.ok(m, `README's "${heading}" section has no ${lang} block`);
    return m[1];
}

describe("generated SDKs (real CLI: package get-schema, package gen-sdk)", function () {
    this.timeout(1_800_000);
    let ws: Workspace;
    let schemaFile: string;
    let schema: any;
    const sdks = () => path.join(ws.dir, "sdks");

    before(async () => {
        ws = new Workspace("sdk");
        await installAwsStandinPlugin(ws);
        const providerDir = path.join(pristineClone(ws), PROVIDER_SUBDIR);
        const res = await ws.ok(["package", "get-schema", providerDir]);
        schemaFile = path.join(ws.dir, "schema.json");
        fs.writeFileSync(schemaFile, res.stdout);
        schema = JSON.parse(res.stdout);
        for (const language of ["nodejs", "python", "go"]) {
            await ws.ok(["package", "gen-sdk", schemaFile, "--language", language, "--out", sdks()]);
        }
    });
    after(() => ws?.remove());

    it("the schema names the components and references the aws package's Function", () => {
        assert.equal(schema.name, "apigw-lambda-guard");
        for (const c of ["LambdaRestApi", "LambdaHttpApi", "LambdaApiPermissions", "LambdaWebSocketApi"]) {
            assert.ok(schema.resources[`apigw-lambda-guard:index:${c}`]?.isComponent, `${c} is a component in the schema`);
        }
        assert.match(JSON.stringify(schema.types["apigw-lambda-guard:index:HttpRoute"]), /\/aws\/v[0-9.]+\/schema\.json#\/resources\/aws:lambda%2Ffunction:Function/);
    });

    it("the TypeScript SDK type-checks against @pulumi/pulumi and @pulumi/aws", () => {
        const dir = path.join(sdks(), "nodejs");
        fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
        const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
        const res = run(process.execPath, [tsc, "-p", path.join(dir, "tsconfig.json"), "--noEmit"], { cwd: dir });
        assert.equal(res.code, 0, res.out);
        const index = fs.readFileSync(path.join(dir, "index.ts"), "utf8");
        assert.match(index, /LambdaHttpApi/);
    });

    it("the Python SDK installs in a venv with pulumi from PyPI and runs the README's example under mocks", () => {
        // Cached per machine under .cache (git-ignored); made on first use.
        const venv = path.join(CACHE, `e2e-venv-pulumi-${PYTHON_PULUMI}-v2`);
        const py = path.join(venv, "bin", "python");
        if (!fs.existsSync(py)) {
            const made = run("python3", ["-m", "venv", venv]);
            assert.equal(made.code, 0, made.out);
            const awsVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "aws", "package.json"), "utf8")).version;
            const pip = run(py, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", `pulumi==${PYTHON_PULUMI}`, `pulumi_aws==${awsVersion}`, "parver>=0.2.1", "semver>=2.8.1"]);
            assert.equal(pip.code, 0, pip.out);
        }
        const target = path.join(ws.dir, "site");
        const install = run(py, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", "--target", target, path.join(sdks(), "python")]);
        assert.equal(install.code, 0, install.out);

        const program = path.join(PROGRAMS, "python-http-api", "__main__.py");
        const runner = path.join(ws.dir, "run_with_mocks.py");
        fs.writeFileSync(
            runner,
            [
                "import json, os, runpy, sys",
                "import pulumi",
                "registered = []",
                "class Mocks(pulumi.runtime.Mocks):",
                "    def new_resource(self, args):",
                "        registered.append({'type': args.typ, 'name': args.name, 'inputs': args.inputs})",
                "        return [args.name + '-id', dict(args.inputs, arn='arn:aws:lambda:us-east-1:123456789012:function:' + args.name)]",
                "    def call(self, args):",
                "        return {}",
                "pulumi.runtime.set_mocks(Mocks(), preview=False)",
                "@pulumi.runtime.test",
                "def program():",
                "    ns = runpy.run_path(sys.argv[1])",
                "    return ns['api'].urn",
                "program()",
                "print(json.dumps(registered, default=str))",
            ].join("\n"),
        );
        const res = run(py, [runner, program], { cwd: ws.dir, env: { ...process.env, PYTHONPATH: target } });
        assert.equal(res.code, 0, res.out);
        // The program's report is the last line of stdout (the SDK may log to stderr).
        const registered: { type: string; name: string; inputs: any }[] = JSON.parse(res.stdout.trim().split("\n").pop()!);
        const api = registered.find((r) => r.type === "apigw-lambda-guard:index:LambdaHttpApi");
        assert.ok(api, `the component was registered: ${res.out}`);
        assert.deepEqual(api!.inputs.routes.map((r: any) => r.routeKey), ["GET /pets/{petId}", "$default"]);
        assert.equal(api!.inputs.routes[1].functionArn, "arn:aws:lambda:us-east-1:123456789012:function:fallback:live");

        // The README's Python example is this program's component part.
        const block = readmeBlock("#### Python", "python");
        for (const line of block.split("\n").filter((l) => /guard\.|route_key|function_arn|invoke_url/.test(l))) {
            assert.ok(fs.readFileSync(program, "utf8").includes(line.trim()), `README line not in ${program}: ${line}`);
        }
    });

    it("the Go SDK compiles, and the README's Go program builds and passes go vet against it", () => {
        // The schema's language.go options (provider/scripts/language.js) are what make the Go
        // generator emit the Args types of the plain route and authorizer arrays.
        const importBasePath: string = schema.language?.go?.importBasePath;
        assert.ok(importBasePath, "the schema sets language.go.importBasePath");
        assert.equal(schema.language.go.generateExtraInputTypes, true);
        const sdkGoDir = path.join(sdks(), "go");
        const sdkDir = path.join(sdkGoDir, path.posix.basename(importBasePath));
        const generated = fs.readFileSync(path.join(sdkDir, "lambdaRestApi.go"), "utf8");
        assert.ok(generated.includes(`"${importBasePath}/internal"`), `the SDK imports its helpers from ${importBasePath}`);
        const types = fs.readFileSync(path.join(sdkDir, "pulumiTypes.go"), "utf8");
        for (const t of ["RestRouteArgs", "RestAuthorizerArgs", "HttpRouteArgs", "WebSocketRouteArgs", "WebSocketAuthorizerArgs"]) {
            assert.match(types, new RegExp(`^type ${t} struct`, "m"), `the SDK declares ${t}`);
        }

        const dir = path.join(ws.dir, "go-program");
        fs.mkdirSync(dir);
        const program = path.join(PROGRAMS, "go-rest-api", "main.go");
        fs.copyFileSync(program, path.join(dir, "main.go"));
        assert.ok(fs.readFileSync(program, "utf8").includes(`"${importBasePath}"`), `${program} imports the SDK as ${importBasePath}`);
        writeGoModules(dir, sdkGoDir, importBasePath);
        const env = { ...process.env, ...goEnv() };
        const tidy = run("go", ["mod", "tidy"], { cwd: dir, env });
        assert.equal(tidy.code, 0, tidy.out);
        // Every package of the SDK, with the program's module versions (the SDK's go.mod requires nothing).
        const sdkBuild = run("go", ["build", `${importBasePath}/...`], { cwd: dir, env });
        assert.equal(sdkBuild.code, 0, `the generated SDK compiles:\n${sdkBuild.out}`);
        const build = run("go", ["build", "-o", path.join(dir, "shop"), "."], { cwd: dir, env });
        assert.equal(build.code, 0, `the README's Go program compiles:\n${build.out}`);
        assert.ok(fs.statSync(path.join(dir, "shop")).size > 0);
        const vet = run("go", ["vet", "./..."], { cwd: dir, env });
        assert.equal(vet.code, 0, `go vet:\n${vet.out}`);
    });
});

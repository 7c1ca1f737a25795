/**
 * TypeScript stacks previewed, deployed, previewed again and destroyed with the pack, under the
 * real CLI and engine: the program, @pulumi/pulumi, @pulumi/aws, ts-node and the pack are real;
 * the nodejs host's spawning is the project's stand-in (tools/pulumi/langhost, which starts the
 * SDK's run script as the real host does) and the aws provider is a stand-in
 * (tests/pulumi/aws-standin). The programs are examples/programs/ts-*, unmodified but for the
 * aws plugin path.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { ROOT, RunResult, Workspace } from "./cli";
import { printedFindings } from "./programs";
import { TsPrograms, deployedTypes } from "./tsprograms";

/**
 * The findings the CLI printed. `pulumi up` prints its preview's and then its update's "Policies:"
 * section: `phase` picks one (the whole output for a plain preview).
 */
function findingsOf(res: RunResult, phase: "preview" | "update" = "preview"): string[] {
    const at = res.stdout.indexOf("\nUpdating (");
    const text = at < 0 ? res.stdout : phase === "update" ? res.stdout.slice(at) : res.stdout.slice(0, at);
    if (phase === "update") assert.ok(at >= 0, `no update section in\n${res.stdout}`);
    return printedFindings(text).map((f) => `${f.level} ${f.policy} (${f.resource})`).sort();
}

const ROLE_FINDINGS = [
    "lambda-invoke-via-resource-policy (aws:apigateway:Authorizer: token)",
    "lambda-invoke-via-resource-policy (aws:apigateway:Integration: getOrders)",
    "lambda-invoke-via-resource-policy (aws:apigatewayv2:Integration: orders)",
];
const UNSCOPED = "lambda-permission-scoped (aws:lambda:Permission: anyApi)";
const at = (level: string, findings: string[]) => findings.map((f) => `${level} ${f}`);

/** `Resources:` summary lines of an update or preview: `+ 18 to create`, `18 unchanged`, ... */
function summary(stdout: string): string {
    const m = /Resources:\n([\s\S]*?)\n\n/.exec(stdout + "\n\n");
    return m ? m[1] : "";
}

describe("TypeScript stacks with the pack (real CLI: preview, up, re-preview, destroy)", function () {
    this.timeout(1_800_000);
    let ws: Workspace;
    let ts: TsPrograms;
    const pack = ["--policy-pack", ROOT];
    let advisory: string;

    before(async () => {
        ws = new Workspace("typescript");
        await ws.login();
        ts = new TsPrograms(ws);
        ts.install({ library: true });
        advisory = path.join(ws.dir, "advisory.json");
        fs.writeFileSync(advisory, JSON.stringify({ all: "advisory" }));
    });
    after(() => ws?.remove());

    describe("plain @pulumi/aws with roles and an unscoped permission (examples/programs/ts-roles)", () => {
        let dir: string;
        before(async () => {
            dir = await ts.setUp("ts-roles");
        });

        it("first preview: every role and the unscoped permission are mandatory findings; exit non-zero", async () => {
            const res = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.notEqual(res.code, 0, res.stdout);
            assert.deepEqual(findingsOf(res), at("mandatory", [...ROLE_FINDINGS, UNSCOPED]).sort(), res.stdout);
            // Nothing is known yet: the role is named by its resource.
            assert.match(res.stdout, /with IAM role "invoker" \(ARN known after create\)/);
            assert.match(res.stdout, /preview failed/);
        });

        it("pulumi up with the pack advisory deploys everything and reports the same findings", async () => {
            const res = await ws.pulumi(["up", "--yes", ...pack, "--policy-pack-config", advisory], { cwd: dir });
            assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
            assert.deepEqual(findingsOf(res), at("advisory", [...ROLE_FINDINGS, UNSCOPED]).sort(), res.stdout);
            assert.deepEqual(findingsOf(res, "update"), at("advisory", [...ROLE_FINDINGS, UNSCOPED]).sort(), res.stdout);
            const types = await deployedTypes(ws, dir, "dev");
            for (const t of ["aws:lambda/function:Function", "aws:apigateway/integration:Integration", "aws:apigatewayv2/integration:Integration", "aws:lambda/permission:Permission"]) {
                assert.ok(types.includes(t), `${t} deployed: ${types.join(", ")}`);
            }
        });

        it("preview of the deployed stack: the same findings on known ARNs", async () => {
            const res = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.notEqual(res.code, 0, res.stdout);
            assert.deepEqual(findingsOf(res), at("mandatory", [...ROLE_FINDINGS, UNSCOPED]).sort(), res.stdout);
            assert.match(res.stdout, /with IAM role "arn:aws:iam::123456789012:role\/invoker-[0-9a-f]{7}"/);
            // The fix names the deployed API's own execution ARN.
            assert.match(res.stdout, /sourceArn "arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/\*\/GET\/orders"/);
        });

        it("the fixed program (no roles, scoped permissions) previews clean, deploys, and destroys", async () => {
            ts.edit(dir, "ts-roles-fixed");
            const preview = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
            assert.deepEqual(findingsOf(preview), []);
            assert.match(preview.stdout, /✅ apigw-lambda-guard@v/);

            const up = await ws.pulumi(["up", "--yes", ...pack], { cwd: dir });
            assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
            assert.deepEqual(findingsOf(up, "update"), []);
            const types = await deployedTypes(ws, dir, "dev");
            assert.ok(!types.includes("aws:iam/rolePolicy:RolePolicy"), "the invocation role's policy is gone");
            assert.equal(types.filter((t) => t === "aws:lambda/permission:Permission").length, 3, types.join(", "));

            const again = await ws.pulumi(["preview", "--expect-no-changes", ...pack], { cwd: dir });
            assert.equal(again.code, 0, `a re-preview of the fixed stack shows no changes\n${again.stdout}\n${again.stderr}`);
            assert.deepEqual(findingsOf(again), []);

            // `pulumi destroy` runs no policy packs (it has no --policy-pack flag).
            const destroy = await ws.pulumi(["destroy", "--yes"], { cwd: dir });
            assert.equal(destroy.code, 0, `${destroy.stdout}\n${destroy.stderr}`);
            assert.deepEqual(await deployedTypes(ws, dir, "dev"), []);
        });
    });

    describe("the components from the npm library (examples/typescript-program)", () => {
        let dir: string;
        before(async () => {
            dir = await ts.setUp(path.join(ROOT, "examples", "typescript-program"), { as: "components" });
        });

        it("previews clean, deploys clean, and a re-preview shows no changes", async () => {
            const preview = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
            assert.deepEqual(findingsOf(preview), []);
            assert.match(preview.stdout, /apigw-lambda-guard:index:LambdaHttpApi\s+shop\s+create/);
            assert.match(preview.stdout, /apigw-lambda-guard:index:LambdaRestApi\s+shop\s+create/);

            const up = await ws.pulumi(["up", "--yes", ...pack], { cwd: dir });
            assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
            assert.deepEqual(findingsOf(up, "update"), []);
            const permissions = (await deployedTypes(ws, dir, "dev")).filter((t) => t === "aws:lambda/permission:Permission");
            assert.equal(permissions.length, 2, "one permission per API route");

            const again = await ws.pulumi(["preview", "--expect-no-changes", ...pack], { cwd: dir });
            assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
            assert.deepEqual(findingsOf(again), []);
            assert.match(summary(again.stdout), /\d+ unchanged/);

            const destroy = await ws.pulumi(["destroy", "--yes"], { cwd: dir });
            assert.equal(destroy.code, 0, `${destroy.stdout}\n${destroy.stderr}`);
        });
    });

    describe("a `stacks` exemption, fed by the real engine's ConfigureStack", () => {
        let dir: string;
        let config: string;
        before(async () => {
            dir = await ts.setUp("ts-roles", { as: "stacks", stacks: ["dev-1", "prod"] });
            config = path.join(ws.dir, "dev-exemption.json");
            fs.writeFileSync(config, JSON.stringify({
                "lambda-invoke-via-resource-policy": { exemptions: [{ stacks: ["dev-*"], reason: "dev sandboxes keep the legacy roles" }] },
            }));
        });

        it("applies on stack dev-1: the role findings are advisory, with the reason", async () => {
            const res = await ws.pulumi(["preview", "--stack", "dev-1", ...pack, "--policy-pack-config", config], { cwd: dir });
            assert.deepEqual(findingsOf(res), [...at("advisory", ROLE_FINDINGS), `mandatory ${UNSCOPED}`].sort(), res.stdout);
            assert.match(res.stdout, /dev sandboxes keep the legacy roles/);
        });

        it("does not apply on stack prod", async () => {
            const res = await ws.pulumi(["preview", "--stack", "prod", ...pack, "--policy-pack-config", config], { cwd: dir });
            assert.notEqual(res.code, 0);
            assert.deepEqual(findingsOf(res), at("mandatory", [...ROLE_FINDINGS, UNSCOPED]).sort(), res.stdout);
            assert.doesNotMatch(res.stdout, /dev sandboxes keep the legacy roles/);
        });
    });

    describe("programs in the shapes Pulumi's and AWS's documentation use", () => {
        it("an HTTP API quick create with an `${executionArn}/*/*` permission: clean at first preview; once deployed, advice to narrow it to $default", async () => {
            const dir = await ts.setUp("ts-http-quickcreate");
            const preview = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
            // At a first preview the API id is unknown: whether */* is wider than the routes cannot be told.
            assert.deepEqual(findingsOf(preview), []);
            const narrower = ["advisory lambda-permission-scoped (aws:lambda:Permission: hello-invoke)"];
            const up = await ws.pulumi(["up", "--yes", ...pack], { cwd: dir });
            assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
            assert.deepEqual(findingsOf(up, "update"), narrower, up.stdout);
            const again = await ws.pulumi(["preview", "--expect-no-changes", ...pack], { cwd: dir });
            assert.equal(again.code, 0, `advisory only, and nothing to change\n${again.stdout}\n${again.stderr}`);
            assert.deepEqual(findingsOf(again), narrower, again.stdout);
            assert.match(again.stdout, /Fix: Set sourceArn to "arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}\/\*\/\$default"/);
        });

        it("a REST API whose {proxy+} Lambda integration assumes a role with AWSLambdaRole: one mandatory finding, before and after deploy", async () => {
            const dir = await ts.setUp("ts-rest-proxy-role");
            const expected = ["mandatory lambda-invoke-via-resource-policy (aws:apigateway:Integration: proxy-lambda)"];
            const preview = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.notEqual(preview.code, 0);
            assert.deepEqual(findingsOf(preview), expected, preview.stdout);
            assert.match(preview.stdout, /Route: ANY \/\{proxy\+\}/);
            assert.match(preview.stdout, /sourceArn "\$\{proxy-api\.executionArn\}\/\*\/\*\/\*"/);
            // The program calls getCallerIdentity and getRegion at start: served by the aws stand-in.
            const up = await ws.pulumi(["up", "--yes", ...pack, "--policy-pack-config", advisory], { cwd: dir });
            assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
            const again = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.deepEqual(findingsOf(again), expected, again.stdout);
            assert.match(again.stdout, /IAM role "arn:aws:iam::123456789012:role\/apigw-invoke-[0-9a-f]{7}"/);
        });

        it("SQS and EventBridge integrations through a role next to a scoped Lambda route: clean before and after deploy", async () => {
            const dir = await ts.setUp("ts-eventbridge-sqs");
            const preview = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.equal(preview.code, 0, `${preview.stdout}\n${preview.stderr}`);
            assert.deepEqual(findingsOf(preview), []);
            // iam.getPolicyDocument runs at update, once the queue and bus ARNs are known.
            const up = await ws.pulumi(["up", "--yes", ...pack], { cwd: dir });
            assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
            assert.deepEqual(findingsOf(up, "update"), []);
            const again = await ws.pulumi(["preview", "--expect-no-changes", ...pack], { cwd: dir });
            assert.equal(again.code, 0, `${again.stdout}\n${again.stderr}`);
            assert.deepEqual(findingsOf(again), []);
        });
    });

    describe("the language host's handling of a failing program", () => {
        function program(name: string, body: string): string {
            const src = path.join(ws.dir, "sources", name);
            fs.mkdirSync(src, { recursive: true });
            fs.writeFileSync(path.join(src, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
            fs.copyFileSync(path.join(ROOT, "examples", "programs", "ts-roles", "tsconfig.json"), path.join(src, "tsconfig.json"));
            fs.writeFileSync(path.join(src, "package.json"), JSON.stringify({ name, main: "index.ts" }));
            fs.writeFileSync(path.join(src, "index.ts"), body);
            return src;
        }

        it("a program that throws: the SDK's message, the error, and a failed preview", async () => {
            const dir = await ts.setUp(program("throws", 'import * as aws from "@pulumi/aws";\nnew aws.sqs.Queue("q");\nthrow new Error("no region configured for the shop");\n'));
            const res = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.notEqual(res.code, 0);
            assert.match(res.stdout, /Running program '[^']*index\.ts' failed with an unhandled exception:/);
            assert.match(res.stdout, /Error: no region configured for the shop/);
            // Exit code 32 (already reported) is a bail: no second, generic error.
            assert.doesNotMatch(res.stdout + res.stderr, /Program exited with non-zero exit code/);
        });

        it("a TypeScript type error: the compiler's message", async () => {
            const dir = await ts.setUp(program("typeerr", 'import * as aws from "@pulumi/aws";\nconst n: number = "three";\nnew aws.sqs.Queue("q", { delaySeconds: n });\n'));
            const res = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.notEqual(res.code, 0);
            assert.match(res.stdout, /TSError: ⨯ Unable to compile TypeScript:/);
            assert.match(res.stdout, /index\.ts\(2,7\): error TS2322: Type 'string' is not assignable to type 'number'\./);
        });

        it("a program that calls process.exit(3): the host's own message with the code", async () => {
            const dir = await ts.setUp(program("exits", "process.exit(3);\n"));
            const res = await ws.pulumi(["preview", ...pack], { cwd: dir });
            assert.notEqual(res.code, 0);
            assert.match(res.stdout + res.stderr, /Program exited with non-zero exit code: 3/);
        });
    });
});

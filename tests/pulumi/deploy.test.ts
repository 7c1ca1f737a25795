/**
 * A YAML program deployed, previewed again, changed and destroyed with the real CLI, the real YAML
 * language host and the aws stand-in (tests/pulumi/aws-standin) as its aws provider: the engine
 * keeps the state, so the second preview sees the ARNs and ids of the first `up`.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ROOT, RunResult, STANDIN_AWS_DIR, Workspace } from "./cli";
import { printedFindings } from "./programs";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** An HTTP API route to a Lambda function, with a role from getPolicyDocument and a scoped permission. */
function program(): Record<string, unknown> {
    return {
        name: "standin-deploy",
        runtime: "yaml",
        plugins: { providers: [{ name: "aws", path: STANDIN_AWS_DIR }] },
        config: { fnName: { type: "string", default: "orders" } },
        variables: {
            account: { "fn::invoke": { function: "aws:getCallerIdentity", return: "accountId" } },
            assume: {
                "fn::invoke": {
                    function: "aws:iam:getPolicyDocument",
                    arguments: { statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }] }] },
                    return: "json",
                },
            },
        },
        resources: {
            exec: { type: "aws:iam:Role", properties: { assumeRolePolicy: "${assume}" } },
            orders: {
                type: "aws:lambda:Function",
                properties: { name: "${fnName}", role: "${exec.arn}", runtime: "nodejs20.x", handler: "index.handler" },
            },
            api: { type: "aws:apigatewayv2:Api", properties: { protocolType: "HTTP" } },
            integration: {
                type: "aws:apigatewayv2:Integration",
                properties: { apiId: "${api.id}", integrationType: "AWS_PROXY", integrationUri: "${orders.invokeArn}", payloadFormatVersion: "2.0" },
            },
            route: {
                type: "aws:apigatewayv2:Route",
                properties: { apiId: "${api.id}", routeKey: "GET /orders", target: "integrations/${integration.id}" },
            },
            invokeFromApi: {
                type: "aws:lambda:Permission",
                properties: {
                    action: "lambda:InvokeFunction", function: "${orders.name}", principal: "apigateway.amazonaws.com",
                    sourceArn: "${api.executionArn}/*/GET/orders",
                },
            },
        },
        outputs: {
            account: "${account}",
            apiId: "${api.id}",
            executionArn: "${api.executionArn}",
            functionArn: "${orders.arn}",
            invokeArn: "${orders.invokeArn}",
            roleName: "${exec.name}",
        },
    };
}

/** The resources of the stack's state, by name (`pulumi stack export`). */
async function stateResources(ws: Workspace, dir: string): Promise<Map<string, any>> {
    const exported = JSON.parse((await ws.ok(["stack", "export"], { cwd: dir })).stdout);
    const out = new Map<string, any>();
    for (const r of exported.deployment?.resources ?? []) {
        if (typeof r.urn === "string" && r.type.startsWith("aws:")) out.set(r.urn.slice(r.urn.lastIndexOf("::") + 2), r);
    }
    return out;
}

describe("pulumi up / preview / destroy of a YAML program on the aws stand-in (real CLI)", function () {
    this.timeout(900_000);
    let ws: Workspace;
    let dir: string;
    const times: string[] = [];
    const timed = (res: RunResult) => (times.push(`${res.command}: ${(res.ms / 1000).toFixed(1)} s`), res);

    before(async () => {
        ws = new Workspace("deploy");
        await ws.login();
        dir = path.join(ws.dir, "program");
        fs.mkdirSync(dir);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(program()));
        await ws.ok(["stack", "init", "dev"], { cwd: dir });
    });
    after(() => {
        console.log(`      times: ${times.join("; ")}`);
        ws?.remove();
    });

    it("pulumi up deploys: ARNs and ids in AWS's formats", async () => {
        const up = timed(await ws.pulumi(["up", "--yes"], { cwd: dir }));
        assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
        assert.match(up.stdout, /Resources:\s*\n\s*\+ 7 created/);
        const out = JSON.parse((await ws.ok(["stack", "output", "--json"], { cwd: dir })).stdout);
        assert.equal(out.account, "123456789012");
        assert.match(out.apiId, /^[a-z0-9]{10}$/);
        assert.equal(out.executionArn, `arn:aws:execute-api:us-east-1:123456789012:${out.apiId}`);
        assert.equal(out.functionArn, "arn:aws:lambda:us-east-1:123456789012:function:orders");
        assert.equal(out.invokeArn, `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${out.functionArn}/invocations`);
        assert.match(out.roleName, /^exec-[0-9a-f]{7}$/);
        const state = await stateResources(ws, dir);
        assert.equal(state.get("invokeFromApi").outputs.sourceArn, `${out.executionArn}/*/GET/orders`);
        assert.match(state.get("invokeFromApi").id, /^invokeFromApi-[0-9a-f]{7}$/, "a permission's id is its autonamed statementId");
    });

    it("a second preview sees no changes, the known values, and the pack finds nothing", async () => {
        const res = timed(await ws.pulumi(["preview", "--expect-no-changes", "--show-sames", "--json"], { cwd: dir }));
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
        const preview = JSON.parse(res.stdout);
        assert.deepEqual(preview.changeSummary, { same: 6 + 1 }, "six aws resources and the stack");
        const steps: any[] = preview.steps ?? [];
        const api = steps.find((s) => s.urn.endsWith("::api"));
        assert.ok(api, "the preview lists the api");
        // A `same` step: the program and the pack get the deployed outputs.
        assert.equal(api.op, "same");
        assert.match(api.oldState.outputs.executionArn, /^arn:aws:execute-api:us-east-1:123456789012:[a-z0-9]{10}$/);
        assert.ok(!JSON.stringify(preview).includes(UNKNOWN), "no value is unknown on the deployed stack");
        // The pack on the deployed stack: it runs, and the scoped permission gives no finding.
        const packed = timed(await ws.pulumi(["preview", "--expect-no-changes", "--policy-pack", ROOT], { cwd: dir }));
        assert.equal(packed.code, 0, `${packed.stdout}\n${packed.stderr}`);
        assert.match(packed.stdout, /✅ apigw-lambda-guard@v/);
        assert.deepEqual(printedFindings(packed.stdout), []);
    });

    it("pulumi refresh finds the state unchanged (Read returns it)", async () => {
        const res = timed(await ws.pulumi(["refresh", "--yes", "--expect-no-changes"], { cwd: dir }));
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
    });

    it("changing the function's name replaces it (and the permission naming it), deleting first", async () => {
        await ws.ok(["config", "set", "fnName", "orders-v2"], { cwd: dir });
        const res = timed(await ws.pulumi(["preview", "--diff"], { cwd: dir }));
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
        assert.match(res.stdout, /\+-\s*aws:lambda\/function:Function: \(replace\)[\s\S]*?\[urn=[^\]]*::orders\]/);
        assert.match(res.stdout, /~ name\s*: "orders" => "orders-v2"/);
        const up = timed(await ws.pulumi(["up", "--yes"], { cwd: dir }));
        assert.equal(up.code, 0, `${up.stdout}\n${up.stderr}`);
        assert.match(up.stdout, /orders\s+deleted original/);
        const out = JSON.parse((await ws.ok(["stack", "output", "--json"], { cwd: dir })).stdout);
        assert.equal(out.functionArn, "arn:aws:lambda:us-east-1:123456789012:function:orders-v2");
    });

    it("pulumi destroy --refresh removes everything", async () => {
        const res = timed(await ws.pulumi(["destroy", "--yes", "--refresh"], { cwd: dir }));
        assert.equal(res.code, 0, `${res.stdout}\n${res.stderr}`);
        assert.match(res.stdout, /- 7 deleted/);
        assert.equal((await stateResources(ws, dir)).size, 0);
    });
});

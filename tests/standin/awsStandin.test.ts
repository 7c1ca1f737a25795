/**
 * The aws stand-in (tests/pulumi/aws-standin), spawned and driven over gRPC as the engine drives
 * it: Check, Diff, Create at preview and for real, Read, Update, Delete and Invoke.
 */
import { strict as assert } from "assert";
import { Props, StandinClient, UNKNOWN, urnOf } from "./standinClient";

const FN = "aws:lambda/function:Function";
const ROLE_ARN = "arn:aws:iam::123456789012:role/fn-role";

describe("aws stand-in (ResourceProvider over gRPC)", function () {
    let p: StandinClient;
    before(async () => (p = await StandinClient.start()));
    after(() => p?.stop());

    /** What `pulumi up` does for a new resource: Check, then Create for real. */
    async function deploy(type: string, name: string, news: Props): Promise<{ urn: string; id: string; inputs: Props; outputs: Props }> {
        const urn = urnOf(type, name);
        const { inputs, failures } = await p.check(urn, news);
        assert.deepEqual(failures, []);
        const { id, outputs } = await p.create(urn, inputs, false);
        return { urn, id, inputs, outputs };
    }

    it("reports the installed @pulumi/aws version", async () => {
        assert.equal(await p.pluginVersion(), require("@pulumi/aws/package.json").version);
    });

    describe("Check", () => {
        it("autonames a Lambda function `<name>-<7 hex>` and records it in __defaults", async () => {
            const { inputs } = await p.check(urnOf(FN, "handler"), { role: ROLE_ARN });
            assert.match(inputs.name, /^handler-[0-9a-f]{7}$/);
            assert.deepEqual(inputs.__defaults, ["name"]);
        });

        it("keeps an explicit name, with nothing in __defaults", async () => {
            const { inputs } = await p.check(urnOf(FN, "handler"), { role: ROLE_ARN, name: "orders" });
            assert.equal(inputs.name, "orders");
            assert.deepEqual(inputs.__defaults, []);
        });

        it("keeps the autoname from the old inputs on update, whatever the new seed", async () => {
            const urn = urnOf(FN, "handler");
            const first = await p.check(urn, { role: ROLE_ARN }, {}, "seed-a");
            const fresh = await p.check(urn, { role: ROLE_ARN }, {}, "seed-b");
            assert.notEqual(fresh.inputs.name, first.inputs.name, "a new seed draws a new name");
            const again = await p.check(urn, { role: ROLE_ARN, runtime: "nodejs20.x" }, first.inputs, "seed-b");
            assert.equal(again.inputs.name, first.inputs.name);
        });

        it("autonames types outside schema.js that have a name (SQS queue, FIFO suffix), and not those without", async () => {
            const { inputs: fifo } = await p.check(urnOf("aws:sqs/queue:Queue", "jobs"), { fifoQueue: true });
            assert.match(fifo.name, /^jobs-[0-9a-f]{7}\.fifo$/);
            const { inputs: permission } = await p.check(urnOf("aws:lambda/permission:Permission", "invoke"), { action: "lambda:InvokeFunction", function: "f", principal: "apigateway.amazonaws.com" });
            assert.match(permission.statementId, /^invoke-[0-9a-f]{7}$/);
            const { inputs: attachment } = await p.check(urnOf("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "logs"), { role: "r", policyArn: "arn:aws:iam::aws:policy/x" });
            assert.equal(attachment.name, undefined);
            const { inputs: bucket } = await p.check(urnOf("aws:s3/bucket:Bucket", "Assets"), {});
            assert.match(bucket.bucket, /^assets-[0-9a-f]{7}$/, "bucket names are lower-cased");
        });

        it("fails, naming the property, when the resource name is too long for the autoname", async () => {
            const { failures } = await p.check(urnOf("aws:iam/role:Role", "r".repeat(60)), { assumeRolePolicy: "{}" });
            assert.equal(failures.length, 1);
            assert.equal(failures[0].property, "name");
            assert.match(failures[0].reason, /maximum length 64/);
        });
    });

    describe("Create", () => {
        it("at preview: the inputs, id empty, computed outputs unknown", async () => {
            const urn = urnOf(FN, "handler");
            const { inputs } = await p.check(urn, { role: ROLE_ARN });
            const { id, outputs } = await p.create(urn, inputs, true);
            assert.equal(id, "");
            assert.equal(outputs.role, ROLE_ARN);
            assert.equal(outputs.name, inputs.name);
            for (const key of ["arn", "invokeArn", "qualifiedArn"]) assert.equal(outputs[key], UNKNOWN, key);
            assert.equal(outputs.__defaults, undefined, "__defaults is an input, never an output");
        });

        it("for real: a Lambda function's ARNs in AWS's format, id = its name", async () => {
            const { id, inputs, outputs } = await deploy(FN, "handler", { role: ROLE_ARN });
            assert.equal(id, inputs.name);
            assert.equal(outputs.arn, `arn:aws:lambda:us-east-1:123456789012:function:${inputs.name}`);
            assert.equal(outputs.invokeArn, `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${outputs.arn}/invocations`);
            assert.equal(outputs.qualifiedArn, `${outputs.arn}:$LATEST`);
        });

        it("for real: API ids of 10 lower-case letters and digits, execution ARNs, root resource, stage URL", async () => {
            const rest = await deploy("aws:apigateway/restApi:RestApi", "shop", {});
            assert.match(rest.id, /^[a-z0-9]{10}$/);
            assert.equal(rest.outputs.executionArn, `arn:aws:execute-api:us-east-1:123456789012:${rest.id}`);
            assert.match(rest.outputs.rootResourceId, /^[a-z0-9]{10}$/);
            const http = await deploy("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
            assert.match(http.id, /^[a-z0-9]{10}$/);
            assert.notEqual(http.id, rest.id);
            assert.equal(http.outputs.apiEndpoint, `https://${http.id}.execute-api.us-east-1.amazonaws.com`);
            const integration = await deploy("aws:apigatewayv2/integration:Integration", "int", { apiId: http.id, integrationType: "AWS_PROXY" });
            assert.match(integration.id, /^[a-z0-9]{7}$/);
            const stage = await deploy("aws:apigateway/stage:Stage", "prod", { restApi: rest.id, deployment: "abc123", stageName: "prod" });
            assert.equal(stage.id, `ags-${rest.id}-prod`);
            assert.equal(stage.outputs.invokeUrl, `https://${rest.id}.execute-api.us-east-1.amazonaws.com/prod`);
            assert.equal(stage.outputs.executionArn, `arn:aws:execute-api:us-east-1:123456789012:${rest.id}/prod`);
        });

        it("for real: the same URN and inputs give the same id and ARNs (the engine holds the state)", async () => {
            const a = await deploy("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
            const b = await deploy("aws:apigatewayv2/api:Api", "http", { protocolType: "HTTP" });
            assert.equal(a.id, b.id);
            assert.deepEqual(a.outputs, b.outputs);
        });

        it("any other aws type: inputs back, outputs @pulumi/aws declares unknown at preview, service ARNs for real", async () => {
            const urn = urnOf("aws:sqs/queue:Queue", "jobs");
            const { inputs } = await p.check(urn, { visibilityTimeoutSeconds: 30 });
            const preview = await p.create(urn, inputs, true);
            assert.equal(preview.outputs.visibilityTimeoutSeconds, 30);
            assert.equal(preview.outputs.arn, UNKNOWN);
            assert.equal(preview.outputs.url, UNKNOWN);
            const real = await p.create(urn, inputs, false);
            assert.equal(real.outputs.arn, `arn:aws:sqs:us-east-1:123456789012:${inputs.name}`);
            assert.equal(real.outputs.url, `https://sqs.us-east-1.amazonaws.com/123456789012/${inputs.name}`);
            assert.equal(real.id, real.outputs.url);
            const topic = await deploy("aws:sns/topic:Topic", "events", {});
            assert.equal(topic.outputs.arn, `arn:aws:sns:us-east-1:123456789012:${topic.inputs.name}`);
            const table = await deploy("aws:dynamodb/table:Table", "orders", { hashKey: "id" });
            assert.equal(table.outputs.arn, `arn:aws:dynamodb:us-east-1:123456789012:table/${table.inputs.name}`);
            const kinesis = await deploy("aws:kinesis/stream:Stream", "clicks", { shardCount: 1 });
            assert.equal(kinesis.outputs.arn, `arn:aws:kinesis:us-east-1:123456789012:stream/${kinesis.inputs.name}`);
        });

        it("a type @pulumi/aws does not have: its inputs back and a generic ARN", async () => {
            const made = await deploy("aws:madeup/widget:Widget", "w", { size: 3 });
            assert.equal(made.outputs.size, 3);
            assert.match(made.outputs.arn, /^arn:aws:madeup:us-east-1:123456789012:widget\/[a-z0-9]+$/);
            assert.ok(made.id.length > 0);
        });
    });

    describe("Diff", () => {
        /** Deploys `before`, then diffs the checked `after` against it (`after` may hold unknowns, as at preview). */
        async function diffOf(type: string, name: string, before: Props, after: Props) {
            const urn = urnOf(type, name);
            const old = await p.check(urn, before);
            const { id, outputs } = await p.create(urn, old.inputs, false);
            const checked = await p.check(urn, after, old.inputs);
            return p.diff(urn, id, outputs, old.inputs, checked.inputs);
        }

        it("no change: DIFF_NONE", async () => {
            const d = await diffOf(FN, "same", { role: ROLE_ARN }, { role: ROLE_ARN });
            assert.equal(d.changes, "none");
            assert.deepEqual(d.diffs, []);
        });

        it("a Lambda function's name replaces it; an explicit name deletes first", async () => {
            const d = await diffOf(FN, "fn", { role: ROLE_ARN, name: "orders" }, { role: ROLE_ARN, name: "orders-v2" });
            assert.equal(d.changes, "some");
            assert.deepEqual(d.replaces, ["name"]);
            assert.equal(d.detailed.name, "UPDATE_REPLACE");
            assert.equal(d.deleteBeforeReplace, true);
        });

        it("a changed role updates a function in place; autonamed, nothing deletes first", async () => {
            const d = await diffOf(FN, "fn", { role: ROLE_ARN }, { role: "arn:aws:iam::123456789012:role/other" });
            assert.deepEqual(d.diffs, ["role"]);
            assert.deepEqual(d.replaces, []);
            assert.equal(d.detailed.role, "UPDATE");
            assert.ok(d.stables.includes("name"), "the unchanged ForceNew name is stable");
        });

        it("an API's protocolType replaces it", async () => {
            const d = await diffOf("aws:apigatewayv2/api:Api", "api", { protocolType: "HTTP" }, { protocolType: "WEBSOCKET" });
            assert.deepEqual(d.replaces, ["protocolType"]);
            assert.equal(d.deleteBeforeReplace, false, "an autonamed API need not be deleted first");
        });

        it("every property of a permission replaces it; a new property is ADD_REPLACE", async () => {
            const base = { action: "lambda:InvokeFunction", function: "f", principal: "apigateway.amazonaws.com" };
            const d = await diffOf("aws:lambda/permission:Permission", "perm", base, { ...base, sourceArn: "arn:aws:execute-api:us-east-1:123456789012:abc/*/GET/pets" });
            assert.deepEqual(d.replaces, ["sourceArn"]);
            assert.equal(d.detailed.sourceArn, "ADD_REPLACE");
        });

        it("a REST integration is always deleted before it is replaced", async () => {
            const base = { restApi: "a", resourceId: "r", httpMethod: "GET", type: "AWS_PROXY" };
            const d = await diffOf("aws:apigateway/integration:Integration", "int", base, { ...base, httpMethod: "POST" });
            assert.deepEqual(d.replaces, ["httpMethod"]);
            assert.equal(d.deleteBeforeReplace, true);
            const update = await diffOf("aws:apigateway/integration:Integration", "int", base, { ...base, uri: "arn:x" });
            assert.deepEqual(update.replaces, []);
            assert.equal(update.detailed.uri, "ADD");
        });

        it("an unknown value at preview is a change, and a replacement for a ForceNew property", async () => {
            const d = await diffOf("aws:apigatewayv2/route:Route", "route", { apiId: "abc", routeKey: "GET /" }, { apiId: UNKNOWN, routeKey: "GET /" });
            assert.deepEqual(d.replaces, ["apiId"]);
        });

        it("a type outside the table: its autonamed name replaces, other properties update", async () => {
            const d = await diffOf("aws:sqs/queue:Queue", "q", { name: "a" }, { name: "b", delaySeconds: 5 });
            assert.deepEqual(d.replaces, ["name"]);
            assert.deepEqual(d.diffs, ["delaySeconds", "name"]);
        });
    });

    describe("Read, Update, Delete", () => {
        it("Read returns the state it was given (refresh sees no drift)", async () => {
            const { urn, id, inputs, outputs } = await deploy(FN, "handler", { role: ROLE_ARN });
            const read = await p.read(urn, id, outputs, inputs);
            assert.equal(read.id, id);
            assert.deepEqual(read.outputs, outputs);
            assert.deepEqual(read.inputs, inputs);
        });

        it("Update keeps the computed outputs known, at preview and for real, and drops removed inputs", async () => {
            const { urn, id, inputs, outputs } = await deploy(FN, "handler", { role: ROLE_ARN, timeout: 3 });
            const { inputs: news } = await p.check(urn, { role: ROLE_ARN, runtime: "nodejs20.x" }, inputs);
            for (const preview of [true, false]) {
                const updated = await p.update(urn, id, outputs, inputs, news, preview);
                assert.equal(updated.arn, outputs.arn);
                assert.equal(updated.invokeArn, outputs.invokeArn);
                assert.equal(updated.runtime, "nodejs20.x");
                assert.equal(updated.timeout, undefined);
                assert.equal(updated.__defaults, undefined);
            }
        });

        it("Delete succeeds", async () => {
            const { urn, id, outputs } = await deploy(FN, "handler", { role: ROLE_ARN });
            await p.delete(urn, id, outputs);
        });
    });

    describe("Invoke", () => {
        it("getCallerIdentity, getRegion, getPartition, getAvailabilityZones answer fixed, well-formed values", async () => {
            const me = await p.invoke("aws:index/getCallerIdentity:getCallerIdentity", {});
            assert.equal(me.accountId, "123456789012");
            assert.match(me.arn, /^arn:aws:iam::123456789012:/);
            assert.equal((await p.invoke("aws:index/getRegion:getRegion", {})).region, "us-east-1");
            assert.equal((await p.invoke("aws:index/getPartition:getPartition", {})).dnsSuffix, "amazonaws.com");
            const zones = await p.invoke("aws:index/getAvailabilityZones:getAvailabilityZones", { state: "available" });
            assert.equal(zones.names[0], "us-east-1a");
        });

        it("ssm getParameter answers a fixed String value for any name", async () => {
            const param = await p.invoke("aws:ssm/getParameter:getParameter", { name: "/app/db-host" });
            assert.equal(param.value, "standin-value-of-/app/db-host");
            assert.equal(param.arn, "arn:aws:ssm:us-east-1:123456789012:parameter/app/db-host");
        });

        it("getPolicyDocument renders the JSON policy document", async () => {
            const doc = await p.invoke("aws:iam/getPolicyDocument:getPolicyDocument", {
                statements: [
                    {
                        sid: "AssumeByLambda", effect: "Allow", actions: ["sts:AssumeRole"],
                        principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
                    },
                    {
                        actions: ["sqs:SendMessage", "sqs:GetQueueUrl"], resources: ["arn:aws:sqs:us-east-1:123456789012:jobs"],
                        conditions: [{ test: "ArnLike", variable: "aws:SourceArn", values: ["arn:aws:execute-api:us-east-1:123456789012:abc/*"] }],
                    },
                ],
            });
            assert.deepEqual(JSON.parse(doc.json), {
                Version: "2012-10-17",
                Statement: [
                    { Sid: "AssumeByLambda", Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lambda.amazonaws.com" } },
                    {
                        Effect: "Allow", Action: ["sqs:SendMessage", "sqs:GetQueueUrl"], Resource: "arn:aws:sqs:us-east-1:123456789012:jobs",
                        Condition: { ArnLike: { "aws:SourceArn": "arn:aws:execute-api:us-east-1:123456789012:abc/*" } },
                    },
                ],
            });
            assert.equal(doc.minifiedJson, JSON.stringify(JSON.parse(doc.json)));
        });

        it("an invoke it does not serve fails with UNIMPLEMENTED, naming the token", async () => {
            await assert.rejects(p.invoke("aws:ec2/getAmi:getAmi", {}), (err: any) => {
                assert.equal(err.code, 12);
                assert.match(err.details ?? err.message, /aws:ec2\/getAmi:getAmi/);
                return true;
            });
        });
    });

    it("Configure's region goes into ARNs and getRegion", async () => {
        const other = await StandinClient.start();
        try {
            await other.configure({ region: "eu-west-1" });
            const urn = urnOf("aws:apigatewayv2/api:Api", "http");
            const { inputs } = await other.check(urn, { protocolType: "HTTP" });
            const { id, outputs } = await other.create(urn, inputs, false);
            assert.equal(outputs.executionArn, `arn:aws:execute-api:eu-west-1:123456789012:${id}`);
            assert.equal((await other.invoke("aws:index/getRegion:getRegion", {})).region, "eu-west-1");
        } finally {
            other.stop();
        }
    });
});

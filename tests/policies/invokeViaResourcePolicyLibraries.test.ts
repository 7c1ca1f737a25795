/**
 * The real output shape of @pulumi/awsx's classic API and @pulumi/aws-apigateway's RestAPI:
 * each library runs under pulumi mocks (tests/components/record.ts records every registration
 * with its inputs and propertyDependencies), and what it registered goes to the built pack over
 * the engine's gRPC protocol, at preview (first preview: computed outputs unknown) and at update.
 *
 * - awsx.classic builds its API in the program: for a Lambda authorizer given as a function it
 *   creates an IAM role trusted by API Gateway, a RolePolicy built from the function's ARN, and
 *   a RestApi whose body holds the role's ARN (unknown at preview). A static route (localPath)
 *   gets an S3 role: not an invocation role.
 * - @pulumi/aws-apigateway's RestAPI is a remote component: under mocks (as on a first preview
 *   with new route handlers) the stack holds only the component and its inputs. Its provider
 *   builds the same shape as awsx.classic once the inputs are known; the update run stands that
 *   in with awsx.classic's API parented to the component (an assumption, stated in the README:
 *   the real CLI is the lead's to run).
 */
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as apigateway from "@pulumi/aws-apigateway";
import * as awsxApi from "@pulumi/awsx/classic/apigateway";
import type { EngineResource } from "../../engine/types";
import { parseFinding } from "../../core/finding";
import { INVOKE_POLICY_NAME } from "../../policies/invokeViaResourcePolicy";
import { Expected, assertFindings } from "../harness/expect";
import { Found, analyze, summarize } from "../harness/pack";
import type { Mode } from "../harness/stackBuilder";
import { RecordedResource, UNKNOWN, recordProgram } from "../components/record";

const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_KEY = "4dabf18193072939515e22adb298388d";

/**
 * The engine sends Analyze and AnalyzeStack properties without resource references (the
 * analyzer's MarshalProperties does not keep them): a custom resource becomes its id, a
 * component its URN. @pulumi/policy would reject a reference ("Unrecognized signature").
 */
function withoutReferences(v: unknown): unknown {
    if (Array.isArray(v)) {
        return v.map(withoutReferences);
    }
    if (v && typeof v === "object") {
        const o = v as Record<string, unknown>;
        if (o[SIG_KEY] === RESOURCE_SIG) {
            return o.id !== undefined && o.id !== "" ? o.id : o.urn;
        }
        return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, withoutReferences(x)]));
    }
    return v;
}

function toEngine(resources: RecordedResource[]): EngineResource[] {
    return resources.map(({ custom: _custom, ...r }) => ({
        ...r,
        inputs: withoutReferences(r.inputs) as Record<string, unknown>,
        outputs: withoutReferences(r.outputs) as Record<string, unknown>,
    }));
}

/** A function created in the same update: auto-named, so its name and ARN are unknown at preview. */
function handler(name: string): aws.lambda.Function {
    return new aws.lambda.Function(name, {
        role: "arn:aws:iam::123456789012:role/lambda",
        runtime: "nodejs20.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({}),
    });
}

let sitePath = "";

function awsxProgram(opts?: pulumi.ComponentResourceOptions): void {
    const pets = handler("pets");
    const auth = handler("auth");
    new awsxApi.API("shop", {
        routes: [
            {
                path: "/pets",
                method: "GET",
                eventHandler: pets,
                authorizers: [awsxApi.getTokenLambdaAuthorizer({ authorizerName: "token", header: "Authorization", handler: auth })],
            },
            { path: "/site", localPath: sitePath },
        ],
    }, opts);
}

function awsApigatewayProgram(withChildren: boolean): void {
    const pets = handler("pets");
    const auth = handler("auth");
    const api = new apigateway.RestAPI("shop", {
        routes: [{
            path: "/pets",
            method: "GET",
            eventHandler: pets,
            authorizers: [{ authorizerName: "token", parameterName: "Authorization", identitySource: ["method.request.header.Authorization"], handler: auth }],
        }],
    });
    if (withChildren) {
        // What the provider builds once the inputs are known (see the header).
        new awsxApi.API("shop-built", {
            routes: [{ path: "/pets", method: "GET", eventHandler: pets, authorizers: [awsxApi.getTokenLambdaAuthorizer({ authorizerName: "token", header: "Authorization", handler: auth })] }],
        }, { parent: api });
    }
}

/** One Lambda authorizer (one name, one handler) guarding ten routes of the remote component. */
function tenRoutesOneAuthorizer(withChildren: boolean): void {
    const pets = handler("pets");
    const auth = handler("auth");
    const paths = Array.from({ length: 10 }, (_, i) => `/r${i}`);
    const api = new apigateway.RestAPI("shop", {
        routes: paths.map((path) => ({
            path,
            method: "GET" as const,
            eventHandler: pets,
            authorizers: [{ authorizerName: "token", parameterName: "Authorization", identitySource: ["method.request.header.Authorization"], handler: auth }],
        })),
    });
    if (withChildren) {
        // What the provider builds once the inputs are known (see the header).
        const token = awsxApi.getTokenLambdaAuthorizer({ authorizerName: "token", header: "Authorization", handler: auth });
        new awsxApi.API("shop-built", { routes: paths.map((path) => ({ path, method: "GET" as const, eventHandler: pets, authorizers: [token] })) }, { parent: api });
    }
}

async function findingsFor(program: () => void, mode: Mode): Promise<Found[]> {
    pulumi.runtime.setConfig("aws:region", "us-east-1");
    const run = await recordProgram(program, { preview: mode === "preview", project: "shop", stack: "dev" });
    const diagnostics = await analyze(toEngine(run.resources), { dryRun: mode === "preview" });
    return summarize(diagnostics).filter((d) => d.policy === INVOKE_POLICY_NAME);
}

describe(`${INVOKE_POLICY_NAME}: the output of @pulumi/awsx classic and @pulumi/aws-apigateway`, () => {
    before(() => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "guard-site-"));
        sitePath = path.join(dir, "index.html");
        fs.writeFileSync(sitePath, "<html></html>");
    });

    const expected: Record<string, Record<Mode, Expected[]>> = {
        awsx: {
            preview: [{
                resource: "shop",
                level: "mandatory",
                phase: "analyzeStack",
                includes: [
                    '"shop" (aws:apigateway/restApi:RestApi): its OpenAPI body puts IAM role "token-authorizer-role" (ARN known after create)',
                    'invokes Lambda function "auth" (name known after create)',
                    '"token-invocation-policy" (aws:iam/rolePolicy:RolePolicy), whose document is built from "auth" (not known yet)',
                ],
            }],
            update: [{
                resource: "shop",
                level: "mandatory",
                phase: "analyzeStack",
                includes: ['securityDefinitions["token"].x-amazon-apigateway-authorizer.authorizerCredentials', 'IAM role "arn:aws:iam::123456789012:role/token-authorizer-role-'],
            }],
        },
        "aws-apigateway": {
            preview: [{
                resource: "shop",
                level: "mandatory",
                phase: "analyzeStack",
                includes: ['"shop" (aws-apigateway:index:RestAPI): route GET /pets has Lambda authorizer "token"', "which this component creates with an IAM role"],
            }],
            update: [{
                resource: "shop-built",
                level: "mandatory",
                phase: "analyzeStack",
                includes: ['"shop-built" (aws:apigateway/restApi:RestApi)', "x-amazon-apigateway-authorizer.authorizerCredentials"],
            }],
        },
    };

    for (const mode of ["preview", "update"] as Mode[]) {
        describe(`at ${mode}`, () => {
            it("awsx.classic API with a Lambda authorizer and a static S3 route: the authorizer role, once; the S3 role never", async () => {
                assertFindings(await findingsFor(() => awsxProgram(), mode), expected.awsx[mode]);
            });

            it(`aws-apigateway RestAPI with a Lambda authorizer: ${mode === "preview" ? "from the component's inputs, nothing built yet" : "from its built body, and not again from the component"}`, async () => {
                assertFindings(await findingsFor(() => awsApigatewayProgram(mode === "update"), mode), expected["aws-apigateway"][mode]);
            });
        });
    }

    for (const mode of ["preview", "update"] as Mode[]) {
        it(`aws-apigateway RestAPI, one role-based authorizer guarding ten routes, at ${mode}: one finding naming the ten routes`, async () => {
            const found = await findingsFor(() => tenRoutesOneAuthorizer(mode === "update"), mode);
            const routes = Array.from({ length: 10 }, (_, i) => `GET /r${i}`);
            if (mode === "preview") {
                assertFindings(found, [{ resource: "shop", level: "mandatory", phase: "analyzeStack", includes: ['10 routes (GET /r0, GET /r1, GET /r2, GET /r3, GET /r4 and 5 more) have Lambda authorizer "token"'] }]);
                assert.deepStrictEqual(parseFinding(found[0].message).cause?.routes, ['authorizer "token"', ...routes]);
            } else {
                assertFindings(found, [{ resource: "shop-built", level: "mandatory", phase: "analyzeStack", includes: ["x-amazon-apigateway-authorizer.authorizerCredentials", "It guards GET /r0"] }]);
                assert.deepStrictEqual(parseFinding(found[0].message).cause?.routes, ['authorizer "token"', ...routes]);
            }
        });
    }

    it("under mocks at preview, the authorizer role's policy is unknown and built from the authorizer function (the shape the inference relies on)", async () => {
        pulumi.runtime.setConfig("aws:region", "us-east-1");
        const run = await recordProgram(() => awsxProgram(), { preview: true, project: "shop", stack: "dev" });
        const policy = run.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
        const api = run.resources.find((r) => r.type === "aws:apigateway/restApi:RestApi");
        const fnUrn = run.resources.find((r) => r.name === "auth")?.urn;
        assert.ok(policy && api && fnUrn, `awsx.classic registered: ${run.resources.map((r) => r.type).join(", ")}`);
        assert.strictEqual(policy.inputs.policy, UNKNOWN);
        assert.ok((policy.propertyDependencies.policy ?? []).includes(fnUrn), JSON.stringify(policy.propertyDependencies));
        assert.strictEqual(api.inputs.body, UNKNOWN);
        assert.ok((api.propertyDependencies.body ?? []).includes(fnUrn), JSON.stringify(api.propertyDependencies));
    });
});

/**
 * The component provider in provider/: the schema it serves (schema.json, generated at build time,
 * in process and over gRPC from the process the engine would start) is the one Pulumi infers from
 * the TypeScript source, and a Construct with inputs as the engine delivers them (routes naming
 * Function resources arrive as one Output holding a separate Function object per reference) plans
 * the same permissions as a TypeScript program.
 */
import * as assert from "assert";
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { PACKAGE } from "../../components/package";
import * as entry from "../../provider/index";
import { COMPONENTS as SERVED } from "../../provider/components";
import { componentProvider, servedSchema } from "../../provider/serve";
import { PERMISSION, fnArn, lambdaFunction, ofType } from "./fixtures";
import { MonitorServer, serveMonitor } from "./monitorServer";
import { recordProgram } from "./record";
// The code generation options schema.json adds to inference (a plain script, run by node at build time).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { LANGUAGE_OPTIONS, withLanguageOptions } = require("../../provider/scripts/language");

const PROVIDER_DIR = path.resolve(__dirname, "../../provider");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerManifest = require(path.join(PROVIDER_DIR, "package.json"));
// eslint-disable-next-line @typescript-eslint/no-var-requires
const rootLock = require("../../package-lock.json");
const COMPONENTS = [entry.LambdaRestApi, entry.LambdaHttpApi, entry.LambdaApiPermissions, entry.LambdaWebSocketApi];
// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
// eslint-disable-next-line @typescript-eslint/no-var-requires
const structPb = require("google-protobuf/google/protobuf/struct_pb");
// The engine-side deserialization of Construct inputs (exported by the SDK, left out of its typings).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { deserializeInputs } = require("@pulumi/pulumi/provider/server");

function provider(): ComponentProvider {
    return new ComponentProvider({ name: PACKAGE, dirname: PROVIDER_DIR, components: COMPONENTS as any });
}

/** Starts the provider the way the engine does; resolves with the process and its port. */
function startPlugin(engineAddress: string): Promise<{ child: ChildProcess; port: number }> {
    const runPlugin = require.resolve("@pulumi/pulumi/cmd/run-plugin", { paths: [PROVIDER_DIR] });
    const child = spawn(process.execPath, [runPlugin, PROVIDER_DIR, engineAddress], { cwd: PROVIDER_DIR, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.on("data", (d) => (stderr += d));
    return new Promise((resolve, reject) => {
        child.once("exit", (code) => reject(new Error(`provider exited with ${code} before printing its port:\n${stderr}`)));
        let stdout = "";
        child.stdout!.on("data", (d) => {
            stdout += d;
            const newline = stdout.indexOf("\n");
            if (newline >= 0) {
                const port = Number(stdout.slice(0, newline).trim());
                return Number.isInteger(port) && port > 0 ? resolve({ child, port }) : reject(new Error(`first stdout line is not a port: ${stdout}`));
            }
        });
    });
}

/** Calls one unary method of the provider over gRPC. */
function callProvider<T>(port: number, method: string, request: unknown): Promise<T> {
    const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
    return new Promise((resolve, reject) =>
        client[method](request, (err: Error | null, resp: T) => {
            client.close();
            return err ? reject(err) : resolve(resp);
        }),
    );
}

/** A resource reference as the engine puts it in a Construct request's inputs. */
function resourceReference(urn: string, id: string): Record<string, string> {
    return { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn, id, packageVersion: "" };
}

describe("components: the component provider (provider/)", function () {
    // Inferring the schema runs the TypeScript checker over the components and @pulumi/aws typings.
    this.timeout(120000);
    let schema: any;
    let shared: ComponentProvider;
    let child: ChildProcess | undefined;
    let plugin: Promise<{ child: ChildProcess; port: number }>;
    let monitor: MonitorServer;

    before(async () => {
        await pulumi.runtime.setMocks({ newResource: () => ({ id: "", state: {} }), call: () => ({}) }, "shop", "dev");
        monitor = await serveMonitor();
        plugin = startPlugin(monitor.address);
        plugin.then((p) => (child = p.child)).catch(() => undefined);
        shared = provider();
        schema = JSON.parse(await shared.getSchema());
    });
    after(() => {
        child?.kill();
        monitor?.close();
    });

    it("given provider/index.ts (what inference reads) and provider/components.ts (what Construct builds), then they list the same classes", () => {
        assert.deepStrictEqual(Object.values(entry).map((c) => c.name).sort(), SERVED.map((c) => c.name).sort());
    });

    it("given schema.json, then what the provider serves (with package.json's version) is exactly the inferred schema plus the language options of provider/scripts/language.js (else: npm run provider:schema)", () => {
        const served = servedSchema(PROVIDER_DIR);
        assert.deepStrictEqual(served, withLanguageOptions(schema));
        // Nothing else differs: without those options, what is served is the inferred schema.
        const stripped = JSON.parse(JSON.stringify(served));
        for (const [lang, options] of Object.entries(LANGUAGE_OPTIONS as Record<string, Record<string, unknown>>)) {
            for (const key of Object.keys(options)) {
                if (!(key in (schema.language?.[lang] ?? {}))) {
                    delete stripped.language[lang][key];
                }
            }
        }
        assert.deepStrictEqual(stripped, schema);
        assert.strictEqual(served.language.go.generateExtraInputTypes, true, "the Go SDK needs the Args types of plain object arrays");
    });

    it("given provider/package.json, then @pulumi/pulumi and @pulumi/aws are pinned to the versions tested here, and the schema refers to that aws version", () => {
        for (const name of ["@pulumi/pulumi", "@pulumi/aws"]) {
            assert.strictEqual(providerManifest.dependencies[name], rootLock.packages[`node_modules/${name}`].version, name);
        }
        assert.deepStrictEqual(schema.dependencies, [{ name: "aws", version: providerManifest.dependencies["@pulumi/aws"] }]);
    });

    it("given provider/package.json, then its version is the repository's (one git tag vX.Y.Z releases both)", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        assert.strictEqual(providerManifest.version, require("../../package.json").version);
    });

    it("given provider/package.json, then the package name is the components' type-token package", () => {
        // eslint-disable-next-line @typescript-eslint/no-var-requires
        assert.strictEqual(require(path.join(PROVIDER_DIR, "package.json")).name, PACKAGE);
        assert.strictEqual(schema.name, PACKAGE);
    });

    it("when the schema is inferred in process, then the four components appear with their inputs, required inputs and outputs", () => {
        const resource = (name: string) => schema.resources[`${PACKAGE}:index:${name}`];
        assert.deepStrictEqual(Object.keys(schema.resources).sort(), ["LambdaApiPermissions", "LambdaHttpApi", "LambdaRestApi", "LambdaWebSocketApi"].map((n) => `${PACKAGE}:index:${n}`));
        const summary = (name: string) => ({
            inputs: Object.keys(resource(name).inputProperties).sort(),
            required: resource(name).requiredInputs,
            outputs: Object.keys(resource(name).properties).sort(),
        });
        assert.deepStrictEqual(summary("LambdaRestApi"), {
            inputs: ["authorizers", "permissionScope", "policyHeadroomBytes", "restrictPermissionsToStages", "routes", "stages"],
            required: ["routes"],
            outputs: ["apiId", "executionArn", "invokeUrl", "permissions"],
        });
        assert.deepStrictEqual(summary("LambdaHttpApi"), {
            inputs: ["authorizers", "autoDeploy", "payloadFormatVersion", "permissionScope", "policyHeadroomBytes", "restrictPermissionsToStage", "routes", "stageName"],
            required: ["routes"],
            outputs: ["apiId", "executionArn", "invokeUrl", "permissions"],
        });
        assert.deepStrictEqual(summary("LambdaApiPermissions"), {
            inputs: ["apiType", "authorizers", "executionArn", "permissionScope", "policyHeadroomBytes", "routes", "stages"],
            required: ["apiType", "executionArn", "routes"],
            outputs: ["apiId", "executionArn", "permissions"],
        });
        assert.deepStrictEqual(summary("LambdaWebSocketApi"), {
            inputs: ["authorizer", "permissionScope", "policyHeadroomBytes", "restrictPermissionsToStage", "routeSelectionExpression", "routes", "stageName"],
            required: ["routes"],
            outputs: ["apiId", "executionArn", "invokeUrl", "permissions"],
        });
        assert.deepStrictEqual(Object.keys(schema.types[`${PACKAGE}:index:WebSocketAuthorizer`].properties).sort(), ["function", "functionArn", "identitySources", "name"]);
        assert.deepStrictEqual(Object.keys(schema.types[`${PACKAGE}:index:WebSocketRoute`].properties).sort(), ["function", "functionArn", "routeKey"]);
    });

    it("then a route's target is a reference to aws.lambda.Function or an ARN input, and enums are enums", () => {
        const route = schema.types[`${PACKAGE}:index:HttpRoute`].properties;
        assert.match(route.function.$ref, /^\/aws\/v[\d.]+\/schema\.json#\/resources\/aws:lambda%2Ffunction:Function$/);
        assert.deepStrictEqual([route.functionArn.type, route.functionArn.plain], ["string", undefined]);
        assert.deepStrictEqual(schema.dependencies.map((d: { name: string }) => d.name), ["aws"]);
        const enumValues = (name: string) => schema.types[`${PACKAGE}:index:${name}`].enum.map((e: { value: string }) => e.value);
        assert.deepStrictEqual(enumValues("PermissionScope"), ["route", "api"]);
        assert.deepStrictEqual(enumValues("ApiType"), ["rest", "http", "websocket"]);
        assert.deepStrictEqual(enumValues("RestAuthorizerType"), ["TOKEN", "REQUEST"]);
        assert.deepStrictEqual(
            Object.keys(schema.types[`${PACKAGE}:index:PermissionInfo`].properties).sort(),
            ["functionArn", "qualifier", "routes", "scope", "sourceArn", "statementId"],
        );
    });

    it("when the engine starts provider/ with run-plugin, then it prints its port and serves the same schema over gRPC", async () => {
        const { port } = await plugin;
        const response = await callProvider<any>(port, "getSchema", new providerPb.GetSchemaRequest());
        assert.deepStrictEqual(JSON.parse(response.getSchema()), withLanguageOptions(schema));
    });

    it("when the engine calls Construct over gRPC with 60 routes naming one Function by reference, then the provider registers the API, one permission per path prefix on that function, and warns naming it", async () => {
        const { port } = await plugin;
        const fnUrn = await monitor.preRegister("aws:lambda/function:Function", "monolith", { name: "monolith" });
        const routeKeys = Array.from({ length: 60 }, (_, i) => `GET /area${i % 3}/item${i}`);
        const req = new providerPb.ConstructRequest();
        req.setProject("shop");
        req.setStack("dev");
        req.setOrganization("organization");
        req.setMonitorendpoint(monitor.address);
        req.setParallel(4);
        req.setType(`${PACKAGE}:index:LambdaHttpApi`);
        req.setName("web");
        req.setInputs(structPb.Struct.fromJavaScript({ routes: routeKeys.map((routeKey) => ({ routeKey, function: resourceReference(fnUrn, "monolith") })) }));
        const deps = new providerPb.ConstructRequest.PropertyDependencies();
        deps.setUrnsList([fnUrn]);
        req.getInputdependenciesMap().set("routes", deps);

        const response = await callProvider<any>(port, "construct", req);
        assert.strictEqual(response.getUrn(), `urn:pulumi:dev::shop::${PACKAGE}:index:LambdaHttpApi::web`);
        const state = response.getState().toJavaScript();
        const exec = "arn:aws:execute-api:us-east-1:123456789012:" + state.apiId;
        assert.deepStrictEqual(
            state.permissions.map((p: any) => [p.functionArn, p.sourceArn, p.scope, p.routes.length]).sort(),
            [0, 1, 2].map((i) => [fnArn("monolith"), `${exec}/*/*/area${i}/*`, "prefix", 20]),
        );
        const types = monitor.registered.map((r) => r.type);
        assert.strictEqual(types.filter((t) => t === "aws:apigatewayv2/route:Route").length, 60);
        assert.strictEqual(types.filter((t) => t === PERMISSION).length, 3);
        assert.ok(
            monitor.logs.some((l) => l.message.startsWith("Lambda function monolith: 60 routes of API web")),
            JSON.stringify(monitor.logs),
        );
    });

    it("when Construct receives routes as the engine sends them (resource references wrapped in one Output), then the permissions match a TypeScript program's and the references are grouped by URN", async () => {
        const routeKeys = Array.from({ length: 60 }, (_, i) => `GET /area${i % 3}/item${i}`);
        const typescript = await recordProgram(() => {
            const fn = lambdaFunction("monolith");
            return new entry.LambdaHttpApi("web", { routes: routeKeys.map((routeKey) => ({ routeKey, function: fn })) }).permissions;
        });
        const constructed = await recordProgram(async () => {
            const fn = lambdaFunction("monolith");
            const routes = routeKeys.map((routeKey) => ({ routeKey, function: fn }));
            const [props, deps] = await pulumi.runtime.serializeResourceProperties("construct", { routes });
            const urns = await Promise.all([...(deps.get("routes") ?? [])].map((r) => new Promise<string>((resolve) => r.urn.apply(resolve))));
            const inputs = await deserializeInputs(structPb.Struct.fromJavaScript(props), new Map([["routes", { getUrnsList: () => urns }]]));
            assert.ok(pulumi.Output.isInstance(inputs.routes), "the engine's routes should arrive as one Output");
            const result = await componentProvider(PROVIDER_DIR).construct!("web", `${PACKAGE}:index:LambdaHttpApi`, inputs, {});
            return result.state.permissions;
        });
        const strip = (ps: any[]) => ps.map((p) => [p.functionArn, p.sourceArn, p.scope, p.routes.length]).sort();
        assert.deepStrictEqual(strip(constructed.result as any[]), strip(typescript.result));
        // 60 routes on one function widen to 3 prefixes only if the 60 references count as one function.
        assert.deepStrictEqual(strip(typescript.result).map((p) => p[2]), ["prefix", "prefix", "prefix"]);
        assert.strictEqual(ofType(constructed.resources, PERMISSION).length, 3);
        assert.ok(constructed.resources.every((r) => r.type !== "aws:lambda/permission:Permission" || r.inputs.function === fnArn("monolith")));
    });
});

"use strict";
/**
 * A stand-in for the aws resource provider plugin (pulumi-resource-aws, Terraform-bridged), which
 * cannot be had on these machines. The real CLI launches it as `pulumi-resource-aws ENGINE_ADDR`
 * (programs name this directory in Pulumi.yaml `plugins.providers`); it prints its port and
 * answers the ResourceProvider gRPC protocol. Nothing here reaches AWS, and the process keeps no
 * resource state: the engine's state is the only record, and every id and ARN is derived from the
 * URN, the inputs and the configured region, so a deployed stack previews again with the same,
 * known values.
 *
 * What it does, like the real provider:
 * - Check: the inputs back, with the autoname and `__defaults` (naming.js); an autoname is kept
 *   from the old inputs on update.
 * - Diff: changed keys (`diffs`, `detailedDiff`), `replaces` for ForceNew properties, `stables`,
 *   `deleteBeforeReplace` (diff.js, forceNew.js says which ForceNew sets it encodes and where
 *   they come from).
 * - Create: at preview the inputs with every computed output unknown; for real the inputs plus ids
 *   and ARNs in AWS's formats (outputs.js). Update keeps the computed outputs. Read returns the
 *   state it was given (refresh finds no drift). Delete succeeds.
 * - Any aws type, not only schema.js's: @pulumi/aws's declarations say its outputs (sdkShapes.js).
 * - Invoke: getCallerIdentity, getRegion, getPartition, getAvailabilityZones, ssm getParameter,
 *   iam getPolicyDocument (invokes.js); any other invoke is an UNIMPLEMENTED error naming it.
 *
 * What differs from the real provider:
 * - Account 123456789012; ids that AWS draws at random are hashes of the URN; timestamps are fixed.
 * - No validation beyond the autoname's length: required inputs, enums and ARN formats are not
 *   checked, and Terraform's defaults (e.g. `payloadFormatVersion: "1.0"`) are not filled in.
 * - Outputs hold the inputs plus the computed values it knows; the real one lists every attribute
 *   (unset optional strings as "", lists as []). Only types with a builder in outputs.js get their
 *   service-specific outputs; others get `id`, `arn` (a generic `arn:aws:<module>:...`), `region`
 *   and `tagsAll`.
 * - ForceNew is known for the types in forceNew.js; elsewhere `region` and the autonamed property
 *   replace and everything else updates. An update keeps computed outputs (the real one may mark
 *   some unknown at preview, e.g. a Lambda's `version` after a code change).
 * - REST API Resource `path` is `/<pathPart>` (the parent's path is not looked up); an HTTP API
 *   stage's `invokeUrl` is https even for WebSocket APIs (the API's protocol is not looked up).
 * - The autoname suffix is 7 hex digits of SHA-256(randomSeed), not the bridge's ChaCha draw.
 * - Configure accepts any config; only `region` is used. GetSchema serves schema.js's partial schema.
 */
const grpc = require("@grpc/grpc-js");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");
const { VERSION, schema } = require("./schema");
const { checkInputs, withoutDefaults } = require("./naming");
const { UNKNOWN, diffInputs } = require("./diff");
const { computedKeys, createdOutputs } = require("./outputs");
const { handlers: invokeHandlers } = require("./invokes");

/** Provider configuration from Configure (the only thing held in memory). */
const config = { region: process.env.AWS_REGION || "us-east-1" };
const invokes = invokeHandlers(config);

function typeOf(urn) {
    // urn:pulumi:stack::project::[parent$]type::name
    const types = urn.split("::")[2].split("$");
    return types[types.length - 1];
}

function toStruct(obj) {
    return structPb.Struct.fromJavaScript(obj);
}

function fromStruct(struct) {
    return struct ? struct.toJavaScript() : {};
}

/** The inputs at preview, with the type's computed outputs unknown. */
function previewOutputs(token, inputs) {
    const outs = { ...inputs };
    for (const key of computedKeys(token)) if (outs[key] === undefined) outs[key] = UNKNOWN;
    return outs;
}

/** Old outputs, without the inputs dropped since, overlaid with the new inputs. */
function updatedOutputs(olds, oldInputs, news) {
    const outs = { ...olds };
    for (const key of Object.keys(oldInputs)) if (!(key in news)) delete outs[key];
    return { ...outs, ...news };
}

const DiffChanges = providerPb.DiffResponse.DiffChanges;
const Kind = providerPb.PropertyDiff.Kind;

function diffResponse(d) {
    const resp = new providerPb.DiffResponse();
    resp.setChanges(d.changed.length > 0 ? DiffChanges.DIFF_SOME : DiffChanges.DIFF_NONE);
    resp.setDiffsList(d.changed.map((c) => c.key));
    resp.setReplacesList(d.replaces);
    resp.setStablesList(d.stables);
    resp.setDeletebeforereplace(d.deleteBeforeReplace);
    resp.setHasdetaileddiff(true);
    const detailed = resp.getDetaileddiffMap();
    for (const c of d.changed) {
        const pd = new providerPb.PropertyDiff();
        pd.setKind(Kind[c.replace ? `${c.kind}_REPLACE` : c.kind]);
        pd.setInputdiff(true);
        detailed.set(c.key, pd);
    }
    return resp;
}

function unary(handler) {
    return (call, callback) => {
        try {
            callback(null, handler(call.request));
        } catch (err) {
            if (err && typeof err.code === "number") {
                callback(err);
                return;
            }
            console.error(`aws stand-in: ${err && err.stack ? err.stack : err}`);
            callback({ code: grpc.status.INTERNAL, message: String(err && err.message ? err.message : err) });
        }
    };
}

const unimplemented = (call, callback) => callback({ code: grpc.status.UNIMPLEMENTED, message: "not served by the aws stand-in" });

const service = {
    handshake: unimplemented,
    parameterize: unimplemented,
    getPluginInfo: unary(() => {
        const info = new pluginPb.PluginInfo();
        info.setVersion(VERSION);
        return info;
    }),
    getSchema: unary(() => {
        const resp = new providerPb.GetSchemaResponse();
        resp.setSchema(JSON.stringify(schema()));
        return resp;
    }),
    checkConfig: unary((req) => {
        const resp = new providerPb.CheckResponse();
        resp.setInputs(req.getNews());
        return resp;
    }),
    diffConfig: unary((req) => {
        // A changed setting (e.g. region) updates the provider; it never replaces it.
        const d = diffInputs("pulumi:providers:aws", fromStruct(req.getOldInputs() ?? req.getOlds()), fromStruct(req.getNews()), req.getIgnorechangesList());
        return diffResponse({ ...d, changed: d.changed.map((c) => ({ ...c, replace: false })), replaces: [], stables: [], deleteBeforeReplace: false });
    }),
    configure: unary((req) => {
        const args = fromStruct(req.getArgs());
        const region = args.region ?? req.getVariablesMap().get("aws:config:region");
        if (typeof region === "string" && region !== "" && region !== UNKNOWN) config.region = region;
        const resp = new providerPb.ConfigureResponse();
        resp.setAcceptsecrets(true);
        resp.setSupportspreview(true);
        resp.setAcceptresources(true);
        resp.setAcceptoutputs(false);
        return resp;
    }),
    invoke: unary((req) => {
        const tok = req.getTok();
        const handler = invokes[tok];
        if (!handler) {
            throw { code: grpc.status.UNIMPLEMENTED, message: `the aws stand-in does not serve the invoke ${tok}` };
        }
        const resp = new providerPb.InvokeResponse();
        resp.setReturn(toStruct(handler(fromStruct(req.getArgs()))));
        return resp;
    }),
    call: unimplemented,
    check: unary((req) => {
        const urn = req.getUrn();
        const { inputs, failures } = checkInputs(typeOf(urn), urn, fromStruct(req.getOlds()), fromStruct(req.getNews()), req.getRandomseed_asU8());
        const resp = new providerPb.CheckResponse();
        resp.setInputs(toStruct(inputs));
        resp.setFailuresList(failures.map((f) => {
            const cf = new providerPb.CheckFailure();
            cf.setProperty(f.property);
            cf.setReason(f.reason);
            return cf;
        }));
        return resp;
    }),
    diff: unary((req) => {
        const token = typeOf(req.getUrn());
        const oldInputs = req.hasOldInputs() ? fromStruct(req.getOldInputs()) : fromStruct(req.getOlds());
        return diffResponse(diffInputs(token, oldInputs, fromStruct(req.getNews()), req.getIgnorechangesList()));
    }),
    create: unary((req) => {
        const urn = req.getUrn();
        const token = typeOf(urn);
        const inputs = withoutDefaults(fromStruct(req.getProperties()));
        const resp = new providerPb.CreateResponse();
        if (req.getPreview()) {
            resp.setId("");
            resp.setProperties(toStruct(previewOutputs(token, inputs)));
        } else {
            const { id, outputs } = createdOutputs(token, urn, inputs, config.region);
            resp.setId(id);
            resp.setProperties(toStruct(outputs));
        }
        return resp;
    }),
    read: unary((req) => {
        const resp = new providerPb.ReadResponse();
        resp.setId(req.getId());
        resp.setProperties(req.getProperties());
        resp.setInputs(req.getInputs());
        return resp;
    }),
    list: unimplemented,
    update: unary((req) => {
        const news = withoutDefaults(fromStruct(req.getNews()));
        const oldInputs = withoutDefaults(fromStruct(req.getOldInputs()));
        const resp = new providerPb.UpdateResponse();
        resp.setProperties(toStruct(updatedOutputs(fromStruct(req.getOlds()), oldInputs, news)));
        return resp;
    }),
    delete: unary(() => new emptyPb.Empty()),
    construct: unimplemented,
    cancel: unary(() => new emptyPb.Empty()),
    attach: unary(() => new emptyPb.Empty()),
    getMapping: unary(() => new providerPb.GetMappingResponse()),
    getMappings: unary(() => new providerPb.GetMappingsResponse()),
};

function main() {
    const server = new grpc.Server();
    server.addService(providerGrpc.ResourceProviderService, service);
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
        if (err) {
            console.error(`aws stand-in: cannot listen: ${err.message}`);
            process.exit(1);
        }
        // The engine reads the port from the first line of stdout.
        process.stdout.write(`${port}\n`);
    });
    process.on("SIGINT", () => server.forceShutdown());
    process.on("SIGTERM", () => server.forceShutdown());
}

main();

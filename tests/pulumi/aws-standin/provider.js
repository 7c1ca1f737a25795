"use strict";
/**
 * A stand-in for the aws resource provider plugin, which cannot be had on these machines.
 *
 * The real CLI launches it as `pulumi-resource-aws ENGINE_ADDR` (it is named in the programs'
 * Pulumi.yaml `plugins.providers`). It answers over the ResourceProvider gRPC protocol:
 * - GetSchema: the partial aws schema of schema.js;
 * - Check: the inputs as given (plus an autoname where the real provider makes one);
 * - Diff: a change when the inputs differ, never a replacement;
 * - Create / Update at preview: the inputs, with every computed output unknown;
 * - Create / Update for real: fake but well-formed ARNs in account 123456789012, us-east-1.
 * Nothing here reaches AWS.
 */
const grpc = require("@grpc/grpc-js");
const crypto = require("crypto");
const providerGrpc = require("@pulumi/pulumi/proto/provider_grpc_pb");
const providerPb = require("@pulumi/pulumi/proto/provider_pb");
const pluginPb = require("@pulumi/pulumi/proto/plugin_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
const structPb = require("google-protobuf/google/protobuf/struct_pb");
const { VERSION, RESOURCES, schema } = require("./schema");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ACCOUNT = "123456789012";
const REGION = "us-east-1";

function typeOf(urn) {
    // urn:pulumi:stack::project::[parent$]type::name
    const parts = urn.split("::");
    const types = parts[2].split("$");
    return types[types.length - 1];
}

function nameOf(urn) {
    return urn.split("::").slice(3).join("::");
}

function idFor(urn) {
    return crypto.createHash("sha256").update(urn).digest("hex").slice(0, 10);
}

/** Computed outputs after a real create: well-formed values, derived from the URN. */
function realOutputs(token, urn, inputs) {
    const id = idFor(urn);
    const name = inputs.name ?? nameOf(urn);
    const arnFor = {
        "aws:iam/role:Role": { arn: `arn:aws:iam::${ACCOUNT}:role/${name}`, uniqueId: `AROA${id}` },
        "aws:lambda/function:Function": {
            arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
            invokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}/invocations`,
            qualifiedArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}:$LATEST`,
            qualifiedInvokeArn: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}:$LATEST/invocations`,
            version: "$LATEST",
        },
        "aws:apigatewayv2/api:Api": {
            arn: `arn:aws:apigateway:${REGION}::/apis/${id}`,
            executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`,
            apiEndpoint: `https://${id}.execute-api.${REGION}.amazonaws.com`,
        },
        "aws:apigateway/restApi:RestApi": {
            arn: `arn:aws:apigateway:${REGION}::/restapis/${id}`,
            executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${id}`,
            rootResourceId: `root${id.slice(0, 6)}`,
        },
    };
    const known = arnFor[token] ?? {};
    const out = {};
    for (const key of Object.keys(RESOURCES[token]?.out ?? {})) {
        out[key] = known[key] ?? `${key}-${id}`;
    }
    return { id, outputs: out };
}

function toStruct(obj) {
    return structPb.Struct.fromJavaScript(obj);
}

function fromStruct(struct) {
    return struct ? struct.toJavaScript() : {};
}

function checkInputs(urn, news, randomSeed) {
    const token = typeOf(urn);
    const spec = RESOURCES[token];
    const inputs = { ...news };
    if (spec?.autoname && inputs[spec.autoname] === undefined) {
        const suffix = crypto.createHash("sha256").update(urn).update(randomSeed ?? "").digest("hex").slice(0, 7);
        inputs[spec.autoname] = `${nameOf(urn)}-${suffix}`;
    }
    return inputs;
}

function outputsFor(urn, inputs, preview) {
    const token = typeOf(urn);
    const computed = Object.keys(RESOURCES[token]?.out ?? {});
    if (preview) {
        const outs = { ...inputs };
        for (const key of computed) {
            if (outs[key] === undefined) outs[key] = UNKNOWN;
        }
        return { id: "", outputs: outs };
    }
    const { id, outputs } = realOutputs(token, urn, inputs);
    return { id, outputs: { ...outputs, ...inputs } };
}

function unary(handler) {
    return (call, callback) => {
        try {
            callback(null, handler(call.request));
        } catch (err) {
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
    diffConfig: unary(() => {
        const resp = new providerPb.DiffResponse();
        resp.setChanges(providerPb.DiffResponse.DiffChanges.DIFF_NONE);
        return resp;
    }),
    configure: unary(() => {
        const resp = new providerPb.ConfigureResponse();
        resp.setAcceptsecrets(true);
        resp.setSupportspreview(true);
        resp.setAcceptresources(true);
        resp.setAcceptoutputs(false);
        return resp;
    }),
    invoke: unimplemented,
    call: unimplemented,
    check: unary((req) => {
        const resp = new providerPb.CheckResponse();
        resp.setInputs(toStruct(checkInputs(req.getUrn(), fromStruct(req.getNews()), req.getRandomseed_asB64())));
        return resp;
    }),
    diff: unary((req) => {
        const olds = JSON.stringify(fromStruct(req.getOldInputs ? req.getOldInputs() : req.getOlds()));
        const news = JSON.stringify(fromStruct(req.getNews()));
        const resp = new providerPb.DiffResponse();
        resp.setChanges(olds === news ? providerPb.DiffResponse.DiffChanges.DIFF_NONE : providerPb.DiffResponse.DiffChanges.DIFF_SOME);
        return resp;
    }),
    create: unary((req) => {
        const { id, outputs } = outputsFor(req.getUrn(), fromStruct(req.getProperties()), req.getPreview());
        const resp = new providerPb.CreateResponse();
        resp.setId(id);
        resp.setProperties(toStruct(outputs));
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
        const { outputs } = outputsFor(req.getUrn(), fromStruct(req.getNews()), req.getPreview());
        const resp = new providerPb.UpdateResponse();
        resp.setProperties(toStruct(outputs));
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

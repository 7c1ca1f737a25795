/**
 * Plays the engine's part for a component provider's Construct: a gRPC ResourceMonitor backed by
 * @pulumi/pulumi's own MockMonitor (resources get the fake AWS outputs of fakeAws.ts) and a
 * minimal Engine service that collects log messages. Call `pulumi.runtime.setMocks` first: the
 * MockMonitor builds URNs from the current project and stack.
 */
import * as grpc from "@grpc/grpc-js";
import * as pulumi from "@pulumi/pulumi";
import { DEFAULT_ACCOUNT, fakeOutputs } from "./fakeAws";

/* eslint-disable @typescript-eslint/no-var-requires */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks");
const resourceGrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const resourcePb = require("@pulumi/pulumi/proto/resource_pb");
const engineGrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const enginePb = require("@pulumi/pulumi/proto/engine_pb");
const emptyPb = require("google-protobuf/google/protobuf/empty_pb");
/* eslint-enable @typescript-eslint/no-var-requires */

/** Features a current engine supports (enough for the components; no transforms or hooks). */
const FEATURES = new Set(["secrets", "resourceReferences", "outputValues", "deletedWith", "aliasSpecs"]);

export interface MonitorServer {
    /** `127.0.0.1:{port}`: the monitor and the engine service. */
    address: string;
    /** What each registered resource was registered with, in order. */
    registered: pulumi.runtime.MockResourceArgs[];
    /** Messages the provider logged to the engine. */
    logs: { severity: number; message: string }[];
    /** Registers a resource the way a program in another language would have, before Construct. */
    preRegister(type: string, name: string, inputs: Record<string, unknown>): Promise<string>;
    close(): void;
}

export async function serveMonitor(): Promise<MonitorServer> {
    const registered: pulumi.runtime.MockResourceArgs[] = [];
    const logs: { severity: number; message: string }[] = [];
    const mock = new MockMonitor({
        newResource(args: pulumi.runtime.MockResourceArgs) {
            registered.push(args);
            const { id, computed } = fakeOutputs(DEFAULT_ACCOUNT, args.type, args.name, args.inputs);
            return { id, state: { ...args.inputs, ...computed } };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            return args.inputs;
        },
    });
    const server = new grpc.Server();
    const unary = (method: string, reply: (resp: unknown) => unknown = (r) => r) => (call: any, callback: grpc.sendUnaryData<unknown>) =>
        mock[method](call.request, (err: Error | null, resp: unknown) => callback(err, err ? undefined : reply(resp)));
    server.addService(resourceGrpc.ResourceMonitorService, {
        supportsFeature: (call: any, callback: grpc.sendUnaryData<unknown>) => {
            const resp = new resourcePb.SupportsFeatureResponse();
            resp.setHassupport(FEATURES.has(call.request.getId()));
            callback(null, resp);
        },
        registerResource: unary("registerResource"),
        registerResourceOutputs: unary("registerResourceOutputs", () => new emptyPb.Empty()),
        readResource: unary("readResource"),
        invoke: unary("invoke"),
        registerPackage: unary("registerPackage"),
    });
    server.addService(engineGrpc.EngineService, {
        log: (call: any, callback: grpc.sendUnaryData<unknown>) => {
            logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage() });
            callback(null, new emptyPb.Empty());
        },
        getRootResource: (_: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, new enginePb.GetRootResourceResponse()),
        setRootResource: (_: unknown, callback: grpc.sendUnaryData<unknown>) => callback(null, new enginePb.SetRootResourceResponse()),
    });
    const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );

    return {
        address: `127.0.0.1:${port}`,
        registered,
        logs,
        async preRegister(type, name, inputs) {
            const req = new resourcePb.RegisterResourceRequest();
            req.setType(type);
            req.setName(name);
            req.setCustom(true);
            req.setObject(require("google-protobuf/google/protobuf/struct_pb").Struct.fromJavaScript(inputs));
            return new Promise<string>((resolve, reject) =>
                mock.registerResource(req, (err: Error | null, resp: any) => (err ? reject(err) : resolve(resp.getUrn()))),
            );
        },
        close() {
            server.forceShutdown();
        },
    };
}

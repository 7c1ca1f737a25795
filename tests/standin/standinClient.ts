/**
 * Talks to the aws stand-in (tests/pulumi/aws-standin) the way the engine does: spawns
 * `pulumi-resource-aws`, reads the port from its first stdout line, and sends ResourceProvider
 * requests over gRPC.
 */
import { ChildProcess, spawn } from "child_process";
import * as path from "path";
import { grpc, structPb } from "../../engine/protocol";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
const fromPulumi = (request: string): any => require(require.resolve(request, { paths: [pulumiDir] }));
export const providerPb: any = fromPulumi("@pulumi/pulumi/proto/provider_pb.js");
const providerGrpc: any = fromPulumi("@pulumi/pulumi/proto/provider_grpc_pb.js");
const emptyPb: any = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");

export const STANDIN = path.join(__dirname, "..", "pulumi", "aws-standin", "pulumi-resource-aws");
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export type Props = Record<string, any>;

export function urnOf(type: string, name: string): string {
    return `urn:pulumi:dev::shop::${type}::${name}`;
}

export interface DiffResult {
    changes: "none" | "some" | "unknown";
    diffs: string[];
    replaces: string[];
    stables: string[];
    deleteBeforeReplace: boolean;
    /** property -> kind name, e.g. `UPDATE_REPLACE` */
    detailed: Record<string, string>;
}

export class StandinClient {
    private constructor(private readonly child: ChildProcess, private readonly client: any) {}

    static async start(): Promise<StandinClient> {
        const child = spawn(STANDIN, ["127.0.0.1:1"], { stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr!.setEncoding("utf8").on("data", (d) => (stderr += d));
        const port = await new Promise<string>((resolve, reject) => {
            let out = "";
            child.stdout!.setEncoding("utf8").on("data", (d) => {
                out += d;
                const nl = out.indexOf("\n");
                if (nl >= 0) resolve(out.slice(0, nl).trim());
            });
            child.on("exit", (code) => reject(new Error(`the aws stand-in exited ${code} before printing its port\n${stderr}`)));
        });
        const client = new providerGrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        return new StandinClient(child, client);
    }

    stop(): void {
        this.client.close();
        this.child.kill("SIGTERM");
    }

    private rpc(method: string, req: any): Promise<any> {
        return new Promise((resolve, reject) => this.client[method](req, (err: any, resp: any) => (err ? reject(err) : resolve(resp))));
    }

    async pluginVersion(): Promise<string> {
        return (await this.rpc("getPluginInfo", new emptyPb.Empty())).getVersion();
    }

    async configure(args: Props): Promise<void> {
        const req = new providerPb.ConfigureRequest();
        req.setArgs(structPb.Struct.fromJavaScript(args));
        await this.rpc("configure", req);
    }

    async check(urn: string, news: Props, olds: Props = {}, seed = "seed-1"): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }> {
        const req = new providerPb.CheckRequest();
        req.setUrn(urn);
        req.setOlds(structPb.Struct.fromJavaScript(olds));
        req.setNews(structPb.Struct.fromJavaScript(news));
        req.setRandomseed(Buffer.from(seed));
        const resp = await this.rpc("check", req);
        return {
            inputs: resp.getInputs().toJavaScript(),
            failures: resp.getFailuresList().map((f: any) => ({ property: f.getProperty(), reason: f.getReason() })),
        };
    }

    async diff(urn: string, id: string, olds: Props, oldInputs: Props, news: Props): Promise<DiffResult> {
        const req = new providerPb.DiffRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(structPb.Struct.fromJavaScript(olds));
        req.setOldInputs(structPb.Struct.fromJavaScript(oldInputs));
        req.setNews(structPb.Struct.fromJavaScript(news));
        const resp = await this.rpc("diff", req);
        const changes = ["unknown", "none", "some"][resp.getChanges()] as DiffResult["changes"];
        const kinds = Object.fromEntries(Object.entries(providerPb.PropertyDiff.Kind).map(([k, v]) => [v, k]));
        const detailed: Record<string, string> = {};
        resp.getDetaileddiffMap().forEach((v: any, k: string) => (detailed[k] = kinds[v.getKind()] as string));
        return {
            changes,
            diffs: resp.getDiffsList(),
            replaces: resp.getReplacesList(),
            stables: resp.getStablesList(),
            deleteBeforeReplace: resp.getDeletebeforereplace(),
            detailed,
        };
    }

    async create(urn: string, inputs: Props, preview: boolean): Promise<{ id: string; outputs: Props }> {
        const req = new providerPb.CreateRequest();
        req.setUrn(urn);
        req.setProperties(structPb.Struct.fromJavaScript(inputs));
        req.setPreview(preview);
        const resp = await this.rpc("create", req);
        return { id: resp.getId(), outputs: resp.getProperties().toJavaScript() };
    }

    async read(urn: string, id: string, outputs: Props, inputs: Props): Promise<{ id: string; outputs: Props; inputs: Props }> {
        const req = new providerPb.ReadRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(structPb.Struct.fromJavaScript(outputs));
        req.setInputs(structPb.Struct.fromJavaScript(inputs));
        const resp = await this.rpc("read", req);
        return { id: resp.getId(), outputs: resp.getProperties().toJavaScript(), inputs: resp.getInputs().toJavaScript() };
    }

    async update(urn: string, id: string, olds: Props, oldInputs: Props, news: Props, preview: boolean): Promise<Props> {
        const req = new providerPb.UpdateRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setOlds(structPb.Struct.fromJavaScript(olds));
        req.setOldInputs(structPb.Struct.fromJavaScript(oldInputs));
        req.setNews(structPb.Struct.fromJavaScript(news));
        req.setPreview(preview);
        return (await this.rpc("update", req)).getProperties().toJavaScript();
    }

    async delete(urn: string, id: string, outputs: Props): Promise<void> {
        const req = new providerPb.DeleteRequest();
        req.setUrn(urn);
        req.setId(id);
        req.setProperties(structPb.Struct.fromJavaScript(outputs));
        await this.rpc("delete", req);
    }

    async invoke(tok: string, args: Props): Promise<Props> {
        const req = new providerPb.InvokeRequest();
        req.setTok(tok);
        req.setArgs(structPb.Struct.fromJavaScript(args));
        return (await this.rpc("invoke", req)).getReturn().toJavaScript();
    }
}

/**
 * A stand-in of the Pulumi Cloud service API for the real CLI's end-to-end tests: an HTTP server
 * on 127.0.0.1 that `pulumi login http://127.0.0.1:PORT` (with PULUMI_ACCESS_TOKEN) talks to.
 * It answers exactly the calls the CLI (v3.277.0, pkg/backend/httpstate/client) makes for stacks,
 * updates and policy packs in these tests, the way the service does, and nothing else: any other
 * call gets the service's 404 body and is logged as unserved, so a test sees it.
 *
 * The wire rules it keeps, as the CLI reads them (client/api.go): every API path is under /api/;
 * the CLI sends `Authorization: token <PAT>` (update-scoped calls: `update-token <lease>`) and
 * may gzip a request body (`Content-Encoding: gzip`); errors are status >= 400 with a JSON body
 * `{"code": <status>, "message": ...}` (the CLI reads the code from the body); a call whose reply
 * the CLI decodes gets a JSON body, `{}` at least.
 *
 * What the real service does that this leaves out: billing and plan limits, audit logs, the web
 * console, teams and roles (the one token is a member of its orgs with every permission),
 * webhooks, deployments, ESC environments, KMS keys (secrets.ts encrypts with a local key),
 * update history and event queries, journal and delta checkpoints (no capability is advertised,
 * so the CLI saves whole checkpoints), resource search, Insights accounts, policy compliance
 * results and issues, policy exceptions, stack match rules of policy groups, signed storage URLs
 * with expiry (the upload and download URLs here carry a random secret and never expire).
 *
 * State lives in memory, one CloudStandin per test suite.
 */
import { randomBytes } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { gunzipSync } from "zlib";

/** One call the CLI made: method and the route's template (`/api/stacks/{org}/{project}/{stack}`). */
export interface LoggedCall {
    method: string;
    route: string;
    status: number;
}

export class ApiError extends Error {
    constructor(
        readonly status: number,
        message: string,
    ) {
        super(message);
    }
}

export interface Request {
    method: string;
    /** Path parameters, by the names in the route template. */
    params: Record<string, string>;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
    /** The raw body (gunzipped when the CLI compressed it). */
    raw: Buffer;
    /** The body parsed as JSON (undefined when empty). */
    body: any;
    /** The server's own base URL, for URLs handed back to the CLI. */
    baseUrl: string;
}

/** `json`: reply with this JSON; `bytes`: reply with these bytes (a download). */
export type Reply = { json: unknown; status?: number } | { bytes: Buffer; contentType: string };

/** Who may call a route: the user's API token, an update's lease token, or anyone (a signed URL). */
export type Auth = "token" | "update" | "none";

export interface Route {
    method: string;
    template: string;
    auth: Auth;
    handle(req: Request): Reply;
}

/** Checks an update lease token for the update named in the request. */
export type LeaseCheck = (req: Request, token: string) => boolean;

export class ApiServer {
    readonly calls: LoggedCall[] = [];
    /** Calls no route answers: the CLI asked for something this stand-in does not serve. */
    readonly unserved: string[] = [];
    private server?: http.Server;
    private routes: { method: string; template: string; parts: string[]; route: Route }[] = [];
    baseUrl = "";

    constructor(
        readonly accessToken: string,
        private readonly leaseCheck: LeaseCheck,
    ) {}

    add(route: Route): void {
        const parts = route.template.split("/").filter((p) => p !== "");
        this.routes.push({ method: route.method, template: route.template, parts, route });
    }

    async listen(): Promise<string> {
        this.server = http.createServer((req, res) => this.serve(req, res));
        await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
        const { port } = this.server.address() as AddressInfo;
        this.baseUrl = `http://127.0.0.1:${port}`;
        return this.baseUrl;
    }

    async close(): Promise<void> {
        if (this.server) {
            this.server.closeAllConnections();
            await new Promise<void>((resolve) => this.server!.close(() => resolve()));
        }
    }

    private match(method: string, path: string): { route: Route; template: string; params: Record<string, string> } | undefined {
        const segs = path.split("/").filter((p) => p !== "").map(decodeURIComponent);
        for (const r of this.routes) {
            if (r.method !== method || r.parts.length !== segs.length) continue;
            const params: Record<string, string> = {};
            let ok = true;
            for (let i = 0; i < segs.length && ok; i++) {
                const p = r.parts[i];
                if (p.startsWith("{") && p.endsWith("}")) {
                    params[p.slice(1, -1)] = segs[i];
                } else if (p !== segs[i]) {
                    ok = false;
                }
            }
            if (ok) return { route: r.route, template: r.template, params };
        }
        return undefined;
    }

    private serve(req: http.IncomingMessage, res: http.ServerResponse): void {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const url = new URL(req.url ?? "/", this.baseUrl);
            const method = req.method ?? "GET";
            const found = this.match(method, url.pathname);
            const send = (status: number, reply: Reply) => {
                this.calls.push({ method, route: found?.template ?? url.pathname, status });
                if ("bytes" in reply) {
                    res.writeHead(status, { "Content-Type": reply.contentType, "Content-Length": reply.bytes.length });
                    res.end(reply.bytes);
                } else {
                    const text = JSON.stringify(reply.json);
                    res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
                    res.end(text);
                }
            };
            const fail = (status: number, message: string) => send(status, { json: { code: status, message } });
            if (!found) {
                this.unserved.push(`${method} ${url.pathname}`);
                fail(404, `Not Found: ${method} ${url.pathname}`);
                return;
            }
            try {
                let raw = Buffer.concat(chunks);
                if (req.headers["content-encoding"] === "gzip") {
                    raw = gunzipSync(raw);
                }
                const isJson = found.route.auth !== "none" && raw.length > 0;
                const request: Request = {
                    method,
                    params: found.params,
                    query: url.searchParams,
                    headers: req.headers,
                    raw,
                    body: isJson ? JSON.parse(raw.toString("utf8")) : undefined,
                    baseUrl: this.baseUrl,
                };
                this.authorize(found.route.auth, request);
                const reply = found.route.handle(request);
                send("status" in reply && reply.status ? reply.status : 200, reply);
            } catch (e) {
                if (e instanceof ApiError) {
                    fail(e.status, e.message);
                } else {
                    fail(500, `Internal Server Error: ${(e as Error).message}`);
                }
            }
        });
    }

    private authorize(auth: Auth, req: Request): void {
        if (auth === "none") return;
        const header = req.headers.authorization ?? "";
        const [kind, value] = header.split(" ", 2);
        if (auth === "token" && kind === "token" && value === this.accessToken) return;
        if (auth === "update" && kind === "update-token" && this.leaseCheck(req, value ?? "")) return;
        throw new ApiError(401, "Unauthorized: No credentials provided or are invalid.");
    }
}

/** A random URL-safe secret (lease tokens, signed storage URLs). */
export function secret(): string {
    return randomBytes(16).toString("hex");
}

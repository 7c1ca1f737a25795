/**
 * The stand-in's user, organizations, stacks and updates (preview, update, destroy), as the CLI
 * calls them (pkg/backend/httpstate/client/client.go and backend.go at v3.277.0; request and
 * response shapes from sdk/go/common/apitype).
 *
 * An update runs in the CLI; the service only records it: create (the required policy packs come
 * back here), start (a lease token; the stack's tags are replaced by the ones sent), engine events,
 * whole checkpoints (the stack's state, which `pulumi stack export` and the next update read),
 * lease renewal (the CLI renews a lease after ~2.5 minutes, which a slow machine may reach),
 * complete. Choices the CLI does not show: stack versions count started updates
 * that are not previews; a second update started while one runs on the same stack is refused with
 * 409, as the service's lease does; the lease never expires.
 */
import { ApiError, ApiServer, Request, secret } from "./server";

export interface StackRecord {
    org: string;
    project: string;
    name: string;
    tags: Record<string, string>;
    /** Updates that are not previews, started so far. */
    version: number;
    /** The latest checkpoint (`{version, features?, deployment}`), or none before the first update. */
    checkpoint?: { version: number; features?: string[]; deployment: unknown };
    /** The running update's id. */
    activeUpdate?: string;
    created: string;
}

export interface UpdateRecord {
    id: string;
    stack: string;
    kind: string;
    dryRun: boolean;
    token?: string;
    status: "not started" | "running" | string;
    /** The engine events the CLI sent (their `type` fields), in order. */
    eventTypes: string[];
    requiredPolicies: string[];
}

/** The required policy packs for a stack, filled in by the policy side. */
export type RequiredPoliciesOf = (stack: StackRecord, baseUrl: string) => unknown[];

/** The update kinds the CLI creates here (`refresh` and imports are not served). */
const UPDATE_KINDS = new Set(["preview", "update", "destroy"]);

export class Stacks {
    readonly stacks = new Map<string, StackRecord>();
    readonly updates = new Map<string, UpdateRecord>();
    private nextUpdate = 1;

    constructor(
        readonly user: string,
        readonly orgs: string[],
        /** Called when a stack is created (the policy side puts it in the default group). */
        private readonly onCreate: (stack: StackRecord) => void,
        /** Called when a stack is deleted (it leaves its policy groups). */
        private readonly onRemove: (stack: StackRecord) => void,
        private readonly requiredPolicies: RequiredPoliciesOf,
    ) {}

    static key(org: string, project: string, stack: string): string {
        return `${org}/${project}/${stack}`;
    }

    /** The stack named by the request's {org}/{project}/{stack}, or the service's 404. */
    stackOf(req: Request): StackRecord {
        const { org, project, stack } = req.params;
        this.orgOf(req);
        const rec = this.stacks.get(Stacks.key(org, project, stack));
        if (!rec) {
            throw new ApiError(404, `Not Found: Stack '${org}/${project}/${stack}' not found`);
        }
        return rec;
    }

    orgOf(req: Request): string {
        const org = req.params.org;
        if (!this.orgs.includes(org) && org !== this.user) {
            throw new ApiError(404, `Not Found: Organization '${org}' not found`);
        }
        return org;
    }

    /** Lease check for update-scoped calls: the token of that update, while it runs. */
    leaseValid(req: Request, token: string): boolean {
        const update = this.updates.get(req.params.update);
        return update !== undefined && update.status === "running" && update.token === token;
    }

    register(server: ApiServer): void {
        server.add({ method: "GET", template: "/api/capabilities", auth: "token", handle: () => ({ json: { capabilities: [] } }) });
        server.add({
            method: "GET",
            template: "/api/user",
            auth: "token",
            handle: () => ({
                json: {
                    id: `user-${this.user}`,
                    githubLogin: this.user,
                    name: this.user,
                    email: `${this.user}@example.com`,
                    avatarUrl: "",
                    organizations: this.orgs.map((o) => ({ githubLogin: o, name: o, avatarUrl: "" })),
                    identities: [],
                },
            }),
        });
        server.add({
            method: "GET",
            template: "/api/user/organizations/default",
            auth: "token",
            handle: () => ({ json: { GitHubLogin: this.orgs[0] ?? this.user, Messages: [] } }),
        });
        server.add({ method: "GET", template: "/api/user/stacks", auth: "token", handle: (req) => ({ json: this.list(req) }) });
        server.add({ method: "POST", template: "/api/stacks/{org}/{project}", auth: "token", handle: (req) => this.create(req) });
        server.add({ method: "GET", template: "/api/stacks/{org}/{project}/{stack}", auth: "token", handle: (req) => ({ json: this.view(this.stackOf(req)) }) });
        server.add({ method: "DELETE", template: "/api/stacks/{org}/{project}/{stack}", auth: "token", handle: (req) => this.remove(req) });
        server.add({
            method: "PATCH",
            template: "/api/stacks/{org}/{project}/{stack}/tags",
            auth: "token",
            handle: (req) => {
                this.stackOf(req).tags = { ...(req.body ?? {}) };
                return { json: {} };
            },
        });
        server.add({ method: "GET", template: "/api/stacks/{org}/{project}/{stack}/export", auth: "token", handle: (req) => ({ json: this.exported(this.stackOf(req)) }) });
        for (const kind of UPDATE_KINDS) {
            server.add({ method: "POST", template: `/api/stacks/{org}/{project}/{stack}/${kind}`, auth: "token", handle: (req) => this.createUpdate(req, kind) });
        }
        server.add({ method: "POST", template: "/api/stacks/{org}/{project}/{stack}/update/{update}", auth: "token", handle: (req) => this.start(req) });
        server.add({
            method: "POST",
            template: "/api/stacks/{org}/{project}/{stack}/update/{update}/events/batch",
            auth: "update",
            handle: (req) => {
                const update = this.updateOf(req);
                for (const e of req.body?.events ?? []) {
                    update.eventTypes.push(eventType(e));
                }
                return { json: {} };
            },
        });
        server.add({
            method: "PATCH",
            template: "/api/stacks/{org}/{project}/{stack}/update/{update}/checkpoint",
            auth: "update",
            handle: (req) => {
                const update = this.updateOf(req);
                if (update.dryRun) throw new ApiError(400, "Bad Request: a preview has no checkpoint");
                const body = req.body ?? {};
                if (body.isInvalid) throw new ApiError(400, "Bad Request: invalid checkpoint");
                this.stackOf(req).checkpoint = { version: body.version, features: body.features, deployment: body.deployment };
                return { json: {} };
            },
        });
        server.add({
            method: "POST",
            template: "/api/stacks/{org}/{project}/{stack}/update/{update}/renew_lease",
            auth: "update",
            handle: (req) => {
                this.updateOf(req);
                return { json: { token: req.headers.authorization?.split(" ")[1] ?? "", tokenExpiration: 0 } };
            },
        });
        server.add({
            method: "POST",
            template: "/api/stacks/{org}/{project}/{stack}/update/{update}/complete",
            auth: "update",
            handle: (req) => {
                const update = this.updateOf(req);
                update.status = String(req.body?.status ?? "failed");
                const stack = this.stackOf(req);
                if (stack.activeUpdate === update.id) stack.activeUpdate = undefined;
                return { json: {} };
            },
        });
    }

    private updateOf(req: Request): UpdateRecord {
        const stack = this.stackOf(req);
        const update = this.updates.get(req.params.update);
        if (!update || update.stack !== Stacks.key(stack.org, stack.project, stack.name)) {
            throw new ApiError(404, `Not Found: Update '${req.params.update}' not found`);
        }
        return update;
    }

    private view(s: StackRecord) {
        return {
            id: `stack-${s.org}-${s.project}-${s.name}`,
            orgName: s.org,
            projectName: s.project,
            stackName: s.name,
            activeUpdate: s.activeUpdate ?? "",
            tags: s.tags,
            version: s.version,
        };
    }

    private list(req: Request) {
        const project = req.query.get("project");
        const org = req.query.get("organization");
        const stacks = [...this.stacks.values()]
            .filter((s) => (!project || s.project === project) && (!org || s.org === org))
            .map((s) => ({
                id: `stack-${s.org}-${s.project}-${s.name}`,
                orgName: s.org,
                projectName: s.project,
                stackName: s.name,
                resourceCount: resourceCount(s),
            }));
        // No continuation token: everything fits on one page.
        return { stacks };
    }

    private create(req: Request) {
        const org = this.orgOf(req);
        const project = req.params.project;
        const name = String(req.body?.stackName ?? "");
        if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) {
            throw new ApiError(400, `Bad Request: invalid stack name '${name}'`);
        }
        const key = Stacks.key(org, project, name);
        if (this.stacks.has(key)) {
            throw new ApiError(409, `Conflict: Stack '${name}' already exists`);
        }
        const rec: StackRecord = { org, project, name, tags: { ...(req.body?.tags ?? {}) }, version: 0, created: new Date().toISOString() };
        this.stacks.set(key, rec);
        this.onCreate(rec);
        return { json: {} };
    }

    private remove(req: Request) {
        const stack = this.stackOf(req);
        if (resourceCount(stack) > 0 && req.query.get("force") !== "true") {
            throw new ApiError(400, "Bad Request: Stack still contains resources.");
        }
        this.stacks.delete(Stacks.key(stack.org, stack.project, stack.name));
        this.onRemove(stack);
        return { json: {} };
    }

    private exported(s: StackRecord) {
        if (s.checkpoint) {
            return { version: s.checkpoint.version, features: s.checkpoint.features, deployment: s.checkpoint.deployment };
        }
        return { version: 3, deployment: { manifest: { time: s.created, magic: "", version: "" } } };
    }

    private createUpdate(req: Request, kind: string) {
        const stack = this.stackOf(req);
        const id = `update-${this.nextUpdate++}`;
        const required = this.requiredPolicies(stack, req.baseUrl);
        this.updates.set(id, {
            id,
            stack: Stacks.key(stack.org, stack.project, stack.name),
            kind,
            dryRun: kind === "preview" || req.body?.options?.dryRun === true,
            status: "not started",
            eventTypes: [],
            requiredPolicies: required.map((p: any) => `${p.name}@${p.versionTag}`),
        });
        return { json: { updateID: id, requiredPolicies: required } };
    }

    private start(req: Request) {
        const stack = this.stackOf(req);
        const update = this.updateOf(req);
        if (update.status !== "not started") {
            throw new ApiError(400, `Bad Request: update '${update.id}' has already started`);
        }
        if (stack.activeUpdate) {
            throw new ApiError(409, "Conflict: Another update is currently in progress.");
        }
        if (req.body?.tags) {
            stack.tags = { ...req.body.tags };
        }
        if (!update.dryRun) {
            stack.version++;
        }
        update.status = "running";
        update.token = secret();
        stack.activeUpdate = update.id;
        // journalVersion 0: the CLI saves whole checkpoints (PATCH .../checkpoint).
        return { json: { version: stack.version, token: update.token, tokenExpiration: 0, journalVersion: 0 } };
    }
}

function resourceCount(s: StackRecord): number {
    const resources = (s.checkpoint?.deployment as { resources?: unknown[] } | undefined)?.resources;
    return Array.isArray(resources) ? resources.length : 0;
}

/** An engine event's kind: the one payload field set besides sequence and timestamp. */
function eventType(e: Record<string, unknown>): string {
    return Object.keys(e).find((k) => k.endsWith("Event")) ?? "unknown";
}

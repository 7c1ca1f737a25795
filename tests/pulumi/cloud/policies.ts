/**
 * The stand-in's policy packs and policy groups, as the CLI calls them (`pulumi policy publish`,
 * `ls`, `enable`, `disable`, `rm VERSION`, `validate-config`, `group ls|new|get|edit`; client.go at
 * v3.277.0), and the required policies an update is given.
 *
 * Service rules kept because the CLI depends on them: a version tag published once is refused
 * again, even after it was removed (the service's text, as quoted in pulumi/docs#2843: "Policy
 * Pack: NAME, Version Tag: TAG already exists"); two policies with one name are refused
 * ("Duplicate policy name", pulumi/pulumi#11473); a config is validated at enable against the
 * schema the CLI published (which holds only each policy's `properties` and `required`: the CLI
 * drops everything else), with the project's own reconciliation (engine/config.ts: schema
 * defaults, then the config; the real engine does the same before Configure); an unknown pack,
 * version, group or stack is a 404 naming it; a version still enabled in a group cannot be removed
 * (`pulumi policy rm --help`: "The Policy Pack must be disabled from all Policy Groups before it
 * can be removed"). Every new stack joins the org's default group (`default-policy-group`,
 * preventative), as in the service; a deleted stack leaves its groups.
 *
 * Enabling replaces the pack's config in the group (`pulumi policy enable --help` says so).
 *
 * Chosen, because the CLI does not show it: `latest` (an enable without a version) resolves at
 * enable time to the newest completed version; enabling another version of a pack a group already
 * has replaces that version; a stack in two groups that enable the same pack gets the update
 * refused (400, naming the groups); the bad-config, not-enabled and still-enabled messages are
 * this stand-in's own words; the tarball is stored as uploaded and served back unchanged from an
 * unauthenticated URL that carries a random secret.
 */
import { reconcileConfig, PolicyConfigError } from "../../../engine/config";
import type { AnalyzerInfo } from "../../../engine/types";
import { ApiError, ApiServer, Request, secret } from "./server";
import type { StackRecord, Stacks } from "./stacks";

export const DEFAULT_GROUP = "default-policy-group";

interface PackVersion {
    org: string;
    name: string;
    displayName: string;
    /** The service's running number for the pack's versions (1, 2, ...). */
    version: number;
    versionTag: string;
    policies: any[];
    tarball?: Buffer;
    complete: boolean;
    /** The random part of the upload and download URLs. */
    sig: string;
}

interface AppliedPack {
    name: string;
    versionTag: string;
    config?: Record<string, unknown>;
}

interface Group {
    org: string;
    name: string;
    isOrgDefault: boolean;
    mode: "preventative" | "audit";
    entityType: "stacks" | "accounts";
    /** Member stacks as `project/stack`. */
    stacks: string[];
    packs: AppliedPack[];
}

export class Policies {
    private versions: PackVersion[] = [];
    /** Every `org/name/tag` ever published, removed ones too: a tag is never published twice. */
    private everPublished = new Set<string>();
    private groups: Group[] = [];

    constructor(private readonly stacks: () => Stacks) {}

    /** Called for each new stack: it joins its org's default group. */
    stackCreated(stack: StackRecord): void {
        this.defaultGroup(stack.org).stacks.push(`${stack.project}/${stack.name}`);
    }

    /** Called for each deleted stack: it leaves every group. */
    stackRemoved(stack: StackRecord): void {
        const member = `${stack.project}/${stack.name}`;
        for (const g of this.groupsOf(stack.org)) {
            g.stacks = g.stacks.filter((s) => s !== member);
        }
    }

    /** The `requiredPolicies` of a new update of this stack. */
    requiredFor(stack: StackRecord, baseUrl: string): unknown[] {
        const member = `${stack.project}/${stack.name}`;
        const groups = this.groupsOf(stack.org).filter((g) => g.mode === "preventative" && g.stacks.includes(member));
        const seen = new Map<string, string>();
        const out: unknown[] = [];
        for (const g of groups) {
            for (const applied of g.packs) {
                const other = seen.get(applied.name);
                if (other !== undefined) {
                    throw new ApiError(400, `Bad Request: stack ${member} is in policy groups "${other}" and "${g.name}", which both enable policy pack "${applied.name}"`);
                }
                seen.set(applied.name, g.name);
                const v = this.find(stack.org, applied.name, applied.versionTag);
                out.push({
                    name: v.name,
                    version: v.version,
                    versionTag: v.versionTag,
                    displayName: v.displayName,
                    packLocation: this.downloadUrl(baseUrl, v),
                    ...(applied.config ? { config: applied.config } : {}),
                });
            }
        }
        return out;
    }

    /** The policies a completed version was published with (the CLI's analyzer info). */
    publishedPolicies(org: string, name: string, tag: string): any[] {
        return this.find(org, name, tag).policies;
    }

    /** The tarball a completed version was published with (what the CLI downloads). */
    tarball(org: string, name: string, tag: string): Buffer {
        const t = this.find(org, name, tag).tarball;
        if (!t) throw new Error(`${org}/${name}@${tag} has no tarball`);
        return t;
    }

    register(server: ApiServer): void {
        const org = (req: Request) => this.stacks().orgOf(req);
        server.add({ method: "POST", template: "/api/orgs/{org}/policypacks", auth: "token", handle: (req) => this.create(req, org(req)) });
        server.add({
            method: "PUT",
            template: "/storage/policypacks/{org}/{name}/{tag}/{sig}",
            auth: "none",
            handle: (req) => {
                const v = this.bySig(req);
                if (v.complete) throw new ApiError(403, "Forbidden: this version is already published");
                v.tarball = req.raw;
                return { bytes: Buffer.alloc(0), contentType: "text/plain" };
            },
        });
        server.add({
            method: "GET",
            template: "/storage/policypacks/{org}/{name}/{tag}/{sig}",
            auth: "none",
            handle: (req) => {
                const v = this.bySig(req);
                if (!v.complete || !v.tarball) throw new ApiError(404, "Not Found");
                return { bytes: v.tarball, contentType: "application/octet-stream" };
            },
        });
        server.add({
            method: "POST",
            template: "/api/orgs/{org}/policypacks/{name}/versions/{tag}/complete",
            auth: "token",
            handle: (req) => {
                const v = this.versions.find((x) => x.org === org(req) && x.name === req.params.name && x.versionTag === req.params.tag);
                if (!v) throw new ApiError(404, `Not Found: Policy Pack ${req.params.name} version ${req.params.tag} was not created`);
                if (!v.tarball) throw new ApiError(400, `Bad Request: nothing was uploaded for Policy Pack ${v.name} version ${v.versionTag}`);
                v.complete = true;
                return { json: {} };
            },
        });
        server.add({ method: "GET", template: "/api/orgs/{org}/policypacks", auth: "token", handle: (req) => ({ json: this.list(org(req)) }) });
        server.add({
            method: "GET",
            template: "/api/orgs/{org}/policypacks/{name}/versions/{tag}",
            auth: "token",
            handle: (req) => {
                const v = this.find(org(req), req.params.name, req.params.tag);
                const applied = this.groupsOf(v.org).some((g) => g.packs.some((p) => p.name === v.name && p.versionTag === v.versionTag));
                return { json: { name: v.name, displayName: v.displayName, version: v.version, versionTag: v.versionTag, policies: v.policies, applied } };
            },
        });
        server.add({
            method: "GET",
            template: "/api/orgs/{org}/policypacks/{name}/versions/{tag}/schema",
            auth: "token",
            handle: (req) => {
                const v = this.find(org(req), req.params.name, req.params.tag);
                const configSchema: Record<string, unknown> = {};
                for (const p of v.policies) {
                    if (p.configSchema) configSchema[p.name] = p.configSchema;
                }
                return { json: { configSchema } };
            },
        });
        server.add({ method: "DELETE", template: "/api/orgs/{org}/policypacks/{name}/versions/{tag}", auth: "token", handle: (req) => this.remove(org(req), req.params.name, req.params.tag) });

        server.add({ method: "GET", template: "/api/orgs/{org}/policygroups", auth: "token", handle: (req) => ({ json: { policyGroups: this.groupsOf(org(req)).map((g) => this.summary(g)) } }) });
        server.add({ method: "POST", template: "/api/orgs/{org}/policygroups", auth: "token", handle: (req) => this.createGroup(org(req), req.body ?? {}) });
        server.add({ method: "GET", template: "/api/orgs/{org}/policygroups/{group}", auth: "token", handle: (req) => ({ json: this.view(this.group(org(req), req.params.group)) }) });
        server.add({
            method: "PATCH",
            template: "/api/orgs/{org}/policygroups/{group}",
            auth: "token",
            handle: (req) => {
                this.applyUpdate(this.group(org(req), req.params.group), req.body ?? {});
                return { json: {} };
            },
        });
        server.add({
            method: "PATCH",
            template: "/api/orgs/{org}/policygroups/{group}/batch",
            auth: "token",
            handle: (req) => {
                const g = this.group(org(req), req.params.group);
                if (!Array.isArray(req.body)) throw new ApiError(400, "Bad Request: expected a list of updates");
                // Validated as a whole before any of it applies: work on a copy.
                const copy: Group = structuredClone(g);
                for (const u of req.body) this.applyUpdate(copy, u);
                Object.assign(g, copy);
                return { json: {} };
            },
        });
    }

    private create(req: Request, org: string) {
        const body = req.body ?? {};
        const name = String(body.name ?? "");
        const tag = String(body.versionTag ?? "");
        if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw new ApiError(400, `Bad Request: invalid Policy Pack name "${name}"`);
        if (!/^[A-Za-z0-9_.-]{1,100}$/.test(tag)) throw new ApiError(400, `Bad Request: invalid version tag "${tag}"`);
        const policies: any[] = Array.isArray(body.policies) ? body.policies : [];
        const names = new Set<string>();
        for (const p of policies) {
            if (names.has(p.name)) throw new ApiError(400, `Bad Request: Duplicate policy name: "${p.name}"`);
            names.add(p.name);
        }
        const key = `${org}/${name}/${tag}`;
        if (this.everPublished.has(key)) {
            throw new ApiError(400, `Bad Request: Policy Pack: ${name}, Version Tag: ${tag} already exists`);
        }
        this.everPublished.add(key);
        const version = this.versions.filter((v) => v.org === org && v.name === name).reduce((n, v) => Math.max(n, v.version), 0) + 1;
        const v: PackVersion = { org, name, displayName: String(body.displayName ?? name), version, versionTag: tag, policies, complete: false, sig: secret() };
        this.versions.push(v);
        return { json: { version, uploadURI: `${req.baseUrl}/storage/policypacks/${org}/${name}/${tag}/${v.sig}` } };
    }

    private downloadUrl(baseUrl: string, v: PackVersion): string {
        return `${baseUrl}/storage/policypacks/${v.org}/${v.name}/${v.versionTag}/${v.sig}`;
    }

    private bySig(req: Request): PackVersion {
        const { org, name, tag, sig } = req.params;
        const v = this.versions.find((x) => x.org === org && x.name === name && x.versionTag === tag && x.sig === sig);
        if (!v) throw new ApiError(403, "Forbidden: the URL is not valid");
        return v;
    }

    /** A completed version; `tag` empty: the newest. */
    private find(org: string, name: string, tag: string): PackVersion {
        const all = this.versions.filter((v) => v.org === org && v.name === name && v.complete);
        if (all.length === 0) throw new ApiError(404, `Not Found: Policy Pack '${name}' not found in organization '${org}'`);
        if (tag === "") return all.reduce((a, b) => (b.version > a.version ? b : a));
        const v = all.find((x) => x.versionTag === tag);
        if (!v) {
            throw new ApiError(404, `Not Found: Policy Pack '${name}' has no version '${tag}' (published: ${all.map((x) => x.versionTag).join(", ")})`);
        }
        return v;
    }

    private list(org: string) {
        const byName = new Map<string, PackVersion[]>();
        for (const v of this.versions.filter((x) => x.org === org && x.complete)) {
            byName.set(v.name, [...(byName.get(v.name) ?? []), v]);
        }
        return {
            policyPacks: [...byName.values()].map((vs) => ({
                name: vs[0].name,
                displayName: vs[vs.length - 1].displayName,
                versions: vs.map((v) => v.version),
                versionTags: vs.map((v) => v.versionTag),
            })),
        };
    }

    private remove(org: string, name: string, tag: string) {
        const targets = this.versions.filter((v) => v.org === org && v.name === name && v.versionTag === tag);
        if (targets.length === 0) throw new ApiError(404, `Not Found: Policy Pack '${name}' version '${tag}' not found`);
        for (const g of this.groupsOf(org)) {
            const used = g.packs.find((p) => p.name === name && p.versionTag === tag);
            if (used) throw new ApiError(400, `Bad Request: Policy Pack '${name}' version '${used.versionTag}' is enabled in policy group '${g.name}'; disable it first`);
        }
        this.versions = this.versions.filter((v) => !targets.includes(v));
        return { json: {} };
    }

    private groupsOf(org: string): Group[] {
        this.defaultGroup(org);
        return this.groups.filter((g) => g.org === org);
    }

    private defaultGroup(org: string): Group {
        let g = this.groups.find((x) => x.org === org && x.isOrgDefault);
        if (!g) {
            g = { org, name: DEFAULT_GROUP, isOrgDefault: true, mode: "preventative", entityType: "stacks", stacks: [], packs: [] };
            this.groups.push(g);
        }
        return g;
    }

    private group(org: string, name: string): Group {
        const g = this.groupsOf(org).find((x) => x.name === name);
        if (!g) throw new ApiError(404, `Not Found: Policy Group '${name}' not found in organization '${org}'`);
        return g;
    }

    private createGroup(org: string, body: any) {
        const name = String(body.name ?? "");
        if (!/^[A-Za-z0-9_.-]{1,100}$/.test(name)) throw new ApiError(400, `Bad Request: invalid policy group name "${name}"`);
        if (this.groupsOf(org).some((g) => g.name === name)) throw new ApiError(409, `Conflict: Policy Group '${name}' already exists`);
        const entityType = body.entityType === "accounts" ? "accounts" : "stacks";
        const mode = body.mode ?? (entityType === "accounts" ? "audit" : "preventative");
        if (mode !== "preventative" && mode !== "audit") throw new ApiError(400, `Bad Request: invalid mode "${mode}"`);
        if (body.stackMatchRule || body.accountMatchRule) throw new ApiError(400, "Bad Request: match rules are not served by this stand-in");
        this.groups.push({ org, name, isOrgDefault: false, mode, entityType, stacks: [], packs: [] });
        return { json: {} };
    }

    private applyUpdate(g: Group, u: any): void {
        if (u.newName !== undefined) {
            if (g.isOrgDefault) throw new ApiError(400, "Bad Request: the default policy group cannot be renamed");
            g.name = String(u.newName);
        }
        if (u.addStack) {
            const member = `${u.addStack.routingProject}/${u.addStack.name}`;
            const stack = this.stacks().stacks.get(`${g.org}/${member}`);
            if (!stack) throw new ApiError(404, `Not Found: Stack '${g.org}/${member}' not found`);
            if (!g.stacks.includes(member)) g.stacks.push(member);
        }
        if (u.removeStack) {
            const member = `${u.removeStack.routingProject}/${u.removeStack.name}`;
            if (!g.stacks.includes(member)) throw new ApiError(400, `Bad Request: stack '${member}' is not in policy group '${g.name}'`);
            g.stacks = g.stacks.filter((s) => s !== member);
        }
        if (u.addPolicyPack) this.enable(g, u.addPolicyPack);
        if (u.removePolicyPack) {
            const { name, versionTag } = u.removePolicyPack;
            const applied = g.packs.find((p) => p.name === name && (!versionTag || p.versionTag === versionTag));
            if (!applied) {
                throw new ApiError(400, `Bad Request: Policy Pack '${name}'${versionTag ? ` version '${versionTag}'` : ""} is not enabled in policy group '${g.name}'`);
            }
            g.packs = g.packs.filter((p) => p !== applied);
        }
        if (u.addInsightsAccount || u.removeInsightsAccount || u.stackMatchRule || u.accountMatchRule) {
            throw new ApiError(400, "Bad Request: Insights accounts and match rules are not served by this stand-in");
        }
    }

    private enable(g: Group, meta: { name: string; versionTag?: string; config?: Record<string, unknown> }): void {
        const v = this.find(g.org, meta.name, meta.versionTag ?? "");
        if (meta.config) {
            validateConfig(v, meta.config);
        }
        g.packs = g.packs.filter((p) => p.name !== v.name);
        g.packs.push({ name: v.name, versionTag: v.versionTag, config: meta.config });
    }

    private summary(g: Group) {
        return {
            name: g.name,
            isOrgDefault: g.isOrgDefault,
            numStacks: g.stacks.length,
            entityType: g.entityType,
            mode: g.mode,
            numEnabledPolicyPacks: g.packs.length,
        };
    }

    private view(g: Group) {
        return {
            name: g.name,
            isOrgDefault: g.isOrgDefault,
            entityType: g.entityType,
            mode: g.mode,
            stacks: g.stacks.map((m) => {
                const [routingProject, name] = m.split("/");
                return { name, routingProject };
            }),
            appliedPolicyPacks: g.packs.map((p) => {
                const v = this.find(g.org, p.name, p.versionTag);
                return { name: v.name, displayName: v.displayName, version: v.version, versionTag: v.versionTag, ...(p.config ? { config: p.config } : {}) };
            }),
            accounts: [],
        };
    }
}

/**
 * Validates a group config against the version's published policies: each entry names a policy of
 * the pack (or is `all`), carries a valid enforcement level if any, and its properties, over the
 * schema's defaults, satisfy the policy's published schema.
 */
function validateConfig(v: PackVersion, config: Record<string, unknown>): void {
    const info = {
        name: v.name,
        policies: v.policies.map((p) => ({ name: p.name, enforcementLevel: p.enforcementLevel, configSchema: p.configSchema })),
        initialConfig: {},
    } as unknown as AnalyzerInfo;
    const file: Record<string, unknown> = { ...config };
    const all = file.all as { enforcementLevel?: unknown } | undefined;
    if (all && typeof all === "object") {
        file.all = all.enforcementLevel;
    }
    try {
        reconcileConfig(info, file);
    } catch (e) {
        if (e instanceof PolicyConfigError) {
            throw new ApiError(400, `Bad Request: invalid configuration for Policy Pack ${v.name} version ${v.versionTag}: ${e.problems.join("; ")}`);
        }
        throw e;
    }
}

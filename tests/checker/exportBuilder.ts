/**
 * Builds `pulumi stack export` documents (deployment version 3) that look like real ones: the
 * stack resource, a default aws provider with an id and `provider` references, auto-named
 * physical names with Pulumi's 7-hex suffix, `__defaults` in inputs, @pulumi/aws outputs that list
 * every attribute ("" and [] for unset ones), parent, dependencies and propertyDependencies.
 * Deterministic: ids derive from names, timestamps are fixed.
 *
 * @example
 * const b = new StackBuilder({ stack: "dev", project: "shop" });
 * const role = b.role("invoker", "apigateway.amazonaws.com");
 * fs.writeFileSync("dev.json", JSON.stringify(b.toExport(), null, 4));
 */
import { createHash } from "crypto";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
const TIME = "2025-06-12T09:41:07.512345678Z";
const AWS_VERSION = "7.48.0";
const CLI_VERSION = "v3.248.0";

export type Props = Record<string, unknown>;

/** A resource in the export (ResourceV3), with its outputs at hand for the next resources. */
export interface Res {
    urn: string;
    type: string;
    name: string;
    id: string;
    outputs: Props;
}

export interface StackOptions {
    stack: string;
    project: string;
    /** Pulumi Cloud organization; without it the export looks like a DIY (passphrase) backend's. */
    organization?: string;
}

interface AddOptions {
    id?: string;
    inputs: Props;
    outputs: Props;
    /** Resources whose outputs the inputs use, keyed by input property. */
    uses?: Record<string, Res[]>;
    parent?: Res;
    custom?: boolean;
}

export function hex(seed: string, length: number): string {
    return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

/** Lower-case alphanumeric id, like API Gateway's. */
export function apiId(seed: string, length = 10): string {
    return BigInt(`0x${hex(seed, 16)}`).toString(36).padStart(length, "0").slice(0, length);
}

export class StackBuilder {
    readonly resources: Props[] = [];
    readonly stackRes: Res;
    readonly provider: Res;

    constructor(readonly opts: StackOptions) {
        const stackName = `${opts.project}-${opts.stack}`;
        this.stackRes = { urn: this.urn("pulumi:pulumi:Stack", stackName), type: "pulumi:pulumi:Stack", name: stackName, id: "", outputs: {} };
        this.resources.push({ urn: this.stackRes.urn, custom: false, type: "pulumi:pulumi:Stack", outputs: this.stackRes.outputs, created: TIME, modified: TIME });
        const providerInputs = {
            __internal: {},
            region: REGION,
            skipCredentialsValidation: "false",
            skipRegionValidation: "true",
            version: AWS_VERSION,
        };
        const providerName = `default_${AWS_VERSION.replace(/\./g, "_")}`;
        const id = uuid(`${opts.project}/${opts.stack}/provider`);
        this.provider = { urn: this.urn("pulumi:providers:aws", providerName), type: "pulumi:providers:aws", name: providerName, id, outputs: providerInputs };
        this.resources.push({
            urn: this.provider.urn,
            custom: true,
            id,
            type: "pulumi:providers:aws",
            inputs: providerInputs,
            outputs: providerInputs,
            created: TIME,
            modified: TIME,
        });
    }

    urn(type: string, name: string, parentType?: string): string {
        const qualified = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
        return `urn:pulumi:${this.opts.stack}::${this.opts.project}::${qualified}::${name}`;
    }

    /** Pulumi's auto-name: the logical name and 7 hex characters. */
    autoName(name: string): string {
        return `${name}-${hex(`${this.opts.stack}/${name}`, 7)}`;
    }

    /** Adds a resource; dependencies and propertyDependencies come from `uses`. */
    add(type: string, name: string, o: AddOptions): Res {
        const parent = o.parent ?? this.stackRes;
        const urn = this.urn(type, name, parent.type);
        const id = o.id ?? hex(urn, 12);
        const propertyDependencies: Record<string, string[]> = {};
        const dependencies: string[] = [];
        for (const [key, used] of Object.entries(o.uses ?? {})) {
            propertyDependencies[key] = [...new Set(used.map((r) => r.urn))];
            for (const r of used) {
                if (!dependencies.includes(r.urn)) {
                    dependencies.push(r.urn);
                }
            }
        }
        const custom = o.custom ?? true;
        const entry: Props = { urn, custom };
        if (custom) {
            entry.id = id;
        }
        entry.type = type;
        entry.inputs = o.inputs;
        entry.outputs = o.outputs;
        entry.parent = parent.urn;
        if (dependencies.length > 0) {
            entry.dependencies = dependencies;
        }
        if (custom) {
            entry.provider = `${this.provider.urn}::${this.provider.id}`;
        }
        if (Object.keys(propertyDependencies).length > 0) {
            entry.propertyDependencies = propertyDependencies;
        }
        entry.created = TIME;
        entry.modified = TIME;
        this.resources.push(entry);
        return { urn, type, name, id, outputs: o.outputs };
    }

    /** Sets the stack outputs (the pulumi:pulumi:Stack resource's outputs). */
    exportOutputs(outputs: Props): void {
        Object.assign(this.stackRes.outputs, outputs);
    }

    toExport(): Props {
        const { stack, project, organization } = this.opts;
        const secretsProviders = organization
            ? { type: "service", state: { url: "https://api.pulumi.com", owner: organization, project, stack } }
            : { type: "passphrase", state: { salt: `v1:${Buffer.from(hex(`${project}/${stack}/salt`, 16), "hex").toString("base64")}:v1:${hex(`${stack}/iv`, 16)}:${hex(`${stack}/tag`, 32)}` } };
        return {
            version: 3,
            deployment: {
                // `pulumi stack import` refuses a manifest whose magic is not sha256(version).
                manifest: { time: TIME, magic: createHash("sha256").update(CLI_VERSION).digest("hex"), version: CLI_VERSION },
                secrets_providers: secretsProviders,
                resources: this.resources,
            },
        };
    }
}

function uuid(seed: string): string {
    const h = hex(seed, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

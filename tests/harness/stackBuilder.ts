/**
 * Builds the resources a real engine would send for a small program, at preview (first preview:
 * every computed output unknown, every input built from one unknown) and at update (all known,
 * outputs listing unset optional strings as "" the way Terraform-bridged providers do).
 *
 * @example
 * const s = new StackBuilder("dev");
 * s.add("aws:lambda/function:Function", "pets", { inputs: { role: s.ref("role", "arn") }, computed: { arn: "arn:..." } });
 * s.build("preview"); // EngineResource[]
 */
import type { EngineResource } from "../../engine/types";

export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Mode = "preview" | "update";

/** A reference to another resource's output: unknown at preview when that output is computed. */
export class Ref {
    constructor(readonly resource: string, readonly output: string) {}
}

/** A string built from literals and references (like pulumi.interpolate). */
export class Interp {
    constructor(readonly parts: (string | Ref)[]) {}
}

export interface ResourceSpec {
    /** Inputs the program sets; may contain Ref / Interp anywhere. */
    inputs: Record<string, unknown>;
    /** Outputs the provider computes (id, arn, executionArn...): unknown at preview. */
    computed?: Record<string, unknown>;
    /** Optional string properties that outputs list as "" when unset. */
    unsetStrings?: string[];
    parent?: string;
}

interface Entry {
    type: string;
    name: string;
    spec: ResourceSpec;
}

/** Outputs that @pulumi/aws lists as "" when unset, per type (only those the policies read). */
const TF_UNSET_STRINGS: Record<string, string[]> = {
    "aws:apigateway/integration:Integration": ["credentials", "uri", "integrationHttpMethod"],
    "aws:apigateway/authorizer:Authorizer": ["authorizerCredentials", "authorizerUri"],
    "aws:apigatewayv2/integration:Integration": ["credentialsArn", "integrationSubtype", "integrationUri"],
    "aws:apigatewayv2/authorizer:Authorizer": ["authorizerCredentialsArn", "authorizerUri"],
    "aws:apigatewayv2/api:Api": ["credentialsArn", "target", "routeKey", "body"],
    "aws:apigateway/restApi:RestApi": ["body"],
    "aws:lambda/permission:Permission": ["qualifier", "sourceAccount", "sourceArn", "eventSourceToken", "principalOrgId"],
    "aws:apigatewayv2/route:Route": ["authorizerId", "target"],
    "aws:apigateway/method:Method": ["authorizerId"],
};

export class StackBuilder {
    private readonly entries: Entry[] = [];

    constructor(readonly stack = "dev", readonly project = "shop") {}

    urn(name: string): string {
        const e = this.entries.find((x) => x.name === name);
        if (!e) {
            throw new Error(`no resource named ${name}`);
        }
        return this.urnOf(e);
    }

    ref(resource: string, output: string): Ref {
        return new Ref(resource, output);
    }

    interp(strings: TemplateStringsArray, ...refs: Ref[]): Interp {
        const parts: (string | Ref)[] = [];
        strings.forEach((s, i) => {
            parts.push(s);
            if (i < refs.length) {
                parts.push(refs[i]);
            }
        });
        return new Interp(parts);
    }

    add(type: string, name: string, spec: ResourceSpec): this {
        if (this.entries.some((e) => e.name === name)) {
            throw new Error(`duplicate resource name ${name}`);
        }
        this.entries.push({ type, name, spec });
        return this;
    }

    build(mode: Mode): EngineResource[] {
        const stackUrn = `urn:pulumi:${this.stack}::${this.project}::pulumi:pulumi:Stack::${this.project}-${this.stack}`;
        const out: EngineResource[] = [
            { urn: stackUrn, type: "pulumi:pulumi:Stack", name: `${this.project}-${this.stack}`, inputs: {}, outputs: {} },
        ];
        for (const e of this.entries) {
            const propertyDependencies: Record<string, string[]> = {};
            const inputs: Record<string, unknown> = {};
            for (const [key, value] of Object.entries(e.spec.inputs)) {
                const deps = new Set<string>();
                inputs[key] = this.resolve(value, mode, deps);
                if (deps.size > 0) {
                    propertyDependencies[key] = [...deps];
                }
            }
            const outputs: Record<string, unknown> = { ...inputs };
            for (const [key, value] of Object.entries(e.spec.computed ?? {})) {
                outputs[key] = mode === "preview" ? UNKNOWN : this.resolve(value, mode, new Set());
            }
            if (mode === "update") {
                for (const key of [...(TF_UNSET_STRINGS[e.type] ?? []), ...(e.spec.unsetStrings ?? [])]) {
                    if (outputs[key] === undefined) {
                        outputs[key] = "";
                    }
                }
            }
            out.push({
                urn: this.urnOf(e),
                type: e.type,
                name: e.name,
                inputs,
                outputs,
                parent: e.spec.parent ? this.urn(e.spec.parent) : stackUrn,
                dependencies: [...new Set(Object.values(propertyDependencies).flat())],
                propertyDependencies,
            });
        }
        return out;
    }

    private urnOf(e: Entry): string {
        return `urn:pulumi:${this.stack}::${this.project}::${e.type}::${e.name}`;
    }

    /** Resolves Ref/Interp: an output that is computed is unknown at preview. */
    private resolve(value: unknown, mode: Mode, deps: Set<string>): unknown {
        if (value instanceof Ref) {
            deps.add(this.urn(value.resource));
            const target = this.entries.find((x) => x.name === value.resource)!;
            if (value.output in (target.spec.computed ?? {})) {
                return mode === "preview" ? UNKNOWN : this.resolve(target.spec.computed![value.output], mode, new Set());
            }
            if (value.output in target.spec.inputs) {
                return this.resolve(target.spec.inputs[value.output], mode, new Set());
            }
            throw new Error(`${value.resource} has no output ${value.output}`);
        }
        if (value instanceof Interp) {
            const parts = value.parts.map((p) => this.resolve(p, mode, deps));
            return parts.some((p) => p === UNKNOWN) ? UNKNOWN : parts.join("");
        }
        if (Array.isArray(value)) {
            return value.map((v) => this.resolve(v, mode, deps));
        }
        if (value && typeof value === "object") {
            const o: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(value)) {
                o[k] = this.resolve(v, mode, deps);
            }
            return o;
        }
        return value;
    }
}

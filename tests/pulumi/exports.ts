/**
 * Writes engine resources (as bench/generateStack makes them) as a `pulumi stack export` document
 * that `pulumi stack import` accepts: deployment version 3, an empty manifest magic, custom
 * resources with ids. A preview-like export keeps the unknown marker strings in its outputs: the
 * engine sends them as they are, and the pack reads them as unknown values, as at a preview.
 */
import { createHash } from "crypto";
import type { EngineResource } from "../../engine/types";

const COMPONENT_TYPES = /^pulumi:pulumi:Stack$/;

export function toExport(resources: EngineResource[]): Record<string, unknown> {
    return {
        version: 3,
        deployment: {
            manifest: { time: "2026-01-01T00:00:00Z", magic: "", version: "" },
            resources: resources.map((r) => {
                const custom = !COMPONENT_TYPES.test(r.type);
                const out: Record<string, unknown> = { urn: r.urn, custom, type: r.type };
                if (custom) {
                    out.id = typeof r.outputs.id === "string" && r.outputs.id !== "" ? r.outputs.id : createHash("sha256").update(r.urn).digest("hex").slice(0, 12);
                }
                out.inputs = r.inputs;
                out.outputs = r.outputs;
                if (r.parent) out.parent = r.parent;
                if (r.dependencies?.length) out.dependencies = r.dependencies;
                if (r.propertyDependencies && Object.keys(r.propertyDependencies).length) out.propertyDependencies = r.propertyDependencies;
                return out;
            }),
        },
    };
}

/** org/project/stack of an export, read from its first URN (`urn:pulumi:STACK::PROJECT::...`). */
export function stackOf(doc: any): { project: string; stack: string } {
    const urn: string = doc.deployment.resources[0].urn;
    const [head, project] = urn.split("::");
    return { project, stack: head.slice("urn:pulumi:".length) };
}

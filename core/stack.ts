/**
 * A stack's resources as the core sees them (plain values, unknowns as `Unknown`), with lookups
 * by URN, type and dependency. At preview every ARN and id is unknown but dependencies are
 * known, so correlation goes through `propertyDependencies` first and values second.
 */
import { Value, isObj, str } from "./values";

export interface StackResource {
    urn: string;
    type: string;
    /** The logical name the program gave the resource. */
    name: string;
    props: Value;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
}

export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
    "aws:lambda/function:Function",
    "aws:lambda/alias:Alias",
    "aws-native:lambda:Function",
    "aws-native:lambda:Alias",
    "aws-native:lambda:Version",
]);

export const ROLE_TYPES: ReadonlySet<string> = new Set(["aws:iam/role:Role", "aws-native:iam:Role"]);

/** A property of a resource: `prop(r, "credentials")`. */
export function prop(resource: StackResource, key: string): Value {
    return isObj(resource.props) ? resource.props[key] : undefined;
}

export class StackIndex {
    private readonly byUrn = new Map<string, StackResource>();
    private readonly byType = new Map<string, StackResource[]>();
    /** `type field` -> known string value of that field -> first resource with it; built on first use. */
    private readonly byValue = new Map<string, Map<string, StackResource>>();

    constructor(readonly resources: readonly StackResource[]) {
        for (const r of resources) {
            this.byUrn.set(r.urn, r);
            const list = this.byType.get(r.type);
            if (list) {
                list.push(r);
            } else {
                this.byType.set(r.type, [r]);
            }
        }
    }

    get(urn: string): StackResource | undefined {
        return this.byUrn.get(urn);
    }

    ofType(...types: string[]): StackResource[] {
        return types.flatMap((t) => this.byType.get(t) ?? []);
    }

    /** Resources that `resource.key` depends on, optionally of the given types. */
    dependenciesOf(resource: StackResource, key: string, types?: ReadonlySet<string>): StackResource[] {
        const urns = resource.propertyDependencies[key] ?? [];
        const out: StackResource[] = [];
        for (const urn of urns) {
            const r = this.byUrn.get(urn);
            if (r && (!types || types.has(r.type))) {
                out.push(r);
            }
        }
        return out;
    }

    /**
     * The resource that `resource.key` refers to: through propertyDependencies, else by matching
     * the value against the `id` (or another output, e.g. `arn`) of resources of the given types.
     */
    referenced(resource: StackResource, key: string, types: ReadonlySet<string>, field = "id"): StackResource | undefined {
        const viaDeps = this.dependenciesOf(resource, key, types);
        if (viaDeps.length > 0) {
            return viaDeps[0];
        }
        const value = str(prop(resource, key));
        if (typeof value !== "string") {
            return undefined;
        }
        for (const type of types) {
            const found = this.withValue(type, field, value);
            if (found) {
                return found;
            }
        }
        return undefined;
    }

    /** The first resource of `type` whose `field` is `value`: one pass per (type, field), then O(1). */
    withValue(type: string, field: string, value: string): StackResource | undefined {
        const key = `${type} ${field}`;
        let map = this.byValue.get(key);
        if (!map) {
            map = new Map();
            for (const r of this.byType.get(type) ?? []) {
                const v = str(prop(r, field));
                if (typeof v === "string" && !map.has(v)) {
                    map.set(v, r);
                }
            }
            this.byValue.set(key, map);
        }
        return map.get(value);
    }
}

/**
 * Components plan from the plain structure of their args (route keys, stage names, which route
 * uses which function). TypeScript programs pass that structure as plain arrays, and the plan runs
 * at once, so a preview shows every resource.
 *
 * Through the component provider (Python, Go, C#, YAML), a top-level input that holds resource
 * references and no output values (routes naming a Function resource) arrives wrapped in one
 * Output, and each reference is a distinct Function object. Such values are known even in a
 * preview (references always are), so the plan runs as soon as they resolve. Function objects
 * that share a type and name (the provider's copies of one reference, or same-named functions
 * under different parents) are told apart, or grouped, by URN.
 */
import * as pulumi from "@pulumi/pulumi";

/** Runs `build` on `values` now when none is an Output, else once they resolve. */
export function buildWhenPlain<T extends object, R>(
    values: T,
    build: (plain: T, urnOf: ReadonlyMap<unknown, string>) => pulumi.Output<R>,
): pulumi.Output<R> {
    const keys = Object.keys(values) as (keyof T)[];
    if (!keys.some((k) => pulumi.Output.isInstance(values[k])) && !hasNameTwins(customResourcesIn(values))) {
        return build(values, new Map());
    }
    return pulumi.all(keys.map((k) => values[k] as unknown)).apply((resolved) => {
        const plain = Object.fromEntries(keys.map((k, i) => [k, resolved[i]])) as T;
        const functions = customResourcesIn(plain);
        return pulumi
            .all(functions.map((f) => f.urn))
            .apply((urns) => build(plain, new Map(functions.map((f, i) => [f, `function ${urns[i]}`]))));
    });
}

/** True when two distinct resource objects have the same type and name. */
function hasNameTwins(resources: pulumi.CustomResource[]): boolean {
    const names = resources.map((r) => `${pulumi.resourceType(r)}::${pulumi.resourceName(r)}`);
    return new Set(names).size !== names.length;
}

/** The custom resources (Function references) anywhere in plain args, outside Outputs. */
function customResourcesIn(value: unknown, found: pulumi.CustomResource[] = []): pulumi.CustomResource[] {
    if (pulumi.CustomResource.isInstance(value)) {
        if (!found.includes(value)) {
            found.push(value);
        }
    } else if (Array.isArray(value)) {
        value.forEach((v) => customResourcesIn(v, found));
    } else if (typeof value === "object" && value !== null && !pulumi.Output.isInstance(value)) {
        Object.values(value).forEach((v) => customResourcesIn(v, found));
    }
    return found;
}

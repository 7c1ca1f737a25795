/**
 * The provider that bin/provider/main.js serves: GetSchema answers with schema.json (generated at
 * build time from inference, see scripts/schema.js), Construct builds the component classes.
 */
import { existsSync, readFileSync } from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as provider from "@pulumi/pulumi/provider";
import { COMPONENTS } from "./components";

/** A component class as the provider constructs it. */
type ComponentClass = new (name: string, args: any, opts?: pulumi.ComponentResourceOptions) => pulumi.ComponentResource;

/** The plugin directory (the one with PulumiPlugin.yaml): `..` of this file in source, `../..` once built. */
export function pluginDir(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        if (existsSync(path.join(dir, "PulumiPlugin.yaml"))) {
            return dir;
        }
        if (path.dirname(dir) === dir) {
            throw new Error(`apigw-lambda-guard provider: no PulumiPlugin.yaml above ${from}`);
        }
    }
}

/** The schema this provider serves: schema.json with the name and version of package.json. */
export function servedSchema(dir: string = pluginDir()): Record<string, any> {
    const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
    const schema = JSON.parse(readFileSync(path.join(dir, "schema.json"), "utf8"));
    if (schema.name !== manifest.name) {
        throw new Error(`apigw-lambda-guard provider: schema.json is for package "${schema.name}", package.json names "${manifest.name}"; run npm run provider:schema`);
    }
    return { ...schema, version: manifest.version };
}

/** The provider: GetSchema from schema.json, Construct by the component classes. */
export function componentProvider(dir: string = pluginDir()): provider.Provider & { version: string } {
    const schema = servedSchema(dir);
    const text = JSON.stringify(schema);
    const classes = new Map<string, ComponentClass>(COMPONENTS.map((c) => [`${schema.name}:index:${c.name}`, c as ComponentClass]));
    return {
        version: schema.version,
        schema: text,
        getSchema: async () => text,
        construct: async (name, type, inputs, options) => {
            const Component = classes.get(type);
            if (!Component) {
                throw new Error(`apigw-lambda-guard provider: unknown resource type ${type}; it serves ${[...classes.keys()].join(", ")}`);
            }
            const instance = new Component(name, inputs, options) as pulumi.ComponentResource & Record<string, unknown>;
            const outputs = Object.keys(schema.resources[type]?.properties ?? {});
            return { urn: instance.urn, state: Object.fromEntries(outputs.map((k) => [k, instance[k]])) };
        },
    };
}

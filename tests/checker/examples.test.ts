/**
 * The bundled examples (examples/stacks/*.json) are what tests/checker/exampleStacks.ts builds
 * and look like real exports. UPDATE_GOLDEN=1 rewrites them (as `node scripts/gen-fleet-example.js
 * --all` does).
 */
import * as assert from "assert";
import { createHash } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { parseExport } from "../../checker/exportFile";
import { EXAMPLES, toJson } from "./exampleStacks";

const DIR = path.join(__dirname, "..", "..", "examples", "stacks");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

describe("bundled example stacks", () => {
    it("are exactly the five examples built in exampleStacks.ts", () => {
        assert.deepStrictEqual(fs.readdirSync(DIR).filter((f) => f.endsWith(".json")).sort(), Object.keys(EXAMPLES).sort());
    });

    for (const [name, build] of Object.entries(EXAMPLES)) {
        describe(name, () => {
            const text = toJson(build());
            const doc = JSON.parse(text);
            const resources: any[] = doc.deployment.resources;

            it("matches its builder (regenerate: node scripts/gen-fleet-example.js --all)", () => {
                const file = path.join(DIR, name);
                if (UPDATE) {
                    fs.writeFileSync(file, text);
                }
                assert.ok(fs.readFileSync(file, "utf8") === text, `${name} is out of date: run node scripts/gen-fleet-example.js --all`);
            });

            it("looks like a real export: version 3, manifest, stack resource, default provider", () => {
                assert.strictEqual(doc.version, 3);
                assert.deepStrictEqual(Object.keys(doc.deployment.manifest), ["time", "magic", "version"]);
                // What `pulumi stack import` checks before it accepts the file.
                const { magic, version } = doc.deployment.manifest;
                assert.strictEqual(magic, createHash("sha256").update(version).digest("hex"), "manifest.magic is not sha256(manifest.version)");
                assert.strictEqual(resources[0].type, "pulumi:pulumi:Stack");
                assert.strictEqual(resources[0].custom, false);
                assert.match(resources[1].urn, /::pulumi:providers:aws::default_7_48_0$/);
                assert.match(resources[1].id, /^[0-9a-f-]{36}$/);
            });

            it("every resource refers to resources registered before it", () => {
                const seen = new Set<string>();
                for (const r of resources) {
                    for (const dep of [r.parent, ...(r.dependencies ?? []), ...Object.values<string[]>(r.propertyDependencies ?? {}).flat()].filter(Boolean)) {
                        assert.ok(seen.has(dep), `${r.urn} refers to ${dep} before it exists`);
                    }
                    for (const dep of Object.values<string[]>(r.propertyDependencies ?? {}).flat()) {
                        assert.ok(r.dependencies.includes(dep), `${r.urn}: propertyDependencies not in dependencies`);
                    }
                    if (r.custom && !r.type.startsWith("pulumi:providers:")) {
                        assert.strictEqual(r.provider, `${resources[1].urn}::${resources[1].id}`);
                        assert.strictEqual(r.outputs.id, r.id, `${r.urn} outputs.id`);
                    }
                    seen.add(r.urn);
                }
            });

            it("parses into engine resources with a provider on every custom resource", () => {
                const exp = parseExport(text, name);
                assert.strictEqual(exp.resources.length, resources.length);
                for (const r of exp.resources.filter((x) => x.type.startsWith("aws:"))) {
                    assert.strictEqual(r.provider?.type, "pulumi:providers:aws", r.urn);
                }
            });
        });
    }
});

/**
 * The package as a library for TypeScript programs: `apigw-lambda-guard` and
 * `apigw-lambda-guard/components` (package.json `exports`) give the components and never load the
 * policy pack, while the engine, which requires the package DIRECTORY (`main`), still gets the pack.
 * Run in a child process against the built dist/, the way a program resolves the package.
 */
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** Runs `code` in a fresh Node.js process in the repository (the package resolves itself by name). */
function node(code: string): { status: number | null; stdout: string; stderr: string } {
    const r = spawnSync(process.execPath, ["-e", code], { cwd: ROOT, encoding: "utf8" });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("library: package exports", function () {
    this.timeout(60000);

    for (const specifier of ["apigw-lambda-guard", "apigw-lambda-guard/components"]) {
        it(`when a program imports ${specifier}, then it gets the components and no policy pack is loaded or started`, () => {
            const r = node(`
                const lib = require(${JSON.stringify(specifier)});
                const loaded = Object.keys(require.cache);
                console.log(JSON.stringify({
                    exports: ["LambdaHttpApi", "LambdaRestApi", "LambdaApiPermissions", "PermissionScope", "ApiType"].filter((k) => lib[k] !== undefined),
                    policy: loaded.filter((f) => f.includes("@pulumi/policy") || f.includes("/dist/policies/")),
                }));
                setTimeout(() => process.exit(0), 200);
            `);
            assert.strictEqual(r.status, 0, r.stderr);
            assert.deepStrictEqual(JSON.parse(r.stdout), {
                exports: ["LambdaHttpApi", "LambdaRestApi", "LambdaApiPermissions", "PermissionScope", "ApiType"],
                policy: [],
            });
            assert.doesNotMatch(r.stderr, /Version must be defined|policy/i);
        });
    }

    it("when the engine requires the package directory, then it resolves the policy pack (package.json main)", () => {
        const r = node(`console.log(require.resolve(${JSON.stringify(ROOT)}))`);
        assert.strictEqual(r.status, 0, r.stderr);
        assert.strictEqual(r.stdout.trim(), path.join(ROOT, "dist", "policies", "index.js"));
    });

    it("when a program reaches past the exports (apigw-lambda-guard/dist/policies), then Node refuses it", () => {
        const r = node(`require("apigw-lambda-guard/dist/policies")`);
        assert.notStrictEqual(r.status, 0);
        assert.match(r.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
    });
});

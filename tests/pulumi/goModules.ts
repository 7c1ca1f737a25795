/**
 * Go modules for a program that uses the components' generated Go SDK: the go.mod a user writes
 * (the SDK through a `replace` directive, as `pulumi package add` links it), with module versions
 * the Go module proxy here serves, and an environment that shares the machine's module and build
 * caches (the Pulumi workspaces set HOME to a temp dir, which would otherwise make Go download
 * and compile everything again).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ROOT } from "./cli";

/**
 * pulumi-aws's Go SDK for the program. The schema names aws 7.48.0, whose Go module the proxy here
 * does not serve; the generated SDK only uses lambda.Function, which every v7 has.
 */
export const PULUMI_AWS_GO = { path: "github.com/pulumi/pulumi-aws/sdk/v7", version: "v7.12.0" };

/** The Go SDK of Pulumi the program builds against: the one the CLI in tools/pulumi is built from. */
export function pulumiGoSdk(): { path: string; version: string } {
    const mod = fs.readFileSync(path.join(ROOT, "tools", "pulumi", "go.mod"), "utf8");
    const m = /^\s*github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/m.exec(mod);
    if (!m) {
        throw new Error("tools/pulumi/go.mod does not require github.com/pulumi/pulumi/sdk/v3");
    }
    return { path: "github.com/pulumi/pulumi/sdk/v3", version: m[1] };
}

let machine: Record<string, string> | undefined;

/** GOPATH, GOMODCACHE and GOCACHE of this machine, and GOFLAGS=-mod=mod (go.sum is written as needed). */
export function goEnv(): Record<string, string> {
    if (!machine) {
        const res = spawnSync("go", ["env", "-json", "GOPATH", "GOMODCACHE", "GOCACHE"], { encoding: "utf8" });
        if (res.status !== 0) {
            throw new Error(`go env failed: ${res.stderr}`);
        }
        machine = JSON.parse(res.stdout) as Record<string, string>;
    }
    return { ...machine, GOFLAGS: "-mod=mod" };
}

/**
 * go.mod of a Go Pulumi program as a user starts one (module example.com/shop, requiring Pulumi's
 * Go SDK and pulumi-aws's); `sdk` adds the generated SDK through a `replace`, as
 * `pulumi package add` links it.
 */
export function writeProgramGoMod(programDir: string, sdk?: { module: string; dir: string }): void {
    const pulumi = pulumiGoSdk();
    const lines = ["module example.com/shop", "", "go 1.25", "", "require ("];
    if (sdk) {
        lines.push(`\t${sdk.module} v0.0.0`);
    }
    lines.push(`\t${pulumi.path} ${pulumi.version}`, `\t${PULUMI_AWS_GO.path} ${PULUMI_AWS_GO.version}`, ")", "");
    if (sdk) {
        lines.push(`replace ${sdk.module} => ${sdk.dir}`, "");
    }
    fs.writeFileSync(path.join(programDir, "go.mod"), lines.join("\n"));
}

/**
 * For the SDK `pulumi package gen-sdk` writes (no go.mod: `sdkGoDir` is its `go` directory):
 * writes the go.mod that `pulumi package add` would (the module is the parent of the schema's
 * `importBasePath`), and the program's go.mod requiring it through a `replace`.
 */
export function writeGoModules(programDir: string, sdkGoDir: string, importBasePath: string): void {
    const sdkModule = path.posix.dirname(importBasePath);
    fs.writeFileSync(path.join(sdkGoDir, "go.mod"), `module ${sdkModule}\n\ngo 1.25\n`);
    writeProgramGoMod(programDir, { module: sdkModule, dir: sdkGoDir });
}

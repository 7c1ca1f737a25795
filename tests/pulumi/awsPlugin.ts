/**
 * The aws stand-in installed into a workspace's plugin cache under the version the component
 * provider depends on, as if it had been downloaded.
 *
 * Why: to install the component provider (`pulumi package add`, `package get-schema`), CLI 3.277
 * asks its language host for the provider directory's required packages (GetRequiredPackages):
 * @pulumi/aws 7.48.0, i.e. the aws resource plugin v7.48.0. The CLI then installs that plugin into
 * the plugin cache unless it is already there; it does not look at $PATH or at a program's
 * `plugins.providers` for it, and these machines cannot download it. A user's machine downloads
 * it; here `pulumi plugin install --file` puts the stand-in in its place.
 */
import * as fs from "fs";
import * as path from "path";
import { ROOT, STANDIN_AWS_DIR, Workspace } from "./cli";

/** The aws version the component provider depends on (provider/package.json's @pulumi/aws). */
export function providerAwsVersion(): string {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "package.json"), "utf8"));
    return manifest.dependencies["@pulumi/aws"];
}

/** `pulumi plugin install resource aws <version> --file <a folder that starts the stand-in>`. */
export async function installAwsStandinPlugin(ws: Workspace, version: string = providerAwsVersion()): Promise<void> {
    // The stand-in resolves its modules from this repository, so the cached plugin starts it there.
    const dir = path.join(ws.dir, `aws-standin-plugin-${version}`);
    fs.mkdirSync(dir, { recursive: true });
    const launcher = path.join(dir, "pulumi-resource-aws");
    fs.writeFileSync(launcher, `#!/bin/sh\nexec '${path.join(STANDIN_AWS_DIR, "pulumi-resource-aws")}' "$@"\n`, { mode: 0o755 });
    await ws.ok(["plugin", "install", "resource", "aws", version, "--file", dir]);
}

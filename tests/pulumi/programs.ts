/**
 * Sets up the bundled example programs (examples/programs/*) the way a user would, for the real
 * CLI: a copy of the program, `pulumi package add` of the component provider from a pristine
 * clone of this repository (nothing installed at its root), and the aws stand-in named in
 * `plugins.providers` (the real aws plugin cannot be had here).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ROOT, RunResult, STANDIN_AWS_DIR, Workspace } from "./cli";

export const PROGRAMS = path.join(ROOT, "examples", "programs");
/** The component provider's directory inside the repository. */
export const PROVIDER_SUBDIR = "provider";

/** A pristine clone of the repository's HEAD: what `pulumi package add github.com/...@vX` clones. */
export function pristineClone(ws: Workspace): string {
    const dir = path.join(ws.dir, "clone");
    if (!fs.existsSync(dir)) {
        const res = spawnSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, dir], { encoding: "utf8" });
        if (res.status !== 0) {
            throw new Error(`git clone of ${ROOT} failed: ${res.stderr}`);
        }
    }
    return dir;
}

export interface Program {
    dir: string;
    /** The `pulumi package add` run, when the program uses the components. */
    packageAdd?: RunResult;
}

/** Copies examples/programs/NAME into the workspace, ready for `pulumi preview`. */
export async function setUpProgram(ws: Workspace, name: string, providerDir: string): Promise<Program> {
    const src = path.join(PROGRAMS, name, "Pulumi.yaml");
    const doc = yaml.load(fs.readFileSync(src, "utf8")) as Record<string, any>;
    const usesComponents = doc.packages?.["apigw-lambda-guard"] !== undefined;
    delete doc.packages;
    doc.plugins = { providers: [{ name: "aws", path: STANDIN_AWS_DIR }] };
    const dir = path.join(ws.dir, "programs", name);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(doc));
    const program: Program = { dir };
    if (usesComponents) {
        program.packageAdd = await ws.ok(["package", "add", providerDir], { cwd: dir });
    }
    await ws.ok(["stack", "init", "dev"], { cwd: dir });
    return program;
}

/** One policy finding as `pulumi preview` prints it. */
export interface PrintedFinding {
    level: string;
    policy: string;
    /** `TYPE: NAME`, as printed (`aws:lambda:Permission: anyApi`). */
    resource: string;
}

/** The findings in the CLI's "Policies:" section: `- [mandatory] [severity: high]  POLICY  (TYPE: NAME)`. */
export function printedFindings(output: string): PrintedFinding[] {
    const out: PrintedFinding[] = [];
    const re = /^\s*- \[(mandatory|advisory|remediate)\](?: \[severity: [a-z]+\])?\s+(\S+)\s+\(([^)]*)\)/gm;
    let m: RegExpExecArray | null;
    while ((m = re.exec(output))) {
        out.push({ level: m[1], policy: m[2], resource: m[3] });
    }
    return out;
}

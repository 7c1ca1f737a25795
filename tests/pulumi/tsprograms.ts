/**
 * TypeScript programs for the real CLI, set up as a user sets one up: a project directory with
 * Pulumi.yaml (runtime nodejs), package.json, tsconfig.json and index.ts, its dependencies
 * installed with npm. The programs run under the real CLI and engine through the language-host
 * stand-in's Run (tools/pulumi/langhost), which starts the SDK's own run script as the real
 * nodejs host does; ts-node type-checks them as it does for users.
 *
 * One `npm install` per workspace: the dependencies (@pulumi/pulumi, @pulumi/aws, TypeScript and,
 * when asked, this repository's packed tarball) go into `<workspace>/ts-deps`, and each program's
 * node_modules is a symlink to it (the real host follows symlinks when it lists packages).
 * The only change to a program is Pulumi.yaml's `plugins.providers`, naming the aws stand-in.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ROOT, STANDIN_AWS_DIR, Workspace } from "./cli";
import { PROGRAMS } from "./programs";

/** The program dependencies, pinned as the examples' package.json files pin them. */
export const TS_DEPENDENCIES: Record<string, string> = {
    "@pulumi/pulumi": "3.248.0",
    "@pulumi/aws": "7.48.0",
    "@types/node": "^20.19.0",
    typescript: "~5.9.3",
};

function npm(args: string[], cwd: string): string {
    const res = spawnSync("npm", args, {
        cwd,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, npm_config_update_notifier: "false" },
    });
    if (res.status !== 0) {
        throw new Error(`npm ${args.join(" ")} in ${cwd} failed (exit ${res.status})\n${res.stdout}\n${res.stderr}`);
    }
    return res.stdout;
}

/** `npm pack` of this repository: the library as users install it. */
export function packLibrary(dest: string): string {
    const [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", dest], ROOT));
    return path.join(dest, packed.filename);
}

export class TsPrograms {
    readonly depsDir: string;

    constructor(private readonly ws: Workspace) {
        this.depsDir = path.join(ws.dir, "ts-deps");
    }

    /** Installs the programs' dependencies once; `library` adds this repository's tarball. */
    install(opts: { library?: boolean } = {}): void {
        fs.mkdirSync(this.depsDir, { recursive: true });
        const dependencies: Record<string, string> = { ...TS_DEPENDENCIES };
        if (opts.library) {
            dependencies["apigw-lambda-guard"] = `file:${packLibrary(this.ws.dir)}`;
        }
        fs.writeFileSync(
            path.join(this.depsDir, "package.json"),
            JSON.stringify({ name: "ts-deps", private: true, dependencies }, null, 2),
        );
        npm(["install", "--no-audit", "--no-fund", "--loglevel=error"], this.depsDir);
    }

    /**
     * Copies the program (examples/programs/NAME, or any directory) into the workspace as `as`,
     * names the aws stand-in in Pulumi.yaml, links the dependencies and creates `stack`.
     */
    async setUp(source: string, opts: { as?: string; stacks?: string[] } = {}): Promise<string> {
        const from = path.isAbsolute(source) ? source : path.join(PROGRAMS, source);
        const dir = path.join(this.ws.dir, "programs", opts.as ?? path.basename(from));
        fs.mkdirSync(dir, { recursive: true });
        for (const file of fs.readdirSync(from)) {
            if (file === "node_modules") continue;
            fs.cpSync(path.join(from, file), path.join(dir, file), { recursive: true });
        }
        const projectFile = path.join(dir, "Pulumi.yaml");
        const project = yaml.load(fs.readFileSync(projectFile, "utf8")) as Record<string, unknown>;
        project.plugins = { providers: [{ name: "aws", path: STANDIN_AWS_DIR }] };
        fs.writeFileSync(projectFile, yaml.dump(project));
        fs.symlinkSync(path.join(this.depsDir, "node_modules"), path.join(dir, "node_modules"), "dir");
        for (const stack of opts.stacks ?? ["dev"]) {
            await this.ws.ok(["stack", "init", stack], { cwd: dir });
        }
        return dir;
    }

    /** Replaces the program's index.ts with another program's: the user's edit. */
    edit(dir: string, from: string): void {
        fs.copyFileSync(path.join(PROGRAMS, from, "index.ts"), path.join(dir, "index.ts"));
    }
}

/** The resources of the stack's current state (`pulumi stack export`), by type. */
export async function deployedTypes(ws: Workspace, dir: string, stack: string): Promise<string[]> {
    const res = await ws.ok(["stack", "export", "--stack", stack], { cwd: dir });
    const resources: Array<{ type: string }> = JSON.parse(res.stdout).deployment?.resources ?? [];
    return resources.map((r) => r.type);
}

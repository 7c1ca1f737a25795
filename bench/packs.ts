/**
 * The packs the benchmarks compare, laid out in `.bench-out/` (git-ignored) the way a user gets
 * them: one folder with only the pack's production dependencies (`npm install --omit=dev`, so no
 * TypeScript of the pack's own for run-policy-pack's ts-node to load) holding
 *
 * - `guard`: this pack as published (package.json + the built dist/), at the folder's root;
 * - `empty`: a @pulumi/policy pack with no policies, same SDK versions (the floor of start-up,
 *   memory and the SDK's own per-call cost);
 * - `iterate`: a pack with one stack policy that reads every property of every resource once,
 *   through the SDK's unknown-checking proxy as any stack policy must (the floor of AnalyzeStack).
 *
 * `@pulumi/awsguard` (start-up only) is installed from npm into `.bench-out/awsguard` when the
 * registry can be reached; without it that comparison is skipped with a note.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

export const REPO = path.resolve(__dirname, "..");
export const OUT = path.join(REPO, ".bench-out");
const FLOOR = path.join(OUT, "floor");

export interface BenchPack {
    label: string;
    dir: string;
}

const EMPTY_INDEX = `const { PolicyPack } = require("@pulumi/policy");
new PolicyPack("empty", { policies: [] });
`;

// Reads each property once; an unknown throws the SDK's UnknownValueError, caught per read, so
// every other property is still read (what a careful stack policy does at preview).
const ITERATE_INDEX = `const { PolicyPack } = require("@pulumi/policy");
function walk(v) {
    if (v === null || typeof v !== "object") return 1;
    let n = 0;
    for (const k of Object.keys(v)) {
        let x;
        try { x = v[k]; } catch (e) { n++; continue; }
        n += walk(x);
    }
    return n;
}
new PolicyPack("iterate", {
    policies: [{
        name: "iterate",
        description: "Reads every property of every resource once.",
        enforcementLevel: "advisory",
        validateStack: (args, reportViolation) => {
            let n = 0;
            for (const r of args.resources) n += walk(r.props);
            if (n < 0) reportViolation("unreachable");
        },
    }],
});
`;

// Three stack policies that do nothing: what @pulumi/policy itself costs a pack of three stack
// policies (it deserializes every resource and builds its proxies once per policy).
const NOOP3_INDEX = `const { PolicyPack } = require("@pulumi/policy");
const noop = (name) => ({ name, description: "Does nothing.", enforcementLevel: "advisory", validateStack: () => undefined });
new PolicyPack("noop3", { policies: [noop("noop-a"), noop("noop-b"), noop("noop-c")] });
`;

function writeIfChanged(file: string, text: string): void {
    if (!fs.existsSync(file) || fs.readFileSync(file, "utf8") !== text) {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, text);
    }
}

/** Installs (once) and refreshes the floor folder; returns the three packs. */
export function preparePacks(log: (line: string) => void): { guard: BenchPack; empty: BenchPack; iterate: BenchPack; noop3: BenchPack } {
    const repoPackage = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
    if (!fs.existsSync(path.join(REPO, repoPackage.main))) {
        throw new Error(`${repoPackage.main} is missing: run \`npm run build\` first`);
    }
    const { scripts, devDependencies, peerDependencies, peerDependenciesMeta, bin, ...published } = repoPackage;
    void scripts, devDependencies, peerDependencies, peerDependenciesMeta, bin;
    const manifest = JSON.stringify(published, null, 2);
    const stamp = path.join(FLOOR, ".installed");
    if (!fs.existsSync(stamp) || fs.readFileSync(stamp, "utf8") !== manifest) {
        log("Installing the pack's production dependencies into .bench-out/floor (once)...");
        fs.mkdirSync(FLOOR, { recursive: true });
        fs.writeFileSync(path.join(FLOOR, "package.json"), manifest);
        fs.copyFileSync(path.join(REPO, "package-lock.json"), path.join(FLOOR, "package-lock.json"));
        execFileSync("npm", ["install", "--omit=dev", "--omit=peer", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: FLOOR, stdio: "ignore" });
        fs.writeFileSync(stamp, manifest);
    }
    writeIfChanged(path.join(FLOOR, "package.json"), manifest);
    fs.rmSync(path.join(FLOOR, "dist"), { recursive: true, force: true });
    fs.cpSync(path.join(REPO, "dist"), path.join(FLOOR, "dist"), { recursive: true });
    for (const [name, index] of [["empty", EMPTY_INDEX], ["iterate", ITERATE_INDEX], ["noop3", NOOP3_INDEX]] as const) {
        const dir = path.join(FLOOR, name);
        writeIfChanged(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.0.0", private: true, main: "index.js" }, null, 2));
        writeIfChanged(path.join(dir, "index.js"), index);
    }
    if (fs.existsSync(path.join(FLOOR, "node_modules", "typescript"))) {
        throw new Error(".bench-out/floor has a typescript of its own: it must hold production dependencies only");
    }
    return {
        guard: { label: "this pack (installed, production dependencies)", dir: FLOOR },
        empty: { label: "empty @pulumi/policy pack", dir: path.join(FLOOR, "empty") },
        iterate: { label: "iterate pack", dir: path.join(FLOOR, "iterate") },
        noop3: { label: "three no-op stack policies", dir: path.join(FLOOR, "noop3") },
    };
}

/** @pulumi/awsguard from npm in its own folder, or undefined (with the reason logged). */
export function prepareAwsGuard(log: (line: string) => void): BenchPack | undefined {
    const dir = path.join(OUT, "awsguard");
    const packDir = path.join(dir, "node_modules", "@pulumi", "awsguard");
    if (!fs.existsSync(path.join(packDir, "package.json"))) {
        log("Installing @pulumi/awsguard from npm into .bench-out/awsguard (once)...");
        try {
            fs.mkdirSync(dir, { recursive: true });
            writeIfChanged(path.join(dir, "package.json"), JSON.stringify({ name: "awsguard-bench", version: "0.0.0", private: true }, null, 2));
            execFileSync("npm", ["install", "@pulumi/awsguard", "--ignore-scripts", "--no-audit", "--no-fund"], { cwd: dir, stdio: "ignore", timeout: 900000 });
        } catch (e) {
            log(`  @pulumi/awsguard could not be installed (${e instanceof Error ? e.message.split("\n")[0] : String(e)}): skipped`);
            return undefined;
        }
    }
    // awsguard is a library: a pack is a folder whose entry constructs `new AwsGuard(...)`.
    const pack = path.join(dir, "pack");
    writeIfChanged(path.join(pack, "package.json"), JSON.stringify({ name: "awsguard-pack", version: "1.0.0", private: true, main: "index.js" }, null, 2));
    writeIfChanged(path.join(pack, "index.js"), `const { AwsGuard } = require("@pulumi/awsguard");\nnew AwsGuard({ all: "advisory" });\n`);
    return { label: "@pulumi/awsguard (its own dependencies from npm)", dir: pack };
}

/** `name@version` of the installed packages that matter to the figures. */
export function packageVersions(awsguard: BenchPack | undefined): string {
    const version = (dir: string, name: string) => {
        try {
            return JSON.parse(fs.readFileSync(path.join(dir, "node_modules", name, "package.json"), "utf8")).version as string;
        } catch {
            return "absent";
        }
    };
    const list = ["@pulumi/policy", "@pulumi/pulumi", "@grpc/grpc-js", "google-protobuf"].map((n) => `${n}@${version(FLOOR, n)}`);
    if (awsguard) {
        list.push(`@pulumi/awsguard@${version(path.join(OUT, "awsguard"), "@pulumi/awsguard")}`);
    }
    list.push(`typescript (repo, dev)@${version(REPO, "typescript")}`);
    return list.join(", ");
}

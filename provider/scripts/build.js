// Builds bin/ for the provider: transpiles provider/main.ts and every TypeScript file it imports
// (../components, ../core) to CommonJS, keeping their layout relative to the repository root
// (bin/provider/main.js, bin/components/*.js, bin/core/*.js), so that at run time their bare
// imports (@pulumi/pulumi, @pulumi/aws) resolve from this directory's node_modules.
//
// It runs as this directory's `prepare` script, i.e. on the `npm install` that `pulumi package
// add` runs here, and needs nothing at the repository root: only `typescript` (a dependency of
// this directory) and the sources. Transpile only, no type-checking: the repository's own
// `npm test` type-checks these files; here it takes about a second and loads no typings.
"use strict";
const fs = require("fs");
const path = require("path");
const { builtinModules } = require("module");

const providerDir = path.join(__dirname, "..");
const root = path.join(providerDir, "..");
const out = path.join(providerDir, "bin");
const entries = ["main.ts"].map((f) => path.join(providerDir, f));

function fail(message) {
    console.error(`apigw-lambda-guard provider build: ${message}`);
    process.exit(1);
}

let ts;
try {
    ts = require(require.resolve("typescript", { paths: [providerDir] }));
} catch {
    fail(`typescript is not installed; run npm install in ${providerDir}`);
}

const manifest = JSON.parse(fs.readFileSync(path.join(providerDir, "package.json"), "utf8"));
const declared = new Set(Object.keys(manifest.dependencies || {}));
const builtins = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The package a bare specifier names: `@pulumi/pulumi/provider` -> `@pulumi/pulumi`. */
function packageOf(specifier) {
    const parts = specifier.split("/");
    return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** The .ts file a relative import names. */
function resolveRelative(from, specifier) {
    const base = path.resolve(path.dirname(from), specifier);
    for (const candidate of [`${base}.ts`, path.join(base, "index.ts")]) {
        if (fs.existsSync(candidate)) {
            return candidate;
        }
    }
    fail(`${path.relative(root, from)} imports ${specifier}, which is not a TypeScript file`);
}

// The import closure of the entries.
const files = [];
const queue = [...entries];
while (queue.length > 0) {
    const file = queue.shift();
    if (files.includes(file)) {
        continue;
    }
    if (path.relative(root, file).startsWith("..")) {
        fail(`${file} is outside the repository`);
    }
    files.push(file);
    const info = ts.preProcessFile(fs.readFileSync(file, "utf8"), true, true);
    for (const { fileName: specifier } of info.importedFiles) {
        if (specifier.startsWith(".")) {
            queue.push(resolveRelative(file, specifier));
        } else if (!builtins.has(specifier) && !declared.has(packageOf(specifier))) {
            fail(`${path.relative(root, file)} imports ${specifier}, which is not a dependency in ${path.join(providerDir, "package.json")}`);
        }
    }
}

fs.rmSync(out, { recursive: true, force: true });
const compilerOptions = {
    module: ts.ModuleKind.CommonJS,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    sourceMap: true,
};
for (const file of files) {
    const relative = path.relative(root, file);
    const target = path.join(out, relative.replace(/\.ts$/, ".js"));
    const result = ts.transpileModule(fs.readFileSync(file, "utf8"), { compilerOptions, fileName: file, reportDiagnostics: true });
    const errors = (result.diagnostics || []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    if (errors.length > 0) {
        fail(`${relative}: ${errors.join("; ")}`);
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const map = JSON.parse(result.sourceMapText);
    map.sources = [path.relative(path.dirname(target), file)];
    fs.writeFileSync(target, result.outputText);
    fs.writeFileSync(`${target}.map`, JSON.stringify(map));
}
console.error(`apigw-lambda-guard provider: built ${files.length} files into ${path.relative(process.cwd(), out) || out}`);

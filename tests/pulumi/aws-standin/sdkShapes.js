"use strict";
/**
 * What the installed @pulumi/aws declares about a resource type, read from its TypeScript
 * declarations: the input properties (`<Type>Args`) and every output (`readonly x:
 * pulumi.Output<...>` on the class). The real provider knows this from its schema; the stand-in
 * reads it so that it can serve any aws type a program declares, not only those in schema.js.
 */
const fs = require("fs");
const path = require("path");

const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));
const cache = new Map();

/** `aws:sqs/queue:Queue` -> node_modules/@pulumi/aws/sqs/queue.d.ts and class `Queue`. */
function declarationFile(token) {
    const m = /^aws:([^/:]+)\/([^:]+):(\w+)$/.exec(token);
    if (!m) return undefined;
    const [, mod, file, cls] = m;
    const dir = mod === "index" ? AWS_DIR : path.join(AWS_DIR, mod);
    return { file: path.join(dir, `${file}.d.ts`), cls };
}

/** The body of `export <kind> NAME ... {` up to the closing brace at column 0. */
function block(text, header) {
    const start = text.indexOf(header);
    if (start < 0) return "";
    const end = text.indexOf("\n}", start);
    return text.slice(start, end < 0 ? undefined : end);
}

/**
 * @returns {{ inputs: Set<string>, outputs: Set<string> } | undefined} undefined when the
 *   installed @pulumi/aws has no such resource.
 */
function sdkShape(token) {
    if (cache.has(token)) return cache.get(token);
    let shape;
    const where = declarationFile(token);
    if (where && fs.existsSync(where.file)) {
        const text = fs.readFileSync(where.file, "utf8");
        const cls = block(text, `export declare class ${where.cls} extends pulumi.CustomResource`);
        const args = block(text, `export interface ${where.cls}Args {`);
        if (cls) {
            const outputs = new Set([...cls.matchAll(/^\s+readonly (\w+)!?: pulumi\.Output</gm)].map((m) => m[1]));
            const inputs = new Set([...args.matchAll(/^\s+(\w+)\??: pulumi\.Input</gm)].map((m) => m[1]));
            shape = { inputs, outputs };
        }
    }
    cache.set(token, shape);
    return shape;
}

module.exports = { sdkShape };

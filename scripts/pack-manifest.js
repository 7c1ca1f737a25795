// `prepack` / `postpack`: the package.json inside the tarball (`npm pack`, `npm publish`,
// `pulumi policy publish`, which runs `npm pack`) has no devDependencies and no scripts.
//
// Why: wherever the pack is installed from its tarball, the tarball is unpacked and `npm install`
// runs INSIDE it, as the root project, and npm installs a root project's devDependencies too
// (@pulumi/aws, mocha, typescript, ts-node: hundreds of packages the pack never loads). npm reads
// the manifest after `prepack`, so the tarball gets the stripped one; `postpack` puts the
// original back. The scripts go too: the tarball ships no sources to build and not this script.
//
// node scripts/pack-manifest.js strip     (prepack)
// node scripts/pack-manifest.js restore   (postpack; also repairs a pack that was interrupted)
"use strict";
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const manifest = path.join(root, "package.json");
const backup = path.join(root, "package.json.prepack");

/** The manifest as published: the same, minus what only a checkout uses. */
function publishedManifest(pkg) {
    const { devDependencies: _dev, scripts: _scripts, ...published } = pkg;
    return published;
}

function restore() {
    if (fs.existsSync(backup)) {
        fs.renameSync(backup, manifest);
    }
}

function strip() {
    restore();
    const text = fs.readFileSync(manifest, "utf8");
    fs.writeFileSync(backup, text);
    fs.writeFileSync(manifest, JSON.stringify(publishedManifest(JSON.parse(text)), null, 2) + "\n");
}

module.exports = { publishedManifest };

if (require.main === module) {
    const mode = process.argv[2];
    if (mode === "strip") {
        strip();
    } else if (mode === "restore") {
        restore();
    } else {
        console.error("usage: node scripts/pack-manifest.js strip|restore");
        process.exit(2);
    }
}

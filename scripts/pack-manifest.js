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

/**
 * The manifest as published: the same, minus what only a checkout uses. `bundle`: the policy
 * pack's tarball, which carries its production dependencies (see bundles()).
 */
function publishedManifest(pkg, bundle = false) {
    const { devDependencies: _dev, scripts: _scripts, ...published } = pkg;
    if (bundle) {
        published.bundleDependencies = Object.keys(pkg.dependencies ?? {});
    }
    return published;
}

/**
 * Whether this run packs the policy pack's tarball, its production dependencies inside
 * (bundleDependencies: @pulumi/policy, ajv, js-yaml and everything they load, @pulumi/pulumi
 * included), so that the `npm install` that runs in the unpacked tarball wherever the pack is
 * installed (Pulumi Cloud's required packs, on every CI runner) has next to nothing to fetch. That
 * is `npm pack`, which `pulumi policy publish` runs. `npm publish` packs the library for the npm
 * registry instead, whose users bring their own @pulumi/pulumi (a bundled copy would be a second
 * one). APIGW_LAMBDA_GUARD_PACK=library packs the library with `npm pack` too
 * (scripts/verify-library.js), APIGW_LAMBDA_GUARD_PACK=policy the pack with `npm publish`.
 */
function bundles(env = process.env) {
    if (env.APIGW_LAMBDA_GUARD_PACK === "library") {
        return false;
    }
    if (env.APIGW_LAMBDA_GUARD_PACK === "policy") {
        return true;
    }
    return env.npm_command !== "publish";
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
    fs.writeFileSync(manifest, JSON.stringify(publishedManifest(JSON.parse(text), bundles()), null, 2) + "\n");
}

module.exports = { publishedManifest, bundles };

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

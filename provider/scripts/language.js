// The schema's per-language code generation options that Pulumi's inference does not write. The
// committed schema (schema.json) is the inferred one plus exactly these options; scripts/schema.js
// adds them, and tests/components/provider.test.ts checks that schema.json differs from inference
// by nothing else.
//
// Go. Inference types `routes` and `authorizers` as plain arrays of plain object types
// (`items.plain: true`). With the generator's defaults, Pulumi's Go code generator
// (pkg/codegen/go) then declares `Routes []RestRouteArgs` but emits `RestRouteArgs` only for types
// used as Pulumi inputs, so the SDK does not compile. `generateExtraInputTypes` makes it emit the
// input and output types of every object type. Pulumi's own providers set it together with
// `importBasePath`: the Terraform bridge writes both for every bridged provider, and the
// pulumi-aws-apigateway component provider's schema sets `generateExtraInputTypes`,
// `importBasePath`, `internalModuleName` and `respectSchemaVersion` (the last one inference
// already writes; `internalModuleName` only renames the SDK's helper package, not needed here).
//
// `importBasePath` makes `pulumi package gen-sdk` and `pulumi package add` (which writes a go.mod
// whose module is this path's parent) agree on the import path, and names the SDK's directory and
// Go package `apigwlambdaguard`. The package is not published as a Go module: programs use the
// generated SDK through a `replace` directive (what `pulumi package add` prints), so the path is
// under example.com, as the generator's own default for a package without a repository is.
"use strict";

const GO_OPTIONS = {
    importBasePath: "example.com/pulumi-apigw-lambda-guard/sdk/go/apigwlambdaguard",
    generateExtraInputTypes: true,
};

/** The options this project adds, per language. */
const LANGUAGE_OPTIONS = { go: GO_OPTIONS };

/**
 * `schema` with LANGUAGE_OPTIONS merged into its `language` block (a new object; `schema` is not
 * changed). Throws if inference already sets one of these options to another value: then the
 * option is no longer ours to decide, and this list must be revisited.
 */
function withLanguageOptions(schema) {
    const language = { ...(schema.language || {}) };
    for (const [lang, options] of Object.entries(LANGUAGE_OPTIONS)) {
        const inferred = language[lang] || {};
        for (const [key, value] of Object.entries(options)) {
            if (key in inferred && JSON.stringify(inferred[key]) !== JSON.stringify(value)) {
                throw new Error(
                    `apigw-lambda-guard provider schema: inference sets language.${lang}.${key} to ${JSON.stringify(inferred[key])}, provider/scripts/language.js to ${JSON.stringify(value)}`,
                );
            }
        }
        language[lang] = { ...inferred, ...options };
    }
    return { ...schema, language };
}

module.exports = { LANGUAGE_OPTIONS, withLanguageOptions };

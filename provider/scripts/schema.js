// Writes schema.json: the schema Pulumi's inference gives for index.ts (the component classes and
// their TypeScript source), plus the code generation options of scripts/language.js (the Go SDK
// needs them to compile), without `version` (the provider serves package.json's). Run it after
// changing a component's args or outputs (`npm run provider:schema` at the repository root, which
// has the typings inference reads); tests/components/provider.test.ts fails while schema.json and
// inference differ. Inference type-checks the components with @pulumi/aws: it takes a while.
"use strict";
const fs = require("fs");
const path = require("path");
const { withLanguageOptions } = require("./language");

const providerDir = path.join(__dirname, "..");

/** The inferred schema, as the provider would serve it without schema.json. */
async function inferSchema() {
    const { ComponentProvider } = require(require.resolve("@pulumi/pulumi/provider/experimental", { paths: [providerDir] }));
    const { COMPONENTS } = require(path.join(providerDir, "bin", "provider", "components.js"));
    const manifest = JSON.parse(fs.readFileSync(path.join(providerDir, "package.json"), "utf8"));
    const inferred = new ComponentProvider({ name: manifest.name, dirname: providerDir, components: [...COMPONENTS] });
    return JSON.parse(await inferred.getSchema());
}

/** The schema as committed: inferred, with the project's language options, minus the version. */
function committedForm(schema) {
    const { version: _version, ...rest } = withLanguageOptions(schema);
    return rest;
}

module.exports = { inferSchema, committedForm };

if (require.main === module) {
    inferSchema().then(
        (schema) => {
            fs.writeFileSync(path.join(providerDir, "schema.json"), JSON.stringify(committedForm(schema), null, 2) + "\n");
            console.error(`wrote ${path.join(providerDir, "schema.json")} (${Object.keys(schema.resources).length} resources)`);
        },
        (e) => {
            console.error(`apigw-lambda-guard provider schema: ${e.stack || e.message}`);
            process.exit(1);
        },
    );
}

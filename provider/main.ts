/**
 * The provider process (package.json `main`, precompiled to bin/provider/main.js by
 * scripts/build.js). The engine's Node.js language host runs `@pulumi/pulumi/cmd/run-plugin` with
 * this directory; run-plugin requires `main`, and because this module exports no ComponentResource
 * class it does not infer a schema (inference type-checks the components and @pulumi/aws at every
 * start, ~40 s): the module serves the provider itself, with the schema generated at build time
 * (schema.json, which tests/components/provider.test.ts checks against inference).
 */
import * as provider from "@pulumi/pulumi/provider";
import { componentProvider } from "./serve";

// run-plugin leaves the engine's arguments (its address) in process.argv after the script.
provider.main(componentProvider(), process.argv.slice(2)).catch((e: Error) => {
    console.error(`apigw-lambda-guard provider: ${e.stack ?? e.message}`);
    process.exit(1);
});

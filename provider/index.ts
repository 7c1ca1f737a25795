// The component provider's entry. The engine's Node.js language host resolves
// `@pulumi/pulumi/cmd/run-plugin` from this directory (Node resolution, so the repository's
// node_modules serve it) and runs it with this directory and the engine's address; run-plugin loads
// `main` (this file), finds the exported ComponentResource classes and infers their schema from the
// TypeScript source these exports lead to (../components). Every exported component becomes part
// of the package, so export nothing else.
import * as path from "path";

// One copy of @pulumi/pulumi only: with a second one (an `npm install` here), the components would
// build gRPC messages with one copy's classes and send them through the other copy's monitor
// client, and every Construct would fail with "Request message serialization failure".
const sdkHere = require.resolve("@pulumi/pulumi", { paths: [__dirname] });
const sdkOfComponents = require.resolve("@pulumi/pulumi", { paths: [path.join(__dirname, "..", "components")] });
if (sdkHere !== sdkOfComponents) {
    throw new Error(
        `apigw-lambda-guard provider: two copies of @pulumi/pulumi (${sdkHere} and ${sdkOfComponents}). ` +
            `Remove ${path.join(__dirname, "node_modules")} and run npm install at the repository root.`,
    );
}

export { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi, LambdaWebSocketApi } from "../components";

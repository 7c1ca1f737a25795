// What the component schema is inferred from (never what runs: `main` in package.json is the
// precompiled bin/provider/main.js, which serves schema.json). Pulumi's inference reads the
// exported ComponentResource classes and their TypeScript source (../components). Every exported
// component becomes part of the package, so export nothing else; keep this list equal to
// COMPONENTS in components.ts (a test checks it).
export { LambdaApiPermissions, LambdaHttpApi, LambdaRestApi, LambdaWebSocketApi } from "../components";

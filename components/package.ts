/**
 * The package the component type tokens belong to (`apigw-lambda-guard:index:LambdaRestApi`). It
 * must equal the `name` in provider/package.json: the component provider serves exactly the types
 * `{name}:index:{ClassName}`, and a program in TypeScript gets the same URNs as one in Python.
 */
export const PACKAGE = "apigw-lambda-guard";

/**
 * The stack tag that names the stack to a policy pack process serving many stacks (the offline
 * checker's pool, engine/pool.ts). @pulumi/policy keeps only the tags of ConfigureStack; otherwise
 * the stack name reaches a pack only through PULUMI_NODEJS_STACK when it is spawned. The real
 * engine never sends this tag, so under `pulumi preview` the environment decides.
 */
export const STACK_NAME_TAG = "apigw-lambda-guard:stack";

/**
 * Only the Lambda permissions, for an API defined elsewhere (an OpenAPI body, @pulumi/aws-apigateway,
 * an API created outside Pulumi): the migration path. Add these permissions, deploy, then remove
 * the integrations' and authorizers' credentials (roles).
 */
import * as pulumi from "@pulumi/pulumi";
import { ApiKind, Route, describeRoute, parseExecuteApiArn } from "../core/executeApi";
import { PermissionScope } from "../core/permissionPlan";
import { parseRoute } from "../core/routeInput";
import { LambdaTarget, PermissionInfo } from "./args";
import { TargetResolver } from "./lambdaTarget";
import { PACKAGE } from "./package";
import { createApiPermissions, planApiPermissions } from "./permissions";
import { buildWhenPlain } from "./plainArgs";
import { ArgsChecker } from "./validate";

/** The kinds of API Gateway API. */
export const ApiType = {
    Rest: "rest",
    Http: "http",
    WebSocket: "websocket",
} as const;
export type ApiType = (typeof ApiType)[keyof typeof ApiType];

/** A route of the existing API and the function it invokes. */
export interface PermissionRoute extends LambdaTarget {
    /**
     * The route as the API defines it. REST: `GET /pets/{petId}` (`ANY` for a method that serves
     * every verb); HTTP: a route key such as `GET /pets/{petId}`, `ANY /{proxy+}` or `$default`;
     * WebSocket: `$connect`, `$disconnect`, `$default` or a custom key such as `sendMessage`.
     */
    route: string;
}

/** A Lambda authorizer of the existing API and its function. */
export interface PermissionAuthorizer extends LambdaTarget {
    /** A stable name for this authorizer within the component: part of the permission's name. */
    name: string;
    /** The authorizer's id (e.g. `authorizer.id`). */
    authorizerId: pulumi.Input<string>;
}

export interface LambdaApiPermissionsArgs {
    /** The API's `executionArn`: `arn:{partition}:execute-api:{region}:{account}:{apiId}`. */
    executionArn: pulumi.Input<string>;
    /** `rest`, `http` or `websocket`: how routes are written and which source ARNs API Gateway sends. */
    apiType: ApiType;
    /** The API's routes that invoke Lambda functions. */
    routes: PermissionRoute[];
    /**
     * The API's Lambda authorizers.
     * @default []
     */
    authorizers?: PermissionAuthorizer[];
    /**
     * Stages allowed to invoke.
     * @default every stage ("*"), including the REST console's `test-invoke-stage`
     */
    stages?: string[];
    /**
     * `route`: one permission per route; `api`: one per function for the whole API. Either way a
     * function whose resource policy would pass its budget is widened on its own, with a warning.
     * @default "route"
     */
    permissionScope?: PermissionScope;
    /**
     * Bytes of each function's 20480-byte resource policy left for permissions managed elsewhere.
     * @default 4096
     */
    policyHeadroomBytes?: number;
}

/** Lambda permissions, each scoped to one route (or authorizer) of an API defined elsewhere. */
export class LambdaApiPermissions extends pulumi.ComponentResource {
    /** The API's id, read from `executionArn`. */
    public readonly apiId: pulumi.Output<string>;
    /** The API's execution ARN, as given. */
    public readonly executionArn: pulumi.Output<string>;
    /** The Lambda permissions created, with their source ARNs. */
    public readonly permissions: pulumi.Output<PermissionInfo[]>;

    constructor(name: string, args: LambdaApiPermissionsArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`${PACKAGE}:index:LambdaApiPermissions`, name, {}, opts);
        const what = `LambdaApiPermissions ${name}`;
        const executionArn = pulumi.output(args.executionArn).apply((arn) => {
            const problem = executionArnProblem(arn);
            if (problem) {
                throw new pulumi.ResourceError(`${what}: executionArn "${arn}" ${problem}`, this);
            }
            return arn;
        });
        if (typeof args.executionArn === "string") {
            const problem = executionArnProblem(args.executionArn);
            if (problem) {
                throw new pulumi.ResourceError(`${what}: executionArn "${args.executionArn}" ${problem}`, this);
            }
        }
        this.executionArn = executionArn;
        this.apiId = executionArn.apply((arn) => parseExecuteApiArn(arn)?.apiId ?? "");
        this.permissions = buildWhenPlain({ routes: args.routes, authorizers: args.authorizers }, (plain, urnOf) =>
            buildPermissions(this, name, { ...args, ...plain }, executionArn, urnOf),
        );
        this.registerOutputs({ apiId: this.apiId, executionArn: this.executionArn, permissions: this.permissions });
    }
}

/** Why an execution ARN cannot scope a permission; undefined when it can. */
function executionArnProblem(arn: string): string | undefined {
    const parsed = parseExecuteApiArn(arn);
    if (!parsed || parsed.path !== "") {
        return "is not an API's execution ARN (arn:{partition}:execute-api:{region}:{account}:{apiId})";
    }
    if (!/^\d{12}$/.test(parsed.account) || !/^[a-z0-9]+$/.test(parsed.apiId) || /[*?]/.test(arn)) {
        return "must name a concrete account and API id: a wildcard lets other APIs invoke the function";
    }
    return undefined;
}

function buildPermissions(
    parent: pulumi.Resource,
    name: string,
    args: LambdaApiPermissionsArgs,
    executionArn: pulumi.Output<string>,
    urnOf: ReadonlyMap<unknown, string>,
): pulumi.Output<PermissionInfo[]> {
    const check = new ArgsChecker(parent, `LambdaApiPermissions ${name}`);
    const allowed: string[] = Object.values(ApiType);
    if (!allowed.includes(args.apiType)) {
        throw check.error("apiType", `"${args.apiType}" must be one of ${allowed.join(", ")}`);
    }
    const kind: ApiKind = args.apiType;
    const routes = check.routes(args.routes, (r) => r.route, (r) => parseRoute(kind, r.route));
    const authorizers = args.authorizers ?? [];
    check.authorizers(authorizers.map((a) => a.name), []);
    const stages = args.stages && args.stages.length > 0 ? check.stages(kind, args.stages) : undefined;
    const headroom = check.byteCount("policyHeadroomBytes", args.policyHeadroomBytes);
    const scope = check.scope(args.permissionScope);
    const targets = new TargetResolver(parent, `LambdaApiPermissions ${name}`, urnOf);
    const planned = [
        ...authorizers.map((a) => ({
            route: { kind: "authorizer", authorizerId: a.name } as Route,
            target: targets.resolve(`authorizer ${a.name}`, a),
        })),
        ...routes.map((route, i) => ({ route, target: targets.resolve(`route ${describeRoute(route)}`, args.routes[i]) })),
    ];
    const plan = planApiPermissions({
        parent,
        api: name,
        executionArnBytes: typeof args.executionArn === "string" ? args.executionArn.length : undefined,
        routes: planned,
        targets: targets.all(),
        stages,
        scope,
        headroomBytes: headroom,
    });
    return createApiPermissions(plan, executionArn, new Map(authorizers.map((a) => [a.name, a.authorizerId])));
}

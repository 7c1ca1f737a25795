/**
 * A REST API whose routes invoke Lambda functions through scoped resource policies, not IAM roles.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Route, describeRoute } from "../core/executeApi";
import { PermissionScope } from "../core/permissionPlan";
import { restRoute } from "../core/routeInput";
import { shortHash, stableName } from "../core/stableName";
import { PACKAGE } from "./package";
import { DEFAULTS, PermissionInfo, RestAuthorizer, RestAuthorizerType, RestRoute } from "./args";
import { TargetResolver } from "./lambdaTarget";
import { createApiPermissions, planApiPermissions } from "./permissions";
import { buildWhenPlain } from "./plainArgs";
import { restResourceTree } from "./restResources";
import { ArgsChecker } from "./validate";

export interface LambdaRestApiArgs {
    /** The routes: a method on a path, each served by a Lambda function. */
    routes: RestRoute[];
    /**
     * Lambda authorizers (TOKEN or REQUEST) that routes refer to by name.
     * @default []
     */
    authorizers?: RestAuthorizer[];
    /**
     * Stages to create, all on the same deployment.
     * @default ["prod"]
     */
    stages?: string[];
    /**
     * Scope the permissions to the stages in `stages` only. When false, they allow every stage
     * (`*`), which also lets the console's Test button (stage `test-invoke-stage`) invoke.
     * @default false
     */
    restrictPermissionsToStages?: boolean;
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

interface Built {
    apiId: string;
    executionArn: string;
    invokeUrl: string;
    permissions: PermissionInfo[];
}

/**
 * A REST API: the resource tree of the route paths, a method and an AWS_PROXY integration without
 * credentials per route, Lambda authorizers without credentials, a deployment redeployed when the
 * routes change, its stages, and exactly scoped Lambda permissions.
 */
export class LambdaRestApi extends pulumi.ComponentResource {
    /** The REST API's id. */
    public readonly apiId: pulumi.Output<string>;
    /** `arn:{partition}:execute-api:{region}:{account}:{apiId}`. */
    public readonly executionArn: pulumi.Output<string>;
    /** The invoke URL of the first stage. */
    public readonly invokeUrl: pulumi.Output<string>;
    /** The Lambda permissions created, with their source ARNs. */
    public readonly permissions: pulumi.Output<PermissionInfo[]>;

    constructor(name: string, args: LambdaRestApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`${PACKAGE}:index:LambdaRestApi`, name, {}, opts);
        const built = buildWhenPlain({ routes: args.routes, authorizers: args.authorizers }, (plain, urnOf) =>
            buildRestApi(this, name, { ...args, ...plain }, urnOf),
        );
        this.apiId = built.apply((b) => b.apiId);
        this.executionArn = built.apply((b) => b.executionArn);
        this.invokeUrl = built.apply((b) => b.invokeUrl);
        this.permissions = built.apply((b) => b.permissions);
        this.registerOutputs({
            apiId: this.apiId,
            executionArn: this.executionArn,
            invokeUrl: this.invokeUrl,
            permissions: this.permissions,
        });
    }
}

function buildRestApi(
    parent: pulumi.Resource,
    name: string,
    args: LambdaRestApiArgs,
    urnOf: ReadonlyMap<unknown, string>,
): pulumi.Output<Built> {
    const check = new ArgsChecker(parent, `LambdaRestApi ${name}`);
    const describe = (r: RestRoute) => `${r.method ?? DEFAULTS.restMethod} ${r.path}`;
    const routes = check.routes(args.routes, describe, (r) => restRoute(r.method ?? DEFAULTS.restMethod, r.path));
    const authorizers = args.authorizers ?? [];
    check.authorizers(
        authorizers.map((a) => a.name),
        args.routes.map((r) => ({ route: describe(r), authorizer: r.authorizer })),
    );
    const stages = check.stages("rest", args.stages && args.stages.length > 0 ? args.stages : DEFAULTS.restStages);
    const headroom = check.byteCount("policyHeadroomBytes", args.policyHeadroomBytes);
    const scope = check.scope(args.permissionScope);
    // Every check before the first resource: a bad argument fails the program, not half of it.
    const targets = new TargetResolver(parent, `LambdaRestApi ${name}`, urnOf);
    const authorizerTargets = authorizers.map((a) => {
        if (a.type !== undefined && a.type !== RestAuthorizerType.Token && a.type !== RestAuthorizerType.Request) {
            throw check.error(`authorizer ${a.name}`, `type "${a.type}" must be TOKEN or REQUEST`);
        }
        return targets.resolve(`authorizer ${a.name}`, a);
    });
    const routeTargets = routes.map((route, i) => targets.resolve(`route ${describeRoute(route)}`, args.routes[i]));
    const permissionPlan = planApiPermissions({
        parent,
        api: name,
        routes: [
            ...authorizers.map((a, i) => ({ route: { kind: "authorizer", authorizerId: a.name } as Route, target: authorizerTargets[i] })),
            ...routes.map((route, i) => ({ route, target: routeTargets[i] })),
        ],
        targets: targets.all(),
        stages: args.restrictPermissionsToStages ? stages : undefined,
        scope,
        headroomBytes: headroom,
    });

    const api = new aws.apigateway.RestApi(name, {}, { parent });
    const authorizerResources = new Map<string, aws.apigateway.Authorizer>();
    const signature: pulumi.Output<string>[] = [];
    authorizers.forEach((a, i) => {
        const target = authorizerTargets[i];
        const type = a.type ?? DEFAULTS.restAuthorizerType;
        const identitySource = a.identitySource ?? DEFAULTS.restIdentitySource;
        const ttl = a.resultTtlInSeconds ?? DEFAULTS.authorizerResultTtlInSeconds;
        const authorizer = new aws.apigateway.Authorizer(
            stableName(name, `authorizer ${a.name}`),
            { restApi: api.id, name: a.name, type, authorizerUri: target.invokeUri, identitySource, authorizerResultTtlInSeconds: ttl },
            { parent },
        );
        authorizerResources.set(a.name, authorizer);
        signature.push(pulumi.interpolate`authorizer ${a.name} ${type} ${identitySource} ${ttl} ${target.invokeUri}`);
    });

    const resourceIds = restResourceTree(name, api, routes.map((r) => (r.kind === "rest" ? r.path : "/")), parent);
    const children: pulumi.Resource[] = [...authorizerResources.values()];
    routes.forEach((route, i) => {
        if (route.kind !== "rest") {
            return;
        }
        const spec = args.routes[i];
        const what = describeRoute(route);
        const target = routeTargets[i];
        const authorizer = spec.authorizer !== undefined ? authorizerResources.get(spec.authorizer) : undefined;
        const method = new aws.apigateway.Method(
            stableName(name, `method ${what}`),
            {
                restApi: api.id,
                resourceId: resourceIds.get(route.path) as pulumi.Output<string>,
                httpMethod: route.method,
                authorization: authorizer ? "CUSTOM" : "NONE",
                authorizerId: authorizer?.id,
            },
            { parent },
        );
        const integration = new aws.apigateway.Integration(
            stableName(name, `integration ${what}`),
            {
                restApi: api.id,
                resourceId: method.resourceId,
                httpMethod: route.method,
                type: "AWS_PROXY",
                integrationHttpMethod: "POST",
                uri: target.invokeUri,
            },
            { parent },
        );
        children.push(method, integration);
        signature.push(pulumi.interpolate`${what} ${spec.authorizer ?? ""} ${target.invokeUri}`);
    });

    // REST APIs serve a snapshot: a new deployment whenever routes, targets or authorizers change.
    const deployment = new aws.apigateway.Deployment(
        `${name}-deployment`,
        { restApi: api.id, triggers: { redeployment: pulumi.all(signature).apply((s) => shortHash([...s].sort().join("\n"))) } },
        { parent, dependsOn: children },
    );
    const stageResources = stages.map(
        (stage) => new aws.apigateway.Stage(`${name}-${stage}`, { restApi: api.id, deployment: deployment.id, stageName: stage }, { parent }),
    );
    const authorizerIds = new Map([...authorizerResources].map(([n, a]) => [n, a.id]));
    const permissions = createApiPermissions(permissionPlan, api.executionArn, authorizerIds);
    return pulumi
        .all([api.id, api.executionArn, stageResources[0].invokeUrl, permissions])
        .apply(([apiId, executionArn, invokeUrl, infos]) => ({ apiId, executionArn, invokeUrl, permissions: infos }));
}

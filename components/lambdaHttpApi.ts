/**
 * An HTTP API whose routes invoke Lambda functions through scoped resource policies, not IAM roles.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Route, describeRoute } from "../core/executeApi";
import { PermissionScope } from "../core/permissionPlan";
import { parseRoute } from "../core/routeInput";
import { shortHash, stableName } from "../core/stableName";
import { DEFAULTS, HttpAuthorizer, HttpRoute, PermissionInfo } from "./args";
import { TargetResolver } from "./lambdaTarget";
import { PACKAGE } from "./package";
import { createApiPermissions, planApiPermissions } from "./permissions";
import { buildWhenPlain } from "./plainArgs";
import { ArgsChecker } from "./validate";

export interface LambdaHttpApiArgs {
    /** The routes, each served by a Lambda function. */
    routes: HttpRoute[];
    /**
     * Lambda REQUEST authorizers that routes refer to by name.
     * @default []
     */
    authorizers?: HttpAuthorizer[];
    /**
     * The stage's name.
     * @default "$default"
     */
    stageName?: string;
    /**
     * Deploy every change to the stage automatically. When false, the component creates a
     * deployment that is replaced whenever the routes change.
     * @default true
     */
    autoDeploy?: boolean;
    /**
     * Payload format of the Lambda integrations: `1.0` or `2.0`.
     * @default "2.0"
     */
    payloadFormatVersion?: string;
    /**
     * Scope the permissions to `stageName` only. When false, they allow every stage (`*`).
     * @default false
     */
    restrictPermissionsToStage?: boolean;
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
 * An HTTP API: an AWS_PROXY integration without credentials and a route per route key, Lambda
 * REQUEST authorizers without credentials, a stage, and exactly scoped Lambda permissions.
 */
export class LambdaHttpApi extends pulumi.ComponentResource {
    /** The HTTP API's id. */
    public readonly apiId: pulumi.Output<string>;
    /** `arn:{partition}:execute-api:{region}:{account}:{apiId}`. */
    public readonly executionArn: pulumi.Output<string>;
    /** The stage's invoke URL. */
    public readonly invokeUrl: pulumi.Output<string>;
    /** The Lambda permissions created, with their source ARNs. */
    public readonly permissions: pulumi.Output<PermissionInfo[]>;

    constructor(name: string, args: LambdaHttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`${PACKAGE}:index:LambdaHttpApi`, name, {}, opts);
        const built = buildWhenPlain({ routes: args.routes, authorizers: args.authorizers }, (plain, urnOf) =>
            buildHttpApi(this, name, { ...args, ...plain }, urnOf),
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

const PAYLOAD_FORMATS = ["1.0", "2.0"];

function buildHttpApi(
    parent: pulumi.Resource,
    name: string,
    args: LambdaHttpApiArgs,
    urnOf: ReadonlyMap<unknown, string>,
): pulumi.Output<Built> {
    const check = new ArgsChecker(parent, `LambdaHttpApi ${name}`);
    const routes = check.routes(args.routes, (r) => r.routeKey, (r) => parseRoute("http", r.routeKey));
    const authorizers = args.authorizers ?? [];
    check.authorizers(
        authorizers.map((a) => a.name),
        args.routes.map((r) => ({ route: r.routeKey, authorizer: r.authorizer })),
    );
    const [stageName] = check.stages("http", [args.stageName ?? DEFAULTS.httpStageName]);
    const payloadFormatVersion: string = args.payloadFormatVersion ?? DEFAULTS.payloadFormatVersion;
    for (const [what, format] of [
        ["payloadFormatVersion", payloadFormatVersion],
        ...authorizers.map((a) => [`authorizer ${a.name}`, a.payloadFormatVersion ?? DEFAULTS.payloadFormatVersion]),
    ]) {
        if (!PAYLOAD_FORMATS.includes(format)) {
            throw check.error(what, `payload format "${format}" must be one of ${PAYLOAD_FORMATS.join(", ")}`);
        }
    }
    const headroom = check.byteCount("policyHeadroomBytes", args.policyHeadroomBytes);
    const scope = check.scope(args.permissionScope);
    // Every check before the first resource: a bad argument fails the program, not half of it.
    const targets = new TargetResolver(parent, `LambdaHttpApi ${name}`, urnOf);
    const authorizerTargets = authorizers.map((a) => targets.resolve(`authorizer ${a.name}`, a));
    const routeTargets = routes.map((route, i) => targets.resolve(`route ${describeRoute(route)}`, args.routes[i]));
    const permissionPlan = planApiPermissions({
        parent,
        api: name,
        routes: [
            ...authorizers.map((a, i) => ({ route: { kind: "authorizer", authorizerId: a.name } as Route, target: authorizerTargets[i] })),
            ...routes.map((route, i) => ({ route, target: routeTargets[i] })),
        ],
        targets: targets.all(),
        stages: args.restrictPermissionsToStage ? [stageName] : undefined,
        scope,
        headroomBytes: headroom,
    });

    const api = new aws.apigatewayv2.Api(name, { protocolType: "HTTP" }, { parent });
    const authorizerIds = new Map<string, pulumi.Output<string>>();
    const signature: pulumi.Output<string>[] = [];
    authorizers.forEach((a, i) => {
        const format = a.payloadFormatVersion ?? DEFAULTS.payloadFormatVersion;
        const authorizer = new aws.apigatewayv2.Authorizer(
            stableName(name, `authorizer ${a.name}`),
            {
                apiId: api.id,
                name: a.name,
                authorizerType: "REQUEST",
                authorizerUri: authorizerTargets[i].invokeUri,
                authorizerPayloadFormatVersion: format,
                enableSimpleResponses: format === "2.0" ? (a.enableSimpleResponses ?? DEFAULTS.enableSimpleResponses) : undefined,
                identitySources: a.identitySources ?? [...DEFAULTS.httpIdentitySources],
                authorizerResultTtlInSeconds: a.resultTtlInSeconds ?? DEFAULTS.authorizerResultTtlInSeconds,
            },
            { parent },
        );
        authorizerIds.set(a.name, authorizer.id);
        const settings = JSON.stringify([format, a.enableSimpleResponses, a.identitySources, a.resultTtlInSeconds]);
        signature.push(pulumi.interpolate`authorizer ${a.name} ${settings} ${authorizerTargets[i].invokeUri}`);
    });

    const routeResources: aws.apigatewayv2.Route[] = [];
    routes.forEach((route, i) => {
        const spec = args.routes[i];
        const what = describeRoute(route);
        const integration = new aws.apigatewayv2.Integration(
            stableName(name, `integration ${what}`),
            {
                apiId: api.id,
                integrationType: "AWS_PROXY",
                integrationMethod: "POST",
                integrationUri: routeTargets[i].invokeUri,
                payloadFormatVersion,
            },
            { parent },
        );
        const authorizerId = spec.authorizer !== undefined ? authorizerIds.get(spec.authorizer) : undefined;
        routeResources.push(
            new aws.apigatewayv2.Route(
                stableName(name, `route ${what}`),
                {
                    apiId: api.id,
                    routeKey: spec.routeKey,
                    target: pulumi.interpolate`integrations/${integration.id}`,
                    authorizationType: authorizerId ? "CUSTOM" : "NONE",
                    authorizerId,
                },
                { parent },
            ),
        );
        signature.push(pulumi.interpolate`${what} ${spec.authorizer ?? ""} ${payloadFormatVersion} ${routeTargets[i].invokeUri}`);
    });

    const deployment =
        args.autoDeploy === false
            ? new aws.apigatewayv2.Deployment(
                  `${name}-deployment`,
                  { apiId: api.id, triggers: { redeployment: pulumi.all(signature).apply((s) => shortHash([...s].sort().join("\n"))) } },
                  { parent, dependsOn: routeResources },
              )
            : undefined;
    const stage = new aws.apigatewayv2.Stage(
        `${name}-stage`,
        { apiId: api.id, name: stageName, autoDeploy: args.autoDeploy ?? DEFAULTS.httpAutoDeploy, deploymentId: deployment?.id },
        { parent, dependsOn: deployment ? [] : routeResources },
    );
    const permissions = createApiPermissions(permissionPlan, api.executionArn, authorizerIds);
    return pulumi
        .all([api.id, api.executionArn, stage.invokeUrl, permissions])
        .apply(([apiId, executionArn, invokeUrl, infos]) => ({ apiId, executionArn, invokeUrl, permissions: infos }));
}

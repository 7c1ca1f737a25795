/**
 * A WebSocket API whose routes invoke Lambda functions through scoped resource policies, not IAM
 * roles. API Gateway sends `{executionArn}/{stage}/{routeKey}` for a route and
 * `{executionArn}/authorizers/{authorizerId}` for the `$connect` authorizer (AWS.md).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Route, describeRoute } from "../core/executeApi";
import { PermissionScope } from "../core/permissionPlan";
import { parseRoute } from "../core/routeInput";
import { stableName } from "../core/stableName";
import { DEFAULTS, LambdaTarget, PermissionInfo } from "./args";
import { TargetResolver } from "./lambdaTarget";
import { PACKAGE } from "./package";
import { createApiPermissions, planApiPermissions } from "./permissions";
import { buildWhenPlain } from "./plainArgs";
import { ArgsChecker } from "./validate";

/** A WebSocket route, served by a Lambda function (AWS_PROXY). */
export interface WebSocketRoute extends LambdaTarget {
    /** `$connect`, `$disconnect`, `$default`, or a custom key such as `sendMessage`. */
    routeKey: string;
}

/** The Lambda REQUEST authorizer of the `$connect` route, invoked without credentials. */
export interface WebSocketAuthorizer extends LambdaTarget {
    /** The authorizer's name in API Gateway; also part of its permission's name. */
    name: string;
    /**
     * Where the identity comes from: `route.request.header.{name}`, `route.request.querystring.{name}`,
     * `stageVariables.{name}` or `context.{name}`.
     * @default ["route.request.header.Authorization"]
     */
    identitySources?: string[];
}

export interface LambdaWebSocketApiArgs {
    /** The routes, each served by a Lambda function. */
    routes: WebSocketRoute[];
    /**
     * A Lambda REQUEST authorizer for the `$connect` route (WebSocket APIs authorize only on connect).
     * @default none: `$connect` has authorization "NONE"
     */
    authorizer?: WebSocketAuthorizer;
    /**
     * Which part of a message picks the route.
     * @default "$request.body.action"
     */
    routeSelectionExpression?: string;
    /**
     * The stage's name (deployed automatically on every change).
     * @default "prod"
     */
    stageName?: string;
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
 * A WebSocket API: an AWS_PROXY integration without credentials and a route per route key, an
 * optional Lambda REQUEST authorizer on `$connect` without credentials, an auto-deployed stage,
 * and exactly scoped Lambda permissions.
 * @example
 * new LambdaWebSocketApi("chat", {
 *     routes: [{ routeKey: "$connect", function: connect }, { routeKey: "sendMessage", function: send }],
 *     authorizer: { name: "token", function: auth, identitySources: ["route.request.querystring.token"] },
 * });
 */
export class LambdaWebSocketApi extends pulumi.ComponentResource {
    /** The WebSocket API's id. */
    public readonly apiId: pulumi.Output<string>;
    /** `arn:{partition}:execute-api:{region}:{account}:{apiId}`. */
    public readonly executionArn: pulumi.Output<string>;
    /** The stage's `wss://` URL. */
    public readonly invokeUrl: pulumi.Output<string>;
    /** The Lambda permissions created, with their source ARNs. */
    public readonly permissions: pulumi.Output<PermissionInfo[]>;

    constructor(name: string, args: LambdaWebSocketApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super(`${PACKAGE}:index:LambdaWebSocketApi`, name, {}, opts);
        const built = buildWhenPlain({ routes: args.routes, authorizer: args.authorizer }, (plain, urnOf) =>
            buildWebSocketApi(this, name, { ...args, ...plain }, urnOf),
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

const PREDEFINED_ROUTES = ["$connect", "$disconnect", "$default"];
const IDENTITY_SOURCE = /^(route\.request\.(header|querystring)|stageVariables|context)\.[^\s.][^\s]*$/;

/** Why a WebSocket route key cannot be used; undefined when it can. */
function routeKeyProblem(routeKey: string): string | undefined {
    const parsed = parseRoute("websocket", routeKey);
    if (typeof parsed === "string") {
        return parsed;
    }
    if (routeKey.startsWith("$") && !PREDEFINED_ROUTES.includes(routeKey)) {
        return `route key "${routeKey}": keys starting with "$" are reserved for ${PREDEFINED_ROUTES.join(", ")}`;
    }
    return undefined;
}

function buildWebSocketApi(
    parent: pulumi.Resource,
    name: string,
    args: LambdaWebSocketApiArgs,
    urnOf: ReadonlyMap<unknown, string>,
): pulumi.Output<Built> {
    const component = `LambdaWebSocketApi ${name}`;
    const check = new ArgsChecker(parent, component);
    const routes = check.routes(args.routes, (r) => r.routeKey, (r) => routeKeyProblem(r.routeKey) ?? { kind: "websocket", routeKey: r.routeKey });
    const stageName = args.stageName ?? DEFAULTS.webSocketStageName;
    if (stageName === "$default") {
        throw check.error(`stage ${stageName}`, 'the "$default" stage exists only for HTTP APIs; name the stage, e.g. "prod"');
    }
    check.stages("websocket", [stageName]);
    const selection = args.routeSelectionExpression ?? DEFAULTS.routeSelectionExpression;
    if (selection.trim() === "") {
        throw check.error("routeSelectionExpression", 'must not be empty (e.g. "$request.body.action")');
    }
    const authorizer = args.authorizer;
    const identitySources = authorizer ? (authorizer.identitySources ?? [...DEFAULTS.webSocketIdentitySources]) : [];
    if (authorizer) {
        check.authorizers([authorizer.name], []);
        if (!args.routes.some((r) => r.routeKey === "$connect")) {
            throw check.error(`authorizer ${authorizer.name}`, "a WebSocket authorizer guards the $connect route; add a $connect route");
        }
        if (identitySources.length === 0) {
            throw check.error(`authorizer ${authorizer.name}`, "identitySources must name at least one source, e.g. route.request.header.Auth");
        }
        for (const source of identitySources) {
            if (!IDENTITY_SOURCE.test(source)) {
                throw check.error(
                    `authorizer ${authorizer.name}`,
                    `identity source "${source}" must be route.request.header.{name}, route.request.querystring.{name}, stageVariables.{name} or context.{name}`,
                );
            }
        }
    }
    const headroom = check.byteCount("policyHeadroomBytes", args.policyHeadroomBytes);
    const scope = check.scope(args.permissionScope);
    // Every check before the first resource: a bad argument fails the program, not half of it.
    const targets = new TargetResolver(parent, component, urnOf);
    const authorizerTarget = authorizer ? targets.resolve(`authorizer ${authorizer.name}`, authorizer) : undefined;
    const routeTargets = routes.map((route, i) => targets.resolve(`route ${describeRoute(route)}`, args.routes[i]));
    const permissionPlan = planApiPermissions({
        parent,
        api: name,
        routes: [
            ...(authorizer && authorizerTarget ? [{ route: { kind: "authorizer", authorizerId: authorizer.name } as Route, target: authorizerTarget }] : []),
            ...routes.map((route, i) => ({ route, target: routeTargets[i] })),
        ],
        targets: targets.all(),
        stages: args.restrictPermissionsToStage ? [stageName] : undefined,
        scope,
        headroomBytes: headroom,
    });

    const api = new aws.apigatewayv2.Api(name, { protocolType: "WEBSOCKET", routeSelectionExpression: selection }, { parent });
    const authorizerIds = new Map<string, pulumi.Output<string>>();
    if (authorizer && authorizerTarget) {
        const resource = new aws.apigatewayv2.Authorizer(
            stableName(name, `authorizer ${authorizer.name}`),
            {
                apiId: api.id,
                name: authorizer.name,
                authorizerType: "REQUEST",
                authorizerUri: authorizerTarget.invokeUri,
                identitySources,
            },
            { parent },
        );
        authorizerIds.set(authorizer.name, resource.id);
    }

    const routeResources = routes.map((route, i) => {
        const spec = args.routes[i];
        const what = describeRoute(route);
        const integration = new aws.apigatewayv2.Integration(
            stableName(name, `integration ${what}`),
            { apiId: api.id, integrationType: "AWS_PROXY", integrationMethod: "POST", integrationUri: routeTargets[i].invokeUri },
            { parent },
        );
        const authorizerId = spec.routeKey === "$connect" && authorizer ? authorizerIds.get(authorizer.name) : undefined;
        return new aws.apigatewayv2.Route(
            stableName(name, `route ${what}`),
            {
                apiId: api.id,
                routeKey: spec.routeKey,
                target: pulumi.interpolate`integrations/${integration.id}`,
                authorizationType: authorizerId ? "CUSTOM" : "NONE",
                authorizerId,
            },
            { parent },
        );
    });

    const stage = new aws.apigatewayv2.Stage(`${name}-stage`, { apiId: api.id, name: stageName, autoDeploy: true }, { parent, dependsOn: routeResources });
    const permissions = createApiPermissions(permissionPlan, api.executionArn, authorizerIds);
    return pulumi
        .all([api.id, api.executionArn, stage.invokeUrl, permissions])
        .apply(([apiId, executionArn, invokeUrl, infos]) => ({ apiId, executionArn, invokeUrl, permissions: infos }));
}

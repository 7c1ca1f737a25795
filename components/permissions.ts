/**
 * Plans and creates the Lambda permissions of one API: the only place the components create
 * `aws.lambda.Permission` resources.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Route, describeRoute } from "../core/executeApi";
import { PermissionPlan, PermissionScope, planPermissions, wideningWarning } from "../core/permissionPlan";
import { statementIdFor } from "../core/stableName";
import { PermissionInfo } from "./args";
import { ResolvedTarget } from "./lambdaTarget";

export interface ApiPermissionsSpec {
    /** The component: parent of the permissions; the resource errors name it. */
    parent: pulumi.Resource;
    /** The component's name: part of every permission's name and statement id. */
    api: string;
    /** Bytes of the execution ARN when it is known now; an upper bound is used otherwise. */
    executionArnBytes?: number;
    /** Routes and authorizers (an authorizer's `authorizerId` is its name in the component). */
    routes: { route: Route; target: ResolvedTarget }[];
    targets: readonly ResolvedTarget[];
    stages?: string[];
    scope?: PermissionScope;
    headroomBytes?: number;
}

export interface ApiPermissionsPlan {
    spec: ApiPermissionsSpec;
    plan: PermissionPlan;
}

/** Plans the permissions, before any resource exists; ResourceError when they cannot fit. */
export function planApiPermissions(spec: ApiPermissionsSpec): ApiPermissionsPlan {
    const plan = planPermissions({
        api: spec.api,
        routes: spec.routes.map((r) => ({ route: r.route, target: r.target.key })),
        targets: spec.targets.map((t) => ({ key: t.key, functionArnBytes: t.functionArnBytes })),
        stages: spec.stages,
        scope: spec.scope,
        headroomBytes: spec.headroomBytes,
        executionArnBytes: spec.executionArnBytes,
    });
    for (const summary of plan.targets) {
        if (summary.overBudget) {
            const routes = spec.routes.filter((r) => r.target.key === summary.target).map((r) => describeRoute(r.route));
            throw new pulumi.ResourceError(
                wideningWarning(spec.api, `serving ${routes.slice(0, 3).join(", ")}${routes.length > 3 ? ", ..." : ""}`, summary),
                spec.parent,
            );
        }
    }
    return { spec, plan };
}

/**
 * Creates the planned permissions on `executionArn`; `authorizerIds` maps each authorizer's name
 * to its real id. The returned output describes the permissions, in plan order.
 */
export function createApiPermissions(
    { spec, plan }: ApiPermissionsPlan,
    executionArn: pulumi.Input<string>,
    authorizerIds: ReadonlyMap<string, pulumi.Input<string>>,
): pulumi.Output<PermissionInfo[]> {
    const byKey = new Map(spec.targets.map((t) => [t.key, t]));
    for (const summary of plan.targets) {
        if (summary.widenedFrom) {
            const target = byKey.get(summary.target) as ResolvedTarget;
            target.label.apply((label) => pulumi.log.warn(wideningWarning(spec.api, label, summary), spec.parent));
        }
    }
    const infos = plan.permissions.map((p) => {
        const statementId = statementIdOf(spec.parent, spec.api, p.statementKey);
        const target = byKey.get(p.target) as ResolvedTarget;
        const authorizerId = p.authorizer !== undefined ? authorizerIds.get(p.authorizer) : undefined;
        if (p.authorizer !== undefined && authorizerId === undefined) {
            throw new pulumi.ResourceError(`${spec.api}: authorizer ${p.authorizer} has no id to scope its permission to`, spec.parent);
        }
        const sourceArn =
            authorizerId !== undefined
                ? pulumi.interpolate`${executionArn}/authorizers/${authorizerId}`
                : pulumi.interpolate`${executionArn}${p.path}`;
        const permission = new aws.lambda.Permission(
            p.name,
            {
                action: "lambda:InvokeFunction",
                function: target.functionArn,
                qualifier: target.qualifier,
                principal: "apigateway.amazonaws.com",
                sourceArn,
                statementId,
            },
            { parent: spec.parent },
        );
        // Through `permission.id`, whoever reads this waits until the permission exists.
        return pulumi
            .all([sourceArn, target.functionArn, target.qualifier, statementId, permission.id])
            .apply(([arn, functionArn, qualifier, sid]): PermissionInfo => ({
                statementId: sid,
                functionArn,
                qualifier: qualifier ?? "",
                sourceArn: arn,
                scope: p.level,
                routes: p.routes,
            }));
    });
    return pulumi.all(infos);
}

/**
 * The statement id of the statement `key` of the component `parent` named `api`: hashed with the
 * component's URN, so it is unique on the function across components (two same-named APIs of any
 * type), programs and stacks, and unchanged when routes are added. Every component that creates
 * Lambda permissions names them through this.
 */
export function statementIdOf(parent: pulumi.Resource, api: string, key: string): pulumi.Output<string> {
    // Through a plain promise, so the id does not carry `parent` as a dependency: a permission that
    // depended on its own parent component would wait for the component's children, itself included.
    // A URN is known even in a preview, so the id always is.
    const urn = new Promise<string>((resolve) => parent.urn.apply(resolve));
    return pulumi.output(urn.then((u) => statementIdFor(u, api, key)));
}

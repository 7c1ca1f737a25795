/**
 * Argument checks shared by the components: each problem is a ResourceError naming the component
 * and the route, authorizer or stage at fault.
 */
import * as pulumi from "@pulumi/pulumi";
import { ApiKind, Route } from "../core/executeApi";
import { PermissionScope } from "../core/permissionPlan";
import { findRouteConflicts, validateStageName } from "../core/routeInput";

export class ArgsChecker {
    constructor(
        private readonly parent: pulumi.Resource,
        private readonly component: string,
    ) {}

    error(what: string, problem: string): pulumi.ResourceError {
        return new pulumi.ResourceError(`${this.component}: ${what}: ${problem}`, this.parent);
    }

    /** Parsed routes (`parse` returns a Route or a problem), rejecting duplicates and conflicts. */
    routes<T>(items: readonly T[] | undefined, describe: (item: T) => string, parse: (item: T) => Route | string): Route[] {
        if (!items || items.length === 0) {
            throw this.error("routes", "at least one route is required");
        }
        const routes = items.map((item) => {
            const parsed = parse(item);
            if (typeof parsed === "string") {
                throw this.error(`route ${describe(item)}`, parsed);
            }
            return parsed;
        });
        const conflict = findRouteConflicts(routes)[0];
        if (conflict) {
            throw this.error(`route ${describe(items[conflict.index])}`, conflict.problem);
        }
        return routes;
    }

    /** Authorizer names are unique, and every route's `authorizer` names one of them. */
    authorizers(names: readonly string[], references: readonly { route: string; authorizer?: string }[]): void {
        const seen = new Set<string>();
        for (const name of names) {
            if (!name) {
                throw this.error("authorizers", "every authorizer needs a non-empty `name`");
            }
            if (seen.has(name)) {
                throw this.error(`authorizer ${name}`, "duplicate authorizer name");
            }
            seen.add(name);
        }
        for (const ref of references) {
            if (ref.authorizer !== undefined && !seen.has(ref.authorizer)) {
                const known = names.length > 0 ? names.join(", ") : "none";
                throw this.error(`route ${ref.route}`, `authorizer "${ref.authorizer}" is not in \`authorizers\` (defined: ${known})`);
            }
        }
    }

    /** Stage names valid for the API kind, without repeats. */
    stages(kind: ApiKind, stages: readonly string[]): string[] {
        for (const stage of stages) {
            const problem = validateStageName(kind, stage);
            if (problem) {
                throw this.error(`stage ${stage}`, problem);
            }
        }
        return [...new Set(stages)];
    }

    /** A non-negative whole number. */
    byteCount(what: string, value: number | undefined): number | undefined {
        if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value < 20480)) {
            throw this.error(what, `must be a whole number of bytes from 0 to 20479, got ${value}`);
        }
        return value;
    }

    /** `route` or `api` (other languages can send any string). */
    scope(value: PermissionScope | undefined): PermissionScope | undefined {
        const allowed: string[] = Object.values(PermissionScope);
        if (value !== undefined && !allowed.includes(value)) {
            throw this.error("permissionScope", `"${value}" must be one of ${allowed.join(", ")}`);
        }
        return value;
    }
}

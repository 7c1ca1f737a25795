/**
 * A REST API's resource tree from route paths: one `aws.apigateway.Resource` per path prefix,
 * named after its full path so adding a route never renames an existing resource.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { stableName } from "../core/stableName";

/** The resource id of every path (`/` included) used by `paths`. */
export function restResourceTree(
    name: string,
    api: aws.apigateway.RestApi,
    paths: readonly string[],
    parent: pulumi.Resource,
): Map<string, pulumi.Output<string>> {
    const ids = new Map<string, pulumi.Output<string>>([["/", api.rootResourceId]]);
    const idOf = (path: string): pulumi.Output<string> => {
        const known = ids.get(path);
        if (known) {
            return known;
        }
        const slash = path.lastIndexOf("/");
        const parentPath = slash === 0 ? "/" : path.slice(0, slash);
        const resource = new aws.apigateway.Resource(
            stableName(name, `resource ${path}`),
            { restApi: api.id, parentId: idOf(parentPath), pathPart: path.slice(slash + 1) },
            { parent },
        );
        ids.set(path, resource.id);
        return resource.id;
    };
    [...paths].sort().forEach(idOf);
    return ids;
}

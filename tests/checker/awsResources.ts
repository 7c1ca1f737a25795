/**
 * @pulumi/aws (v7) resources for StackBuilder, with inputs as the program set them (plus the
 * provider's `__defaults` and auto-names) and outputs listing every attribute, as a real export
 * has them. Property names and type tokens follow shared/AWS.md.
 *
 * @example
 * const role = iamRole(b, "invoker", "apigateway.amazonaws.com");
 * const fn = lambdaFunction(b, "pets", { executionRole: exec });
 */
import { ACCOUNT, REGION, Res, StackBuilder, apiId, hex } from "./exportBuilder";

const str = (r: Res, key: string) => String(r.outputs[key]);
const TIME = "2025-06-12T09:40:51Z";

export function lambdaUri(functionArn: string): string {
    return `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${functionArn}/invocations`;
}

function assumeRolePolicy(service: string): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: "sts:AssumeRole", Effect: "Allow", Principal: { Service: service } }] });
}

export function iamRole(b: StackBuilder, name: string, service: string, opts: { physicalName?: string } = {}): Res {
    const roleName = opts.physicalName ?? b.autoName(name);
    const policy = assumeRolePolicy(service);
    return b.add("aws:iam/role:Role", name, {
        id: roleName,
        inputs: { __defaults: ["forceDetachPolicies", "maxSessionDuration", ...(opts.physicalName ? [] : ["name"]), "path"], assumeRolePolicy: policy, forceDetachPolicies: false, maxSessionDuration: 3600, name: roleName, path: "/" },
        outputs: {
            arn: `arn:aws:iam::${ACCOUNT}:role/${roleName}`, assumeRolePolicy: policy, createDate: TIME, description: "", forceDetachPolicies: false,
            id: roleName, inlinePolicies: [], managedPolicyArns: [], maxSessionDuration: 3600, name: roleName, namePrefix: "", path: "/",
            permissionsBoundary: "", tags: {}, tagsAll: {}, uniqueId: `AROA${hex(roleName, 17).toUpperCase()}`,
        },
    });
}

/** An inline policy letting the role invoke the given functions. */
export function invokePolicy(b: StackBuilder, name: string, role: Res, functions: Res[]): Res {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Action: "lambda:InvokeFunction", Effect: "Allow", Resource: functions.map((f) => str(f, "arn")) }] });
    const policyName = b.autoName(name);
    const id = `${str(role, "name")}:${policyName}`;
    return b.add("aws:iam/rolePolicy:RolePolicy", name, {
        id,
        inputs: { __defaults: ["name"], name: policyName, policy, role: str(role, "name") },
        outputs: { id, name: policyName, namePrefix: "", policy, role: str(role, "name") },
        uses: { role: [role], policy: functions },
    });
}

export function basicExecution(b: StackBuilder, name: string, role: Res): Res {
    const policyArn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    const id = `${str(role, "name")}-${hex(name, 20)}`;
    return b.add("aws:iam/rolePolicyAttachment:RolePolicyAttachment", name, {
        id,
        inputs: { __defaults: [], policyArn, role: str(role, "name") },
        outputs: { id, policyArn, role: str(role, "name") },
        uses: { role: [role] },
    });
}

export function lambdaFunction(b: StackBuilder, name: string, o: { executionRole: Res; tags?: Record<string, string>; runtime?: string }): Res {
    const fnName = b.autoName(name);
    const arn = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${fnName}`;
    const code = { "4dabf18193072939515e22adb298388d": "0def7320c3a5731c473e5ecbe6d01bc7", hash: hex(`${name}/code`, 64), path: `./functions/${name}` };
    const tags = o.tags ?? {};
    const runtime = o.runtime ?? "nodejs20.x";
    return b.add("aws:lambda/function:Function", name, {
        id: fnName,
        inputs: {
            __defaults: ["memorySize", "name", "packageType", "publish", "reservedConcurrentExecutions", "skipDestroy", "timeout"],
            code, handler: "index.handler", memorySize: 128, name: fnName, packageType: "Zip", publish: false,
            reservedConcurrentExecutions: -1, role: str(o.executionRole, "arn"), runtime, skipDestroy: false, tags, timeout: 3,
        },
        outputs: {
            architectures: ["x86_64"], arn, code, codeSha256: Buffer.from(hex(`${name}/sha`, 64), "hex").toString("base64"),
            codeSigningConfigArn: "", deadLetterConfig: null, description: "", environment: null, ephemeralStorage: { size: 512 },
            fileSystemConfig: null, handler: "index.handler", id: fnName, imageConfig: null, imageUri: "",
            invokeArn: lambdaUri(arn), kmsKeyArn: "", lastModified: "2025-06-12T09:40:58.000+0000", layers: [],
            loggingConfig: { applicationLogLevel: "", logFormat: "Text", logGroup: `/aws/lambda/${fnName}`, systemLogLevel: "" },
            memorySize: 128, name: fnName, packageType: "Zip", publish: false, qualifiedArn: `${arn}:$LATEST`,
            qualifiedInvokeArn: lambdaUri(`${arn}:$LATEST`), region: REGION, replaceSecurityGroupsOnDestroy: false,
            replacementSecurityGroupIds: [], reservedConcurrentExecutions: -1, role: str(o.executionRole, "arn"), runtime,
            s3Bucket: "", s3Key: "", s3ObjectVersion: "", signingJobArn: "", signingProfileVersionArn: "", skipDestroy: false,
            snapStart: null, sourceCodeHash: "", sourceCodeSize: 1024 + parseInt(hex(name, 3), 16), tags, tagsAll: tags, timeout: 3,
            tracingConfig: { mode: "PassThrough" }, version: "$LATEST", vpcConfig: null,
        },
        uses: { role: [o.executionRole] },
    });
}

/** An aws.lambda.Permission for API Gateway; `sourceArn` undefined means none (unscoped). */
export function permission(b: StackBuilder, name: string, fn: Res, sourceArn: string | undefined, uses: Res[]): Res {
    const statementId = b.autoName(name);
    const inputs: Record<string, unknown> = { __defaults: ["statementId"], action: "lambda:InvokeFunction", function: str(fn, "name"), principal: "apigateway.amazonaws.com", statementId };
    if (sourceArn !== undefined) {
        inputs.sourceArn = sourceArn;
    }
    return b.add("aws:lambda/permission:Permission", name, {
        id: statementId,
        inputs,
        outputs: {
            action: "lambda:InvokeFunction", eventSourceToken: "", function: str(fn, "name"), functionUrlAuthType: "", id: statementId,
            principal: "apigateway.amazonaws.com", principalOrgId: "", qualifier: "", sourceAccount: "", sourceArn: sourceArn ?? "",
            statementId, statementIdPrefix: "",
        },
        uses: { function: [fn], ...(sourceArn !== undefined && uses.length > 0 ? { sourceArn: uses } : {}) },
    });
}

export { apiId };

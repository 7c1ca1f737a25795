/**
 * Recognises, from the stack alone and before any ARN is known, an IAM role that API Gateway
 * assumes to invoke Lambda (AWS.md, "Recognising an invocation role before its ARN is known"):
 * its trust policy names apigateway.amazonaws.com, and something in the stack grants it
 * lambda:InvokeFunction: its inline policies, an aws.iam.RolePolicy, a RolePolicyAttachment /
 * PolicyAttachment / managedPolicyArns entry naming AWSLambdaRole (or another AWS policy that
 * grants it) or a customer policy of the stack that grants it.
 *
 * A policy document that is itself unknown at preview is judged by what it is built from: one
 * built from a Lambda function's outputs (`Resource: fn.arn`, as awsx.classic writes its
 * authorizer role's policy) is taken to grant invoking that function; one built only from
 * other resources (a bucket, a queue) is work of another kind. Roles API Gateway assumes for
 * other work (CloudWatch logging, S3, SQS, DynamoDB, Step Functions, EventBridge integrations)
 * are never evidence.
 */
import { documentAllows, trustsService } from "./iamPolicy";
import { resourceLabel } from "./describe";
import { FUNCTION_TYPES, ROLE_TYPES, StackIndex, StackResource, prop } from "./stack";
import { Unknown, Value, isObj, str } from "./values";

export const INVOKE_ACTION = "lambda:InvokeFunction";
const API_GATEWAY = "apigateway.amazonaws.com";

/** AWS managed policies that allow lambda:InvokeFunction (by name, any path, any partition). */
const AWS_POLICIES_GRANTING_INVOKE = new Set(["AWSLambdaRole", "AWSLambda_FullAccess", "AWSLambdaFullAccess", "AdministratorAccess", "PowerUserAccess"]);

const ROLE_POLICY_TYPES: Record<string, { role: string; document: string }> = {
    "aws:iam/rolePolicy:RolePolicy": { role: "role", document: "policy" },
    "aws-native:iam:RolePolicy": { role: "roleName", document: "policyDocument" },
};
const ATTACHMENT_TYPES: Record<string, { roles: string; policyArn: string }> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { roles: "role", policyArn: "policyArn" },
    "aws:iam/policyAttachment:PolicyAttachment": { roles: "roles", policyArn: "policyArn" },
};
/** Customer managed policies: their document property. aws-native's also lists its roles. */
const MANAGED_POLICY_TYPES: Record<string, string> = {
    "aws:iam/policy:Policy": "policy",
    "aws-native:iam:ManagedPolicy": "policyDocument",
};
const CLOUDWATCH_ACCOUNT_TYPES: Record<string, string> = {
    "aws:apigateway/account:Account": "cloudwatchRoleArn",
    "aws-native:apigateway:Account": "cloudWatchRoleArn",
};

/** One thing in the stack that gives the role permissions. */
export interface Grant {
    /** Where it comes from, for messages: `aws.iam.RolePolicy "p"`, `managed policy "...AWSLambdaRole" (attached by "a" (...))`. */
    source: string;
    /** `invoke`: allows lambda:InvokeFunction; `other`: allows only other work; `unknown`: cannot tell. */
    grants: "invoke" | "other" | "unknown";
    /** For an unknown document taken to grant invoke: the functions it is built from. */
    builtFrom?: StackResource[];
}

export interface RoleEvidence {
    role: StackResource;
    /** Whether the trust policy lets API Gateway assume the role. */
    trust: "apigateway" | "other" | "unknown";
    grants: Grant[];
    /** Set when API Gateway uses the role for other work (its CloudWatch logging role). */
    otherUse?: string;
    /**
     * `invocation-role`: trusted by API Gateway and granted lambda:InvokeFunction;
     * `maybe`: trusted by API Gateway with permissions not known in the stack (or granted invoke
     * with a trust policy that is not known); `not-evidence`: anything else.
     */
    verdict: "invocation-role" | "maybe" | "not-evidence";
}

/** Reads the roles of one stack; build once per stack (the reverse links are computed lazily, once). */
export class RoleEvidenceIndex {
    private grantsByRole?: Map<string, Grant[]>;
    private otherUseByRole?: Map<string, string>;
    private readonly cache = new Map<string, RoleEvidence>();

    constructor(private readonly index: StackIndex) {}

    /** What the stack says about a role resource. Never throws. */
    evidenceFor(role: StackResource): RoleEvidence {
        const cached = this.cache.get(role.urn);
        if (cached) {
            return cached;
        }
        let evidence: RoleEvidence;
        try {
            evidence = this.compute(role);
        } catch {
            evidence = { role, trust: "unknown", grants: [], verdict: "not-evidence" };
        }
        this.cache.set(role.urn, evidence);
        return evidence;
    }

    private compute(role: StackResource): RoleEvidence {
        this.link();
        const trustDoc = role.type === "aws-native:iam:Role" ? prop(role, "assumeRolePolicyDocument") : prop(role, "assumeRolePolicy");
        const trusted = trustsService(trustDoc, API_GATEWAY);
        const trust = trusted === "yes" ? "apigateway" : trusted === "no" ? "other" : "unknown";
        const grants = [...this.ownGrants(role), ...(this.grantsByRole!.get(role.urn) ?? [])];
        const otherUse = this.otherUseByRole!.get(role.urn);
        const invokes = grants.some((g) => g.grants === "invoke");
        const unknown = grants.length === 0 || grants.some((g) => g.grants === "unknown");
        let verdict: RoleEvidence["verdict"] = "not-evidence";
        if (otherUse || trust === "other") {
            verdict = "not-evidence";
        } else if (trust === "apigateway") {
            verdict = invokes ? "invocation-role" : unknown ? "maybe" : "not-evidence";
        } else if (invokes) {
            verdict = "maybe";
        }
        return { role, trust, grants, otherUse, verdict };
    }

    /** Inline policies and managed policy ARNs set on the role itself. */
    private ownGrants(role: StackResource): Grant[] {
        const out: Grant[] = [];
        const native = role.type === "aws-native:iam:Role";
        const inlineKey = native ? "policies" : "inlinePolicies";
        const inline = prop(role, inlineKey);
        if (inline === Unknown) {
            out.push(this.documentGrant(`the inline policies of the role`, Unknown, this.index.dependenciesOf(role, inlineKey)));
        } else if (Array.isArray(inline)) {
            for (const entry of inline) {
                const name = isObj(entry) ? str(entry[native ? "policyName" : "name"]) : undefined;
                const doc: Value = entry === Unknown ? Unknown : isObj(entry) ? entry[native ? "policyDocument" : "policy"] : undefined;
                if (doc === undefined || doc === null || doc === "") {
                    continue;
                }
                const label = typeof name === "string" ? `inline policy "${name}" of the role` : "an inline policy of the role";
                out.push(this.documentGrant(label, doc, this.index.dependenciesOf(role, inlineKey)));
            }
        }
        const managed = prop(role, "managedPolicyArns");
        const managedDeps = this.index.dependenciesOf(role, "managedPolicyArns");
        const arns: Value[] = managed === Unknown ? [Unknown] : Array.isArray(managed) ? managed : [];
        for (const arn of arns) {
            out.push(...this.policyArnGrants(arn, managedDeps, "managedPolicyArns of the role"));
        }
        return out;
    }

    private documentGrant(source: string, doc: Value, deps: StackResource[]): Grant {
        const allows = documentAllows(doc, INVOKE_ACTION);
        if (allows === "yes") {
            return { source, grants: "invoke" };
        }
        if (allows === "no") {
            return { source, grants: "other" };
        }
        if (doc !== Unknown && typeof doc === "string") {
            return { source, grants: "unknown" };
        }
        // Unknown at preview: judge by what it is built from.
        const functions = deps.filter((d) => FUNCTION_TYPES.has(d.type));
        if (functions.length > 0) {
            return { source, grants: "invoke", builtFrom: functions };
        }
        const others = deps.filter((d) => !ROLE_TYPES.has(d.type) && !(d.type in MANAGED_POLICY_TYPES));
        return { source, grants: others.length > 0 ? "other" : "unknown" };
    }

    /** A policy ARN (a value of managedPolicyArns, or an attachment's policyArn). */
    private policyArnGrants(arn: Value, deps: StackResource[], via: string): Grant[] {
        const text = str(arn);
        if (typeof text === "string") {
            const aws = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(text);
            if (aws) {
                return [{ source: `managed policy "${text}" (${via})`, grants: AWS_POLICIES_GRANTING_INVOKE.has(aws[1]) ? "invoke" : "other" }];
            }
            for (const type of Object.keys(MANAGED_POLICY_TYPES)) {
                const policy = this.index.withValue(type, "arn", text) ?? this.index.withValue(type, "policyArn", text);
                if (policy) {
                    return [this.customerPolicyGrant(policy, via)];
                }
            }
            return [{ source: `policy "${text}" (${via}), not in this stack`, grants: "unknown" }];
        }
        if (text === undefined) {
            return [];
        }
        const policies = deps.filter((d) => d.type in MANAGED_POLICY_TYPES);
        if (policies.length > 0) {
            return policies.map((p) => this.customerPolicyGrant(p, via));
        }
        return [{ source: `a policy whose ARN is not known yet (${via})`, grants: "unknown" }];
    }

    private customerPolicyGrant(policy: StackResource, via: string): Grant {
        const key = MANAGED_POLICY_TYPES[policy.type];
        return this.documentGrant(`customer policy ${resourceLabel(policy)} (${via})`, prop(policy, key), this.index.dependenciesOf(policy, key));
    }

    /** One pass over the stack: which policies, attachments and logging accounts name which role. */
    private link(): void {
        if (this.grantsByRole) {
            return;
        }
        this.grantsByRole = new Map();
        this.otherUseByRole = new Map();
        const byValue = new Map<string, string>();
        for (const role of this.index.ofType(...ROLE_TYPES)) {
            for (const key of ["name", "roleName", "id", "arn"]) {
                const v = str(prop(role, key));
                if (typeof v === "string" && !byValue.has(v)) {
                    byValue.set(v, role.urn);
                }
            }
        }
        const rolesNamedBy = (r: StackResource, key: string): string[] => {
            const urns = new Set(this.index.dependenciesOf(r, key, ROLE_TYPES).map((x) => x.urn));
            const value = prop(r, key);
            const values: Value[] = Array.isArray(value) ? value : [value];
            for (const v of values) {
                const text = str(v);
                const urn = typeof text === "string" ? byValue.get(text) : undefined;
                if (urn) {
                    urns.add(urn);
                }
            }
            return [...urns];
        };
        const add = (urn: string, grant: Grant) => {
            const list = this.grantsByRole!.get(urn);
            if (list) {
                list.push(grant);
            } else {
                this.grantsByRole!.set(urn, [grant]);
            }
        };
        for (const [type, keys] of Object.entries(ROLE_POLICY_TYPES)) {
            for (const p of this.index.ofType(type)) {
                const grant = this.documentGrant(resourceLabel(p), prop(p, keys.document), this.index.dependenciesOf(p, keys.document));
                rolesNamedBy(p, keys.role).forEach((urn) => add(urn, grant));
            }
        }
        for (const [type, keys] of Object.entries(ATTACHMENT_TYPES)) {
            for (const a of this.index.ofType(type)) {
                const grants = this.policyArnGrants(prop(a, keys.policyArn), this.index.dependenciesOf(a, keys.policyArn), `attached by ${resourceLabel(a)}`);
                rolesNamedBy(a, keys.roles).forEach((urn) => grants.forEach((g) => add(urn, g)));
            }
        }
        for (const p of this.index.ofType("aws-native:iam:ManagedPolicy")) {
            const grant = this.customerPolicyGrant(p, "its roles");
            rolesNamedBy(p, "roles").forEach((urn) => add(urn, grant));
        }
        for (const [type, key] of Object.entries(CLOUDWATCH_ACCOUNT_TYPES)) {
            for (const account of this.index.ofType(type)) {
                rolesNamedBy(account, key).forEach((urn) => this.otherUseByRole!.set(urn, `API Gateway's CloudWatch logging role (${key} of ${resourceLabel(account)})`));
            }
        }
    }
}

/** `inline policy "invoke" of the role`, or the first two sources and a count. */
export function describeInvokeGrants(evidence: RoleEvidence): string {
    const sources = evidence.grants.filter((g) => g.grants === "invoke").map((g) =>
        g.builtFrom ? `${g.source}, whose document is built from ${g.builtFrom.map((f) => `"${f.name}"`).join(", ")} (not known yet)` : g.source,
    );
    return sources.length <= 2 ? sources.join(" and ") : `${sources.slice(0, 2).join(", ")} and ${sources.length - 2} more`;
}

/** The functions the role's invoke grants are built from (empty when they name no function of the stack). */
export function grantedFunctions(evidence: RoleEvidence): StackResource[] {
    const out = new Map<string, StackResource>();
    for (const g of evidence.grants) {
        if (g.grants === "invoke") {
            for (const f of g.builtFrom ?? []) {
                out.set(f.urn, f);
            }
        }
    }
    return [...out.values()];
}

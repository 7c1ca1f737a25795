/**
 * Turns a route's or authorizer's target (a Function resource or a function ARN) into what the
 * API and the permission need, and gives each (function, qualifier) pair one key so the planner
 * can count that pair's resource-policy bytes.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { LambdaFunctionRef, describeFunction, parseFunctionArn } from "../core/lambdaUri";
import { MAX_FUNCTION_ARN_BYTES, MAX_QUALIFIER_BYTES } from "../core/policySize";
import { LambdaTarget } from "./args";

export interface ResolvedTarget {
    /** One key per (function, qualifier) pair. */
    key: string;
    /** Bytes of the statement's Resource: exact for literal ARNs, an upper bound otherwise. */
    functionArnBytes: number;
    /** `arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`. */
    invokeUri: pulumi.Output<string>;
    /** The unqualified function ARN: the Permission's `function`. */
    functionArn: pulumi.Output<string>;
    /** The alias or version; undefined for the unqualified function. */
    qualifier: pulumi.Output<string | undefined>;
    /** How warnings name the function: its Pulumi resource name, or `name[:qualifier]` from the ARN. */
    label: pulumi.Output<string>;
}

const FUNCTION_ARN_FORMAT = "arn:{partition}:lambda:{region}:{account}:function:{name}[:{alias or version}]";

/** The integration URI API Gateway uses to invoke a (possibly qualified) function ARN. */
export function invokeUriOf(fn: LambdaFunctionRef, arn: string): string {
    return `arn:${fn.partition}:apigateway:${fn.region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
}

/**
 * Resolves targets for one component. Routes naming the same Function object, the same literal
 * ARN, or the same Output object share a key; `urnOf` (see plainArgs.ts) groups distinct Function
 * objects for one resource and separates same-named Functions under different parents.
 */
export class TargetResolver {
    private readonly keys = new Map<unknown, string>();
    private readonly resolved = new Map<string, ResolvedTarget>();

    constructor(
        private readonly parent: pulumi.Resource,
        private readonly component: string,
        private readonly urnOf: ReadonlyMap<unknown, string> = new Map(),
    ) {}

    /** All targets resolved so far, in order of first use. */
    all(): ResolvedTarget[] {
        return [...this.resolved.values()];
    }

    /** Resolves `target` for the route or authorizer described by `what`; ResourceError if invalid. */
    resolve(what: string, target: LambdaTarget): ResolvedTarget {
        const fn = target.function;
        const arn = target.functionArn;
        if ((fn === undefined) === (arn === undefined)) {
            throw this.error(what, "set exactly one of `function` (a Function resource) and `functionArn`");
        }
        if (fn !== undefined) {
            if (!pulumi.CustomResource.isInstance(fn)) {
                throw this.error(what, "`function` must be an aws.lambda.Function resource; pass an ARN string in `functionArn` instead");
            }
            return this.remember(this.urnOf.get(fn) ?? this.objectKey("function", fn), () => this.fromFunction(fn as aws.lambda.Function));
        }
        if (typeof arn === "string") {
            const parsed = this.parseArn(what, arn);
            return this.remember(`arn ${parsed.functionArn}:${parsed.qualifier ?? ""}`, () => this.fromLiteral(parsed, arn));
        }
        return this.remember(this.objectKey("output", arn), () => this.fromOutput(what, pulumi.output(arn as pulumi.Input<string>)));
    }

    private remember(key: string, make: () => Omit<ResolvedTarget, "key">): ResolvedTarget {
        let found = this.resolved.get(key);
        if (!found) {
            found = { key, ...make() };
            this.resolved.set(key, found);
        }
        return found;
    }

    private objectKey(kind: string, value: unknown): string {
        let key = this.keys.get(value);
        if (key === undefined) {
            key = `${kind} #${this.keys.size + 1}`;
            this.keys.set(value, key);
        }
        return key;
    }

    private fromFunction(fn: aws.lambda.Function): Omit<ResolvedTarget, "key"> {
        return {
            functionArnBytes: MAX_FUNCTION_ARN_BYTES,
            invokeUri: fn.invokeArn,
            functionArn: fn.arn,
            qualifier: pulumi.output(undefined),
            label: pulumi.output(pulumi.resourceName(fn)),
        };
    }

    private fromLiteral(parsed: LambdaFunctionRef, arn: string): Omit<ResolvedTarget, "key"> {
        return {
            functionArnBytes: parsed.functionArn.length + (parsed.qualifier ? parsed.qualifier.length + 1 : 0),
            invokeUri: pulumi.output(invokeUriOf(parsed, arn)),
            functionArn: pulumi.output(parsed.functionArn),
            qualifier: pulumi.output(parsed.qualifier),
            label: pulumi.output(describeFunction(parsed)),
        };
    }

    private fromOutput(what: string, arn: pulumi.Output<string>): Omit<ResolvedTarget, "key"> {
        const parsed = arn.apply((a) => ({ ref: this.parseArn(what, a), arn: a }));
        return {
            functionArnBytes: MAX_FUNCTION_ARN_BYTES + 1 + MAX_QUALIFIER_BYTES,
            invokeUri: parsed.apply((p) => invokeUriOf(p.ref, p.arn)),
            functionArn: parsed.apply((p) => p.ref.functionArn),
            qualifier: parsed.apply((p) => p.ref.qualifier),
            label: parsed.apply((p) => describeFunction(p.ref)),
        };
    }

    private parseArn(what: string, arn: string): LambdaFunctionRef {
        const parsed = parseFunctionArn(arn);
        if (!parsed || parsed.stageVariable) {
            const why = parsed
                ? "a stage-variable function needs one permission per possible value; list those functions as routes instead"
                : `expected ${FUNCTION_ARN_FORMAT}`;
            throw this.error(what, `functionArn "${arn}" is not a Lambda function ARN: ${why}`);
        }
        return parsed;
    }

    private error(what: string, problem: string): pulumi.ResourceError {
        return new pulumi.ResourceError(`${this.component}: ${what}: ${problem}`, this.parent);
    }
}

/**
 * Stage variables (AWS.md, "Lambda integration URIs", "Credentials values"): an integration or
 * authorizer may name its function (`function:${stageVariables.fn}`), its qualifier
 * (`:${stageVariables.alias}`) or its role (`arn:aws:iam::123456789012:${stageVariables.role}`)
 * through a variable that each stage sets. API Gateway substitutes the variables of the stage a
 * request arrives on, so each declared stage is its own invocation: its function and qualifier
 * need a permission for that stage's source ARN, and its role is a role.
 *
 * Resolution reads the stages the stack declares for the API (aws.apigateway.Stage,
 * aws.apigatewayv2.Stage, aws-native stages, and a Deployment's `stageName` with @pulumi/aws v6
 * `variables`). A stage not in the stack, a name or variable not known yet (preview), or a
 * variable the stage does not set cannot be resolved: the caller says so, never stays silent.
 */
import type { Invocation } from "./invocations";
import type { ResolvedInvocation } from "./resolve";
import { executionArnText } from "./describe";
import { recommendedSourceArn, sentSourceArns } from "./executeApi";
import { parseFunctionArn } from "./lambdaUri";
import { API_TYPES, InvokeTarget, STAGES, invokeTargetOf } from "./sentArn";
import { StackIndex, StackResource, prop } from "./stack";
import { Unknown, Value, at, isObj, str } from "./values";

/** The property that holds a stage resource's variables. */
const VARIABLES_PROPERTY: Record<string, string> = {
    "aws:apigateway/stage:Stage": "variables",
    "aws:apigateway/deployment:Deployment": "variables",
    "aws:apigatewayv2/stage:Stage": "stageVariables",
    "aws-native:apigateway:Stage": "variables",
    "aws-native:apigatewayv2:Stage": "stageVariables",
};

const REFERENCE = /\$\{stageVariables\.([A-Za-z0-9_]+)\}/g;

/** The stage variables a text refers to, in order, without repeats. */
export function stageVariableNames(text: string): string[] {
    return [...new Set([...text.matchAll(REFERENCE)].map((m) => m[1]))];
}

/** A stage of the API, as the stack declares it. */
export interface DeclaredStage {
    resource: StackResource;
    /** Undefined while the name is not known (preview). */
    name?: string;
    /** Variable values; Unknown when the whole map is not known yet. */
    variables: Record<string, string | Unknown> | Unknown;
}

/** The stages the stack declares for `api`, with their variables. */
export function declaredStages(index: StackIndex, api: StackResource): DeclaredStage[] {
    const out: DeclaredStage[] = [];
    for (const [type, nameKey, apiKey] of STAGES) {
        const variablesKey = VARIABLES_PROPERTY[type];
        for (const stage of index.ofType(type)) {
            if (index.referenced(stage, apiKey, API_TYPES)?.urn !== api.urn) {
                continue;
            }
            const name = str(prop(stage, nameKey));
            if (name === "" || (name === undefined && type.endsWith(":Deployment"))) {
                continue; // a Deployment without stageName makes no stage
            }
            if (typeof name === "string" && out.some((o) => o.name === name)) {
                continue; // one stage per name (a Deployment's stageName and a Stage of that name)
            }
            out.push({ resource: stage, name: typeof name === "string" ? name : undefined, variables: readVariables(variablesKey ? prop(stage, variablesKey) : undefined) });
        }
    }
    return out;
}

function readVariables(value: Value): Record<string, string | Unknown> | Unknown {
    if (value === Unknown) {
        return Unknown;
    }
    const out: Record<string, string | Unknown> = {};
    if (isObj(value)) {
        for (const [k, v] of Object.entries(value)) {
            const text = str(v);
            if (text !== undefined) {
                out[k] = text;
            }
        }
    }
    return out;
}

export type Substitution =
    /** Every variable set: the text API Gateway uses on that stage, and `name = "value"` per variable. */
    | { kind: "resolved"; text: string; assignments: string }
    /** Variables the stage does not set. */
    | { kind: "missing"; variables: string[] }
    /** Variables whose value is not known yet (preview). */
    | { kind: "unknown"; variables: string[] };

/** Substitutes a stage's variables into `template`. */
export function substitute(template: string, variables: Record<string, string | Unknown> | Unknown): Substitution {
    const names = stageVariableNames(template);
    if (variables === Unknown) {
        return { kind: "unknown", variables: names };
    }
    const unknown = names.filter((n) => variables[n] === Unknown);
    if (unknown.length > 0) {
        return { kind: "unknown", variables: unknown };
    }
    const missing = names.filter((n) => variables[n] === undefined);
    if (missing.length > 0) {
        return { kind: "missing", variables: missing };
    }
    return {
        kind: "resolved",
        text: template.replace(REFERENCE, (_, n: string) => variables[n] as string),
        assignments: names.map((n) => `stageVariables.${n} = "${variables[n] as string}"`).join(", "),
    };
}

/** `stageVariables.fn`, `stageVariables.fn and stageVariables.alias`. */
export function describeVariables(names: readonly string[]): string {
    return names.map((n) => `stageVariables.${n}`).join(" and ");
}

const FUNCTIONS_PATH = /\/functions\/(.+)\/(?:response-streaming-)?invocations$/;

/**
 * The function ARN (with `:qualifier`) an invocation names through stage variables, e.g.
 * `arn:aws:lambda:us-east-1:123456789012:function:${stageVariables.fn}`; undefined when its
 * function does not come from a stage variable (or its URI is not known yet).
 */
export function stageVariableFunction(inv: Invocation): string | undefined {
    const t = inv.target;
    if (t.kind !== "lambda") {
        return undefined;
    }
    if (t.fn?.stageVariable) {
        return t.fn.qualifier ? `${t.fn.functionArn}:${t.fn.qualifier}` : t.fn.functionArn;
    }
    if (t.fn || inv.uriProperty === "body") {
        return undefined;
    }
    // The whole function ARN from one variable (`functions/${stageVariables.fnArn}/invocations`).
    const raw = inv.uriProperty === "integration" ? str(at(prop(inv.source, "integration"), "uri")) : str(prop(inv.source, inv.uriProperty));
    if (typeof raw !== "string" || stageVariableNames(raw).length === 0) {
        return undefined;
    }
    return FUNCTIONS_PATH.exec(raw)?.[1] ?? raw;
}

/** What one declared stage makes of a stage-variable invocation. */
export type StageOutcome =
    /** The stage's variables name a function: `target` holds that stage's requests only. */
    | { kind: "resolved"; stage: string; assignments: string; target: InvokeTarget }
    /** Why the function cannot be known for a stage (or for any stage: `stage` undefined). */
    | { kind: "unresolved"; stage?: string; problem: string; fix: string; /** Only a value unknown at preview stands in the way. */ deferred?: true };

/**
 * For each stage the stack declares for the invocation's API, the function (and qualifier) its
 * variables name and the source ARNs API Gateway sends on that stage.
 */
export function stageVariableTargets(index: StackIndex, inv: ResolvedInvocation, template: string): StageOutcome[] {
    const vars = describeVariables(stageVariableNames(template));
    const routes = invokeTargetOf(index, inv)?.routes ?? [];
    if (routes.length === 0) {
        return []; // an HTTP/WebSocket integration that no route targets is never invoked
    }
    if (!inv.api) {
        return [{
            kind: "unresolved",
            problem: `its API is not a resource of this stack, so the stages that set ${vars} cannot be read`,
            fix: `Make sure each function that ${vars} names on each stage has an aws.lambda.Permission for that stage's source ARN.`,
        }];
    }
    const stages = declaredStages(index, inv.api);
    if (stages.length === 0) {
        return [{
            kind: "unresolved",
            problem: `no stage of "${inv.api.name}" is declared in this stack, so the values of ${vars} cannot be read`,
            fix: `Declare the stages (aws.apigateway.Stage, aws.apigatewayv2.Stage) with their variables in this stack, or make sure each function that ${vars} names has an aws.lambda.Permission for that stage's source ARN.`,
        }];
    }
    return stages.map((stage): StageOutcome => {
        if (stage.name === undefined) {
            return {
                kind: "unresolved",
                problem: `the name of stage "${stage.resource.name}" is not known during this preview`,
                fix: "Nothing to do now: it is checked once the name is known (at update).",
                deferred: true,
            };
        }
        const s = substitute(template, stage.variables);
        if (s.kind === "unknown") {
            return {
                kind: "unresolved",
                stage: stage.name,
                problem: `stage "${stage.name}" sets ${describeVariables(s.variables)} from a value not known during this preview`,
                fix: "Nothing to do now: it is checked once the value is known (at update).",
                deferred: true,
            };
        }
        if (s.kind === "missing") {
            return {
                kind: "unresolved",
                stage: stage.name,
                problem: `stage "${stage.name}" does not set ${describeVariables(s.variables)}, so on that stage the integration names no function`,
                fix: `Set ${describeVariables(s.variables)} in the variables of stage "${stage.name}" (${stage.resource.name}), or remove the stage.`,
            };
        }
        const fn = parseFunctionArn(s.text);
        if (!fn) {
            return {
                kind: "unresolved",
                stage: stage.name,
                problem: `on stage "${stage.name}" (${s.assignments}) the function is "${s.text}", which is not a Lambda function ARN`,
                fix: `Set ${vars} on stage "${stage.name}" so that it makes a function ARN (arn:{partition}:lambda:{region}:{account}:function:{name}[:{qualifier}]).`,
            };
        }
        const resolved: ResolvedInvocation = { ...inv, target: { kind: "lambda", fn, functionUrns: [] } };
        const target = invokeTargetOf(index, resolved);
        if (!target) {
            return { kind: "unresolved", stage: stage.name, problem: `on stage "${stage.name}" the function cannot be read`, fix: `Check ${vars} on stage "${stage.name}".` };
        }
        return { kind: "resolved", stage: stage.name, assignments: s.assignments, target: onStage(target, stage.name) };
    });
}

/** The target's requests on one stage, and fixes scoped to that stage. */
function onStage(target: InvokeTarget, stage: string): InvokeTarget {
    const shown = executionArnText(target.invocation.api);
    return {
        ...target,
        stages: [stage],
        routes: target.routes.map((r) => {
            if (r.route.kind === "authorizer" || r.sent.length === 0) {
                return r; // API Gateway sends no stage for an authorizer
            }
            const base = r.sent[0].split("/")[0];
            return { ...r, recommended: recommendedSourceArn(shown, r.route, stage), sent: [...new Set(sentSourceArns(base, r.route, stage))] };
        }),
    };
}

/** One stage's value of stage-variable credentials. */
export interface StageCredentials {
    stage: string;
    value: string;
}

/**
 * The credentials each declared stage gives an invocation whose credentials name stage variables,
 * and the stages (or reasons) that could not be resolved. Undefined when they name none.
 */
export function stageVariableCredentials(index: StackIndex, inv: ResolvedInvocation): { resolved: StageCredentials[]; unresolved: string[] } | undefined {
    const c = inv.credentials;
    if (c.kind !== "role" || typeof c.arn !== "string" || stageVariableNames(c.arn).length === 0) {
        return undefined;
    }
    const vars = describeVariables(stageVariableNames(c.arn));
    if (!inv.api) {
        return { resolved: [], unresolved: [`its API is not in this stack, so the stages that set ${vars} cannot be read`] };
    }
    const stages = declaredStages(index, inv.api);
    if (stages.length === 0) {
        return { resolved: [], unresolved: [`no stage of "${inv.api.name}" that sets ${vars} is declared in this stack`] };
    }
    const out: { resolved: StageCredentials[]; unresolved: string[] } = { resolved: [], unresolved: [] };
    for (const stage of stages) {
        const s = substitute(c.arn, stage.variables);
        const label = stage.name !== undefined ? `stage "${stage.name}"` : `stage "${stage.resource.name}"`;
        if (stage.name !== undefined && s.kind === "resolved") {
            out.resolved.push({ stage: stage.name, value: s.text });
        } else if (s.kind === "missing") {
            out.unresolved.push(`${label} does not set ${describeVariables(s.variables)}`);
        } else {
            out.unresolved.push(`${label}: ${vars} not known until the update`);
        }
    }
    return out;
}

/**
 * For messages: ` (stage "prod": "arn:...:role/invoker-prod"; stage "dev": ...)`, or "" when the
 * credentials name no stage variable.
 */
export function describeStageCredentials(index: StackIndex | undefined, inv: ResolvedInvocation): string {
    const found = index ? stageVariableCredentials(index, inv) : undefined;
    if (!found) {
        return "";
    }
    const parts = [...found.resolved.map((c) => `stage "${c.stage}": "${c.value}"`), ...found.unresolved];
    return ` (${parts.join("; ")})`;
}

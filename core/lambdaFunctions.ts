/**
 * Which Lambda function, and which qualifier (alias or version), a permission or an invocation
 * names. Each alias and version has its own resource policy, so both must agree.
 *
 * Preview-time rule (docs/policies-permissions.md): a reference whose value is unknown is
 * identified by the resource it depends on: an Alias means that alias; a Function means the
 * unqualified function or one of its published versions (its `qualifiedArn`), never an alias.
 */
import type { ResolvedInvocation } from "./resolve";
import { parseFunctionArn } from "./lambdaUri";
import { FUNCTION_TYPES, StackIndex, StackResource, prop } from "./stack";
import { Unknown, str } from "./values";
import type { Verdict } from "./verdict";

const FUNCTION_ONLY_TYPES: ReadonlySet<string> = new Set(["aws:lambda/function:Function", "aws-native:lambda:Function"]);
const ALIAS_TYPES: ReadonlySet<string> = new Set(["aws:lambda/alias:Alias", "aws-native:lambda:Alias"]);

export type Qualifier =
    /** Known: `value` is the alias or version, undefined for the unqualified function. */
    | { kind: "known"; value?: string }
    /** An unknown value that depends on a Function: the function itself or a published version. */
    | { kind: "function-or-version" }
    | { kind: "unknown" };

export interface FunctionIdentity {
    /** The Function resources of the stack it names (an Alias or Version resolved to its function). */
    functionUrns: string[];
    /** The function name, when a value or the Function resource shows it. */
    name?: string;
    /** The account, when an ARN shows it. */
    account?: string;
    /** The unqualified function ARN, when known. */
    arn?: string;
    qualifier: Qualifier;
    /** True when a stage variable chooses the function (`function:${stageVariables.fn}`). */
    stageVariable: boolean;
}

/** `$LATEST` and "" are the unqualified function. */
function normalQualifier(value: string | undefined): string | undefined {
    return value === undefined || value === "" || value === "$LATEST" ? undefined : value;
}

function knownQualifier(value: string | undefined): Qualifier {
    return { kind: "known", value: normalQualifier(value) };
}

/** `name`, `name:qualifier`, `123456789012:function:name[:q]` or a function ARN. */
export function parseFunctionReference(text: string): { name: string; account?: string; arn?: string; qualifier?: string } | undefined {
    const full = parseFunctionArn(text);
    if (full) {
        return { name: full.name, account: full.account, arn: full.functionArn, qualifier: full.qualifier };
    }
    const partial = /^(\d{12}):function:([^:]+)(?::([^:]+))?$/.exec(text);
    if (partial) {
        return { name: partial[2], account: partial[1], qualifier: normalQualifier(partial[3]) };
    }
    const bare = /^([A-Za-z0-9_-]+)(?::([^:]+))?$/.exec(text);
    return bare ? { name: bare[1], qualifier: normalQualifier(bare[2]) } : undefined;
}

function functionName(r: StackResource): string | undefined {
    const name = str(prop(r, "name")) ?? str(prop(r, "functionName"));
    return typeof name === "string" ? name : undefined;
}

/** Function resources behind Function / Alias / Version resources, and the qualifier they imply. */
function throughResources(index: StackIndex, resources: StackResource[]): { urns: string[]; qualifier?: Qualifier } {
    const urns = new Set<string>();
    let qualifier: Qualifier | undefined;
    for (const r of resources) {
        if (FUNCTION_ONLY_TYPES.has(r.type)) {
            urns.add(r.urn);
            qualifier ??= { kind: "function-or-version" };
            continue;
        }
        // An Alias or a Version: its own resource policy, on the function it points at.
        const q = ALIAS_TYPES.has(r.type) ? str(prop(r, "name")) : str(prop(r, "version"));
        qualifier = typeof q === "string" ? knownQualifier(q) : { kind: "unknown" };
        for (const fn of index.dependenciesOf(r, "functionName", FUNCTION_ONLY_TYPES)) {
            urns.add(fn.urn);
        }
    }
    return { urns: [...urns], qualifier };
}

function nameOfUrns(index: StackIndex, urns: string[]): { name?: string; account?: string; arn?: string } {
    const r = urns.length === 1 ? index.get(urns[0]) : undefined;
    if (!r) {
        return {};
    }
    const arnText = str(prop(r, "arn"));
    const parsed = typeof arnText === "string" ? parseFunctionArn(arnText) : undefined;
    return { name: functionName(r) ?? parsed?.name, account: parsed?.account, arn: parsed?.functionArn };
}

/** Function resources of the stack with this name (and account, when both are known). */
function functionsNamed(index: StackIndex, name: string, account: string | undefined): string[] {
    return index
        .ofType(...FUNCTION_ONLY_TYPES)
        .filter((r) => {
            if (functionName(r) !== name) {
                return false;
            }
            const arn = str(prop(r, "arn"));
            const fnAccount = typeof arn === "string" ? parseFunctionArn(arn)?.account : undefined;
            return !account || !fnAccount || account === fnAccount;
        })
        .map((r) => r.urn);
}

/** The function a permission names through `key` (`function` / `functionName`) and `qualifier`. */
export function permissionFunction(index: StackIndex, owner: StackResource, key: string, qualifierKey?: string): FunctionIdentity {
    const value = prop(owner, key);
    const text = str(value);
    const through = throughResources(index, index.dependenciesOf(owner, key, FUNCTION_TYPES));
    const parsed = typeof text === "string" ? parseFunctionReference(text) : undefined;
    const fromResource = nameOfUrns(index, through.urns);
    const name = parsed?.name ?? fromResource.name;
    const account = parsed?.account ?? fromResource.account;
    const urns = through.urns.length > 0 || !name ? through.urns : functionsNamed(index, name, account);

    let qualifier: Qualifier;
    const explicit = qualifierKey ? prop(owner, qualifierKey) : undefined;
    const explicitText = str(explicit);
    if (typeof explicitText === "string") {
        qualifier = knownQualifier(explicitText);
    } else if (explicitText === Unknown) {
        const viaAlias = throughResources(index, index.dependenciesOf(owner, qualifierKey!, ALIAS_TYPES)).qualifier;
        qualifier = viaAlias ?? { kind: "unknown" };
    } else if (typeof text === "string") {
        qualifier = knownQualifier(parsed?.qualifier);
    } else {
        qualifier = through.qualifier ?? { kind: "unknown" };
    }
    return { functionUrns: urns, name, account, arn: parsed?.arn ?? fromResource.arn, qualifier, stageVariable: false };
}

/** The function an integration or authorizer invokes; undefined when its target is not Lambda. */
export function invokedFunction(index: StackIndex, inv: ResolvedInvocation): FunctionIdentity | undefined {
    const t = inv.target;
    if (t.kind !== "lambda") {
        return undefined;
    }
    const through = throughResources(index, t.functionUrns.map((u) => index.get(u)).filter((r): r is StackResource => !!r));
    if (t.fn) {
        const urns = through.urns.length > 0 ? through.urns : functionsNamed(index, t.fn.name, t.fn.account);
        return {
            functionUrns: urns,
            name: t.fn.name,
            account: t.fn.account,
            arn: t.fn.functionArn,
            qualifier: knownQualifier(t.fn.qualifier),
            stageVariable: t.fn.stageVariable,
        };
    }
    const named = nameOfUrns(index, through.urns);
    return { functionUrns: through.urns, ...named, qualifier: through.qualifier ?? { kind: "unknown" }, stageVariable: false };
}

/** Whether two references name the same function. */
export function sameFunction(a: FunctionIdentity, b: FunctionIdentity): Verdict {
    if (a.functionUrns.length > 0 && b.functionUrns.length > 0) {
        return a.functionUrns.some((u) => b.functionUrns.includes(u)) ? "yes" : "no";
    }
    if (a.name !== undefined && b.name !== undefined) {
        if (a.name !== b.name || (a.account && b.account && a.account !== b.account)) {
            return "no";
        }
        return "yes";
    }
    return "maybe";
}

/** Whether two qualifiers name the same resource policy (each alias/version has its own). */
export function sameQualifier(a: Qualifier, b: Qualifier): Verdict {
    if (a.kind === "unknown" || b.kind === "unknown") {
        return "maybe";
    }
    if (a.kind === "known" && b.kind === "known") {
        return a.value === b.value ? "yes" : "no";
    }
    const known = a.kind === "known" ? a : b.kind === "known" ? b : undefined;
    if (!known || known.value === undefined || /^\d+$/.test(known.value)) {
        return "maybe";
    }
    // A Function's own outputs never name an alias.
    return "no";
}

export function describeQualifier(q: Qualifier): string {
    switch (q.kind) {
        case "known":
            return q.value === undefined ? "the unqualified function" : `qualifier "${q.value}"`;
        case "function-or-version":
            return "the function or one of its versions";
        case "unknown":
            return "a qualifier not known yet";
    }
}

/**
 * `Lambda function "pets" (qualifier "live")`, `Lambda function "pets" (name known after create)`:
 * the function, never an alias resource's name mistaken for it.
 */
export function functionLabelOf(index: StackIndex, fn: FunctionIdentity): string {
    const q = fn.qualifier.kind === "known" && fn.qualifier.value ? `qualifier "${fn.qualifier.value}"` : undefined;
    if (fn.name) {
        return `Lambda function "${fn.name}"${q ? ` (${q})` : ""}`;
    }
    const r = fn.functionUrns.length > 0 ? index.get(fn.functionUrns[0]) : undefined;
    if (r) {
        return `Lambda function "${r.name}" (name known after create${q ? `; ${q}` : ""})`;
    }
    return `its Lambda function${q ? ` (${q})` : ""}`;
}

/**
 * Items (permissions, invoke targets) looked up by the function they name: `candidates(fn)` is
 * every item for which `sameFunction(item, fn)` is not "no", in the items' order, found through
 * maps by function URN and by name instead of a scan of every item (which made the permission
 * policies all-pairs: every invocation against every permission).
 *
 * @example
 * const byFunction = new FunctionIndex(permissions, (p) => p.fn);
 * byFunction.candidates(target.fn); // same as permissions.filter((p) => sameFunction(p.fn, target.fn) !== "no")
 */
export class FunctionIndex<T> {
    private readonly byUrn = new Map<string, number[]>();
    private readonly byName = new Map<string, number[]>();
    /** Items whose function has no name: "maybe" unless both sides have URNs. */
    private readonly unnamed: number[] = [];
    /** Items whose function has no URN: "maybe" against a target with URNs but no name. */
    private readonly withoutUrns: number[] = [];

    constructor(
        readonly items: readonly T[],
        private readonly fnOf: (item: T) => FunctionIdentity,
    ) {
        const push = (map: Map<string, number[]>, key: string, i: number) => {
            const list = map.get(key);
            if (!list) {
                map.set(key, [i]);
            } else if (list[list.length - 1] !== i) {
                list.push(i);
            }
        };
        items.forEach((item, i) => {
            const fn = fnOf(item);
            for (const urn of fn.functionUrns) {
                push(this.byUrn, urn, i);
            }
            if (fn.name !== undefined) {
                push(this.byName, fn.name, i);
            } else {
                this.unnamed.push(i);
            }
            if (fn.functionUrns.length === 0) {
                this.withoutUrns.push(i);
            }
        });
    }

    candidates(fn: FunctionIdentity): T[] {
        if (fn.functionUrns.length === 0 && fn.name === undefined) {
            return this.items.filter((item) => sameFunction(this.fnOf(item), fn) !== "no");
        }
        const found = new Set<number>();
        const add = (list: readonly number[] | undefined) => list?.forEach((i) => found.add(i));
        for (const urn of fn.functionUrns) {
            add(this.byUrn.get(urn));
        }
        if (fn.name !== undefined) {
            add(this.byName.get(fn.name));
        } else {
            add(this.withoutUrns);
        }
        add(this.unnamed);
        return [...found]
            .sort((a, b) => a - b)
            .map((i) => this.items[i])
            .filter((item) => sameFunction(this.fnOf(item), fn) !== "no");
    }
}

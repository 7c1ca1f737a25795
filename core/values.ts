/**
 * Plain property values as the core sees them: JSON-like data in which a value that the engine
 * cannot know yet (a preview's computed output) is the `Unknown` symbol instead of a marker string.
 * The policies convert the SDK's unknown-checking proxies into this form once, so the core never
 * throws on an unknown and never mistakes a marker string for data.
 */
export const Unknown: unique symbol = Symbol("unknown");
export type Unknown = typeof Unknown;

export type Value = string | number | boolean | null | undefined | Unknown | Value[] | { [key: string]: Value };
export type Obj = { [key: string]: Value };

/** The marker strings the engine sends for unknown values (ENGINE.md, "Values"). */
const UNKNOWN_MARKERS = new Set([
    "04da6b54-80e4-46f7-96ec-b56ff0331ba9", // any / string
    "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7", // bool
    "3eeb2bf0-c639-47a8-9e75-3b44932eb421", // number
    "6a19a0b0-7e62-4c92-b797-7f8e31da9cc2", // array
    "dd056dcd-154b-4c76-9bd3-c8f88648b5ff", // object
    "030794c1-ac77-496b-92df-f27374a8bd58", // asset
    "e48ece36-62e2-4504-bad9-02848725956a", // archive
]);

export function isUnknownMarker(v: unknown): boolean {
    return typeof v === "string" && UNKNOWN_MARKERS.has(v);
}

export function isUnknown(v: unknown): v is Unknown {
    return v === Unknown;
}

export function isObj(v: unknown): v is Obj {
    return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Converts anything (raw engine data, an SDK proxy, a parsed export) into a `Value`.
 * Reads are guarded: a getter that throws (the SDK proxy on an unknown) yields `Unknown`.
 * Cycles and exotic objects become `Unknown` rather than crashing.
 */
export function toValue(input: unknown, seen: Set<unknown> = new Set()): Value {
    if (input === undefined || input === null) {
        return input as null | undefined;
    }
    if (isUnknownMarker(input)) {
        return Unknown;
    }
    switch (typeof input) {
        case "string":
        case "number":
        case "boolean":
            return input;
        case "object":
            break;
        default:
            return Unknown;
    }
    if (seen.has(input)) {
        return Unknown;
    }
    seen.add(input);
    try {
        if (Array.isArray(input)) {
            const out: Value[] = [];
            const n = input.length;
            for (let i = 0; i < n; i++) {
                out.push(readGuarded(input, i, seen));
            }
            return out;
        }
        const out: Obj = {};
        for (const key of Object.keys(input as object)) {
            out[key] = readGuarded(input as Record<string, unknown>, key, seen);
        }
        return out;
    } catch {
        return Unknown;
    } finally {
        seen.delete(input);
    }
}

function readGuarded(container: any, key: string | number, seen: Set<unknown>): Value {
    let v: unknown;
    try {
        v = container[key];
    } catch {
        return Unknown;
    }
    return toValue(v, seen);
}

/** A string property: the string, `Unknown`, or undefined when absent, empty or not a string. */
export function str(v: Value): string | Unknown | undefined {
    if (v === Unknown) {
        return Unknown;
    }
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** Follows a path of keys; `Unknown` as soon as an unknown is met, undefined when absent. */
export function at(v: Value, ...path: (string | number)[]): Value {
    let cur: Value = v;
    for (const key of path) {
        if (cur === Unknown) {
            return Unknown;
        }
        if (typeof key === "number") {
            if (!Array.isArray(cur)) {
                return undefined;
            }
            cur = cur[key];
        } else {
            if (!isObj(cur)) {
                return undefined;
            }
            cur = cur[key];
        }
    }
    return cur;
}

/** True when the value, or anything inside it, is unknown. */
export function containsUnknown(v: Value): boolean {
    if (v === Unknown) {
        return true;
    }
    if (Array.isArray(v)) {
        return v.some(containsUnknown);
    }
    if (isObj(v)) {
        return Object.values(v).some(containsUnknown);
    }
    return false;
}

export type BoundedValue =
    | { kind: "value"; value: Value; /** Values in the tree it stands for, aliases expanded. */ nodes: number }
    | { kind: "too-large"; limit: number }
    | { kind: "cycle" };

interface Frame {
    input: object;
    out: Value[] | Obj;
    /** Keys (or indexes) still to convert, and where the children's results go. */
    keys: (string | number)[];
    next: number;
    nodes: number;
}

/**
 * Converts parsed data (JSON.parse or a YAML parser's output) into a `Value` in time and memory
 * proportional to the number of distinct objects, never to the size of the tree they stand for:
 * an object reached twice (a YAML alias) is converted once and shared, and the tree's size is
 * counted instead of built. When that size (aliases expanded, as every later reader sees it)
 * passes `maxNodes`, the result is `too-large`, before anything downstream walks it: that is
 * what stops a few hundred bytes of "billion laughs" from hanging a preview. An object that
 * contains itself (`&a [*a]`) is a `cycle`. Iterative, so deep nesting cannot overflow the stack.
 *
 * @example toValueBounded(yaml.load("a: &x [1, 2]\nb: *x"), 100) // { kind: "value", nodes: 7, ... }
 */
export function toValueBounded(input: unknown, maxNodes: number): BoundedValue {
    const done = new Map<object, { value: Value; nodes: number }>();
    const active = new Set<object>();
    const stack: Frame[] = [];
    let result: { value: Value; nodes: number } | undefined;

    // Converts a leaf, reuses a converted object, or opens a frame; returns the value when known now.
    const visit = (v: unknown): { value: Value; nodes: number } | "opened" | "cycle" => {
        if (v === null || v === undefined) {
            return { value: v as null | undefined, nodes: 1 };
        }
        if (isUnknownMarker(v)) {
            return { value: Unknown, nodes: 1 };
        }
        if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") {
            return { value: v, nodes: 1 };
        }
        if (typeof v !== "object") {
            return { value: Unknown, nodes: 1 };
        }
        const seen = done.get(v);
        if (seen) {
            return seen;
        }
        if (active.has(v)) {
            return "cycle";
        }
        active.add(v);
        const array = Array.isArray(v);
        stack.push({ input: v, out: array ? [] : {}, keys: array ? [...(v as unknown[]).keys()] : Object.keys(v), next: 0, nodes: 1 });
        return "opened";
    };

    const first = visit(input);
    if (first === "cycle") {
        return { kind: "cycle" };
    }
    if (first !== "opened") {
        return { kind: "value", ...first };
    }
    while (stack.length > 0) {
        const frame = stack[stack.length - 1];
        if (frame.next === frame.keys.length) {
            stack.pop();
            active.delete(frame.input);
            const converted = { value: frame.out as Value, nodes: frame.nodes };
            done.set(frame.input, converted);
            if (stack.length === 0) {
                result = converted;
            } else {
                const parent = stack[stack.length - 1];
                assign(parent, converted);
                if (parent.nodes > maxNodes) {
                    return { kind: "too-large", limit: maxNodes };
                }
            }
            continue;
        }
        const key = frame.keys[frame.next];
        let child: unknown;
        try {
            child = (frame.input as Record<string | number, unknown>)[key];
        } catch {
            child = Symbol("unreadable");
        }
        const r = visit(child);
        if (r === "cycle") {
            return { kind: "cycle" };
        }
        if (r !== "opened") {
            assign(frame, r);
            if (frame.nodes > maxNodes) {
                return { kind: "too-large", limit: maxNodes };
            }
        }
    }
    return result!.nodes > maxNodes ? { kind: "too-large", limit: maxNodes } : { kind: "value", ...result! };
}

function assign(frame: Frame, child: { value: Value; nodes: number }): void {
    const key = frame.keys[frame.next++];
    if (Array.isArray(frame.out)) {
        frame.out.push(child.value);
    } else if (key === "__proto__") {
        // A JSON key like any other: define it, never set the object's prototype.
        Object.defineProperty(frame.out, key, { value: child.value, enumerable: true, writable: true, configurable: true });
    } else {
        frame.out[key as string] = child.value;
    }
    frame.nodes += child.nodes;
}

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

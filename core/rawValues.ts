/**
 * Raw property data (what the engine sent, unknowns as marker strings) compared with the core's
 * `Value` form without converting it again: the check that lets the stack policies share one
 * converted stack although the SDK rebuilds its resource objects for each policy.
 */
import { Unknown, Value, isObj, isUnknownMarker } from "./values";

/**
 * True when `toValue(raw)` would equal `v`: every marker string where `v` has `Unknown`, the same
 * primitives, arrays of the same length and objects with the same keys, recursively. Never throws:
 * anything it cannot walk (a cycle, a throwing getter, nesting past the stack) counts as different,
 * so the caller converts again.
 */
export function equalsRaw(raw: unknown, v: Value): boolean {
    try {
        return equal(raw, v);
    } catch {
        return false;
    }
}

function equal(raw: unknown, v: Value): boolean {
    if (raw === null || raw === undefined) {
        return raw === v;
    }
    switch (typeof raw) {
        case "string":
            return isUnknownMarker(raw) ? v === Unknown : raw === v;
        case "number":
        case "boolean":
            return raw === v;
        case "object":
            break;
        default:
            return false;
    }
    if (Array.isArray(raw)) {
        if (!Array.isArray(v) || v.length !== raw.length) {
            return false;
        }
        for (let i = 0; i < raw.length; i++) {
            if (!equal(raw[i], v[i])) {
                return false;
            }
        }
        return true;
    }
    if (!isObj(v)) {
        return false;
    }
    const keys = Object.keys(raw as object);
    if (keys.length !== Object.keys(v).length) {
        return false;
    }
    for (const k of keys) {
        if (!Object.prototype.hasOwnProperty.call(v, k) || !equal((raw as Record<string, unknown>)[k], v[k])) {
            return false;
        }
    }
    return true;
}

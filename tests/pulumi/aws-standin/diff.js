"use strict";
/**
 * Diff as the bridged provider answers it: the changed top-level input properties (`diffs`,
 * `detailedDiff`), the ForceNew ones among them (`replaces`), the unchanged ForceNew ones
 * (`stables`), and delete-before-replace when the type needs it or the name was set explicitly.
 * An input that is unknown at preview counts as a change (Terraform plans it as one), and as a
 * replacement when the property is ForceNew.
 */
const { DEFAULTS_KEY, explicitName } = require("./naming");
const { alwaysDeletesFirst, forceNewKeys, forcesNew } = require("./forceNew");

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** JSON with object keys sorted, so that key order never reads as a change. */
function canonical(v) {
    if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
    if (v && typeof v === "object") {
        return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(",")}}`;
    }
    return JSON.stringify(v);
}

function hasUnknown(v) {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(hasUnknown);
    if (v && typeof v === "object") return Object.values(v).some(hasUnknown);
    return false;
}

/**
 * @param token the resource type
 * @param oldInputs the inputs of the deployed resource (checked, with `__defaults`)
 * @param news the new checked inputs
 * @param ignoreChanges top-level property names to treat as unchanged
 * @returns {{ changed: {key: string, kind: "ADD"|"DELETE"|"UPDATE", replace: boolean}[],
 *   replaces: string[], stables: string[], deleteBeforeReplace: boolean }}
 */
function diffInputs(token, oldInputs, news, ignoreChanges = []) {
    const keys = new Set([...Object.keys(oldInputs), ...Object.keys(news)]);
    keys.delete(DEFAULTS_KEY);
    const changed = [];
    for (const key of [...keys].sort()) {
        if (ignoreChanges.includes(key)) continue;
        const before = oldInputs[key];
        const after = news[key];
        if (before !== undefined && after !== undefined && !hasUnknown(after) && canonical(before) === canonical(after)) continue;
        const kind = before === undefined ? "ADD" : after === undefined ? "DELETE" : "UPDATE";
        changed.push({ key, kind, replace: forcesNew(token, key) });
    }
    const replaces = changed.filter((c) => c.replace).map((c) => c.key);
    const stables = forceNewKeys(token, [...keys]).filter((k) => !replaces.includes(k));
    const deleteBeforeReplace = replaces.length > 0 && (alwaysDeletesFirst(token) || explicitName(token, news));
    return { changed, replaces, stables, deleteBeforeReplace };
}

module.exports = { UNKNOWN, diffInputs, hasUnknown };

/**
 * IAM-style wildcard matching: `*` matches any run of characters (including none), `?` exactly
 * one; everything else (`{ } + $ /` included) is literal and case-sensitive. Greedy matching with
 * one backtrack point, O(pattern x value) at worst and no regular expressions: patterns come from
 * user config and stack data.
 *
 * @example wildcardMatch("legacy-*", "legacy-orders") === true
 */
export function wildcardMatch(pattern: string, value: string): boolean {
    let p = 0;
    let v = 0;
    let starP = -1;
    let starV = 0;
    while (v < value.length) {
        const pc = pattern[p];
        if (p < pattern.length && (pc === "?" || pc === value[v]) && pc !== "*") {
            p++;
            v++;
        } else if (p < pattern.length && pc === "*") {
            starP = p++;
            starV = v;
        } else if (starP >= 0) {
            p = starP + 1;
            v = ++starV;
        } else {
            return false;
        }
    }
    while (p < pattern.length && pattern[p] === "*") {
        p++;
    }
    return p === pattern.length;
}

/** True when any of the patterns matches the value. */
export function matchesAny(patterns: readonly string[], value: string): boolean {
    return patterns.some((pattern) => wildcardMatch(pattern, value));
}

/**
 * Splits an ARN into its six colon-separated parts; the sixth (resource) keeps any further colons.
 * Undefined when the text has fewer than six parts or does not start with `arn`.
 */
export function splitArn(arn: string): [string, string, string, string, string, string] | undefined {
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i < 5; i++) {
        const colon = arn.indexOf(":", start);
        if (colon < 0) {
            return undefined;
        }
        parts.push(arn.slice(start, colon));
        start = colon + 1;
    }
    parts.push(arn.slice(start));
    if (parts[0] !== "arn") {
        return undefined;
    }
    return parts as [string, string, string, string, string, string];
}

/**
 * The IAM `ArnLike` condition operator as Lambda applies it to `AWS:SourceArn`: each of the six
 * parts is matched separately, so a `*` in the region never spans into the account; inside the
 * resource part `*` also spans `/` and `:`. A pattern that is not ARN-shaped matches nothing.
 *
 * @example arnLike("arn:aws:execute-api:us-east-1:123456789012:abc123/*\/GET/pets", "arn:aws:execute-api:us-east-1:123456789012:abc123/prod/GET/pets") === true
 */
export function arnLike(pattern: string, arn: string): boolean {
    const p = splitArn(pattern);
    const a = splitArn(arn);
    if (!p || !a) {
        return false;
    }
    for (let i = 0; i < 6; i++) {
        if (!wildcardMatch(p[i], a[i])) {
            return false;
        }
    }
    return true;
}

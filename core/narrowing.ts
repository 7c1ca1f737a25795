/**
 * When narrowing a broad sourceArn is worth advising. A route served by `ANY /{proxy+}` (or any
 * `ANY /{param}` at the root) needs `{executionArn}/*\/*\/*`, and ArnLike's `*` spans `/`: that
 * pattern admits every route of every stage of the API, so advising it in place of `apiId/*`
 * narrows nothing a user would notice (only authorizer and `$default` requests).
 */

/** True when the pattern admits every REST/HTTP route request of its API: `{executionArn}/*\/*\/*`. */
export function admitsEveryRoute(pattern: string): boolean {
    if (!pattern.endsWith("/*/*/*")) {
        return false;
    }
    const base = pattern.slice(0, -"/*/*/*".length);
    return base.length > 0 && !base.includes("/");
}

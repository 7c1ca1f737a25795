/**
 * Deterministic names derived from what a thing IS (an API's name plus a route or scope), never
 * from its position in a list: adding a route must not rename, and so replace, anything else.
 */
import { createHash } from "crypto";

/** Lambda statement ids: 1-100 characters of `[A-Za-z0-9-_]`. */
export const STATEMENT_ID_MAX = 100;

/** Eight hex characters of SHA-256: enough to tell apart slugs that collide (`/a-b` vs `/a/b`). */
export function shortHash(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/**
 * Readable `[A-Za-z0-9-]` text: `GET /pets/{petId}` -> `GET-pets-petId`, `*` -> `any`,
 * `$default` -> `default`, `/` alone -> `root`.
 */
export function slug(text: string): string {
    const words = text
        .replace(/\*/g, " any ")
        .split(/[^A-Za-z0-9]+/)
        .filter((w) => w !== "");
    return words.length > 0 ? words.join("-") : "root";
}

/**
 * A unique, stable name: the readable slug of `key` plus a hash of the exact key (so two keys
 * with the same slug still differ), cut to `max` characters.
 * @example stableName("shop", "GET /pets/{petId}") === "shop-GET-pets-petId-<8 hex>"
 */
export function stableName(prefix: string, key: string, max = Number.MAX_SAFE_INTEGER): string {
    const hash = shortHash(`${prefix}\n${key}`);
    const body = `${prefix}-${slug(key)}`;
    const room = max - hash.length - 1;
    return `${body.length > room ? body.slice(0, room).replace(/-+$/, "") : body}-${hash}`;
}

/**
 * A Lambda statement id for the statement `key` of the API named `api`: valid (at most 100
 * characters of `[A-Za-z0-9-_]`), readable (the API's name and the route), and unique per function:
 * the hash covers `identity`, what tells this API apart from every other that may add statements to
 * the same function (the component's URN: stack, project, parent chain, type and name), so two
 * same-named components, of one type or two, in one stack or two, get different ids. Stable as
 * routes are added (nothing positional), and its length does not depend on `identity`, so a plan
 * can count its bytes before the URN is known.
 * @example statementIdFor("urn:pulumi:dev::shop::apigw-lambda-guard:index:LambdaHttpApi::web", "web", "GET /pets")
 * // "web-GET-pets-<8 hex>"
 */
export function statementIdFor(identity: string, api: string, key: string): string {
    const hash = shortHash(`${identity}\n${key}`);
    const body = `${slug(api)}-${slug(key)}`;
    const room = STATEMENT_ID_MAX - hash.length - 1;
    return `${body.length > room ? body.slice(0, room).replace(/-+$/, "") : body}-${hash}`;
}

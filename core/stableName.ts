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

/** A Lambda statement id for `key` in the API named `api`: stable, valid, at most 100 chars. */
export function statementIdFor(api: string, key: string): string {
    return stableName(slug(api), key, STATEMENT_ID_MAX);
}

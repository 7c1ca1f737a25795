/**
 * Secrets in a stack export: `{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
 * "plaintext": "<JSON>"}` with `--show-secrets`, else `"ciphertext"`. The engine hands a policy pack
 * the decrypted value wrapped as a secret (`{sig, value}`); a ciphertext cannot be decrypted offline,
 * so it reaches the pack as an unknown value, the honest "cannot tell" (and is counted, so the
 * report can say so). Internal keys (`__defaults`, `__meta`) are dropped, as the engine drops them.
 */
/** The signature key that marks special values (secrets, assets, archives, resource refs). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature of a secret value. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** The marker the engine sends for an unknown value of any type (ENGINE.md, "Values"). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A copy of `value` as the engine would send it: engine-style secrets, no internal keys. */
export function decodeSecrets(value: unknown): { value: unknown; encrypted: number } {
    let encrypted = 0;
    const walk = (v: unknown): unknown => {
        if (Array.isArray(v)) {
            return v.map(walk);
        }
        if (typeof v !== "object" || v === null) {
            return v;
        }
        const o = v as Record<string, unknown>;
        if (o[SIG_KEY] === SECRET_SIG) {
            if (typeof o.plaintext === "string") {
                let plain: unknown;
                try {
                    plain = JSON.parse(o.plaintext);
                } catch {
                    plain = o.plaintext;
                }
                return { [SIG_KEY]: SECRET_SIG, value: walk(plain) };
            }
            if ("value" in o) {
                return { [SIG_KEY]: SECRET_SIG, value: walk(o.value) };
            }
            encrypted++;
            return { [SIG_KEY]: SECRET_SIG, value: UNKNOWN };
        }
        const out: Record<string, unknown> = {};
        for (const [k, child] of Object.entries(o)) {
            // The engine marshals properties with SkipInternalKeys: `__defaults`, `__meta`, ... never reach a pack.
            if (!k.startsWith("__")) {
                out[k] = walk(child);
            }
        }
        return out;
    };
    return { value: walk(value), encrypted };
}

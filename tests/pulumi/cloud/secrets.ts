/**
 * The stand-in's side of the "service" secrets provider, the default for a stack in Pulumi Cloud:
 * the CLI sends each secret to encrypt and each ciphertext to decrypt, per stack
 * (pkg/secrets/service and client.go at v3.277.0). Bytes travel as base64 in JSON.
 *
 * The service encrypts with a key per stack held in a KMS. Here: AES-256-GCM with one random key
 * for the stand-in and the stack's name as additional data, so a ciphertext only decrypts for the
 * stack that made it. Batch encryption is a capability the stand-in does not advertise, so the CLI
 * encrypts one value at a time; batch decryption is always called.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "crypto";
import { ApiError, ApiServer, Request } from "./server";
import { Stacks } from "./stacks";

export function registerSecrets(server: ApiServer, stacks: Stacks): void {
    const key = randomBytes(32);
    const aad = (req: Request) => {
        const s = stacks.stackOf(req);
        return Buffer.from(Stacks.key(s.org, s.project, s.name));
    };
    const encrypt = (req: Request, plaintext: Buffer) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv("aes-256-gcm", key, iv);
        cipher.setAAD(aad(req));
        const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), body]);
    };
    const decrypt = (req: Request, ciphertext: Buffer) => {
        try {
            const decipher = createDecipheriv("aes-256-gcm", key, ciphertext.subarray(0, 12));
            decipher.setAAD(aad(req));
            decipher.setAuthTag(ciphertext.subarray(12, 28));
            return Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]);
        } catch {
            throw new ApiError(400, "Bad Request: the ciphertext was not encrypted for this stack");
        }
    };
    const bytes = (v: unknown, what: string) => {
        if (typeof v !== "string") throw new ApiError(400, `Bad Request: ${what} is missing`);
        return Buffer.from(v, "base64");
    };
    server.add({
        method: "POST",
        template: "/api/stacks/{org}/{project}/{stack}/encrypt",
        auth: "token",
        handle: (req) => ({ json: { ciphertext: encrypt(req, bytes(req.body?.plaintext, "plaintext")).toString("base64") } }),
    });
    server.add({
        method: "POST",
        template: "/api/stacks/{org}/{project}/{stack}/decrypt",
        auth: "token",
        handle: (req) => ({ json: { plaintext: decrypt(req, bytes(req.body?.ciphertext, "ciphertext")).toString("base64") } }),
    });
    server.add({
        method: "POST",
        template: "/api/stacks/{org}/{project}/{stack}/batch-decrypt",
        auth: "token",
        handle: (req) => {
            const plaintexts: Record<string, string> = {};
            for (const c of req.body?.ciphertexts ?? []) {
                plaintexts[c] = decrypt(req, bytes(c, "ciphertext")).toString("base64");
            }
            return { json: { plaintexts } };
        },
    });
}

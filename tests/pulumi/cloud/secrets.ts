/**
 * The stand-in's side of the "service" secrets provider, the default for a stack in Pulumi Cloud:
 * the CLI sends each secret to encrypt, per stack (pkg/secrets/service and client.go at v3.277.0).
 * Bytes travel as base64 in JSON. The states here hold no secret, so the CLI never asks to
 * decrypt (`decrypt`, `batch-decrypt`), and those are not served.
 *
 * The service encrypts with a key per stack held in a KMS. Here: AES-256-GCM with one random key
 * for the stand-in, bound to the stack by its name as additional data. Batch encryption is a capability the stand-in does not advertise, so the CLI
 * encrypts one value at a time.
 */
import { createCipheriv, randomBytes } from "crypto";
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
}

import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** AES-256-GCM for credentials at rest. Output: "v1:<iv>:<tag>:<ciphertext>", base64url parts. */
export interface SecretBox {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

export function createSecretBox(secret: string): SecretBox {
  // Any passphrase works; SHA-256 turns it into exactly 32 key bytes.
  const key = createHash("sha256").update(secret, "utf8").digest();
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return `v1:${parts.join(":")}`;
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split(":");
      if (version !== "v1" || !iv || !tag || body === undefined) {
        throw new Error("stored secret has an unknown format");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
        decipher.setAuthTag(Buffer.from(tag, "base64url"));
        return Buffer.concat([
          decipher.update(Buffer.from(body, "base64url")),
          decipher.final(),
        ]).toString("utf8");
      } catch {
        throw new Error(
          "a stored secret cannot be decrypted: FRONTDESK_SECRET differs from the key it was stored with",
        );
      }
    },
  };
}

/**
 * The key from FRONTDESK_SECRET, else one generated once into `keyFile` (mode 0600) and reused.
 * Several instances on one PostgreSQL must share FRONTDESK_SECRET instead.
 */
export function loadOrCreateSecret(fromEnv: string | undefined, keyFile: string): string {
  if (fromEnv && fromEnv.trim() !== "") return fromEnv;
  if (existsSync(keyFile)) return readFileSync(keyFile, "utf8").trim();
  mkdirSync(dirname(keyFile), { recursive: true });
  const generated = randomBytes(32).toString("base64url");
  writeFileSync(keyFile, `${generated}\n`, { mode: 0o600, flag: "wx" });
  chmodSync(keyFile, 0o600);
  return generated;
}

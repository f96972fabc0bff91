import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Encryption at rest for secrets the console must store (registry passwords, robot secrets):
 * AES-256-GCM with a 32-byte key from `KAAS_ENCRYPTION_KEY` (base64). The stored text is
 * `v1.<iv>.<tag>.<ciphertext>` in base64url, so a later key rotation can add `v2` beside it.
 * `context` (e.g. the team id) is bound as additional authenticated data: a ciphertext copied to
 * another team's row does not decrypt there.
 */

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** The key from `KAAS_ENCRYPTION_KEY`, or an error that says how to make one. */
export function encryptionKeyFromEnv(env: Record<string, string | undefined> = process.env): Buffer {
  const raw = env.KAAS_ENCRYPTION_KEY;
  if (!raw) {
    throw new Error(
      "KAAS_ENCRYPTION_KEY is not set: set it to 32 random bytes in base64 (openssl rand -base64 32)",
    );
  }
  const key = Buffer.from(raw, "base64");
  if (key.length !== 32 || key.toString("base64").replace(/=+$/, "") !== raw.trim().replace(/=+$/, "")) {
    throw new Error("KAAS_ENCRYPTION_KEY must be exactly 32 bytes, base64-encoded (openssl rand -base64 32)");
  }
  return key;
}

/** Encrypts `plaintext` with a fresh random IV. */
export function encryptSecret(
  plaintext: string,
  context: string,
  key: Buffer = encryptionKeyFromEnv(),
): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, body].map((p) => (typeof p === "string" ? p : p.toString("base64url"))).join(".");
}

/**
 * Decrypts what {@link encryptSecret} produced. Throws on a wrong key, a wrong context or any
 * tampering; the error never contains the secret.
 */
export function decryptSecret(stored: string, context: string, key: Buffer = encryptionKeyFromEnv()): string {
  const [version, ivText, tagText, bodyText, ...rest] = stored.split(".");
  if (
    version !== VERSION ||
    ivText === undefined ||
    tagText === undefined ||
    bodyText === undefined ||
    rest.length
  )
    throw new Error("decryptSecret: not a v1 ciphertext");
  const iv = Buffer.from(ivText, "base64url");
  const tag = Buffer.from(tagText, "base64url");
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
    throw new Error("decryptSecret: malformed ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(Buffer.from(bodyText, "base64url")), decipher.final()]).toString(
      "utf8",
    );
  } catch {
    throw new Error("decryptSecret: the secret does not decrypt with this key (wrong KAAS_ENCRYPTION_KEY?)");
  }
}

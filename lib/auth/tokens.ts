import { encryptionKeyFromEnv, encryptSecret } from "@/lib/crypto.ts";
import { logger } from "@/lib/logger.ts";

/** Bound into the ciphertext, so a refresh token copied to another user's session row does not decrypt. */
const context = (subject: string) => `refresh-token:${subject}`;

/**
 * The refresh token as the session row stores it: encrypted with `KAAS_ENCRYPTION_KEY` (the key
 * registry secrets use) and bound to the user, so a database dump does not hand out long-lived
 * access to the identity provider. Without a key none is stored (the console does not need one to
 * work today), and that is logged once at sign-in, never the token.
 */
export function sealRefreshToken(
  token: string | null | undefined,
  subject: string,
  env: Record<string, string | undefined> = process.env,
): string | null {
  if (!token) return null;
  if (!env.KAAS_ENCRYPTION_KEY) {
    logger.warn(
      { event: "auth.refresh_token.not_stored", subject },
      "KAAS_ENCRYPTION_KEY is not set: the refresh token is not stored",
    );
    return null;
  }
  return encryptSecret(token, context(subject), encryptionKeyFromEnv(env));
}

/** The context {@link sealRefreshToken} binds: for reading the token back with `decryptSecret`. */
export const refreshTokenContext = context;

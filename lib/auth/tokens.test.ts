import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret } from "../crypto.ts";
import { refreshTokenContext, sealRefreshToken } from "./tokens.ts";

describe("sealRefreshToken", () => {
  const key = randomBytes(32);
  const env = { KAAS_ENCRYPTION_KEY: key.toString("base64") };

  it("stores the refresh token only encrypted, bound to its user", () => {
    const sealed = sealRefreshToken("rt-very-secret", "alice", env);
    expect(sealed).not.toBeNull();
    expect(sealed).not.toContain("rt-very-secret");
    expect(decryptSecret(sealed ?? "", refreshTokenContext("alice"), key)).toBe("rt-very-secret");
    // Copied to another user's row, it does not decrypt.
    expect(() => decryptSecret(sealed ?? "", refreshTokenContext("mallory"), key)).toThrow();
  });

  it("stores nothing without a key or a token", () => {
    expect(sealRefreshToken("rt", "alice", {})).toBeNull();
    expect(sealRefreshToken(undefined, "alice", env)).toBeNull();
  });
});

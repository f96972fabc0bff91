import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptionKeyFromEnv, encryptSecret } from "./crypto.ts";

const key = randomBytes(32);

describe("secrets at rest", () => {
  it("round-trips, with a fresh IV each time, and never stores the plaintext", () => {
    const a = encryptSecret("robot-secret-ä✓", "team-1", key);
    const b = encryptSecret("robot-secret-ä✓", "team-1", key);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain("robot-secret");
    expect(decryptSecret(a, "team-1", key)).toBe("robot-secret-ä✓");
    expect(decryptSecret(b, "team-1", key)).toBe("robot-secret-ä✓");
  });

  it("refuses another key, another team's context and tampering, without echoing the secret", () => {
    const stored = encryptSecret("hunter2", "team-1", key);
    expect(() => decryptSecret(stored, "team-1", randomBytes(32))).toThrow(/KAAS_ENCRYPTION_KEY/);
    expect(() => decryptSecret(stored, "team-2", key)).toThrow(/does not decrypt/);
    const parts = stored.split(".");
    const body = Buffer.from(parts[3] ?? "", "base64url");
    body[0] = (body[0] ?? 0) ^ 1;
    const tampered = [parts[0], parts[1], parts[2], body.toString("base64url")].join(".");
    expect(() => decryptSecret(tampered, "team-1", key)).toThrow();
    expect(() => decryptSecret("v2.a.b.c", "team-1", key)).toThrow(/not a v1/);
    try {
      decryptSecret(stored, "team-2", key);
    } catch (err) {
      expect(String(err)).not.toContain("hunter2");
    }
  });

  it("reads a 32-byte base64 key from the environment and explains a bad one", () => {
    const good = randomBytes(32).toString("base64");
    expect(encryptionKeyFromEnv({ KAAS_ENCRYPTION_KEY: good }).length).toBe(32);
    expect(() => encryptionKeyFromEnv({})).toThrow(/not set/);
    expect(() => encryptionKeyFromEnv({ KAAS_ENCRYPTION_KEY: randomBytes(16).toString("base64") })).toThrow(
      /32 bytes/,
    );
    expect(() => encryptionKeyFromEnv({ KAAS_ENCRYPTION_KEY: "not base64 at all!!" })).toThrow(/32 bytes/);
  });
});

import { describe, expect, it } from "vitest";
import { userErrorFrom } from "./errors.ts";
import { KubeError } from "./k8s/errors.ts";

describe("userErrorFrom", () => {
  const forbidden = new KubeError(
    403,
    "Forbidden",
    'namespaces "x" is forbidden: User "oidc:admin" cannot patch',
  );

  it("sends a team member refused by RBAC to their team admin, without the API server's words", () => {
    const e = userErrorFrom(forbidden);
    expect(e.code).toBe("forbidden:cluster");
    expect(e.message).toMatch(/Ask a team admin/);
    expect(`${e.title} ${e.message}`).not.toMatch(/oidc:admin/);
  });

  it("sends a platform admin refused by RBAC to their own platform role, not to a team admin", () => {
    const e = userErrorFrom(forbidden, "platform");
    expect(e.code).toBe("forbidden:cluster");
    expect(e.message).toMatch(/kaas:platform-admin/);
    expect(e.message).not.toMatch(/team admin/);
  });
});

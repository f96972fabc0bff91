import { describe, expect, it } from "vitest";
import { checkIdentityPrefixes, kubeIdentity } from "./identity.ts";

describe("checkIdentityPrefixes", () => {
  it("accepts a prefix of the console's own", () => {
    expect(() => checkIdentityPrefixes({ user: "oidc:", group: "oidc:" })).not.toThrow();
    expect(() => checkIdentityPrefixes({ user: "keycloak:", group: "keycloak-group:" })).not.toThrow();
  });

  it("stops the start on an empty or system: prefix, naming the variable", () => {
    expect(() => checkIdentityPrefixes({ user: "", group: "oidc:" })).toThrow(/KAAS_USER_PREFIX is empty/);
    expect(() => checkIdentityPrefixes({ user: "oidc:", group: "" })).toThrow(/KAAS_GROUP_PREFIX is empty/);
    expect(() => checkIdentityPrefixes({ user: "oidc:", group: "system:" })).toThrow(/KAAS_GROUP_PREFIX/);
  });
});

describe("kubeIdentity", () => {
  it("prefixes the user and each group", () => {
    expect(kubeIdentity("alice", ["team-a", "platform-admins"])).toEqual({
      user: "oidc:alice",
      groups: ["oidc:team-a", "oidc:platform-admins"],
    });
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { kubeIdentity } from "./identity.ts";

describe("kubeIdentity", () => {
  afterEach(() => {
    delete process.env.KAAS_USER_PREFIX;
    delete process.env.KAAS_GROUP_PREFIX;
  });

  it("prefixes the user and every group with oidc: by default", () => {
    expect(kubeIdentity("bob", ["team-a", "team-b-admins"])).toEqual({
      user: "oidc:bob",
      groups: ["oidc:team-a", "oidc:team-b-admins"],
    });
  });

  it("uses the configured prefixes", () => {
    process.env.KAAS_USER_PREFIX = "corp:";
    process.env.KAAS_GROUP_PREFIX = "corp-group:";
    expect(kubeIdentity("alice", ["ops"])).toEqual({ user: "corp:alice", groups: ["corp-group:ops"] });
  });
});

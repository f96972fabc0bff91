import { describe, expect, it } from "vitest";
import { ActionError, auditOutcomeOf, refusalOf, says, withFormFields } from "./errors.ts";
import { KubeError } from "./k8s/errors.ts";

const invalid = (causes: { field?: string; message?: string }[], message = "Cluster is invalid") =>
  new KubeError(422, "Invalid", message, { causes });

describe("refusalOf", () => {
  it("shows the console's own refusals as they are, with their fields", () => {
    expect(refusalOf(new ActionError("Nothing to change.", { workers: "too many" }))).toEqual({
      kind: "invalid",
      formError: "Nothing to change.",
      fieldErrors: { workers: "too many" },
    });
  });

  it("keeps the catalog words of a refusal the console worded, beside its English", () => {
    const err = new ActionError(says("nodeQuota", { used: 4, limit: 5, requested: 2, others: "no" }), {
      workers: says("nodeQuotaField", { used: 4, limit: 5, requested: 2 }),
      other: "as the API server said",
    });
    expect(err.message).toBe(
      "Your team's node quota would be exceeded: 4 of 5 worker nodes are in use, and this needs 2. Use fewer workers, or ask a platform admin to raise the quota.",
    );
    expect(refusalOf(err)).toEqual({
      kind: "invalid",
      formError: err.message,
      fieldErrors: { workers: "Node quota: 4 / 5 used, 2 requested", other: "as the API server said" },
      say: { actionError: { key: "nodeQuota", values: { used: 4, limit: 5, requested: 2, others: "no" } } },
      // Only the console's own words are translated; the API server's stay as they came.
      fieldSay: { workers: { key: "nodeQuotaField", values: { used: 4, limit: 5, requested: 2 } } },
    });
  });

  it("says a conflict in the words of whoever acts on it", () => {
    const conflict = new KubeError(409, "Conflict", "the object has been modified");
    expect(refusalOf(conflict).formError).toMatch(/^This cluster changed since you loaded it/);
    expect(refusalOf(conflict, "platform").formError).toMatch(
      /^The management cluster changed while you saved/,
    );
  });

  it("reads used and limit out of a quota refusal", () => {
    const quota = new KubeError(
      403,
      "Forbidden",
      'clusters.cluster.x-k8s.io "c3" is forbidden: exceeded quota: kaas-clusters, requested: count/clusters.cluster.x-k8s.io=1, used: count/clusters.cluster.x-k8s.io=2, limited: count/clusters.cluster.x-k8s.io=2',
    );
    expect(refusalOf(quota).formError).toBe(
      "Your team's cluster quota is used up (2 of 2 clusters). Delete a cluster or ask a platform admin for more.",
    );
  });

  it("tells a team member and a platform admin whom to ask about a 403", () => {
    const forbidden = new KubeError(
      403,
      "Forbidden",
      'clusters is forbidden: User "oidc:erin" cannot create',
    );
    expect(refusalOf(forbidden).formError).toMatch(/Ask a team admin/);
    expect(refusalOf(forbidden, "platform").formError).toMatch(/kaas:platform-admin/);
    expect(refusalOf(forbidden, "platform").formError).not.toMatch(/team admin/);
    expect(refusalOf(forbidden).formError).not.toContain("oidc:erin");
  });

  it("names the kind of a refusal, so the API answers its status without reading messages", () => {
    expect(refusalOf(new ActionError("changed", {}, {}, "stale")).kind).toBe("stale");
    expect(refusalOf(new ActionError("Nothing to change.")).kind).toBe("refused");
    expect(refusalOf(new KubeError(409, "Conflict", "modified")).kind).toBe("conflict");
    expect(refusalOf(new KubeError(409, "AlreadyExists", "clusters x already exists"))).toEqual({
      kind: "conflict",
      formError: "Something of this name exists already in your team. Choose another name.",
      fieldErrors: {},
      // The same words, for pages to say in the reader's language.
      say: { refusal: "nameExists" },
    });
    expect(refusalOf(new KubeError(403, "Forbidden", "no")).kind).toBe("forbidden");
    expect(refusalOf(new KubeError(404, "NotFound", "gone")).kind).toBe("not_found");
    expect(refusalOf(new KubeError(503, "ServiceUnavailable", "down")).kind).toBe("unavailable");
    expect(refusalOf(new Error("boom")).kind).toBe("internal");
  });

  it("passes a validation message on without the webhook's prefix", () => {
    const denied = new KubeError(
      400,
      "BadRequest",
      'admission webhook "validation.cluster.cluster.x-k8s.io" denied the request: spec.topology.version: Invalid value',
    );
    expect(refusalOf(denied)).toEqual({
      kind: "invalid",
      formError: "spec.topology.version: Invalid value",
      fieldErrors: {},
    });
  });

  it("never shows what broke inside", () => {
    const r = refusalOf(new Error("ECONNRESET at 10.0.0.1 with token abc"));
    expect(r.formError).toBe("Something went wrong. Try again; if it persists, tell your platform team.");
    const down = Object.assign(new Error("connect"), { code: "ECONNREFUSED" });
    expect(refusalOf(down).formError).toMatch(/^The management cluster is unavailable/);
  });
});

describe("withFormFields", () => {
  const toField = (path: string) => (path === "spec.topology.version" ? "version" : null);

  it("moves mapped causes onto their fields, without the echoed value", () => {
    const err = withFormFields(
      invalid([
        { field: "spec.topology.version", message: 'Invalid value: "v9": version is not offered' },
        { field: "spec.topology.version", message: "second message for the same field" },
      ]),
      toField,
    );
    expect(err).toBeInstanceOf(ActionError);
    expect((err as ActionError).fieldErrors).toEqual({ version: "version is not offered" });
  });

  it("leaves errors it cannot place as they were", () => {
    const unmapped = invalid([{ field: "spec.paused", message: "nope" }]);
    expect(withFormFields(unmapped, toField)).toBe(unmapped);
    const conflict = new KubeError(409, "Conflict", "modified");
    expect(withFormFields(conflict, toField)).toBe(conflict);
  });
});

describe("auditOutcomeOf", () => {
  it("counts the console's and the API server's refusals as refused, breakage as failed", () => {
    expect(auditOutcomeOf(new ActionError("no"))).toEqual({ outcome: "refused", reason: "no" });
    expect(auditOutcomeOf(new KubeError(403, "Forbidden", "x"))).toEqual({
      outcome: "refused",
      reason: "403 Forbidden",
    });
    expect(auditOutcomeOf(new KubeError(503, "ServiceUnavailable", "x")).outcome).toBe("failed");
    expect(auditOutcomeOf(new Error("secret details"))).toEqual({ outcome: "failed", reason: "error" });
  });
});

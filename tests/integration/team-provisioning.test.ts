/**
 * Team writes on the shared management plane as impersonated identities: a create refused half
 * way undoes its own steps (no namespace or RoleBinding left granting access to a team that does
 * not exist), a RoleBinding change refused half way puts the bindings back, and a namespace that
 * is not the team's is refused untouched. Refusals come from real RBAC: test identities bound to
 * ClusterRoles that lack one permission. Everything here is named `rv-…-<run>` and removed.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { adminCredentials, planeDir } from "@/dev/plane/control.ts";
import { apply, kubeRequest } from "@/dev/plane/kube.ts";
import { CopyConflictError, copyClusterClass } from "@/lib/k8s/class-copy.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import type { KubeIdentity } from "@/lib/k8s/identity.ts";
import { TEAM_LABEL } from "@/lib/k8s/names.ts";
import {
  applyTeamRoleBindings,
  NamespaceTakenError,
  provisionTeam,
  removeTeamAccess,
} from "@/lib/teams/provisioning.ts";
import { waitClusterQuota } from "@/lib/teams/quotas.ts";
import { clusterQuotaHard, namespaceLabels, roleBindingGroups } from "../../e2e/support/admin-teams.ts";

const run = randomBytes(3).toString("hex");
const admin = adminCredentials();
const platformAdmin: KubeIdentity = { user: "oidc:admin", groups: ["oidc:platform-admins"] };
/** May do everything a team create needs except write ResourceQuotas. */
const noQuota: KubeIdentity = { user: `oidc:rv-no-quota-${run}`, groups: [] };
/** As {@link noQuota}, but may not delete namespaces either: like `kaas:platform-admin`. */
const noQuotaNoDelete: KubeIdentity = { user: `oidc:rv-no-quota-no-delete-${run}`, groups: [] };
/** May write only the `kaas:team-admin` RoleBinding. */
const adminBindingOnly: KubeIdentity = { user: `oidc:rv-admin-binding-${run}`, groups: [] };

const namespaces: string[] = [];
const clusterScoped: string[] = [];
const ns = (what: string) => {
  const name = `rv-${what}-${run}`;
  namespaces.push(name);
  return name;
};

const bindTeamRoles = {
  apiGroups: ["rbac.authorization.k8s.io"],
  resources: ["clusterroles"],
  resourceNames: ["kaas:team-admin", "kaas:team-member", "kaas:team-viewer"],
  verbs: ["bind"],
};

async function grant(identity: KubeIdentity, rules: unknown[]): Promise<void> {
  const name = identity.user.replace("oidc:", "");
  clusterScoped.push(name);
  await apply(admin, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRole",
    metadata: { name },
    rules,
  });
  await apply(admin, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "ClusterRoleBinding",
    metadata: { name },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "User", name: identity.user }],
  });
}

async function labelledNamespace(name: string, labels: Record<string, string>): Promise<void> {
  await apply(admin, { apiVersion: "v1", kind: "Namespace", metadata: { name, labels } });
}

async function binding(namespace: string, role: string, group: string): Promise<void> {
  await apply(admin, {
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: { name: `kaas:team-${role}`, namespace },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: `kaas:team-${role}` },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  });
}

/** Whether the namespace is gone or on its way out (the namespace controller finishes it). */
async function namespaceGoing(name: string): Promise<boolean> {
  const res = await kubeRequest(admin, "GET", `/api/v1/namespaces/${name}`);
  if (res.status === 404) return true;
  return Boolean((res.body as { metadata: { deletionTimestamp?: string } }).metadata.deletionTimestamp);
}

const groups = (admin: string[], member: string[] = [], viewer: string[] = []) => ({ admin, member, viewer });

beforeAll(async () => {
  // lib/k8s talks to the plane as the console, impersonating the identities above.
  process.env.KUBECONFIG = join(planeDir(), "console.kubeconfig");
  await grant(noQuota, [
    { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "create", "patch", "delete"] },
    {
      apiGroups: ["rbac.authorization.k8s.io"],
      resources: ["rolebindings"],
      verbs: ["get", "list", "create", "patch", "delete"],
    },
    bindTeamRoles,
  ]);
  await grant(noQuotaNoDelete, [
    { apiGroups: [""], resources: ["namespaces"], verbs: ["get", "list", "create", "patch"] },
    {
      apiGroups: ["rbac.authorization.k8s.io"],
      resources: ["rolebindings"],
      verbs: ["get", "list", "create", "patch", "delete"],
    },
    bindTeamRoles,
  ]);
  await grant(adminBindingOnly, [
    {
      apiGroups: ["rbac.authorization.k8s.io"],
      resources: ["rolebindings"],
      verbs: ["get", "list", "create"],
    },
    {
      apiGroups: ["rbac.authorization.k8s.io"],
      resources: ["rolebindings"],
      resourceNames: ["kaas:team-admin"],
      verbs: ["patch", "delete"],
    },
    bindTeamRoles,
  ]);
});

afterAll(async () => {
  for (const name of namespaces) await kubeRequest(admin, "DELETE", `/api/v1/namespaces/${name}`);
  for (const name of clusterScoped) {
    await kubeRequest(admin, "DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/${name}`);
    await kubeRequest(admin, "DELETE", `/apis/rbac.authorization.k8s.io/v1/clusterroles/${name}`);
  }
});

describe("provisionTeam", () => {
  test("a platform admin gets the labelled namespace, its bindings and its quota", async () => {
    const name = ns("ok");
    await provisionTeam(platformAdmin, {
      namespace: name,
      slug: name,
      groups: groups([`rv-admins-${run}`], [`rv-members-${run}`]),
      maxClusters: 2,
    });
    expect((await namespaceLabels(name))?.[TEAM_LABEL]).toBe(name);
    expect(await roleBindingGroups(name, "kaas:team-admin")).toEqual([`oidc:rv-admins-${run}`]);
    expect(await roleBindingGroups(name, "kaas:team-member")).toEqual([`oidc:rv-members-${run}`]);
    expect(await roleBindingGroups(name, "kaas:team-viewer")).toBeNull();
    expect(await clusterQuotaHard(name)).toBe("2");
    expect(await waitClusterQuota(platformAdmin, name, 2)).toBe(true);
    // Made and audited already: a quota the caller may not read is "not ready", not an error.
    const started = Date.now();
    expect(await waitClusterQuota(adminBindingOnly, name, 2)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test("refused at the quota, a namespace it created is deleted again with its bindings", async () => {
    const name = ns("new");
    const err = await provisionTeam(noQuota, {
      namespace: name,
      slug: name,
      groups: groups([`rv-admins-${run}`]),
      maxClusters: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubeError);
    expect((err as KubeError).status).toBe(403);
    expect(await namespaceGoing(name)).toBe(true);
  });

  test("refused at the quota by an admin who may not delete namespaces, no binding is left", async () => {
    const name = ns("kept");
    const err = await provisionTeam(noQuotaNoDelete, {
      namespace: name,
      slug: name,
      groups: groups([`rv-admins-${run}`], [`rv-members-${run}`]),
      maxClusters: 1,
    }).catch((e: unknown) => e);
    expect((err as KubeError).status).toBe(403);
    // The namespace stays, labelled, for a retry to adopt; nobody was granted access to it.
    expect((await namespaceLabels(name))?.[TEAM_LABEL]).toBe(name);
    expect(await roleBindingGroups(name, "kaas:team-admin")).toBeNull();
    expect(await roleBindingGroups(name, "kaas:team-member")).toBeNull();
  });

  test("refused at the quota, an adopted namespace keeps its labels and gets its bindings back", async () => {
    const name = ns("adopt");
    // An archived team's namespace: labelled, its viewers bound, no admin binding.
    await labelledNamespace(name, { [TEAM_LABEL]: name });
    await binding(name, "viewer", `oidc:rv-old-viewers-${run}`);
    const err = await provisionTeam(noQuota, {
      namespace: name,
      slug: name,
      groups: groups([`rv-admins-${run}`]),
      maxClusters: 1,
    }).catch((e: unknown) => e);
    expect((err as KubeError).status).toBe(403);
    expect(await namespaceGoing(name)).toBe(false);
    expect((await namespaceLabels(name))?.[TEAM_LABEL]).toBe(name);
    expect(await roleBindingGroups(name, "kaas:team-admin")).toBeNull();
    expect(await roleBindingGroups(name, "kaas:team-viewer")).toEqual([`oidc:rv-old-viewers-${run}`]);
  });

  test("a namespace that is not the team's is refused and left as it was", async () => {
    const name = ns("taken");
    await labelledNamespace(name, { "rv-owner": "someone-else" });
    const err = await provisionTeam(platformAdmin, {
      namespace: name,
      slug: name,
      groups: groups([`rv-admins-${run}`]),
      maxClusters: 1,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NamespaceTakenError);
    expect(await namespaceLabels(name)).toEqual({
      "rv-owner": "someone-else",
      "kubernetes.io/metadata.name": name,
    });
    expect(await roleBindingGroups(name, "kaas:team-admin")).toBeNull();
  });
});

describe("applyTeamRoleBindings", () => {
  test("refused at the second binding, the first is put back as it was", async () => {
    const name = ns("rb");
    await labelledNamespace(name, { [TEAM_LABEL]: name });
    await binding(name, "admin", `oidc:rv-old-admins-${run}`);
    await binding(name, "member", `oidc:rv-old-members-${run}`);
    const err = await applyTeamRoleBindings(
      adminBindingOnly,
      name,
      groups([`rv-new-admins-${run}`], [`rv-new-members-${run}`]),
    ).catch((e: unknown) => e);
    expect((err as KubeError).status).toBe(403);
    expect(await roleBindingGroups(name, "kaas:team-admin")).toEqual([`oidc:rv-old-admins-${run}`]);
    expect(await roleBindingGroups(name, "kaas:team-member")).toEqual([`oidc:rv-old-members-${run}`]);
  });
});

describe("copyClusterClass", () => {
  const CLASS = "inmemory-scs-1-35-v1";
  const classPath = (namespace: string) =>
    `/apis/cluster.x-k8s.io/v1beta2/namespaces/${namespace}/clusterclasses/${CLASS}`;
  const generation = async (namespace: string) =>
    (
      (await kubeRequest(admin, "GET", classPath(namespace))).body as {
        metadata: { generation: number };
      }
    ).metadata.generation;

  test("copies once, repeats as a no-op, and never overwrites a class changed in the team", async () => {
    const name = ns("copy");
    await labelledNamespace(name, { [TEAM_LABEL]: name });
    const copy = () => copyClusterClass(platformAdmin, { from: "team-a", to: name, name: CLASS });

    const { templates } = await copy();
    expect(templates.length).toBeGreaterThan(0);
    const first = await generation(name);
    await copy();
    expect(await generation(name)).toBe(first);

    // The team's copy is changed in place: another copy must refuse, not overwrite it.
    const changed = await kubeRequest(
      admin,
      "PATCH",
      classPath(name),
      { spec: { controlPlane: { metadata: { labels: { "rv-changed": run } } } } },
      "application/merge-patch+json",
    );
    expect(changed.status).toBe(200);
    const err = await copy().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CopyConflictError);
    expect((err as CopyConflictError).kind).toBe("ClusterClass");
    const after = (await kubeRequest(admin, "GET", classPath(name))).body as {
      spec: { controlPlane: { metadata?: { labels?: Record<string, string> } } };
    };
    expect(after.spec.controlPlane.metadata?.labels?.["rv-changed"]).toBe(run);
  });
});

describe("removeTeamAccess", () => {
  test("ends every binding, and puts them back when the confirmation after it refuses", async () => {
    const name = ns("archive");
    await labelledNamespace(name, { [TEAM_LABEL]: name });
    await binding(name, "admin", `oidc:rv-admins-${run}`);
    await binding(name, "viewer", `oidc:rv-viewers-${run}`);

    const seen: (string[] | null)[] = [];
    const refused = await removeTeamAccess(platformAdmin, name, async () => {
      seen.push(await roleBindingGroups(name, "kaas:team-admin"));
      throw new Error("a cluster appeared");
    }).catch((e: unknown) => e);
    expect((refused as Error).message).toBe("a cluster appeared");
    // During the confirmation nobody had access; afterwards everyone has theirs back.
    expect(seen).toEqual([null]);
    expect(await roleBindingGroups(name, "kaas:team-admin")).toEqual([`oidc:rv-admins-${run}`]);
    expect(await roleBindingGroups(name, "kaas:team-viewer")).toEqual([`oidc:rv-viewers-${run}`]);

    await removeTeamAccess(platformAdmin, name, async () => {});
    expect(await roleBindingGroups(name, "kaas:team-admin")).toBeNull();
    expect(await roleBindingGroups(name, "kaas:team-viewer")).toBeNull();
  });
});

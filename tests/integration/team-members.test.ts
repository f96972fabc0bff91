/**
 * Team members and roles against the shared management plane: every read and write is sent as
 * the acting user, so the API server decides; the console adds the last-admin rule and keeps the
 * team row's group record in step. Works in a namespace of its own (`mbr-<run>`, labelled as a
 * team namespace); the demo team-a is only read, and bob's refused attempts there change nothing.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { listAuditEvents } from "@/db/queries/audit.ts";
import { getTeamBySlug, upsertTeam } from "@/db/queries/teams.ts";
import { adminCredentials, planeDir } from "@/dev/plane/control.ts";
import { apply, kubeRequest } from "@/dev/plane/kube.ts";
import { type AuditedChange, audited } from "@/lib/audit/audited.ts";
import { ActionError } from "@/lib/errors.ts";
import { cloudCredentialsStatusAs, writeCloudCredentialsAs } from "@/lib/k8s/cloud-credentials.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { watchHub } from "@/lib/k8s/hub/index.ts";
import type { KubeIdentity } from "@/lib/k8s/identity.ts";
import { applyRoleBindingPlan } from "@/lib/k8s/role-bindings.ts";
import {
  changeMemberAudited,
  changeMembership,
  MembershipRefusal,
  membershipRefusalMessage,
  teamMembersAs,
} from "@/lib/teams/members.ts";
import { teamBindingsByNamespace } from "@/lib/teams/membership.ts";
import { applyTeamRoleBindings } from "@/lib/teams/provisioning.ts";
import { strongestRoleOf } from "@/lib/teams/roles.ts";
import { backends, useMigratedDb } from "./support/db-backends.ts";

process.env.KUBECONFIG = join(planeDir(), "console.kubeconfig");

const run = randomBytes(3).toString("hex");
const ns = `mbr-${run}`;
const kube = adminCredentials();
const admin: KubeIdentity = { user: `oidc:mbr-admin-${run}`, groups: [] };
const member: KubeIdentity = { user: `oidc:mbr-bob-${run}`, groups: [`oidc:mbr-devs-${run}`] };
const bob: KubeIdentity = { user: "oidc:bob", groups: ["oidc:team-a"] };
const RBAC = "rbac.authorization.k8s.io";
const pglite = backends.find((b) => b.name === "pglite");
if (!pglite) throw new Error("no pglite backend");

// Set by the outer describe: the database (PGlite) the team rows and their group record live in.
let db: () => ReturnType<ReturnType<typeof useMigratedDb>>;

function binding(name: string, role: string, subject: { kind: string; name: string }, labels = {}) {
  return {
    apiVersion: `${RBAC}/v1`,
    kind: "RoleBinding",
    metadata: { name, namespace: ns, labels },
    roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: role },
    subjects: [{ apiGroup: RBAC, ...subject }],
  };
}

/** Every RoleBinding of a namespace as the admin kubeconfig sees it: name → roleRef and subjects. */
async function bindingsSeenByAdmin(namespace: string): Promise<Record<string, string>> {
  const res = await kubeRequest(kube, "GET", `/apis/${RBAC}/v1/namespaces/${namespace}/rolebindings`);
  const items = (
    res.body as {
      items: {
        metadata: { name: string };
        roleRef: { name: string };
        subjects?: { kind: string; name: string }[];
      }[];
    }
  ).items;
  return Object.fromEntries(
    items.map((b) => [
      b.metadata.name,
      `${b.roleRef.name} ${(b.subjects ?? []).map((s) => `${s.kind}:${s.name}`).join(",")}`,
    ]),
  );
}

async function teamRow() {
  return upsertTeam(db(), {
    slug: ns,
    displayName: "Members test",
    namespace: ns,
    memberGroups: [`mbr-devs-${run}`],
  });
}

describe("on the shared plane", () => {
  db = useMigratedDb(pglite);

  beforeAll(async () => {
    await apply(kube, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: { "kaas.scs.community/team": ns } },
    });
    // The team's only admin, bound by hand (as a platform operator might): made outside the console.
    await apply(kube, binding("mbr-first-admin", "kaas:team-admin", { kind: "User", name: admin.user }));
    // The platform's group mapping, as the seed and the platform admin write it.
    await apply(
      kube,
      binding(
        "kaas:team-member",
        "kaas:team-member",
        { kind: "Group", name: member.groups[0] as string },
        { "app.kubernetes.io/managed-by": "kaas-console" },
      ),
    );
  });

  afterAll(async () => {
    watchHub().stop();
    await kubeRequest(kube, "DELETE", `/api/v1/namespaces/${ns}`);
  });

  describe("team members as RBAC", () => {
    test("bob, a member, cannot change roles: the API server's 403, a clear message, nothing changed", async () => {
      const before = await bindingsSeenByAdmin("team-a");
      const teamA = await upsertTeam(db(), {
        slug: "team-a",
        displayName: "Team A",
        namespace: "team-a",
        memberGroups: ["team-a"],
      });
      const err = await changeMembership(db(), {
        identity: bob,
        team: teamA,
        change: { kind: "Group", subject: "oidc:team-a", role: "admin" },
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(KubeError);
      expect((err as KubeError).status).toBe(403);
      expect(membershipRefusalMessage(err)).toBe(
        "The management cluster refused the change: only team admins may change members and roles. Ask a team admin.",
      );
      // Even a write sent straight away (without the console's read first) is refused by the API server.
      const direct = await applyRoleBindingPlan(bob, "team-a", {
        create: binding("kaas:team-admin:user:bob", "kaas:team-admin", { kind: "User", name: bob.user }),
        update: [],
        remove: [],
      }).catch((e: unknown) => e);
      expect((direct as KubeError).status).toBe(403);
      expect(await bindingsSeenByAdmin("team-a")).toEqual(before);
      expect((await getTeamBySlug(db(), "team-a"))?.adminGroups).toEqual([]);
    });

    test("a RoleBinding made with the admin kubeconfig shows up flagged, and counts for membership at once", async () => {
      const erin = `oidc:mbr-erin-${run}`;
      await apply(kube, binding("mbr-handmade", "kaas:team-viewer", { kind: "User", name: erin }));
      const members = await teamMembersAs(admin, ns);
      const row = members.find((m) => m.subject === erin);
      expect(row).toMatchObject({ kind: "User", name: `mbr-erin-${run}`, role: "viewer", outside: true });
      expect(row?.grants).toEqual([
        { binding: "mbr-handmade", role: "viewer", managed: false, madeBy: null, madeAt: null },
      ]);
      const group = members.find((m) => m.kind === "Group");
      expect(group).toMatchObject({ name: `mbr-devs-${run}`, role: "member", outside: false });

      // The membership question is answered from the watch hub: the new binding counts within seconds.
      const deadline = Date.now() + 20_000;
      let role: string | undefined;
      while (Date.now() < deadline) {
        const byNs = await teamBindingsByNamespace([ns, "team-a"]);
        role = strongestRoleOf(byNs.get(ns) ?? [], { user: erin, groups: [] });
        if (role) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(role).toBe("viewer");
      expect(watchHub().synced("roleBindings")).toBe(true);
      const byNs = await teamBindingsByNamespace(["team-a"]);
      expect(strongestRoleOf(byNs.get("team-a") ?? [], bob)).toBe("member");
      expect(strongestRoleOf(byNs.get("team-a") ?? [], { user: "oidc:dave", groups: [] })).toBeUndefined();
    });

    test("a team admin cannot bind the team's roles to subjects outside the identity prefix: refused, audited, nothing written", async () => {
      const team = await teamRow();
      const before = await bindingsSeenByAdmin(ns);
      const user = {
        sessionId: "s",
        subject: `mbr-admin-${run}`,
        name: "admin",
        email: null,
        groups: [],
        identity: admin,
        via: "console" as const,
        token: null,
      };
      const actor = {
        user,
        team: { ...team, role: "admin" as const },
        audited: <T>(change: Omit<AuditedChange, "teamSlug">, write: () => Promise<T>) =>
          audited(
            db(),
            { user: admin.user, email: null, requestId: "subjects" },
            { ...change, teamSlug: ns },
            write,
          ),
      };
      const hostile = [
        { kind: "Group", subject: "system:authenticated" },
        { kind: "Group", subject: "system:masters" },
        { kind: "Group", subject: "system:serviceaccounts" },
        { kind: "User", subject: "system:serviceaccount:kube-system:default" },
        { kind: "Group", subject: "system:unauthenticated" },
        // A prefix spoof: looks like the console's prefix, is not.
        { kind: "Group", subject: "OIDC:team-a" },
        { kind: "User", subject: "oidc" },
      ] as const;
      for (const { kind, subject } of hostile) {
        for (const action of ["member.add", "member.role"] as const) {
          const err = await changeMemberAudited(db(), actor, action, { kind, subject, role: "admin" }).catch(
            (e: unknown) => e,
          );
          expect(err, `${action} ${kind} ${subject}`).toBeInstanceOf(ActionError);
          expect((err as ActionError).message).toMatch(/can be given a team role|not a name of/);
        }
      }
      // Nothing reached the API server...
      expect(await bindingsSeenByAdmin(ns)).toEqual(before);
      // ...and every attempt is in the team's audit log as refused, with the reason.
      const rows = (await listAuditEvents(db(), { scope: { kind: "team", team: ns }, limit: 100 })).events;
      expect(rows).toHaveLength(hostile.length * 2);
      expect(rows.every((r) => r.outcome === "refused" && typeof r.details?.reason === "string")).toBe(true);
      expect(new Set(rows.map((r) => r.targetName))).toEqual(new Set(hostile.map((h) => h.subject)));

      // The platform admin's group mapping writes under the group prefix only.
      const mapped = await applyTeamRoleBindings(admin, ns, { admin: ["a b"], member: [], viewer: [] }).catch(
        (e: unknown) => e,
      );
      expect(mapped).toBeInstanceOf(ActionError);
      expect(await bindingsSeenByAdmin(ns)).toEqual(before);
    });

    test("the last admin cannot be removed or downgraded; with a second admin they can", async () => {
      const team = await teamRow();
      const before = await bindingsSeenByAdmin(ns);
      for (const role of [null, "member"] as const) {
        const err = await changeMembership(db(), {
          identity: admin,
          team,
          change: { kind: "User", subject: admin.user, role },
        }).catch((e: unknown) => e);
        expect(err).toBeInstanceOf(MembershipRefusal);
        expect(membershipRefusalMessage(err)).toMatch(/last admin: add another admin/);
      }
      expect(await bindingsSeenByAdmin(ns)).toEqual(before);

      // A group made admin by the console: bound, labelled, and recorded on the team row.
      const ops = `oidc:mbr-ops-${run}`;
      const added = await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "Group", subject: ops, role: "admin" },
        mustBeNew: true,
      });
      expect(added).toEqual({
        before: null,
        after: "admin",
        bindings: ["kaas:team-admin"],
      });
      expect((await getTeamBySlug(db(), ns))?.adminGroups).toEqual([`mbr-ops-${run}`]);
      const after = await bindingsSeenByAdmin(ns);
      expect(after["kaas:team-admin"]).toBe(`kaas:team-admin Group:${ops}`);
      // A second group joins the same binding, the shape the platform's group mapping has.
      const sre = `oidc:mbr-sre-${run}`;
      await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "Group", subject: sre, role: "admin" },
      });
      expect((await bindingsSeenByAdmin(ns))["kaas:team-admin"]).toBe(
        `kaas:team-admin Group:${ops},Group:${sre}`,
      );
      expect((await getTeamBySlug(db(), ns))?.adminGroups).toEqual([`mbr-ops-${run}`, `mbr-sre-${run}`]);

      const removed = await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "User", subject: admin.user, role: null },
      });
      expect(removed.before).toBe("admin");
      expect(await bindingsSeenByAdmin(ns)).not.toHaveProperty("mbr-first-admin");
      // Put the first admin back (with the admin kubeconfig) for the tests that follow.
      await apply(kube, binding("mbr-first-admin", "kaas:team-admin", { kind: "User", name: admin.user }));
    });

    test("a refused Kubernetes write leaves the team row as it was", async () => {
      const team = await teamRow();
      const group = `mbr-clash-${run}`;
      // Both names the console could give the group's viewer binding are taken by hand-made bindings of
      // another role: the create is refused after the team row was changed in its savepoint.
      await apply(kube, binding("kaas:team-viewer", "view", { kind: "User", name: "someone" }));
      await apply(
        kube,
        binding(`kaas:team-viewer:group:${group}`, "view", { kind: "User", name: "someone" }),
      );
      const err = await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "Group", subject: `oidc:${group}`, role: "viewer" },
      }).catch((e: unknown) => e);
      expect((err as KubeError).status).toBe(409);
      expect(membershipRefusalMessage(err)).toMatch(/changed meanwhile/);
      const row = await getTeamBySlug(db(), ns);
      expect(row?.viewerGroups).toEqual([]);
      expect(row?.memberGroups).toEqual([`mbr-devs-${run}`]);
    });

    test("changing a role creates the new binding before the old one goes", async () => {
      const team = await teamRow();
      const dave = `oidc:mbr-dave-${run}`;
      await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "User", subject: dave, role: "member" },
      });
      const res = await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "User", subject: dave, role: "viewer" },
      });
      expect(res).toMatchObject({ before: "member", after: "viewer" });
      const seen = await bindingsSeenByAdmin(ns);
      expect(seen[`kaas:team-viewer:user:mbr-dave-${run}`]).toBe(`kaas:team-viewer User:${dave}`);
      expect(seen).not.toHaveProperty(`kaas:team-member:user:mbr-dave-${run}`);
      // Adding someone who is already in the team is refused: roles change in the list.
      const again = await changeMembership(db(), {
        identity: admin,
        team,
        change: { kind: "User", subject: dave, role: "admin" },
        mustBeNew: true,
      }).catch((e: unknown) => e);
      expect(membershipRefusalMessage(again)).toMatch(/already in the team as viewer/);
    });
  });

  describe("cloud credentials", () => {
    const secret = `mbr-secret-${run}`;
    const cloudsYaml = `clouds:\n  openstack:\n    auth:\n      auth_url: https://keystone.example.test/v3\n      application_credential_id: id-${run}\n      application_credential_secret: ${secret}\n    auth_type: v3applicationcredential\n`;

    test("an admin writes them; the status is read as metadata only; a member is refused", async () => {
      expect(await cloudCredentialsStatusAs(admin, ns)).toEqual({ present: false });
      const now = new Date("2026-03-04T05:06:07Z");
      const input = { cloudsYaml, cloudName: "openstack", authUrl: "https://keystone.example.test/v3", now };
      expect(await writeCloudCredentialsAs(admin, ns, input)).toEqual({ replaced: false });
      expect(await writeCloudCredentialsAs(admin, ns, input)).toEqual({ replaced: true });
      const status = await cloudCredentialsStatusAs(admin, ns);
      expect(status).toEqual({
        present: true,
        rotatedAt: "2026-03-04T05:06:07.000Z",
        rotatedBy: admin.user,
        cloudName: "openstack",
        authUrl: "https://keystone.example.test/v3",
        managed: true,
      });
      expect(JSON.stringify(status)).not.toContain(secret);

      const stored = await kubeRequest(kube, "GET", `/api/v1/namespaces/${ns}/secrets/openstack`);
      const data = (stored.body as { data: Record<string, string> }).data;
      expect(Buffer.from(data["clouds.yaml"] ?? "", "base64").toString()).toBe(cloudsYaml);
      expect(Buffer.from(data.cloudName ?? "", "base64").toString()).toBe("openstack");

      const refused = await writeCloudCredentialsAs(member, ns, input).catch((e: unknown) => e);
      expect((refused as KubeError).status).toBe(403);
      const readRefused = await cloudCredentialsStatusAs(member, ns).catch((e: unknown) => e);
      expect((readRefused as KubeError).status).toBe(403);
    });
  });
});

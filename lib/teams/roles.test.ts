import { describe, expect, it } from "vitest";
import { inEnglish } from "@/lib/errors.ts";
import type { RoleBindingLike } from "@/lib/k8s/types.ts";
import {
  applyPlan,
  consoleBindingName,
  planMembership,
  removesLastAdmin,
  type SubjectKind,
  strongestRoleOf,
  teamMembers,
  ungrantableReason as ungrantableWords,
} from "./roles.ts";

const P = { user: "oidc:", group: "oidc:" };
const RBAC = "rbac.authorization.k8s.io";

function binding(
  name: string,
  role: string,
  subjects: [kind: string, name: string][],
  labels: Record<string, string> = {},
): RoleBindingLike {
  return {
    metadata: { name, namespace: "team-a", resourceVersion: `rv-${name}`, labels },
    roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: role },
    subjects: subjects.map(([kind, n]) => ({ kind, name: n, apiGroup: RBAC })),
  };
}

const managed = { "app.kubernetes.io/managed-by": "kaas-console" };
const seed = [
  binding("kaas:team-admin", "kaas:team-admin", [["Group", "oidc:team-a-admins"]], {
    "kaas.scs.community/managed-by": "kaas-console",
  }),
  binding(
    "kaas:team-member",
    "kaas:team-member",
    [
      ["Group", "oidc:team-a"],
      ["Group", "oidc:ops"],
    ],
    managed,
  ),
  binding("kaas:team-viewer", "kaas:team-viewer", [["Group", "oidc:team-a-viewers"]], managed),
];
const ctx = { namespace: "team-a", prefixes: P, actor: "oidc:alice", now: new Date("2026-01-02T03:04:05Z") };

describe("strongestRoleOf", () => {
  it("takes the strongest role through the user or any of their groups", () => {
    const bs = [...seed, binding("x", "kaas:team-viewer", [["User", "oidc:bob"]])];
    expect(strongestRoleOf(bs, { user: "oidc:bob", groups: ["oidc:team-a"] })).toBe("member");
    expect(strongestRoleOf(bs, { user: "oidc:bob", groups: [] })).toBe("viewer");
    expect(
      strongestRoleOf(bs, { user: "oidc:x", groups: ["oidc:team-a-viewers", "oidc:team-a-admins"] }),
    ).toBe("admin");
    expect(strongestRoleOf(bs, { user: "oidc:dave", groups: [] })).toBeUndefined();
  });

  it("ignores other roles, Roles of the same name, and a User subject that only looks like a group", () => {
    const bs: RoleBindingLike[] = [
      binding("edit", "edit", [["User", "oidc:dave"]]),
      {
        ...binding("r", "kaas:team-admin", [["User", "oidc:dave"]]),
        roleRef: { apiGroup: RBAC, kind: "Role", name: "kaas:team-admin" },
      },
      binding("g", "kaas:team-admin", [["User", "oidc:team-a-admins"]]),
    ];
    expect(strongestRoleOf(bs, { user: "oidc:dave", groups: [] })).toBeUndefined();
    expect(strongestRoleOf(bs, { user: "oidc:erin", groups: ["oidc:team-a-admins"] })).toBeUndefined();
  });
});

describe("teamMembers", () => {
  it("lists groups and users once each with their strongest role and flags bindings made outside", () => {
    const bs = [
      ...seed,
      binding("kaas:team-viewer:user:dave", "kaas:team-viewer", [["User", "oidc:dave"]], managed),
      binding("hand-made", "kaas:team-member", [
        ["User", "oidc:dave"],
        ["ServiceAccount", "ci"],
      ]),
    ];
    const ms = teamMembers(bs, P);
    expect(ms.map((m) => [m.kind, m.name, m.role, m.outside])).toEqual([
      ["Group", "ops", "member", false],
      ["Group", "team-a", "member", false],
      ["Group", "team-a-admins", "admin", false],
      ["Group", "team-a-viewers", "viewer", false],
      ["User", "dave", "member", true],
    ]);
    expect(ms.at(-1)?.grants.map((g) => [g.binding, g.managed])).toEqual([
      ["kaas:team-viewer:user:dave", true],
      ["hand-made", false],
    ]);
  });
});

describe("planMembership", () => {
  it("adds a user with one labelled, annotated binding", () => {
    const plan = planMembership(seed, { kind: "User", subject: "oidc:dave", role: "member" }, ctx);
    expect(plan.update).toEqual([]);
    expect(plan.remove).toEqual([]);
    expect(plan.create).toMatchObject({
      metadata: {
        name: "kaas:team-member:user:dave",
        namespace: "team-a",
        labels: managed,
        annotations: {
          "kaas.scs.community/made-by": "oidc:alice",
          "kaas.scs.community/made-at": "2026-01-02T03:04:05.000Z",
        },
      },
      roleRef: { apiGroup: RBAC, kind: "ClusterRole", name: "kaas:team-member" },
      subjects: [{ apiGroup: RBAC, kind: "User", name: "oidc:dave" }],
    });
  });

  it("changes a role by creating the new binding first and taking the subject out of the old ones", () => {
    const bs = [
      ...seed,
      binding("kaas:team-member:user:dave", "kaas:team-member", [["User", "oidc:dave"]], managed),
    ];
    const plan = planMembership(bs, { kind: "User", subject: "oidc:dave", role: "viewer" }, ctx);
    expect(plan.create?.metadata.name).toBe("kaas:team-viewer:user:dave");
    expect(plan.remove).toEqual([
      { name: "kaas:team-member:user:dave", resourceVersion: "rv-kaas:team-member:user:dave" },
    ]);
    const ops = planMembership(bs, { kind: "Group", subject: "oidc:ops", role: "admin" }, ctx);
    // A group joins the team's kaas:team-admin binding, as the platform's group mapping has it.
    expect(ops.create).toBeUndefined();
    expect(ops.extend?.metadata).toMatchObject({
      name: "kaas:team-admin",
      resourceVersion: "rv-kaas:team-admin",
      labels: { "kaas.scs.community/managed-by": "kaas-console" },
      annotations: { "kaas.scs.community/made-by": "oidc:alice" },
    });
    expect(ops.extend?.subjects?.map((x) => x.name)).toEqual(["oidc:team-a-admins", "oidc:ops"]);
    expect(removesLastAdmin(bs, ops, P)).toBe(false);
    expect(teamMembers(applyPlan(bs, ops), P).find((m) => m.name === "ops")?.role).toBe("admin");
    expect(ops.update).toHaveLength(1);
    expect(ops.update[0]?.subjects).toEqual([{ kind: "Group", name: "oidc:team-a", apiGroup: RBAC }]);
    expect(ops.update[0]?.metadata.resourceVersion).toBe("rv-kaas:team-member");
  });

  it("keeps an existing binding of the wanted role and removes the subject everywhere on removal", () => {
    const plan = planMembership(seed, { kind: "Group", subject: "oidc:team-a", role: "member" }, ctx);
    expect(plan).toEqual({ update: [], remove: [] });
    const gone = planMembership(seed, { kind: "Group", subject: "oidc:team-a-viewers", role: null }, ctx);
    expect(gone.create).toBeUndefined();
    expect(gone.remove.map((r) => r.name)).toEqual(["kaas:team-viewer"]);
    expect(teamMembers(applyPlan(seed, gone), P).map((m) => m.name)).toEqual([
      "ops",
      "team-a",
      "team-a-admins",
    ]);
  });

  it("gives a group the kaas:team-<role> binding when there is none, or its own when the name is taken", () => {
    const none = planMembership([], { kind: "Group", subject: "oidc:ops", role: "viewer" }, ctx);
    expect(none.create?.metadata.name).toBe("kaas:team-viewer");
    const taken = [binding("kaas:team-viewer", "view", [["User", "x"]])];
    const own = planMembership(taken, { kind: "Group", subject: "oidc:ops", role: "viewer" }, ctx);
    expect(own.create?.metadata.name).toBe("kaas:team-viewer:group:ops");
  });

  it("names bindings without the identity prefix", () => {
    expect(consoleBindingName("admin", "User", "oidc:carol@example.test", P)).toBe(
      "kaas:team-admin:user:carol@example.test",
    );
    expect(consoleBindingName("viewer", "Group", "plain", P)).toBe("kaas:team-viewer:group:plain");
  });
});

describe("the last admin", () => {
  it("may not be removed or downgraded, but may be once another admin exists", () => {
    const remove = planMembership(seed, { kind: "Group", subject: "oidc:team-a-admins", role: null }, ctx);
    expect(removesLastAdmin(seed, remove, P)).toBe(true);
    const down = planMembership(seed, { kind: "Group", subject: "oidc:team-a-admins", role: "member" }, ctx);
    expect(removesLastAdmin(seed, down, P)).toBe(true);
    const withAlice = [...seed, binding("a", "kaas:team-admin", [["User", "oidc:alice"]], managed)];
    expect(
      removesLastAdmin(
        withAlice,
        planMembership(withAlice, { kind: "Group", subject: "oidc:team-a-admins", role: null }, ctx),
        P,
      ),
    ).toBe(false);
    const other = planMembership(seed, { kind: "Group", subject: "oidc:team-a", role: null }, ctx);
    expect(removesLastAdmin(seed, other, P)).toBe(false);
  });

  it("counts a subject holding admin through two bindings once", () => {
    const bs = [
      binding("a1", "kaas:team-admin", [["User", "oidc:alice"]], managed),
      binding("a2", "kaas:team-admin", [["User", "oidc:alice"]]),
    ];
    const plan = planMembership(bs, { kind: "User", subject: "oidc:alice", role: null }, ctx);
    expect(plan.remove.map((r) => r.name)).toEqual(["a1", "a2"]);
    expect(removesLastAdmin(bs, plan, P)).toBe(true);
  });
});

describe("ungrantableReason", () => {
  // In English, as the API and the logs say it.
  const ungrantableReason = (...args: Parameters<typeof ungrantableWords>) => {
    const words = ungrantableWords(...args);
    return words && inEnglish(words);
  };
  const p = { user: "oidc:", group: "oidc:" };
  const hostile: [SubjectKind, string][] = [
    ["Group", "system:authenticated"],
    ["Group", "system:masters"],
    ["Group", "system:serviceaccounts"],
    ["Group", "system:unauthenticated"],
    ["User", "system:serviceaccount:kube-system:default"],
    ["User", "system:admin"],
    ["User", "admin"],
    ["Group", "oidc"],
    ["Group", "oidc:"],
    ["Group", "OIDC:team-a"],
    ["Group", "oidcx:team-a"],
    ["User", " oidc:alice"],
    ["User", "oidc: alice"],
    ["User", "oidc:-alice"],
    ["Group", "oidc:team-a\n"],
    ["Group", "oidc:tëam"],
  ];
  it.each(hostile)("refuses to grant a team role to %s %j", (kind, subject) => {
    expect(ungrantableReason(kind, subject, p)).toMatch(/./);
  });

  it("grants to users and groups under the prefix, names with : included", () => {
    expect(ungrantableReason("User", "oidc:alice", p)).toBeNull();
    expect(ungrantableReason("User", "oidc:alice@example.com", p)).toBeNull();
    expect(ungrantableReason("Group", "oidc:team-a", p)).toBeNull();
    // Under the prefix a name is the IdP's, whatever it spells: not the API server's system:masters.
    expect(ungrantableReason("Group", "oidc:system:masters", p)).toBeNull();
  });

  it("uses the prefix of the subject's kind, and refuses everything without one", () => {
    const split = { user: "u:", group: "g:" };
    expect(ungrantableReason("Group", "u:team-a", split)).toMatch(/g:/);
    expect(ungrantableReason("User", "u:alice", split)).toBeNull();
    expect(ungrantableReason("User", "alice", { user: "", group: "oidc:" })).toMatch(/no identity prefix/);
    expect(ungrantableReason("Group", "system:x", { user: "oidc:", group: "system:" })).toMatch(
      /no identity prefix/,
    );
  });
});

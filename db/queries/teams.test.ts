import { describe, expect, it } from "vitest";
import { backends, useMigratedDb } from "../../tests/integration/support/db-backends.ts";
import { seedDemoTeams } from "../seed.ts";
import { getTeamBySlug, listTeams, setTeamGroupRole, upsertTeam } from "./teams.ts";

describe.each(backends)("teams on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("seeds the demo teams idempotently", async () => {
    await seedDemoTeams(db());
    const [a, b] = await seedDemoTeams(db());
    expect(a).toMatchObject({
      slug: "team-a",
      displayName: "Team A",
      namespace: "team-a",
      maxWorkerNodes: 20,
    });
    expect(b).toMatchObject({ slug: "team-b", memberGroups: ["team-b"], maxWorkerNodes: 10 });
    expect((await listTeams(db())).map((t) => t.slug)).toEqual(["team-a", "team-b"]);
  });

  it("upserts by slug, keeping id and omitted fields", async () => {
    const created = await upsertTeam(db(), {
      slug: "blue",
      displayName: "Blue",
      namespace: "blue",
      adminGroups: ["blue-admins"],
      maxWorkerNodes: 5,
    });
    expect(created.memberGroups).toEqual([]);
    const updated = await upsertTeam(db(), { slug: "blue", displayName: "Blue Team", namespace: "blue" });
    expect(updated).toMatchObject({
      id: created.id,
      displayName: "Blue Team",
      adminGroups: ["blue-admins"],
      maxWorkerNodes: 5,
    });
    const unlimited = await upsertTeam(db(), {
      slug: "blue",
      displayName: "B",
      namespace: "blue",
      maxWorkerNodes: null,
    });
    expect(unlimited.maxWorkerNodes).toBeNull();
  });

  it("rejects slugs that are not Kubernetes names", async () => {
    await expect(
      upsertTeam(db(), { slug: "Team_A", displayName: "A", namespace: "team-a" }),
    ).rejects.toThrow();
  });

  it("hides archived teams", async () => {
    await seedDemoTeams(db());
    await upsertTeam(db(), {
      slug: "team-b",
      displayName: "Team B",
      namespace: "team-b",
      archivedAt: new Date(),
    });
    expect(await getTeamBySlug(db(), "team-b")).toBeUndefined();
    expect((await getTeamBySlug(db(), "team-a"))?.namespace).toBe("team-a");
    expect((await listTeams(db())).map((t) => t.slug)).toEqual(["team-a"]);
    expect((await listTeams(db(), { includeArchived: true })).map((t) => t.slug)).toEqual([
      "team-a",
      "team-b",
    ]);
  });

  it("records a group's role in one list only, and none after removal", async () => {
    await seedDemoTeams(db());
    const team = await getTeamBySlug(db(), "team-a");
    if (!team) throw new Error("no team-a");
    const lists = async () => {
      const t = await getTeamBySlug(db(), "team-a");
      return { admin: t?.adminGroups, member: t?.memberGroups, viewer: t?.viewerGroups };
    };
    await setTeamGroupRole(db(), team.id, "ops", "viewer");
    expect(await lists()).toEqual({
      admin: ["team-a-admins"],
      member: ["team-a"],
      viewer: ["team-a-viewers", "ops"],
    });
    await setTeamGroupRole(db(), team.id, "ops", "viewer");
    expect((await lists()).viewer).toEqual(["team-a-viewers", "ops"]);
    await setTeamGroupRole(db(), team.id, "ops", "admin");
    expect(await lists()).toEqual({
      admin: ["team-a-admins", "ops"],
      member: ["team-a"],
      viewer: ["team-a-viewers"],
    });
    await setTeamGroupRole(db(), team.id, "team-a", null);
    await setTeamGroupRole(db(), team.id, "ops", null);
    expect(await lists()).toEqual({ admin: ["team-a-admins"], member: [], viewer: ["team-a-viewers"] });
  });
});

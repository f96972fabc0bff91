import { describe, expect, it } from "vitest";
import { seedDemoTeams } from "../seed.ts";
import { backends, useMigratedDb } from "../test-backends.ts";
import { getTeamBySlug, listTeams, teamsForGroups, upsertTeam } from "./teams.ts";

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
    expect(await teamsForGroups(db(), ["team-b-admins"])).toEqual([]);
  });

  it("gives each team the strongest role among the user's groups", async () => {
    await seedDemoTeams(db());
    await upsertTeam(db(), {
      slug: "shared",
      displayName: "Shared",
      namespace: "shared",
      adminGroups: ["ops"],
      memberGroups: ["team-a", "ops"],
      viewerGroups: ["team-a", "team-b", "ops"],
    });
    const roles = async (groups: string[]) =>
      Object.fromEntries((await teamsForGroups(db(), groups)).map((t) => [t.slug, t.role]));

    expect(await roles([])).toEqual({});
    expect(await roles(["nobody"])).toEqual({});
    expect(await roles(["team-a-viewers"])).toEqual({ "team-a": "viewer" });
    expect(await roles(["team-a-viewers", "team-a"])).toEqual({ "team-a": "member", shared: "member" });
    expect(await roles(["team-a", "team-a-admins", "team-b-viewers"])).toEqual({
      "team-a": "admin",
      "team-b": "viewer",
      shared: "member",
    });
    expect(await roles(["team-b", "ops"])).toEqual({ "team-b": "member", shared: "admin" });
    const [membership] = await teamsForGroups(db(), ["team-b-admins"]);
    expect(membership).toEqual({
      id: expect.any(String),
      slug: "team-b",
      displayName: "Team B",
      namespace: "team-b",
      maxWorkerNodes: 10,
      role: "admin",
    });
  });
});

import { describe, expect, it } from "vitest";
import { archiveTeamInput, createTeamInput, teamSlug } from "./admin.ts";

describe("admin input", () => {
  it("takes groups as one line, deduplicated and sorted, and empty quotas as no limit", () => {
    const v = createTeamInput.parse({
      slug: "team-c",
      displayName: " Team C ",
      adminGroups: "team-b-admins, ops  team-b-admins",
      memberGroups: "",
      viewerGroups: "",
      maxClusters: "1",
      maxWorkerNodes: "",
    });
    expect(v).toMatchObject({
      displayName: "Team C",
      adminGroups: ["ops", "team-b-admins"],
      memberGroups: [],
    });
    expect(v.maxClusters).toBe(1);
    expect(v.maxWorkerNodes).toBeNull();
  });

  it("refuses reserved and malformed slugs, bad groups and negative quotas", () => {
    for (const s of ["kube-system", "default", "Team-C", "-x", "a"])
      expect(teamSlug.safeParse(s).success).toBe(false);
    const base = { slug: "team-c", displayName: "C", adminGroups: "", memberGroups: "", viewerGroups: "" };
    expect(
      createTeamInput.safeParse({ ...base, adminGroups: "<script>", maxClusters: "1", maxWorkerNodes: "" })
        .success,
    ).toBe(false);
    expect(createTeamInput.safeParse({ ...base, maxClusters: "-1", maxWorkerNodes: "" }).success).toBe(false);
  });

  it("archives only after the slug is typed", () => {
    expect(archiveTeamInput.safeParse({ team: "team-c", confirm: "team-" }).success).toBe(false);
    expect(archiveTeamInput.safeParse({ team: "team-c", confirm: "team-c" }).success).toBe(true);
  });
});

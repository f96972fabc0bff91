import { describe, expect, it } from "vitest";
import { backends, useMigratedDb } from "../../tests/integration/support/db-backends.ts";
import { listPresets, upsertPreset } from "./presets.ts";
import { upsertTeam } from "./teams.ts";

describe.each(backends)("cluster presets on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("saves per team by name, replaces on the same name, and keeps teams apart", async () => {
    const a = await upsertTeam(db(), { slug: "pa", displayName: "A", namespace: "pa" });
    const b = await upsertTeam(db(), { slug: "pb", displayName: "B", namespace: "pb" });
    await upsertPreset(db(), {
      teamId: a.id,
      name: "small",
      values: { controlPlaneReplicas: 1 },
      createdBy: "oidc:alice",
    });
    await upsertPreset(db(), {
      teamId: a.id,
      name: "small",
      values: { controlPlaneReplicas: 3 },
      createdBy: "oidc:bob",
    });
    await upsertPreset(db(), {
      teamId: b.id,
      name: "small",
      values: { controlPlaneReplicas: 5 },
      createdBy: "oidc:carol",
    });
    expect((await listPresets(db(), a.id)).map((p) => [p.name, p.values, p.createdBy])).toEqual([
      ["small", { controlPlaneReplicas: 3 }, "oidc:bob"],
    ]);
    expect((await listPresets(db(), b.id)).map((p) => p.values)).toEqual([{ controlPlaneReplicas: 5 }]);
  });
});

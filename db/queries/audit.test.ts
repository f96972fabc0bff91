import { describe, expect, it } from "vitest";
import { backends, useMigratedDb } from "../../tests/integration/support/db-backends.ts";
import type { AuditOutcome } from "../schema.ts";
import { InvalidAuditCursorError, insertAuditEvent, listAuditEvents } from "./audit.ts";

describe.each(backends)("audit events on $name", (backend) => {
  const db = useMigratedDb(backend);

  /** 25 team-a events where many share a timestamp, so paging must break ties by id. */
  async function seedEvents() {
    const base = Date.UTC(2026, 0, 1, 12);
    const outcomes: AuditOutcome[] = ["allowed", "refused", "failed"];
    for (let i = 0; i < 25; i++) {
      await insertAuditEvent(db(), {
        at: new Date(base + Math.floor(i / 4) * 1000),
        actor: i % 2 === 0 ? "oidc:alice" : "oidc:bob",
        teamSlug: "team-a",
        action: i % 5 === 0 ? "cluster.delete" : "cluster.create",
        targetKind: "Cluster",
        targetName: `c${i}`,
        outcome: outcomes[i % 3] ?? "allowed",
        details: { replicas: i },
      });
    }
    await insertAuditEvent(db(), {
      actor: "oidc:bob",
      teamSlug: "team-b",
      action: "cluster.create",
      targetKind: "Cluster",
      outcome: "allowed",
    });
    await insertAuditEvent(db(), {
      actor: "oidc:root",
      teamSlug: null,
      action: "team.create",
      targetKind: "Team",
      outcome: "allowed",
    });
  }

  async function readAll(filter: Omit<Parameters<typeof listAuditEvents>[1], "cursor">) {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await listAuditEvents(db(), { ...filter, cursor });
      pages.push(page.events.map((e) => e.targetName ?? ""));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return pages;
  }

  it("pages newest first by (at, id) without gaps or repeats", async () => {
    await seedEvents();
    const pages = await readAll({ scope: { kind: "team", team: "team-a" }, limit: 7 });
    expect(pages.map((p) => p.length)).toEqual([7, 7, 7, 4]);
    const expected = Array.from({ length: 25 }, (_, i) => i)
      .sort((x, y) => Math.floor(y / 4) - Math.floor(x / 4) || y - x)
      .map((i) => `c${i}`);
    expect(pages.flat()).toEqual(expected);
  });

  it("keeps paging stable while new events arrive", async () => {
    await seedEvents();
    const first = await listAuditEvents(db(), { scope: { kind: "team", team: "team-a" }, limit: 10 });
    await insertAuditEvent(db(), {
      actor: "oidc:alice",
      teamSlug: "team-a",
      action: "cluster.scale",
      targetKind: "Cluster",
      targetName: "new",
      outcome: "allowed",
    });
    const second = await listAuditEvents(db(), {
      scope: { kind: "team", team: "team-a" },
      limit: 10,
      cursor: first.nextCursor ?? "",
    });
    expect(second.events.map((e) => e.targetName)).not.toContain("new");
    expect(second.events[0]?.targetName).toBe("c14");
  });

  it("filters by team, platform, actor, action and outcome", async () => {
    await seedEvents();
    const names = async (filter: Omit<Parameters<typeof listAuditEvents>[1], "limit">) =>
      (await listAuditEvents(db(), { ...filter, limit: 100 })).events.map((e) => e.targetName);

    expect((await names({ scope: { kind: "team", team: "team-b" } })).length).toBe(1);
    const platform = await listAuditEvents(db(), { scope: { kind: "platform" }, limit: 10 });
    expect(platform.events).toEqual([
      expect.objectContaining({ actor: "oidc:root", teamSlug: null, action: "team.create" }),
    ]);
    expect(await names({ scope: { kind: "team", team: "team-a" }, action: "cluster.delete" })).toEqual([
      "c20",
      "c15",
      "c10",
      "c5",
      "c0",
    ]);
    expect(
      await names({ scope: { kind: "team", team: "team-a" }, person: ["oidc:bob"], outcome: "refused" }),
    ).toEqual(["c19", "c13", "c7", "c1"]);
    const filteredPages = await readAll({
      scope: { kind: "team", team: "team-a" },
      person: ["oidc:alice"],
      limit: 5,
    });
    expect(filteredPages.flat()).toHaveLength(13);
    expect(filteredPages.flat().every((n) => Number(n.slice(1)) % 2 === 0)).toBe(true);
  });

  it("returns details as JSON and rejects forged cursors", async () => {
    await seedEvents();
    const [event] = (
      await listAuditEvents(db(), {
        scope: { kind: "team", team: "team-a" },
        limit: 1,
        action: "cluster.delete",
      })
    ).events;
    expect(event?.details).toEqual({ replicas: 20 });
    expect(event?.at).toEqual(new Date(Date.UTC(2026, 0, 1, 12, 0, 5)));
    await expect(
      listAuditEvents(db(), { scope: { kind: "team", team: "team-a" }, limit: 5, cursor: "bm9wZQ" }),
    ).rejects.toBeInstanceOf(InvalidAuditCursorError);
  });
});

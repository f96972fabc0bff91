/**
 * The audit log's queries on both real databases: filters, keyset paging over 2,000 rows in both
 * directions, scope (team / platform / all) that a query parameter cannot widen, and the CSV
 * export's escaping of separators and spreadsheet formulas.
 */
import { describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { type AuditFilter, insertAuditEvent, listAuditEvents } from "../../db/queries/audit.ts";
import { type AuditOutcome, auditEvents } from "../../db/schema.ts";
import { AUDIT_CSV_COLUMNS } from "../../lib/audit/csv.ts";
import { auditCsvChunks } from "../../lib/audit/export.ts";
import { auditFilterFor } from "../../lib/audit/filter.ts";
import { parseAuditQuery } from "../../lib/validation/audit.ts";
import { backends, useMigratedDb } from "./support/db-backends.ts";

type Row = {
  id: number;
  at: Date;
  actor: string;
  actorEmail: string | null;
  teamSlug: string | null;
  action: string;
  targetKind: string;
  targetName: string | null;
  outcome: AuditOutcome;
};

const PEOPLE = ["alice", "bob", "carol", "erin"];
const ACTIONS = ["cluster.create", "cluster.scale", "cluster.delete", "preset.save"];
const OUTCOMES: AuditOutcome[] = ["allowed", "refused", "failed"];

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF) into rows of cells. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  if (cell || row.length) throw new Error("CSV does not end with CRLF");
  return rows;
}

describe.each(backends)("audit log on $name", (backend) => {
  const db = useMigratedDb(backend);

  /**
   * 2,000 events: 1,600 of team-a, 300 of team-b, 100 of the platform. Timestamps repeat (five
   * events per millisecond-exact second), so order and paging depend on the id tie-break.
   */
  async function seed2000(): Promise<Row[]> {
    const base = Date.UTC(2026, 5, 1);
    const values = Array.from({ length: 2000 }, (_, i) => {
      const person = PEOPLE[i % 4] ?? "alice";
      const teamSlug = i % 20 === 0 ? null : i % 20 < 4 ? "team-b" : "team-a";
      const isCluster = i % 7 !== 0;
      return {
        // Not monotonic in i: insertion order and time order differ.
        at: new Date(base + Math.floor(((i * 7919) % 2000) / 5) * 1000),
        actor: `oidc:${person}`,
        actorEmail: `${person}@example.test`,
        teamSlug: teamSlug ?? null,
        action: teamSlug === null ? "team.create" : (ACTIONS[i % 4] ?? "cluster.create"),
        targetKind: isCluster ? "Cluster" : "ClusterPreset",
        targetName: `c${i % 10}`,
        outcome: OUTCOMES[i % 3] ?? "allowed",
      };
    });
    const rows: Row[] = [];
    for (let i = 0; i < values.length; i += 500) {
      const batch = values.slice(i, i + 500);
      const conn: Db = db();
      const ids = await conn
        .insert(auditEvents)
        .values(batch)
        .returning({ id: auditEvents.id, at: auditEvents.at });
      ids.forEach((r, j) => {
        const v = batch[j];
        if (v) rows.push({ ...v, id: r.id, at: r.at });
      });
    }
    return rows;
  }

  const newestFirst = (a: Row, b: Row) => b.at.getTime() - a.at.getTime() || b.id - a.id;

  /** Reads every page going older; returns the ids per page and the cursors seen. */
  async function pageOlder(filter: Omit<AuditFilter, "cursor" | "direction">) {
    const pages: number[][] = [];
    const prevCursors: (string | null)[] = [];
    let cursor: string | undefined;
    for (let guard = 0; guard < 1000; guard++) {
      const page = await listAuditEvents(db(), { ...filter, cursor, direction: "older" });
      pages.push(page.events.map((e) => e.id));
      prevCursors.push(page.prevCursor);
      if (!page.nextCursor) return { pages, prevCursors };
      cursor = page.nextCursor;
    }
    throw new Error("paging did not end");
  }

  it("pages 2,000 events newest first without repeats or gaps, forward and back", async () => {
    const rows = await seed2000();
    expect(rows).toHaveLength(2000);
    const teamA = rows.filter((r) => r.teamSlug === "team-a").sort(newestFirst);
    expect(teamA).toHaveLength(1600);

    const { pages, prevCursors } = await pageOlder({ scope: { kind: "team", team: "team-a" }, limit: 37 });
    const ids = pages.flat();
    expect(ids).toEqual(teamA.map((r) => r.id));
    expect(new Set(ids).size).toBe(1600);
    expect(pages.length).toBe(Math.ceil(1600 / 37));
    expect(pages.slice(0, -1).every((p) => p.length === 37)).toBe(true);
    // The first page has nothing newer; every later one does.
    expect(prevCursors[0]).toBeNull();
    expect(prevCursors.slice(1).every((c) => c !== null)).toBe(true);

    // Walking back with prevCursor from the last page gives the same pages in reverse.
    let page = await listAuditEvents(db(), { scope: { kind: "team", team: "team-a" }, limit: 37 });
    const forward: number[][] = [page.events.map((e) => e.id)];
    while (page.nextCursor) {
      page = await listAuditEvents(db(), {
        scope: { kind: "team", team: "team-a" },
        limit: 37,
        cursor: page.nextCursor,
      });
      forward.push(page.events.map((e) => e.id));
    }
    const backward: number[][] = [forward.at(-1) ?? []];
    let cursor = page.prevCursor;
    while (cursor) {
      const p = await listAuditEvents(db(), {
        scope: { kind: "team", team: "team-a" },
        limit: 37,
        cursor,
        direction: "newer",
      });
      backward.unshift(p.events.map((e) => e.id));
      cursor = p.prevCursor;
    }
    // Back-paging aligns to the cursors, so the first page may be shorter; the order is the same.
    expect(backward.flat()).toEqual(teamA.map((r) => r.id));
    expect(backward.slice(1, -1).every((p) => p.length === 37)).toBe(true);
  });

  it("filters by person (user, username or email), cluster, action and outcome, alone and combined", async () => {
    const rows = await seed2000();
    const inTeamA = rows.filter((r) => r.teamSlug === "team-a");
    const ids = async (filter: Omit<AuditFilter, "scope" | "limit">) =>
      (await pageOlder({ scope: { kind: "team", team: "team-a" }, limit: 250, ...filter })).pages.flat();
    const expected = (pred: (r: Row) => boolean) =>
      inTeamA
        .filter(pred)
        .sort(newestFirst)
        .map((r) => r.id);

    const bob = expected((r) => r.actor === "oidc:bob");
    expect(bob.length).toBeGreaterThan(100);
    // As typed into the filter: a Kubernetes user, a username or an email.
    const person = (typed: string) =>
      auditFilterFor({ kind: "all" }, parseAuditQuery(new URLSearchParams({ person: typed })), 1).person;
    expect(await ids({ person: person("oidc:bob") })).toEqual(bob);
    expect(await ids({ person: person("bob") })).toEqual(bob);
    expect(await ids({ person: person("bob@example.test") })).toEqual(bob);
    expect(await ids({ person: person("bo") })).toEqual([]);

    // A cluster filter means events whose target is that Cluster, not presets of the same name.
    const c3 = expected((r) => r.targetKind === "Cluster" && r.targetName === "c3");
    expect(c3.length).toBeGreaterThan(50);
    expect(await ids({ cluster: "c3" })).toEqual(c3);

    expect(await ids({ action: "cluster.scale" })).toEqual(expected((r) => r.action === "cluster.scale"));
    expect(await ids({ outcome: "refused" })).toEqual(expected((r) => r.outcome === "refused"));

    const combined = expected(
      (r) =>
        r.actor === "oidc:alice" &&
        r.targetKind === "Cluster" &&
        r.targetName === "c4" &&
        r.action === "cluster.create" &&
        r.outcome === "failed",
    );
    expect(combined.length).toBeGreaterThan(0);
    expect(
      await ids({ person: person("alice"), cluster: "c4", action: "cluster.create", outcome: "failed" }),
    ).toEqual(combined);
  });

  it("keeps a team's log to its team; only the platform-wide scope sees every team and platform events", async () => {
    const rows = await seed2000();
    const count = async (filter: AuditFilter) =>
      (await pageOlder({ ...filter, limit: 500 })).pages.flat().length;

    // A team member's scope is fixed by authorization; a team parameter cannot widen or move it.
    const memberScope = { kind: "team" as const, team: "team-b" };
    const forged = auditFilterFor(memberScope, parseAuditQuery(new URLSearchParams("team=team-a")), 500);
    expect(forged.scope).toEqual(memberScope);
    const seen = (await pageOlder(forged)).pages.flat();
    const teamB = rows.filter((r) => r.teamSlug === "team-b");
    expect(seen).toHaveLength(teamB.length);
    expect(new Set(seen)).toEqual(new Set(teamB.map((r) => r.id)));

    // The platform-wide scope sees everything, and narrows by team or to platform events.
    const all = { kind: "all" as const };
    expect(await count(auditFilterFor(all, parseAuditQuery(new URLSearchParams()), 500))).toBe(2000);
    expect(await count(auditFilterFor(all, parseAuditQuery(new URLSearchParams("team=team-a")), 500))).toBe(
      1600,
    );
    const platform = auditFilterFor(all, parseAuditQuery(new URLSearchParams("team=-")), 500);
    const platformRows = (await listAuditEvents(db(), platform)).events;
    expect(platformRows).toHaveLength(100);
    expect(platformRows.every((e) => e.teamSlug === null && e.action === "team.create")).toBe(true);
    expect(await count({ scope: { kind: "platform" }, limit: 500 })).toBe(100);
  });

  it("exports CSV with separators, quotes, newlines and formula prefixes made safe", async () => {
    const names = [
      "plain",
      "a,b",
      'say "hi"',
      "line1\nline2",
      '=HYPERLINK("http://x")',
      "+1+1",
      "-2",
      "@SUM(A1)",
      " padded ",
    ];
    for (const [i, name] of names.entries()) {
      await insertAuditEvent(db(), {
        at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
        actor: "oidc:alice",
        actorEmail: i === 4 ? "=evil@example.test" : "alice@example.test",
        teamSlug: "team-a",
        action: "cluster.create",
        targetKind: "Cluster",
        targetName: name,
        outcome: "refused",
        details: { reason: `quota, "full"\nsee ${name}` },
      });
    }
    await insertAuditEvent(db(), {
      actor: "oidc:bob",
      teamSlug: "team-b",
      action: "cluster.create",
      targetKind: "Cluster",
      targetName: "not-mine",
      outcome: "allowed",
    });

    let text = "";
    for await (const chunk of auditCsvChunks(db(), { scope: { kind: "team", team: "team-a" } }))
      text += chunk;
    const [header, ...lines] = parseCsv(text);
    expect(header).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(lines).toHaveLength(names.length);
    const col = (name: (typeof AUDIT_CSV_COLUMNS)[number]) => AUDIT_CSV_COLUMNS.indexOf(name);
    // Newest first; every line has every column.
    expect(lines.every((l) => l.length === AUDIT_CSV_COLUMNS.length)).toBe(true);
    const targets = lines.map((l) => l[col("target_name")]).reverse();
    expect(targets).toEqual([
      "plain",
      "a,b",
      'say "hi"',
      "line1\nline2",
      '\'=HYPERLINK("http://x")',
      "'+1+1",
      "'-2",
      "'@SUM(A1)",
      " padded ",
    ]);
    expect(lines.map((l) => l[col("actor_email")])).toContain("'=evil@example.test");
    expect(lines.every((l) => l[col("team")] === "team-a" && l[col("outcome")] === "refused")).toBe(true);
    expect(JSON.parse(lines.at(-1)?.[col("details")] ?? "")).toEqual({ reason: 'quota, "full"\nsee plain' });
    // No cell of the file starts a formula unescaped.
    expect(lines.flat().some((cell) => /^[=+\-@]/.test(cell))).toBe(false);

    // The export stops at its row cap and keeps the same filters as the page.
    let capped = "";
    for await (const chunk of auditCsvChunks(db(), { scope: { kind: "team", team: "team-a" } }, 3))
      capped += chunk;
    expect(parseCsv(capped)).toHaveLength(1 + 3);
    let filtered = "";
    const bob = auditFilterFor({ kind: "all" }, parseAuditQuery(new URLSearchParams("person=bob")), 1).person;
    for await (const chunk of auditCsvChunks(db(), { scope: { kind: "all" }, person: bob }))
      filtered += chunk;
    expect(
      parseCsv(filtered)
        .slice(1)
        .map((l) => l[col("target_name")]),
    ).toEqual(["not-mine"]);
  });
});

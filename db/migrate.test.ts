import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BackendHandle, backends } from "../tests/integration/support/db-backends.ts";
import type { DbConnection } from "./client.ts";
import { migrate } from "./migrate.ts";
import { listTeams, upsertTeam } from "./queries/teams.ts";

/** How many migrations the repository ships (drizzle-kit's journal). */
const shippedMigrations = (
  JSON.parse(readFileSync(join(import.meta.dirname, "migrations", "meta", "_journal.json"), "utf8")) as {
    entries: unknown[];
  }
).entries.length;

async function appliedMigrations(conn: DbConnection): Promise<number> {
  const rows = await conn.execute<{ n: number }>(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return Number(rows.rows[0]?.n);
}

async function advisoryLocksHeld(conn: DbConnection): Promise<number> {
  const rows = await conn.execute<{ n: number }>(
    sql`select count(*)::int as n from pg_locks where locktype = 'advisory' and granted`,
  );
  return Number(rows.rows[0]?.n);
}

describe.each(backends)("migrate on $name", (backend) => {
  let handle: BackendHandle;
  beforeAll(async () => {
    handle = await backend.start();
  });
  afterAll(async () => {
    await handle?.stop();
  });

  it("creates the schema, and a second run is a no-op that keeps data", async () => {
    const conn = (await handle.createDatabase())();
    await migrate(conn);
    await upsertTeam(conn, { slug: "team-x", displayName: "X", namespace: "team-x" });

    await migrate(conn);

    expect(await appliedMigrations(conn)).toBe(shippedMigrations);
    expect((await listTeams(conn)).map((t) => t.slug)).toEqual(["team-x"]);
    expect(await advisoryLocksHeld(conn)).toBe(0);
  });

  it("serializes concurrent calls on one connection", async () => {
    const conn = (await handle.createDatabase())();
    await Promise.all([migrate(conn), migrate(conn), migrate(conn)]);
    expect(await appliedMigrations(conn)).toBe(shippedMigrations);
  });

  // Only PostgreSQL has replicas with separate connections; PGlite is one connection by design,
  // so the case is defined for PostgreSQL only rather than reported as skipped for PGlite.
  if (backend.name === "postgresql") {
    it("lets concurrent migrations from separate pools (replicas) all succeed, applying once", async () => {
      const open = await handle.createDatabase();
      const replicas = [open(), open(), open()];
      await Promise.all(replicas.map((conn) => migrate(conn)));
      const [first] = replicas;
      if (!first) throw new Error("unreachable");
      expect(await appliedMigrations(first)).toBe(shippedMigrations);
      expect(await advisoryLocksHeld(first)).toBe(0);
    });
  }
});

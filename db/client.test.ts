import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeDb, defaultDbOptions, getDb } from "./client.ts";
import { ensureMigrated, migrate } from "./migrate.ts";
import { listTeams } from "./queries/teams.ts";

describe("process-wide database", () => {
  const saved = { ...process.env };
  afterEach(async () => {
    await closeDb();
    process.env = { ...saved };
  });

  it("chooses PostgreSQL from DATABASE_URL, else PGlite in PGLITE_DIR or ./.data/pglite", () => {
    expect(defaultDbOptions({ DATABASE_URL: "postgres://h/db" })).toEqual({
      driver: "pg",
      url: "postgres://h/db",
    });
    expect(defaultDbOptions({ PGLITE_DIR: "/x" })).toEqual({ driver: "pglite", dataDir: "/x" });
    expect(defaultDbOptions({})).toEqual({
      driver: "pglite",
      dataDir: path.join(process.cwd(), ".data", "pglite"),
    });
  });

  it("opens one database per process and migrates it once", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kaas-getdb-"));
    try {
      delete process.env.DATABASE_URL;
      process.env.PGLITE_DIR = dir;
      expect(getDb()).toBe(getDb());
      const first = ensureMigrated();
      expect(ensureMigrated()).toBe(first);
      await first;
      expect(await listTeams(getDb())).toEqual([]);
      await closeDb();
      // Reopening the same directory after close finds the migrated schema.
      expect(getDb().driver).toBe("pglite");
      expect(await listTeams(getDb())).toEqual([]);
    } finally {
      await closeDb();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses getDb() inside a PGlite transaction instead of hanging the process", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "kaas-getdb-tx-"));
    try {
      delete process.env.DATABASE_URL;
      process.env.PGLITE_DIR = dir;
      await migrate(getDb());
      const inside = getDb().transaction(async (tx) => {
        await listTeams(tx);
        return listTeams(getDb());
      });
      await expect(inside).rejects.toThrow(/would deadlock/);
      // Outside the transaction it works, and the connection is free again.
      expect(await listTeams(getDb())).toEqual([]);
    } finally {
      await closeDb();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

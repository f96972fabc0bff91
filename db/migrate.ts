import path from "node:path";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { type DbConnection, getDb } from "./client.ts";
import * as schema from "./schema.ts";

/** Advisory lock key shared by every console process migrating the same database ("kaas" in ASCII). */
export const MIGRATION_LOCK_KEY = 0x6b616173;

export type MigrateOptions = {
  /**
   * Where the drizzle-kit output lives. Defaults to `<cwd>/db/migrations`: resolved from the
   * working directory, not `import.meta.url`, because under Next this module runs from a bundle in `.next/`.
   */
  migrationsFolder?: string;
};

// drizzle's migrator reads the last applied migration before its transaction, so two unserialized
// runs would both apply it. PGlite is one session, where an advisory lock is re-entrant and thus
// no guard against a second call in the same process: serialize those here.
const pgliteQueue = new WeakMap<DbConnection, Promise<unknown>>();

/**
 * Applies pending migrations from `db/migrations`, holding `pg_advisory_lock(MIGRATION_LOCK_KEY)`
 * on one connection throughout, so concurrent starts of several replicas apply each migration once.
 * Applying nothing is a no-op. Call at start-up, never at build time.
 */
export async function migrate(conn: DbConnection, opts: MigrateOptions = {}): Promise<void> {
  const migrationsFolder = opts.migrationsFolder ?? path.join(process.cwd(), "db", "migrations");

  if (conn.driver === "pglite") {
    const run = async () => {
      await conn.execute(sql`select pg_advisory_lock(${sql.raw(String(MIGRATION_LOCK_KEY))})`);
      try {
        await migratePglite(conn, { migrationsFolder });
      } finally {
        await conn.execute(sql`select pg_advisory_unlock(${sql.raw(String(MIGRATION_LOCK_KEY))})`);
      }
    };
    const next = (pgliteQueue.get(conn) ?? Promise.resolve()).catch(() => {}).then(run);
    pgliteQueue.set(conn, next);
    return next;
  }

  // A session-level advisory lock belongs to one backend connection, so the lock, the migration
  // and the unlock all go through this one checked-out client rather than the pool.
  const client = await conn.$client.connect();
  let broken: Error | undefined;
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_KEY]);
    try {
      await migratePg(drizzlePg({ client, schema }), { migrationsFolder });
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_KEY]);
    }
  } catch (err) {
    // The connection may still hold the lock (e.g. unlock failed): destroy it rather than pool it.
    broken = err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.release(broken);
  }
}

const MIGRATED_KEY = Symbol.for("kaas-console.db.migrated");
const store = globalThis as { [MIGRATED_KEY]?: Promise<void> };

/**
 * Migrates the process-wide database ({@link getDb}) once per process; later calls share the
 * result. A failure is not memoized, so a later call retries. Called from `instrumentation.ts`.
 */
export function ensureMigrated(): Promise<void> {
  store[MIGRATED_KEY] ??= migrate(getDb()).catch((err: unknown) => {
    delete store[MIGRATED_KEY];
    throw err;
  });
  return store[MIGRATED_KEY];
}

import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema.ts";

/**
 * What query functions accept: a database of either driver, or a transaction opened on one.
 *
 * It is drizzle's driver-neutral base class with the base result type. `NodePgDatabase`,
 * `PgliteDatabase` and every `PgTransaction` extend it, so `(db: Db, …)` takes all of them; the
 * price is that driver-specific extras (`$client`, raw `execute` result shapes) are not visible.
 */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A database together with the client it owns: what {@link createDb} and {@link getDb} return. */
export type DbConnection =
  | (ReturnType<typeof drizzlePg<typeof schema, pg.Pool>> & { readonly driver: "pg" })
  | (ReturnType<typeof drizzlePglite<typeof schema, PGlite>> & { readonly driver: "pglite" });

export type CreateDbOptions =
  | { driver: "pg"; url: string /** Pool size; defaults to pg's 10. */; max?: number }
  | { driver: "pglite" /** Omit for an in-memory database. */; dataDir?: string };

/** Opens a new database and its client. Callers own it and close it with {@link closeDb}. */
export function createDb(opts: CreateDbOptions): DbConnection {
  if (opts.driver === "pg") {
    const pool = new pg.Pool({ connectionString: opts.url, max: opts.max });
    // An idle client losing its server would otherwise emit an unhandled 'error' and crash the process.
    pool.on("error", (err) => console.error("postgres pool: idle client error:", err.message));
    return Object.assign(drizzlePg({ client: pool, schema }), { driver: "pg" as const });
  }
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  const client = new PGlite(opts.dataDir);
  const db = drizzlePglite({ client, schema });
  // Mark the code running inside a transaction, so getDb() there fails instead of deadlocking.
  const transaction = db.transaction.bind(db);
  db.transaction = ((fn, config) =>
    transaction((tx) => inPgliteTransaction.run(true, () => fn(tx)), config)) as typeof db.transaction;
  return Object.assign(db, { driver: "pglite" as const });
}

/** The options {@link getDb} uses: PostgreSQL when `DATABASE_URL` is set, else PGlite on disk. */
export function defaultDbOptions(env: Record<string, string | undefined> = process.env): CreateDbOptions {
  if (env.DATABASE_URL) return { driver: "pg", url: env.DATABASE_URL };
  return { driver: "pglite", dataDir: env.PGLITE_DIR || path.join(process.cwd(), ".data", "pglite") };
}

// On globalThis, not in module scope: Next's dev server re-evaluates modules on every edit, and a
// PGlite directory may be opened by one instance only.
const GLOBAL_KEY = Symbol.for("kaas-console.db");
const store = globalThis as { [GLOBAL_KEY]?: DbConnection };

const inPgliteTransaction = new AsyncLocalStorage<true>();

/**
 * The process-wide database, opened on first use from {@link defaultDbOptions}.
 *
 * Inside a transaction, use its `tx`: PGlite has a single connection, so a query on the database
 * while one of its transactions is open would wait for that transaction, which waits for the
 * query — every request of the process would hang. On PGlite that call throws instead.
 */
export function getDb(): DbConnection {
  store[GLOBAL_KEY] ??= createDb(defaultDbOptions());
  const db = store[GLOBAL_KEY];
  if (db.driver === "pglite" && inPgliteTransaction.getStore())
    throw new Error(
      "getDb() inside a PGlite transaction would deadlock: use the transaction, or read before it",
    );
  return db;
}

/** The process-wide database if something opened it, without opening it (for pool metrics). */
export function openedDb(): DbConnection | undefined {
  return store[GLOBAL_KEY];
}

/**
 * Closes a connection's client. Without an argument, closes the process-wide database so the
 * next {@link getDb} opens a fresh one.
 */
export async function closeDb(conn?: DbConnection): Promise<void> {
  const target = conn ?? store[GLOBAL_KEY];
  if (!target) return;
  if (target === store[GLOBAL_KEY]) delete store[GLOBAL_KEY];
  if (target.driver === "pg") await target.$client.end();
  else await target.$client.close();
}

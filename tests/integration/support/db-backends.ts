// Integration test support: the two real databases every db test runs against. Not a test file itself.
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { closeDb, createDb, type DbConnection } from "../../../db/client.ts";
import { migrate } from "../../../db/migrate.ts";
import { startPostgres } from "../../../dev/postgres.ts";

export type BackendHandle = {
  /** Creates a new, empty database and returns a function opening connections to it. */
  createDatabase(): Promise<() => DbConnection>;
  /** Closes every connection opened here and removes the databases. */
  stop(): Promise<void>;
};

export type TestBackend = { name: "pglite" | "postgresql"; start(): Promise<BackendHandle> };

function tracker() {
  const open: DbConnection[] = [];
  return {
    track(conn: DbConnection) {
      open.push(conn);
      return conn;
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((conn) => closeDb(conn)));
    },
  };
}

const pglite: TestBackend = {
  name: "pglite",
  async start() {
    const root = await mkdtemp(path.join(tmpdir(), "kaas-pglite-"));
    const conns = tracker();
    let n = 0;
    return {
      async createDatabase() {
        const dataDir = path.join(root, `db${n++}`);
        // A PGlite directory belongs to one instance, so every open() of it shares that instance.
        const conn = conns.track(createDb({ driver: "pglite", dataDir }));
        return () => conn;
      },
      async stop() {
        await conns.closeAll();
        await rm(root, { recursive: true, force: true });
      },
    };
  },
};

const postgresql: TestBackend = {
  name: "postgresql",
  async start() {
    // Port 0: test files run in parallel, each with its own server.
    const server = await startPostgres({ port: 0 });
    const conns = tracker();
    const admin = conns.track(createDb({ driver: "pg", url: server.url, max: 1 }));
    return {
      async createDatabase() {
        const name = `t_${randomBytes(6).toString("hex")}`;
        await admin.execute(sql.raw(`create database ${name}`));
        const url = server.url.replace(/\/kaas$/, `/${name}`);
        return () => conns.track(createDb({ driver: "pg", url }));
      },
      async stop() {
        await conns.closeAll();
        await server.stop();
      },
    };
  },
};

export const backends: TestBackend[] = [pglite, postgresql];

/**
 * Registers hooks that start `backend`, migrate one database on it, and empty its tables before
 * each test. Returns an accessor for the connection, valid inside tests.
 */
export function useMigratedDb(backend: TestBackend): () => DbConnection {
  let handle: BackendHandle | undefined;
  let conn: DbConnection | undefined;
  beforeAll(async () => {
    handle = await backend.start();
    conn = (await handle.createDatabase())();
    await migrate(conn);
  });
  afterAll(async () => {
    await handle?.stop();
  });
  beforeEach(async () => {
    await conn?.execute(
      sql`truncate teams, registry_connections, cluster_presets, team_offered_classes, auth_sessions, audit_events, api_tokens, idempotency_keys restart identity`,
    );
  });
  return () => {
    if (!conn) throw new Error("database not started: use inside a test");
    return conn;
  };
}

/**
 * SIGTERM to the standalone server (what Kubernetes sends a pod it stops): an open live stream is
 * told to reconnect before it ends, the server stops listening, and the process exits 0 well
 * within its grace period after releasing the hub and the database pool.
 */
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DbConnection } from "@/db/client.ts";
import { closeDb } from "@/db/client.ts";
import { type RunningPostgres, startPostgres } from "@/dev/postgres.ts";
import { StreamReader } from "./support/sse-reader.ts";
import { openDatabase, type Standalone, sessionCookie, startStandalone } from "./support/standalone.ts";

let pg: RunningPostgres;
let console_: Standalone;
let db: DbConnection;

beforeAll(async () => {
  // Up to 600 s: includes `next build` when the standalone folder is older than the sources.
  pg = await startPostgres({ port: 0 });
  console_ = await startStandalone({
    port: 3391,
    env: { DATABASE_URL: pg.url, KAAS_SHUTDOWN_GRACE: "15" },
  });
  db = openDatabase(pg.url);
}, 600_000);

afterAll(async () => {
  await console_?.stop();
  if (db) await closeDb(db);
  await pg?.stop();
});

test("SIGTERM sends open streams a reconnect event, then the process exits 0 within the grace period", async () => {
  const cookie = await sessionCookie(db, "bob", ["team-a"]);
  const res = await fetch(`${console_.url}/api/stream?kinds=clusters&namespaces=team-a`, {
    headers: { cookie, accept: "text/event-stream" },
  });
  expect(res.status).toBe(200);
  if (!res.body) throw new Error("no stream body");
  const stream = new StreamReader(res.body);
  // A cold hub learns the team namespaces after the first check: the snapshot may follow `ready`.
  await stream.waitFor("team-a's snapshot", () =>
    stream.events("snapshot").some((s) => s.namespace === "team-a"),
  );

  const signalled = performance.now();
  console_.child.kill("SIGTERM");
  await stream.waitFor("the end of the stream", () => stream.done);
  const code = await console_.exited;
  const exitMs = Math.round(performance.now() - signalled);

  // The last event before the stream ended tells the browser to go elsewhere now.
  const frames = stream.text.trim().split("\n\n");
  expect(frames.at(-1)).toBe('event: reconnect\ndata: {"reason":"shutdown"}');
  // 0, not 1: drained rather than cut off when the grace period ran out.
  expect(code).toBe(0);
  const log = console_.output();
  expect(log).toContain('"event":"shutdown.drained"');
  expect(log).toContain('"liveStreamsMoved":1');
  expect(log).toContain('"event":"shutdown.done"');
  expect(log).not.toContain("shutdown.forced");
  // Nothing listens any more.
  await expect(fetch(`${console_.url}/api/healthz`)).rejects.toThrow();
  console.log(`graceful shutdown: SIGTERM to exit 0 in ${exitMs} ms, one stream told to reconnect`);
  console.log(
    log
      .split("\n")
      .filter((l) => l.includes("shutdown."))
      .join("\n"),
  );
});

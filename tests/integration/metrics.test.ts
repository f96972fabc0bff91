/**
 * /api/metrics on the standalone server: closed without the bearer token, and its figures follow
 * what the console does (a live stream opened, the hub filled, server actions answered, requests
 * timed by route, the PostgreSQL pool in use).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { DbConnection } from "@/db/client.ts";
import { closeDb } from "@/db/client.ts";
import { standaloneDir } from "@/dev/build-standalone.ts";
import { type RunningPostgres, startPostgres } from "@/dev/postgres.ts";
import { StreamReader } from "./support/sse-reader.ts";
import { openDatabase, type Standalone, sessionCookie, startStandalone } from "./support/standalone.ts";

const TOKEN = "metrics-test-token-0123456789";
let pg: RunningPostgres;
let server: Standalone;
let db: DbConnection;

beforeAll(async () => {
  // Up to 600 s: includes `next build` when the standalone folder is older than the sources.
  pg = await startPostgres({ port: 0 });
  server = await startStandalone({
    port: 3392,
    env: { DATABASE_URL: pg.url, KAAS_METRICS_TOKEN: TOKEN, KAAS_SEED_DEMO_TEAMS: "1" },
  });
  db = openDatabase(pg.url);
}, 600_000);

afterAll(async () => {
  await server?.stop();
  if (db) await closeDb(db);
  await pg?.stop();
});

async function scrape(): Promise<string> {
  const res = await fetch(`${server.url}/api/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("text/plain");
  return res.text();
}

/** The value of one series, `name{labels}` exactly as exposed, or undefined when absent. */
function value(text: string, series: string): number | undefined {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Calls a server action the way the browser does (Next-Action header, the arguments as JSON). */
async function callAction(exportedName: string, page: string, arg: unknown, cookie?: string): Promise<void> {
  const manifest = JSON.parse(
    readFileSync(join(standaloneDir, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName: string }> };
  const id = Object.entries(manifest.node).find(([, v]) => v.exportedName === exportedName)?.[0];
  if (!id) throw new Error(`no server action ${exportedName} in the build`);
  const res = await fetch(`${server.url}${page}`, {
    method: "POST",
    headers: {
      "next-action": id,
      origin: server.url,
      "content-type": "text/plain;charset=UTF-8",
      accept: "text/x-component",
      ...(cookie ? { cookie } : {}),
    },
    body: JSON.stringify([arg]),
  });
  await res.text();
}

test("without the bearer token the metrics stay closed", async () => {
  expect((await fetch(`${server.url}/api/metrics`)).status).toBe(401);
  const wrong = await fetch(`${server.url}/api/metrics`, { headers: { authorization: "Bearer nope" } });
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get("www-authenticate")).toMatch(/^Bearer/);
});

test("streams, hub, actions, requests and the pool show in the figures as the console works", async () => {
  const before = await scrape();
  expect(value(before, "kaas_live_streams_open")).toBe(0);

  const cookie = await sessionCookie(db, "bob", ["team-a"]);
  const res = await fetch(`${server.url}/api/stream?kinds=clusters&namespaces=team-a`, {
    headers: { cookie, accept: "text/event-stream" },
  });
  if (!res.body) throw new Error("no stream body");
  const stream = new StreamReader(res.body);
  await stream.waitFor("team-a's snapshot", () =>
    stream.events("snapshot").some((s) => s.namespace === "team-a"),
  );
  const teamAClusters = stream.events("snapshot").find((s) => s.namespace === "team-a")?.items?.length ?? 0;

  // One answer for a session that is no more, one input the schema turned down.
  await callAction("scaleClusterAction", "/teams/team-a/clusters/x", {}, "authjs.session-token=ended");
  await callAction("scaleClusterAction", "/teams/team-a/clusters/x", { team: 5 }, cookie);
  await fetch(`${server.url}/teams/team-a/clusters/demo`, { headers: { cookie } }).then((r) => r.text());

  const during = await scrape();
  expect(value(during, "kaas_live_streams_open")).toBe(1);
  expect(value(during, 'kaas_hub_synced{kind="clusters"}')).toBe(1);
  expect(value(during, 'kaas_hub_reconnecting{kind="clusters"}')).toBe(0);
  expect(value(during, 'kaas_hub_objects{kind="clusters"}')).toBeGreaterThanOrEqual(teamAClusters);
  expect(value(during, 'kaas_hub_last_list_timestamp_seconds{kind="clusters"}')).toBeGreaterThan(0);
  expect(value(during, 'kaas_access_review_cache_total{result="miss"}')).toBeGreaterThan(0);
  expect(value(during, 'kaas_server_actions_total{action="cluster.scale",outcome="unauthenticated"}')).toBe(
    1,
  );
  expect(value(during, 'kaas_server_actions_total{action="cluster.scale",outcome="invalid"}')).toBe(1);
  expect(
    value(
      during,
      'kaas_http_request_duration_seconds_count{route="/teams/[team]/clusters/[name]",method="GET",status="200"}',
    ),
  ).toBeGreaterThanOrEqual(1);
  expect(value(during, 'kaas_db_pool_connections{state="total"}')).toBeGreaterThan(0);

  stream.cancel();
  // The stream's request is timed once it ends.
  for (;;) {
    const after = await scrape();
    if (value(after, "kaas_live_streams_open") === 0) {
      expect(
        value(
          after,
          'kaas_http_request_duration_seconds_count{route="/api/stream",method="GET",status="aborted"}',
        ) ??
          value(
            after,
            'kaas_http_request_duration_seconds_count{route="/api/stream",method="GET",status="200"}',
          ),
      ).toBe(1);
      console.log(
        after
          .split("\n")
          .filter((l) => /^kaas_(live|hub_objects|hub_synced|server_actions|access|db_pool)/.test(l))
          .join("\n"),
      );
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
});

test("streams whose browser leaves as they open are let go: no stream kept, no slot lost", async () => {
  const cookie = await sessionCookie(db, "erin", ["team-a-viewers"]);
  const openBefore = value(await scrape(), "kaas_live_streams_open");
  // Reloads and tab switches abort a stream at any moment of its start; more than a user's 8 slots.
  for (const delay of [0, 1, 2, 5, 10, 20, 30, 50, 80, 120, 200, 300]) {
    const ac = new AbortController();
    const started = fetch(`${server.url}/api/stream?kinds=clusters&namespaces=team-a`, {
      headers: { cookie },
      signal: ac.signal,
    }).catch(() => null);
    setTimeout(() => ac.abort(), delay);
    await started;
    ac.abort();
  }
  while (value(await scrape(), "kaas_live_streams_open") !== openBefore)
    await new Promise((r) => setTimeout(r, 100));
  // Every slot came back: the next stream is served, not refused with 429.
  const ac = new AbortController();
  const res = await fetch(`${server.url}/api/stream?kinds=clusters&namespaces=team-a`, {
    headers: { cookie },
    signal: ac.signal,
  });
  expect(res.status).toBe(200);
  ac.abort();
});

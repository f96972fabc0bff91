import client from "prom-client";
import { openedDb } from "@/db/client.ts";
import { runningAccessReviewer, runningWatchHub } from "@/lib/k8s/hub/index.ts";
import { onRequestFinished } from "@/lib/server/requests.ts";
import { openLiveStreams } from "@/lib/server/shutdown.ts";
import { RouteNamer } from "./routes.ts";

/**
 * Every metric of the console, registered in one place. prom-client is loaded by Node (not
 * bundled, see next.config.js), so its default registry is one per process; the metrics
 * themselves are made once per process too (instrumentation and the route handlers are separate
 * bundles that each evaluate this module).
 *
 * Figures the console already keeps (the hub's informers, the access reviewer, the pg pool, open
 * live streams) are read when Prometheus scrapes; events (requests, actions, audit rows, registry
 * calls) are counted where they happen through the small functions below.
 */
function createMetrics() {
  const register = client.register;
  client.collectDefaultMetrics({ register });

  const httpDuration = new client.Histogram({
    name: "kaas_http_request_duration_seconds",
    help: "HTTP requests by route (the app's route pattern), method and status; live streams count for as long as they stay open",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 60, 600],
  });
  const actions = new client.Counter({
    name: "kaas_server_actions_total",
    help: "Server actions by action and outcome: ok, refused (told the user why), invalid, unauthenticated, limited, error (unexpected, logged)",
    labelNames: ["action", "outcome"] as const,
  });
  const actionDuration = new client.Histogram({
    name: "kaas_server_action_duration_seconds",
    help: "Server action duration by action, from the session check to the answer",
    labelNames: ["action"] as const,
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  });
  new client.Gauge({
    name: "kaas_live_streams_open",
    help: "Live (SSE) streams open in this process",
    collect() {
      this.set(openLiveStreams());
    },
  });

  const hubStatus = () => runningWatchHub()?.status() ?? {};
  const perKind = (
    name: string,
    help: string,
    value: (row: ReturnType<typeof hubStatus>[string]) => number,
    counter = false,
  ) => {
    const opts = {
      name,
      help,
      labelNames: ["kind"] as const,
    };
    if (counter) {
      new client.Counter({
        ...opts,
        collect() {
          this.reset();
          for (const [kind, row] of Object.entries(hubStatus())) this.inc({ kind }, value(row));
        },
      });
    } else {
      new client.Gauge({
        ...opts,
        collect() {
          this.reset();
          for (const [kind, row] of Object.entries(hubStatus())) this.set({ kind }, value(row));
        },
      });
    }
  };
  perKind("kaas_hub_synced", "1 when the hub's informer of this kind holds a complete list", (r) =>
    r.synced ? 1 : 0,
  );
  perKind(
    "kaas_hub_reconnecting",
    "1 while the informer has lost the API server and serves the last known state",
    (r) => (r.connected ? 0 : 1),
  );
  perKind("kaas_hub_objects", "Objects the informer caches (team namespaces only)", (r) => r.objects);
  perKind("kaas_hub_cached_json_bytes", "Bytes of JSON the informer caches", (r) => r.jsonBytes);
  perKind(
    "kaas_hub_last_list_timestamp_seconds",
    "When the informer last completed a full list (Unix time), 0 before the first",
    (r) => r.lastListedAt / 1000,
  );
  perKind(
    "kaas_hub_relists_total",
    "Full lists after the first (410 Gone, a new team namespace, a CRD appearing)",
    (r) => r.relists,
    true,
  );
  perKind("kaas_hub_list_requests_total", "LIST requests (every page)", (r) => r.listRequests, true);
  perKind("kaas_hub_watch_requests_total", "WATCH requests", (r) => r.watchRequests, true);
  perKind(
    "kaas_hub_dead_watches_total",
    "Watches given up because nothing arrived within twice their timeout",
    (r) => r.deadWatches,
    true,
  );

  new client.Counter({
    name: "kaas_access_review_cache_total",
    help: "Access questions (may this user list this kind here?) by result: hit (answered from the ≤ 30 s cache) or miss (a SubjectAccessReview was sent)",
    labelNames: ["result"] as const,
    collect() {
      const access = runningAccessReviewer();
      this.reset();
      this.inc({ result: "hit" }, access?.hits ?? 0);
      this.inc({ result: "miss" }, access?.misses ?? 0);
    },
  });

  new client.Gauge({
    name: "kaas_db_pool_connections",
    help: "PostgreSQL pool connections by state: total (open), idle, waiting (requests queued for a connection); absent on PGlite",
    labelNames: ["state"] as const,
    collect() {
      this.reset();
      const db = openedDb();
      if (db?.driver !== "pg") return;
      const pool = db.$client;
      this.set({ state: "total" }, pool.totalCount);
      this.set({ state: "idle" }, pool.idleCount);
      this.set({ state: "waiting" }, pool.waitingCount);
    },
  });
  new client.Gauge({
    name: "kaas_db_pool_max",
    help: "Most connections the PostgreSQL pool opens",
    collect() {
      const db = openedDb();
      if (db?.driver === "pg") this.set(db.$client.options.max ?? 10);
    },
  });

  const auditRows = new client.Counter({
    name: "kaas_audit_rows_written_total",
    help: "Audit log writes: attempted (the row, before the change), then its outcome (allowed, refused, failed)",
    labelNames: ["outcome"] as const,
  });
  const registryCalls = new client.Counter({
    name: "kaas_registry_requests_total",
    help: "HTTP requests to registries by outcome: 2xx, 3xx, 4xx, 5xx (status class), unavailable (network error, timeout, or a resolved address the egress policy refuses), refused (a literal address the policy refuses)",
    labelNames: ["outcome"] as const,
  });

  const routes = RouteNamer.fromBuild();
  onRequestFinished((r) => {
    httpDuration.observe(
      { route: routes.name(r.path), method: r.method, status: r.completed ? String(r.status) : "aborted" },
      r.seconds,
    );
  });

  return { register, actions, actionDuration, auditRows, registryCalls };
}

type Metrics = ReturnType<typeof createMetrics>;
const KEY = Symbol.for("kaas-console.metrics");
const g = globalThis as { [KEY]?: Metrics };

/** The process's metrics, registered on first use. */
export function metrics(): Metrics {
  g[KEY] ??= createMetrics();
  return g[KEY];
}

export type ActionOutcome = "ok" | "refused" | "invalid" | "unauthenticated" | "limited" | "error";

/** Counts one server action's answer and times it (`started` from `performance.now()`). */
export function recordAction(action: string, outcome: ActionOutcome, started: number): void {
  const m = metrics();
  m.actions.inc({ action, outcome });
  m.actionDuration.observe({ action }, (performance.now() - started) / 1000);
}

/** Counts one audit row write: its insert (`attempted`) or its outcome. */
export function recordAuditRow(outcome: string): void {
  metrics().auditRows.inc({ outcome });
}

/** Counts one registry HTTP request by its outcome. */
export function recordRegistryCall(outcome: "2xx" | "3xx" | "4xx" | "5xx" | "unavailable" | "refused"): void {
  metrics().registryCalls.inc({ outcome });
}

/** The exposition text and its content type. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  const m = metrics();
  return { body: await m.register.metrics(), contentType: m.register.contentType };
}

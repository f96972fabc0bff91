/**
 * Runs once when the server starts: follows the HTTP server's requests (for metrics and the
 * drain), replaces Next's signal handling with a graceful shutdown, applies database migrations
 * (under an advisory lock, so several replicas may start together) and, in the demo, records the
 * demo teams and their registry connections.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { observeRequests } = await import("./lib/server/requests.ts");
  observeRequests();
  // Registered now, so request timings count from the first request rather than the first scrape.
  const { metrics } = await import("./lib/metrics/index.ts");
  metrics();
  const { installShutdown, shutdownGraceMs } = await import("./lib/server/shutdown.ts");
  const { logger } = await import("./lib/logger.ts");
  installShutdown({
    graceMs: shutdownGraceMs(),
    log: (event, fields) => logger.info({ event, ...fields }),
    release: async () => {
      const { stopWatchHub } = await import("./lib/k8s/hub/index.ts");
      stopWatchHub();
      const { closeDb } = await import("./db/client.ts");
      await closeDb();
    },
  });
  const { checkIdentityPrefixes } = await import("./lib/k8s/identity.ts");
  checkIdentityPrefixes();
  // A bad KAAS_IDENTITY_REFRESH stops the console here rather than at the first request.
  const { freshnessPolicy } = await import("./lib/auth/freshness.ts");
  freshnessPolicy();
  const { ensureMigrated } = await import("./db/migrate.ts");
  await ensureMigrated();
  if (process.env.KAAS_SEED_DEMO_TEAMS === "1") {
    const { getDb } = await import("./db/client.ts");
    const { seedDemoTeams } = await import("./db/seed.ts");
    await seedDemoTeams(getDb());
    // PGlite allows one process, so the demo registry connections are written from here too.
    if (process.env.KAAS_DEMO_REGISTRY_URL) {
      const { seedDemoRegistryConnections } = await import("./lib/registry/connections.ts");
      await seedDemoRegistryConnections(getDb());
    }
  }
}

/**
 * Runs the Playwright suite against a freshly started world: `node dev/e2e.ts [pglite|postgres]`.
 * The console gets its own empty PGlite folder (or a throwaway PostgreSQL) for the run, and runs
 * as the standalone server the image ships (built first when the sources are newer).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuild, LOCAL_METRICS_TOKEN, removeDir, repoRoot, startWorld } from "./world.ts";

const database = process.argv[2] === "postgres" ? "postgres" : "pglite";
const port = Number(process.env.E2E_PORT ?? 3100);
const pgliteDir = join(repoRoot, ".data", `e2e-pglite-${process.pid}`);

ensureBuild((m) => console.log(`[e2e:${database}] ${m}`));
// The identity tests against Keycloak run once, in the PostgreSQL run: their second console shares
// its database with the first (PGlite belongs to one process), and refresh single flight across
// processes rests on the database's row claim.
const KEYCLOAK_REFRESH_S = 5;
const world = await startWorld({
  port,
  database,
  pgliteDir,
  ...(database === "postgres"
    ? { keycloakConsole: { port: port + 4, identityRefreshSeconds: KEYCLOAK_REFRESH_S } }
    : {}),
  log: (m) => console.log(`[e2e:${database}] ${m}`),
});
let code = 1;
try {
  const args = [
    join(repoRoot, "node_modules", "@playwright", "test", "cli.js"),
    "test",
    ...process.argv.slice(3),
  ];
  // Not spawnSync: the IdP and registry run in this process and must keep answering.
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: "inherit",
    env: {
      ...process.env,
      E2E_BASE_URL: world.url,
      E2E_REGISTRY_URL: world.registryUrl,
      E2E_DATABASE: database,
      ...(world.keycloakConsole
        ? {
            E2E_KEYCLOAK_URL: world.keycloakConsole.url,
            E2E_KEYCLOAK_REFRESH: String(KEYCLOAK_REFRESH_S),
            E2E_KEYCLOAK: JSON.stringify({
              url: world.keycloakConsole.keycloak.url,
              realm: world.keycloakConsole.keycloak.realm,
              admin: world.keycloakConsole.keycloak.admin,
            }),
          }
        : {}),
    },
  });
  code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
  // What the console's own figures say after the suite (streams, hub, actions, audit, registry).
  const metrics = await fetch(`${world.url}/api/metrics`, {
    headers: { authorization: `Bearer ${process.env.KAAS_METRICS_TOKEN ?? LOCAL_METRICS_TOKEN}` },
  })
    .then((r) => r.text())
    .catch((e: unknown) => `metrics unavailable: ${(e as Error).message}`);
  console.log(`[e2e:${database}] /api/metrics after the suite (kaas_*, non-zero):`);
  for (const line of metrics.split("\n")) {
    if (
      /^kaas_(live|hub_objects|hub_relists|server_actions_total|audit|registry|access|db_pool)/.test(line) &&
      !line.endsWith(" 0")
    )
      console.log(`  ${line}`);
  }
} finally {
  await world.stop();
  removeDir(pgliteDir);
}
process.exit(code);

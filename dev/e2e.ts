/**
 * Runs the Playwright suite against a freshly started world: `node dev/e2e.ts [pglite|postgres]`.
 * The console gets its own empty PGlite folder (or a throwaway PostgreSQL) for the run, and runs
 * as the standalone server the image ships (built first when the sources are newer).
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { ensureBuild, removeDir, repoRoot, startWorld } from "./world.ts";

const database = process.argv[2] === "postgres" ? "postgres" : "pglite";
const port = Number(process.env.E2E_PORT ?? 3100);
const pgliteDir = join(repoRoot, ".data", `e2e-pglite-${process.pid}`);

ensureBuild((m) => console.log(`[e2e:${database}] ${m}`));
const world = await startWorld({
  port,
  database,
  pgliteDir,
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
    },
  });
  code = await new Promise<number>((resolve) => child.on("exit", (c) => resolve(c ?? 1)));
} finally {
  await world.stop();
  removeDir(pgliteDir);
}
process.exit(code);

import { defineConfig } from "@playwright/test";

/**
 * End-to-end tests in Debian's Chromium (never a downloaded browser) against a running console:
 * `npm test` starts the world (dev/world.ts) and sets E2E_BASE_URL. The `setup` project signs each
 * demo user in once (e2e/auth.setup.ts); the specs reuse those sessions through `asUser`
 * (e2e/fixtures.ts).
 *
 * Specs whose pages do not depend on the database (they show Kubernetes, the registry and the
 * page's own markup; sessions come from the setup project either way) run in the PGlite run only;
 * the PostgreSQL run repeats what the database changes (teams, members, quotas, tokens, the
 * audit log, sessions, limits, registry connections) and runs the Keycloak project. A test of a
 * spec that otherwise repeats is kept to the PGlite run by the `@database-independent` tag.
 */
const DATABASE_INDEPENDENT =
  /(a11y|i18n|keyboard|addons|live|cluster-page|shutdown-reconnect|cli-login|cli-commands)\.spec\.ts$/;
const postgresRun = process.env.E2E_DATABASE === "postgres";

export default defineConfig({
  testDir: "e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    {
      name: "chromium",
      dependencies: ["setup"],
      testIgnore: postgresRun ? [/keycloak\//, DATABASE_INDEPENDENT] : /keycloak\//,
      ...(postgresRun ? { grepInvert: /@database-independent/ } : {}),
    },
    // Identity against a real Keycloak: a second console, started by dev/e2e.ts in the PostgreSQL
    // run only (its sessions live in that database, and single flight across processes needs it).
    ...(process.env.E2E_KEYCLOAK_URL
      ? [
          {
            name: "keycloak",
            testMatch: /keycloak\/.*\.spec\.ts$/,
            use: { baseURL: process.env.E2E_KEYCLOAK_URL },
          },
        ]
      : []),
  ],
  use: {
    baseURL: process.env.E2E_BASE_URL ?? "http://localhost:3100",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});

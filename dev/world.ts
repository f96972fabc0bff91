/**
 * The local world the console runs against in the demo and the end-to-end tests: the management
 * plane, the OIDC provider (the dev IdP, or Keycloak with `idp: "keycloak"` / `KAAS_IDP=keycloak`),
 * the OCI registry, a database (PGlite by default, or a throwaway PostgreSQL) and the console itself
 * as a child process: the standalone server the image ships (`node .next/standalone/server.js`), or
 * `next dev`.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { completeStandalone, standaloneDir } from "./build-standalone.ts";
import { CALLBACK_PATH, DEV_CLIENT, startIdp } from "./idp/idp.ts";
import { KEYCLOAK_CONSOLE_SCOPE, type RunningKeycloak, startKeycloak } from "./keycloak/keycloak.ts";
import { planeDir, down as planeDown, status as planeStatus, up as planeUp } from "./plane/control.ts";
import { seedDemo } from "./plane/seed.ts";
import { startPostgres } from "./postgres.ts";
import { REGISTRY_USERS, startRegistry } from "./registry/registry.ts";
import { seedRegistry } from "./registry/seed.ts";

export const repoRoot = join(import.meta.dirname, "..");

export type WorldOptions = {
  /** Port of the console (default 3000). */
  port?: number;
  /** `start` runs the standalone production server in .next/standalone; `dev` runs the dev server. */
  mode?: "start" | "dev";
  /** `pglite` (default) or a throwaway `postgres` started for this world. */
  database?: "pglite" | "postgres";
  /** PGlite folder (default .data/pglite). */
  pgliteDir?: string;
  /** `dev` (default, fast) or `keycloak`; default from env `KAAS_IDP`. */
  idp?: IdpKind;
  /**
   * Also a second console on this port signed in at a Keycloak of its own, on the same database
   * (PostgreSQL only: PGlite belongs to one process), for the identity tests.
   */
  keycloakConsole?: { port: number; identityRefreshSeconds: number };
  log?: (m: string) => void;
};

export type World = {
  url: string;
  /** The demo registry's base URL. */
  registryUrl: string;
  /** The console's process id (for memory and socket figures). */
  consolePid: number;
  /** The PostgreSQL URL when the world runs on PostgreSQL. */
  databaseUrl?: string;
  /** Which identity provider the console signs in at, and its issuer. */
  idp: { kind: IdpKind; issuer: string };
  /** The running Keycloak when `idp` is `keycloak` (for its admin API: `new KeycloakAdmin(world.keycloak)`). */
  keycloak?: RunningKeycloak;
  /** The second console of {@link WorldOptions.keycloakConsole} and its Keycloak. */
  keycloakConsole?: { url: string; keycloak: RunningKeycloak };
  stop(): Promise<void>;
};

/** The console's OIDC settings for a Keycloak of the world. */
function keycloakOidc(keycloak: RunningKeycloak): Record<string, string> {
  return {
    OIDC_ISSUER: keycloak.issuer,
    OIDC_CLIENT_ID: keycloak.clientId,
    OIDC_CLIENT_SECRET: keycloak.clientSecret,
    // Keycloak's `sub` is a user id (a UUID); RBAC subjects are oidc:<username>, as with the dev IdP.
    OIDC_USERNAME_CLAIM: "preferred_username",
    OIDC_SCOPE: KEYCLOAK_CONSOLE_SCOPE,
  };
}

/** Starts one console process (the standalone server, or `next dev`) and stops it with `stops`. */
function spawnConsole(
  env: NodeJS.ProcessEnv,
  port: number,
  mode: WorldOptions["mode"],
  stops: (() => Promise<void>)[],
): ChildProcess {
  const nextBin = join(repoRoot, "node_modules", "next", "dist", "bin", "next");
  // Production is exactly what the image runs: server.js, configured by PORT and HOSTNAME.
  const child =
    mode === "dev"
      ? spawn(process.execPath, [nextBin, "dev", "-p", String(port), "-H", "localhost"], {
          cwd: repoRoot,
          env,
          stdio: ["ignore", "inherit", "inherit"],
        })
      : spawn(process.execPath, [join(standaloneDir, "server.js")], {
          cwd: standaloneDir,
          // KEEP_ALIVE_TIMEOUT as the chart sets it: with Node's 5 s default, a client reusing a
          // socket idle for about 5 s races the server closing it (ECONNRESET, nothing to do with
          // the console), which the Keycloak spec's rounds of the 5 s refresh bound hit.
          env: { KEEP_ALIVE_TIMEOUT: "65000", ...env, PORT: String(port), HOSTNAME: "localhost" },
          stdio: ["ignore", "inherit", "inherit"],
        });
  stops.push(async () => {
    if (child.exitCode !== null) return;
    child.kill("SIGTERM");
    await new Promise((r) => child.once("exit", r));
  });
  return child;
}

/** The identity providers the world can run. */
export type IdpKind = "dev" | "keycloak";

/** The identity provider chosen by env `KAAS_IDP` (`dev` when unset). */
export function idpFromEnv(): IdpKind {
  const value = process.env.KAAS_IDP ?? "dev";
  if (value !== "dev" && value !== "keycloak")
    throw new Error(`KAAS_IDP must be "dev" or "keycloak", not "${value}"`);
  return value;
}

/** A stable AUTH_SECRET for the local world, so sessions survive a console restart. */
export function localAuthSecret(): string {
  if (process.env.AUTH_SECRET) return process.env.AUTH_SECRET;
  const file = join(repoRoot, ".data", "auth-secret");
  if (!existsSync(file)) {
    mkdirSync(join(repoRoot, ".data"), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** A stable KAAS_ENCRYPTION_KEY for the local world, so stored registry secrets survive a restart. */
export function localEncryptionKey(): string {
  if (process.env.KAAS_ENCRYPTION_KEY) return process.env.KAAS_ENCRYPTION_KEY;
  const file = join(repoRoot, ".data", "encryption-key");
  if (!existsSync(file)) {
    mkdirSync(join(repoRoot, ".data"), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64"), { mode: 0o600 });
  }
  return readFileSync(file, "utf8").trim();
}

/** The local world's metrics token: dev-only, like the demo passwords. */
export const LOCAL_METRICS_TOKEN = "local-metrics-token";

function registryAccount(username: string): { username: string; password: string } {
  const found = REGISTRY_USERS.find((u) => u.username === username);
  if (!found) throw new Error(`no registry account ${username}`);
  return found;
}

async function waitReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited with code ${child.exitCode}`);
    const ok = await fetch(`${url}/api/readyz`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`the console at ${url} was not ready after ${timeoutMs / 1000}s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Starts everything; `stop()` stops what this call started (a plane that was already up stays). */
export async function startWorld(opts: WorldOptions = {}): Promise<World> {
  const log = opts.log ?? console.log;
  const port = opts.port ?? 3000;
  const idpKind = opts.idp ?? idpFromEnv();
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e: unknown) => log(`stop: ${(e as Error).message}`));
  };
  // Keycloak takes tens of seconds to start: let it come up while the plane does.
  const keycloakStarting =
    idpKind === "keycloak" ? startKeycloak({ consolePort: port, log: (m) => log(`world: ${m}`) }) : undefined;
  const second = opts.keycloakConsole;
  if (second && opts.database !== "postgres") throw new Error("keycloakConsole needs database: postgres");
  const secondKeycloakStarting = second
    ? startKeycloak({ port: 0, consolePort: second.port, log: (m) => log(`world: ${m}`) })
    : undefined;
  // Whatever happens below, a Keycloak that did start is stopped with the rest.
  for (const starting of [keycloakStarting, secondKeycloakStarting]) {
    starting?.then(
      (kc) => stops.push(kc.stop),
      () => {},
    );
  }
  try {
    const planeWasUp = (await planeStatus()).ready;
    await planeUp(log);
    if (!planeWasUp) stops.push(() => planeDown(() => {}));
    await seedDemo(log);

    let oidc: Record<string, string>;
    let keycloak: RunningKeycloak | undefined;
    if (keycloakStarting !== undefined) {
      keycloak = await keycloakStarting;
      oidc = keycloakOidc(keycloak);
      log(`world: Keycloak at ${keycloak.issuer} (admin console ${keycloak.url}/admin)`);
    } else {
      // The console's own port is always a registered redirect, whatever port a run picks.
      const idp = await startIdp({
        redirectUris: ["localhost", "127.0.0.1"].map((host) => `http://${host}:${port}${CALLBACK_PATH}`),
      });
      stops.push(idp.stop);
      oidc = {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: DEV_CLIENT.clientId,
        OIDC_CLIENT_SECRET: DEV_CLIENT.clientSecret,
      };
      log(`world: identity provider at ${idp.issuer}`);
    }

    const registry = await startRegistry({ dataDir: process.env.REGISTRY_DATA_DIR });
    stops.push(registry.stop);
    const admin = REGISTRY_USERS.find((u) => u.username === "kaas-admin") ?? REGISTRY_USERS[0];
    if (!admin) throw new Error("no registry account");
    await seedRegistry(registry.url, admin);
    log(`world: registry at ${registry.url} (seeded)`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: opts.mode === "dev" ? "development" : "production",
      NEXT_TELEMETRY_DISABLED: "1",
      AUTH_SECRET: localAuthSecret(),
      AUTH_URL: `http://localhost:${port}`,
      ...oidc,
      KUBECONFIG: join(planeDir(), "console.kubeconfig"),
      // The demo's workload clusters sign in at this (https) issuer; the dev IdP itself is plain http.
      KAAS_KUBECONFIG_ISSUERS:
        process.env.KAAS_KUBECONFIG_ISSUERS ?? "https://login.example.test/realms/kaas",
      KAAS_SEED_DEMO_TEAMS: "1",
      KAAS_ENCRYPTION_KEY: localEncryptionKey(),
      // /api/metrics answers this bearer token (the e2e run prints a scrape at its end).
      KAAS_METRICS_TOKEN: process.env.KAAS_METRICS_TOKEN ?? LOCAL_METRICS_TOKEN,
      // Each team reads the registry with its own account, scoped by the console to its prefix.
      KAAS_DEMO_REGISTRY_URL: registry.url,
      // The world's registry is on loopback, which the console otherwise refuses to reach.
      KAAS_REGISTRY_ALLOW_PRIVATE: "1",
      KAAS_DEMO_REGISTRY_TEAM_A_USERNAME: registryAccount("team-a-robot").username,
      KAAS_DEMO_REGISTRY_TEAM_A_PASSWORD: registryAccount("team-a-robot").password,
      KAAS_DEMO_REGISTRY_TEAM_B_USERNAME: registryAccount("team-b-robot").username,
      KAAS_DEMO_REGISTRY_TEAM_B_PASSWORD: registryAccount("team-b-robot").password,
    };
    if (opts.database === "postgres") {
      const pg = await startPostgres({ port: 0 });
      stops.push(pg.stop);
      env.DATABASE_URL = pg.url;
      log("world: PostgreSQL 15 started");
    } else {
      delete env.DATABASE_URL;
      env.PGLITE_DIR = opts.pgliteDir ?? join(repoRoot, ".data", "pglite");
    }

    const child = spawnConsole(env, port, opts.mode, stops);
    const url = `http://localhost:${port}`;
    await waitReady(url, child, 120_000);
    log(`world: console ready at ${url}`);
    let keycloakConsole: World["keycloakConsole"];
    if (second && secondKeycloakStarting !== undefined) {
      const kc = await secondKeycloakStarting;
      const secondUrl = `http://localhost:${second.port}`;
      const secondChild = spawnConsole(
        {
          ...env,
          ...keycloakOidc(kc),
          AUTH_URL: secondUrl,
          KAAS_IDENTITY_REFRESH: String(second.identityRefreshSeconds),
        },
        second.port,
        opts.mode,
        stops,
      );
      await waitReady(secondUrl, secondChild, 120_000);
      keycloakConsole = { url: secondUrl, keycloak: kc };
      log(`world: second console at ${secondUrl}, signed in at Keycloak ${kc.issuer}`);
    }
    return {
      url,
      registryUrl: registry.url,
      consolePid: child.pid ?? 0,
      databaseUrl: env.DATABASE_URL,
      idp: { kind: idpKind, issuer: oidc.OIDC_ISSUER ?? "" },
      keycloak,
      keycloakConsole,
      stop,
    };
  } catch (err) {
    // A Keycloak still starting is waited for, so it is stopped too.
    await keycloakStarting?.catch(() => {});
    await secondKeycloakStarting?.catch(() => {});
    await stop();
    throw err;
  }
}

/** Whether any tracked source file is newer than the last production build. */
function buildIsStale(): boolean {
  const buildId = join(repoRoot, ".next", "BUILD_ID");
  if (!existsSync(buildId) || !existsSync(join(standaloneDir, "server.js"))) return true;
  const built = statSync(buildId).mtimeMs;
  const files = spawnSync(
    "git",
    [
      "ls-files",
      "app",
      "components",
      "lib",
      "db",
      "config",
      "public",
      "instrumentation.ts",
      "proxy.ts",
      "next.config.js",
      "package-lock.json",
    ],
    { cwd: repoRoot, encoding: "utf8" },
  ).stdout.split("\n");
  return files.some((f) => f && existsSync(join(repoRoot, f)) && statSync(join(repoRoot, f)).mtimeMs > built);
}

/** Runs `npm run build`'s steps (`next build`, then the standalone folder completed) when the build is missing or older than the sources. */
export function ensureBuild(log: (m: string) => void = console.log): void {
  if (!buildIsStale()) return;
  log("Building the console (next build)…");
  nextBuild(repoRoot, "inherit");
  completeStandalone();
}

/** `next build` of the app in `cwd` with the console's own Next; throws with its output on failure. */
export function nextBuild(cwd: string, stdio: "inherit" | "pipe" = "pipe"): void {
  const r = spawnSync(
    process.execPath,
    [join(repoRoot, "node_modules", "next", "dist", "bin", "next"), "build"],
    {
      cwd,
      stdio,
      encoding: "utf8",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  if (r.status !== 0)
    throw new Error(`next build in ${cwd} failed (exit ${r.status})${r.stderr ? `: ${r.stderr}` : ""}`);
}

/** Removes a PGlite folder made for one run. */
export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

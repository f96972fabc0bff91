/**
 * A real Keycloak for identity tests and, on request, the demo: the `keycloak-quarkus-dist` zip from
 * Maven Central, unpacked and built once into a per-user cache outside the clone, started on
 * loopback with the `kaas` realm imported from `realm-kaas.json`. Dev only: the passwords and the
 * client secret below are public.
 *
 * Why `start --optimized` and not `start-dev`: `start-dev` re-augments the Quarkus application on
 * every start (measured here: 45 s per start, 92 s the first time), while a one-time `kc.sh build`
 * with the options below lets every start skip that step (about 19 s with a fresh database). The
 * embedded H2 (`dev-file`) database and `--cache=local` keep it a single process without a
 * cluster; health and metrics are off, so no management port is opened either.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { type AddressInfo, connect, createServer } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { CONSOLE_CLIENT_ID, REALM, realmForImport } from "./realm.ts";

/** The pinned Keycloak release (Maven Central `org.keycloak:keycloak-quarkus-dist`). */
export const KEYCLOAK_VERSION = "26.7.3";

/** Build-time options baked into the cached distribution by `kc.sh build`. */
const BUILD_OPTIONS = ["--db=dev-file", "--health-enabled=false", "--metrics-enabled=false"];

const repoRoot = join(import.meta.dirname, "..", "..");

/**
 * Dev-only credentials: the master realm's bootstrap admin and the console client's secret.
 * `KEYCLOAK_ADMIN_PASSWORD` and `KEYCLOAK_CLIENT_SECRET` override them.
 */
export const KEYCLOAK_DEV = {
  adminUsername: "kc-admin",
  adminPassword: process.env.KEYCLOAK_ADMIN_PASSWORD ?? "kc-admin-dev-only",
  clientId: CONSOLE_CLIENT_ID,
  clientSecret: process.env.KEYCLOAK_CLIENT_SECRET ?? "kaas-console-keycloak-dev-secret",
} as const;

/**
 * The scope the console asks Keycloak for. Not `offline_access`: with it Keycloak issues an offline
 * token, bound to an offline session instead of the user's SSO session (no 30-minute idle or 10-hour
 * limit, `refresh_expires_in: 0`), and ending the user's sessions sends no back-channel logout for it,
 * so the console would learn of a revocation only at its next refresh.
 */
export const KEYCLOAK_CONSOLE_SCOPE = "openid profile email groups";

/** Options of {@link startKeycloak}. */
export interface KeycloakOptions {
  /** Port to listen on; `0` picks a free one. Default env `KEYCLOAK_PORT`, else 4480. */
  port?: number;
  /** Loopback address to bind and to name in the issuer. Default 127.0.0.1. */
  host?: string;
  /** Port of the console that receives back-channel logouts (default 3000). */
  consolePort?: number;
  /** Overrides the back-channel logout URL built from `consolePort`. */
  backchannelLogoutUrl?: string;
  /** Access token lifetime in seconds (default 60, from the realm file). */
  accessTokenLifespan?: number;
  /** Extra redirect URIs for the console client. */
  redirectUris?: string[];
  /**
   * Keep the database of the previous start at this port (a warm start). The realm is then not
   * imported again, so changed realm options do not apply. Default false: a fresh realm per start.
   */
  keepData?: boolean;
  /** How long to wait for the realm to answer. Default 240 s (a loaded 2-core machine is slow). */
  timeoutMs?: number;
  log?: (m: string) => void;
}

/** A running Keycloak. */
export interface RunningKeycloak {
  /** Base URL, e.g. `http://127.0.0.1:4480`. */
  url: string;
  /** The `kaas` realm's issuer, exactly as Keycloak writes `iss`. */
  issuer: string;
  /** Base of the admin REST API (`…/admin/realms`). */
  adminUrl: string;
  realm: string;
  clientId: string;
  clientSecret: string;
  /** The master realm's bootstrap admin, for the admin REST API. */
  admin: { username: string; password: string };
  /** The Java process (for memory figures). */
  pid: number;
  /** Seconds from spawn to the realm answering. */
  startSeconds: number;
  stop(): Promise<void>;
}

/**
 * Root of the cache: $KAAS_KEYCLOAK_CACHE, else $XDG_CACHE_HOME or ~/.cache + kaas-console/keycloak
 * (beside the plane's binaries).
 */
export function keycloakCacheRoot(): string {
  if (process.env.KAAS_KEYCLOAK_CACHE) return process.env.KAAS_KEYCLOAK_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "kaas-console", "keycloak");
}

/**
 * The JDK Keycloak runs on: $KAAS_KEYCLOAK_JAVA_HOME, else the newest Temurin (21 or later) in
 * /usr/lib/jvm. Keycloak 26 does not run on the machine's default OpenJDK 17.
 */
export function keycloakJavaHome(): string {
  const fromEnv = process.env.KAAS_KEYCLOAK_JAVA_HOME;
  if (fromEnv) {
    if (!existsSync(join(fromEnv, "bin", "java")))
      throw new Error(`KAAS_KEYCLOAK_JAVA_HOME=${fromEnv} has no bin/java`);
    return fromEnv;
  }
  const jvms = existsSync("/usr/lib/jvm") ? readdirSync("/usr/lib/jvm") : [];
  const found = jvms
    .map((name) => ({ name, major: Number(/^temurin-(\d+)/.exec(name)?.[1] ?? 0) }))
    .filter((j) => j.major >= 21 && existsSync(join("/usr/lib/jvm", j.name, "bin", "java")))
    .sort((a, b) => b.major - a.major)[0];
  if (!found)
    throw new Error(
      "keycloak: no JDK 21+ found (looked for /usr/lib/jvm/temurin-*); set KAAS_KEYCLOAK_JAVA_HOME",
    );
  return join("/usr/lib/jvm", found.name);
}

function recipe(): string {
  return createHash("sha256")
    .update(`${KEYCLOAK_VERSION}\n${BUILD_OPTIONS.join(" ")}\n`)
    .digest("hex");
}

/** Environment for kc.sh: none of the caller's KC_*, QUARKUS_* or JAVA_OPTS* leak into Keycloak. */
function keycloakEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(KC_|KEYCLOAK_|QUARKUS_|JAVA_OPTS|JAVA_ADD_OPENS)/.test(k)) delete env[k];
  }
  return { ...env, JAVA_HOME: keycloakJavaHome(), ...extra };
}

function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: "pipe" });
    let out = "";
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-8000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}`)),
    );
  });
}

/**
 * The built Keycloak distribution, fetched and built on first use (cold: about 1.5 minutes, 169 MB
 * from Maven Central). Concurrent callers each build in a staging folder; the first rename wins.
 */
export async function ensureKeycloak(log: (m: string) => void = console.log): Promise<string> {
  const root = keycloakCacheRoot();
  const dist = join(root, `keycloak-${KEYCLOAK_VERSION}`);
  const stamp = join(dist, ".kaas-built");
  if (existsSync(stamp) && readFileSync(stamp, "utf8").trim() === recipe()) return dist;

  const javaHome = keycloakJavaHome();
  mkdirSync(root, { recursive: true });
  const staging = mkdtempSync(join(root, ".staging-"));
  try {
    const started = Date.now();
    const artifact = `org.keycloak:keycloak-quarkus-dist:${KEYCLOAK_VERSION}:zip`;
    log(`keycloak: fetching ${artifact} from Maven Central (cached in ${root} afterwards)`);
    // dependency:copy resolves like dependency:get (into ~/.m2) and also copies the zip to a folder
    // we name, wherever the local repository is configured. -C: refuse a checksum mismatch.
    await run(
      process.env.KAAS_MVN ?? "mvn",
      [
        "-B",
        "-q",
        "-C",
        "dependency:copy",
        `-Dartifact=${artifact}`,
        `-DoutputDirectory=${staging}`,
        "-Dtransitive=false",
      ],
      { cwd: staging },
    );
    const zip = join(staging, `keycloak-quarkus-dist-${KEYCLOAK_VERSION}.zip`);
    if (existsSync("/usr/bin/unzip"))
      await run("/usr/bin/unzip", ["-q", zip, "-d", staging], { cwd: staging });
    // The JDK's jar tool extracts zips too (no file modes, which is fine: kc.sh is run by bash).
    else await run(join(javaHome, "bin", "jar"), ["xf", zip], { cwd: staging });
    rmSync(zip);
    const unpacked = join(staging, `keycloak-${KEYCLOAK_VERSION}`);
    log(`keycloak: unpacked in ${Math.round((Date.now() - started) / 1000)}s; building (kc.sh build)`);
    await run("bash", [join(unpacked, "bin", "kc.sh"), "build", ...BUILD_OPTIONS], {
      cwd: unpacked,
      env: keycloakEnv({}),
    });
    writeFileSync(join(unpacked, ".kaas-built"), `${recipe()}\n`);
    rmSync(dist, { recursive: true, force: true });
    try {
      renameSync(unpacked, dist);
    } catch (err) {
      // Another process finished first: use theirs.
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST") throw err;
    }
    log(`keycloak: ready in ${Math.round((Date.now() - started) / 1000)}s at ${dist}`);
    return dist;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

async function freePort(host: string): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

function portAnswers(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Ends a Keycloak a crashed run of ours left at this data folder (checked by its command line). */
function endLeftover(runDir: string): void {
  const pidFile = join(runDir, "kc.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").trim());
  rmSync(pidFile, { force: true });
  if (!Number.isInteger(pid) || pid <= 1) return;
  let cmdline = "";
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return;
  }
  if (!cmdline.includes(runDir)) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // already gone
  }
}

/** The Java child of kc.sh (kc.sh runs java in the background and waits for it). */
function javaPid(shellPid: number): number {
  try {
    const children = readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, "utf8").trim().split(/\s+/);
    for (const c of children) {
      if (readFileSync(`/proc/${c}/cmdline`, "utf8").includes("QuarkusEntryPoint")) return Number(c);
    }
  } catch {
    // not started yet or gone
  }
  return 0;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, "utf8").split("\n").slice(-lines).join("\n");
  } catch {
    return "";
  }
}

/**
 * A run folder under `.data/keycloak/<port>`: a Keycloak home whose `bin/kc.sh` is a copy (kc.sh
 * takes its home from its own location) and whose `lib`, `conf`, `themes` and `providers` link to
 * the cached distribution, so each run has its own `data/` (database, import) and the cache stays
 * read-only.
 */
function prepareHome(dist: string, runDir: string, keepData: boolean): string {
  const home = join(runDir, "home");
  mkdirSync(join(home, "bin"), { recursive: true });
  copyFileSync(join(dist, "bin", "kc.sh"), join(home, "bin", "kc.sh"));
  for (const d of ["lib", "conf", "themes", "providers"]) {
    rmSync(join(home, d), { recursive: true, force: true });
    symlinkSync(join(dist, d), join(home, d));
  }
  if (!keepData) rmSync(join(home, "data"), { recursive: true, force: true });
  mkdirSync(join(home, "data", "import"), { recursive: true, mode: 0o700 });
  return home;
}

/**
 * Starts Keycloak on loopback with the `kaas` realm and resolves once the realm's discovery
 * document answers with the expected issuer. Builds the cached distribution first if needed.
 */
export async function startKeycloak(opts: KeycloakOptions = {}): Promise<RunningKeycloak> {
  const log = opts.log ?? console.log;
  const host = opts.host ?? "127.0.0.1";
  if (!/^(127\.\d+\.\d+\.\d+|localhost|::1)$/.test(host)) throw new Error("keycloak: bind a loopback host");
  const requested = opts.port ?? Number(process.env.KEYCLOAK_PORT ?? 4480);
  if (!Number.isInteger(requested) || requested < 0 || requested > 65535)
    throw new Error("keycloak: invalid port");
  const clientSecret = KEYCLOAK_DEV.clientSecret;
  if (clientSecret.length < 16 || /[^\x21-\x7e]/.test(clientSecret))
    throw new Error("keycloak: KEYCLOAK_CLIENT_SECRET must be 16+ printable characters without spaces");
  const adminPassword = KEYCLOAK_DEV.adminPassword;
  if (adminPassword.length < 8) throw new Error("keycloak: KEYCLOAK_ADMIN_PASSWORD must be 8+ characters");

  const dist = await ensureKeycloak(log);
  const port = requested === 0 ? await freePort(host) : requested;
  const runDir = join(repoRoot, ".data", "keycloak", String(port));
  mkdirSync(runDir, { recursive: true });
  endLeftover(runDir);
  if (await portAnswers(host, port)) throw new Error(`keycloak: ${host}:${port} is already in use`);

  const home = prepareHome(dist, runDir, opts.keepData ?? false);
  const realm = realmForImport({
    clientSecret,
    consolePort: opts.consolePort,
    backchannelLogoutUrl: opts.backchannelLogoutUrl,
    accessTokenLifespan: opts.accessTokenLifespan,
    redirectUris: opts.redirectUris,
  });
  // Holds the client secret and the demo passwords: owner-only.
  writeFileSync(join(home, "data", "import", "realm-kaas.json"), JSON.stringify(realm), { mode: 0o600 });

  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const issuer = `${origin}/realms/${REALM}`;
  const logFile = join(runDir, "keycloak.log");
  const out = openSync(logFile, "w");
  const started = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(
      "bash",
      [
        join(home, "bin", "kc.sh"),
        "start",
        "--optimized",
        "--cache=local",
        "--http-enabled=true",
        `--http-host=${host}`,
        `--http-port=${port}`,
        // The issuer Keycloak writes into `iss` and discovery: exactly this origin.
        `--hostname=${origin}`,
        "--import-realm",
      ],
      {
        cwd: runDir,
        // Its own process group, so stop() reaches kc.sh and the JVM together.
        detached: true,
        stdio: ["ignore", out, out],
        env: keycloakEnv({
          KC_BOOTSTRAP_ADMIN_USERNAME: KEYCLOAK_DEV.adminUsername,
          KC_BOOTSTRAP_ADMIN_PASSWORD: adminPassword,
          JAVA_OPTS_KC_HEAP: "-Xms64m -Xmx512m",
        }),
      },
    );
  } finally {
    closeSync(out);
  }
  const pgid = child.pid ?? 0;
  writeFileSync(join(runDir, "kc.pid"), `${pgid}\n`);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-pgid, "SIGTERM");
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-pgid, "SIGKILL");
        } catch {
          // already gone
        }
      }, 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(join(runDir, "kc.pid"), { force: true });
    // The import file holds the client secret and demo passwords; the database keeps the realm.
    rmSync(join(home, "data", "import", "realm-kaas.json"), { force: true });
    // A run on a free port is never resumed: leave no folder per port behind.
    if (requested === 0) rmSync(runDir, { recursive: true, force: true });
  };

  try {
    await waitForRealm(issuer, child, opts.timeoutMs ?? 240_000, logFile);
  } catch (err) {
    await stop();
    throw err;
  }
  const startSeconds = Math.round((Date.now() - started) / 100) / 10;
  log(`keycloak: ${issuer} ready in ${startSeconds}s`);
  return {
    url: origin,
    issuer,
    adminUrl: `${origin}/admin/realms`,
    realm: REALM,
    clientId: KEYCLOAK_DEV.clientId,
    clientSecret,
    admin: { username: KEYCLOAK_DEV.adminUsername, password: adminPassword },
    pid: javaPid(pgid),
    startSeconds,
    stop,
  };
}

async function waitForRealm(issuer: string, child: ChildProcess, timeoutMs: number, logFile: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`keycloak exited (${child.exitCode ?? child.signalCode}); log tail:\n${tail(logFile)}`);
    const doc = await fetch(`${issuer}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    })
      .then((r) => (r.ok ? (r.json() as Promise<{ issuer?: string }>) : undefined))
      .catch(() => undefined);
    if (doc) {
      if (doc.issuer !== issuer)
        throw new Error(`keycloak: discovery names issuer ${doc.issuer}, not ${issuer}`);
      return;
    }
    if (Date.now() > deadline)
      throw new Error(
        `keycloak: ${issuer} not ready after ${timeoutMs / 1000}s; log tail:\n${tail(logFile)}`,
      );
    await new Promise((r) => setTimeout(r, 250));
  }
}

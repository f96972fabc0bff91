// Integration test support: the console as the image runs it (`node server.js` from the standalone
// folder), against the shared plane and a database of the test's choosing. Not a test file itself.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { encode } from "next-auth/jwt";
import { createDb, type DbConnection } from "@/db/client.ts";
import { createSession } from "@/db/queries/sessions.ts";
import { standaloneDir } from "@/dev/build-standalone.ts";
import { planeDir } from "@/dev/plane/control.ts";
import { ensureBuild } from "@/dev/world.ts";

export type Standalone = {
  url: string;
  child: ChildProcess;
  /** Everything the server wrote to stdout and stderr so far (JSON log lines). */
  output: () => string;
  /** Resolves with the exit code (or signal) once the process ended. */
  exited: Promise<number | string>;
  stop(): Promise<void>;
};

export const TEST_AUTH_SECRET = randomBytes(32).toString("base64url");

/** The folder to start from (default: the repository's standalone build, built when stale). */
export function standaloneFolder(): string {
  ensureBuild(() => {});
  return standaloneDir;
}

/**
 * Starts `node server.js` in `dir` on `port` with the plane's console kubeconfig and `env`
 * (DATABASE_URL or PGLITE_DIR at least), and waits for `/api/readyz` (or `/api/healthz` with
 * `waitFor: "healthz"`).
 */
export async function startStandalone(opts: {
  port: number;
  env: Record<string, string>;
  dir?: string;
  waitFor?: "readyz" | "healthz";
  spawnAs?: { uid: number; gid: number };
}): Promise<Standalone> {
  const dir = opts.dir ?? standaloneFolder();
  let out = "";
  const child = spawn(process.execPath, [join(dir, "server.js")], {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? "",
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(opts.port),
      HOSTNAME: "127.0.0.1",
      AUTH_SECRET: TEST_AUTH_SECRET,
      AUTH_URL: `http://127.0.0.1:${opts.port}`,
      KUBECONFIG: join(planeDir(), "console.kubeconfig"),
      OIDC_ISSUER: "http://127.0.0.1:1/unused",
      OIDC_CLIENT_ID: "kaas-console",
      OIDC_CLIENT_SECRET: "unused",
      LOG_LEVEL: "info",
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    ...(opts.spawnAs ?? {}),
  });
  child.stdout?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  child.stderr?.on("data", (b: Buffer) => {
    out += b.toString();
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  const url = `http://127.0.0.1:${opts.port}`;
  const probe = opts.waitFor === "healthz" ? "/api/healthz" : "/api/readyz";
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the console exited (${child.exitCode}):\n${out}`);
    const ok = await fetch(`${url}${probe}`)
      .then((r) => r.status === 200)
      .catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    output: () => out,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * A signed-in session for `subject` in the console's database, and the cookie that carries it
 * (what Auth.js sets after an OIDC sign-in: an encrypted token naming the session row).
 */
export async function sessionCookie(
  db: DbConnection,
  subject: string,
  groups: readonly string[],
): Promise<string> {
  const session = await createSession(db, {
    subject,
    email: `${subject}@example.test`,
    name: subject,
    groups,
    expiresAt: new Date(Date.now() + 3600_000),
  });
  const name = "authjs.session-token";
  const token = await encode({ token: { sid: session.id }, secret: TEST_AUTH_SECRET, salt: name });
  return `${name}=${token}`;
}

/** Opens the same PostgreSQL the console uses (the test closes it). */
export function openDatabase(url: string): DbConnection {
  return createDb({ driver: "pg", url, max: 2 });
}

// A throwaway PostgreSQL 15 for tests and local runs: `node dev/postgres.ts [port]` prints its URL
// and removes it again on Ctrl-C.
import { execFile } from "node:child_process";
import { chown, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);
const BIN_DIR = process.env.PG_BIN_DIR || "/usr/lib/postgresql/15/bin";
const SYSTEM_USER = "postgres";

export type RunningPostgres = {
  /** `postgres://postgres@127.0.0.1:<port>/kaas`, trust auth on loopback only. */
  url: string;
  port: number;
  /** Stops the server and deletes its files. Safe to call more than once. */
  stop(): Promise<void>;
};

/**
 * Starts a fresh PostgreSQL 15 cluster in a temporary directory, listening on 127.0.0.1:`port`
 * (default 15432; 0 picks a free port), with fsync off, and creates the database `kaas`.
 */
export async function startPostgres(opts: { port?: number } = {}): Promise<RunningPostgres> {
  const port = opts.port === 0 ? await freePort() : (opts.port ?? 15432);
  const root = await mkdtemp(path.join(tmpdir(), "kaas-pg-"));
  const dataDir = path.join(root, "data");
  const logFile = path.join(root, "postgres.log");

  // initdb and postgres refuse to run as root; as root, hand the directory to the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chown(root, await idOf("-u"), await idOf("-g"));
  const pgTool = (tool: string, args: string[]) => {
    const bin = path.join(BIN_DIR, tool);
    // cwd in the temp dir: the postgres user may not be allowed into the caller's working directory.
    return asRoot
      ? run("runuser", ["-u", SYSTEM_USER, "--", bin, ...args], { cwd: root })
      : run(bin, args, { cwd: root });
  };

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await pgTool("pg_ctl", ["stop", "-D", dataDir, "-m", "fast", "-w"]).catch(() => {});
      await rm(root, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await pgTool("initdb", [
      ...["-D", dataDir, "-U", "postgres", "-A", "trust"],
      ...["-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"],
    ]);
    // Loopback only, and the unix socket in our own directory rather than /var/run/postgresql.
    const serverOptions = [
      ...["-c", "listen_addresses=127.0.0.1", "-p", String(port), "-k", root],
      ...["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"],
    ].join(" ");
    await pgTool("pg_ctl", ["start", "-D", dataDir, "-l", logFile, "-w", "-t", "60", "-o", serverOptions]);

    const admin = new pg.Client({ host: "127.0.0.1", port, user: "postgres", database: "postgres" });
    await admin.connect();
    try {
      await admin.query("create database kaas");
    } finally {
      await admin.end();
    }
  } catch (err) {
    const log = await readFile(logFile, "utf8").catch(() => "");
    await stop();
    const detail = err instanceof Error ? err.message : String(err);
    throw new Error(`startPostgres on port ${port} failed: ${detail}\n${log.slice(-2000)}`);
  }

  return { url: `postgres://postgres@127.0.0.1:${port}/kaas`, port, stop };
}

async function idOf(flag: "-u" | "-g"): Promise<number> {
  try {
    const { stdout } = await run("id", [flag, SYSTEM_USER]);
    return Number(stdout.trim());
  } catch {
    throw new Error(
      `no '${SYSTEM_USER}' system user: install postgresql-15 or create one (adduser --system)`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() =>
        typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port")),
      );
    });
  });
}

if (import.meta.main) {
  const server = await startPostgres({ port: process.argv[2] ? Number(process.argv[2]) : undefined });
  console.log(server.url);
  // Signal listeners do not keep Node alive; without this the CLI would exit and orphan the server.
  const keepAlive = setInterval(() => {}, 1 << 30);
  const shutdown = () => void server.stop().finally(() => clearInterval(keepAlive));
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

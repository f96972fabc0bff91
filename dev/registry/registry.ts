/**
 * Local OCI registry for dev, demo and tests: the Debian `docker-registry` binary (distribution v2.8)
 * run as a child process with htpasswd basic auth. Dev only: the passwords below are public.
 */
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";

/** A registry account. */
export interface RegistryUser {
  username: string;
  password: string;
}

/**
 * Registry accounts. htpasswd auth has no per-repository rules: each of them may read and push every
 * repository. The console is what scopes a team to its prefix (`team-a/`, `team-b/`).
 */
export const REGISTRY_USERS: readonly RegistryUser[] = [
  { username: "team-a-robot", password: "team-a-robot-dev" },
  { username: "team-b-robot", password: "team-b-robot-dev" },
  { username: "kaas-admin", password: "kaas-admin-dev" },
];

/** Options of {@link startRegistry}. */
export interface RegistryOptions {
  /** Port on 127.0.0.1; `0` picks a free one. Default env `REGISTRY_PORT`, else 15000. */
  port?: number;
  /** Folder for config, htpasswd and `storage/`. Default `.data/registry` in the repository. */
  dataDir?: string;
}

/** A running registry. */
export interface RunningRegistry {
  /** Base URL, e.g. `http://127.0.0.1:15000`. */
  url: string;
  stop(): Promise<void>;
}

const BINARY = "docker-registry";
const READY_TIMEOUT_MS = 20_000;

/** Writes the registry's config and htpasswd, starts the binary, and resolves once `/v2/` asks for auth. */
export async function startRegistry(opts: RegistryOptions = {}): Promise<RunningRegistry> {
  const dataDir = path.resolve(opts.dataDir ?? path.join(import.meta.dirname, "../../.data/registry"));
  const port = opts.port ?? Number(process.env.REGISTRY_PORT ?? 15000);
  await mkdir(path.join(dataDir, "storage"), { recursive: true });

  const htpasswdFile = path.join(dataDir, "htpasswd");
  const entries = await Promise.all(REGISTRY_USERS.map((u) => bcryptEntry(u.username, u.password)));
  await writeFile(htpasswdFile, `${entries.join("\n")}\n`, { mode: 0o600 });

  const configFile = path.join(dataDir, "config.yml");
  const config = {
    version: 0.1,
    // Info level, because the "listening on" line is how we learn the port when asked for port 0.
    log: { level: "info", accesslog: { disabled: true }, fields: { service: "kaas-dev-registry" } },
    storage: {
      filesystem: { rootdirectory: path.join(dataDir, "storage") },
      delete: { enabled: true },
      cache: { blobdescriptor: "inmemory" },
    },
    http: {
      addr: `127.0.0.1:${port}`,
      // Signs upload state; one instance, so a fresh secret per start is enough.
      secret: randomBytes(24).toString("hex"),
      headers: { "X-Content-Type-Options": ["nosniff"] },
    },
    auth: { htpasswd: { realm: "kaas-dev-registry", path: htpasswdFile } },
  };
  await writeFile(configFile, stringify(config), { mode: 0o600 });

  // distribution maps REGISTRY_* variables onto its config (REGISTRY_PORT among ours), so keep them out.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.startsWith("REGISTRY_")),
  ) as NodeJS.ProcessEnv;
  const child = spawn(BINARY, ["serve", configFile], { env, stdio: ["ignore", "pipe", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  try {
    const address = await listeningAddress(child);
    const url = `http://${address}`;
    await waitForAuthChallenge(url, child);
    return { url, stop: () => stop(child).finally(() => process.off("exit", killOnExit)) };
  } catch (err) {
    await stop(child);
    process.off("exit", killOnExit);
    throw err;
  }
}

/** One bcrypt htpasswd line, made by Apache's `htpasswd` (password on stdin, not in the process list). */
function bcryptEntry(username: string, password: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const proc = execFile("htpasswd", ["-Bni", username], (err, stdout) => {
      if (err) {
        const missing = (err as NodeJS.ErrnoException).code === "ENOENT";
        reject(missing ? new Error("htpasswd not found: install the Debian package apache2-utils") : err);
        return;
      }
      resolve(stdout.trim());
    });
    proc.stdin?.end(password);
  });
}

/** Resolves with the bound address from the registry's log; rejects with the log's tail if it exits first. */
function listeningAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 20) tail.shift();
        const address = /msg="listening on ([^"\s]+)"/.exec(line)?.[1];
        if (address) {
          done();
          resolve(address);
        }
      }
    };
    const onError = (err: NodeJS.ErrnoException) => {
      done();
      reject(
        err.code === "ENOENT"
          ? new Error(`${BINARY} not found: install the Debian package docker-registry`)
          : err,
      );
    };
    const onExit = (code: number | null) => {
      done();
      reject(new Error(`${BINARY} exited (${code}) before listening:\n${tail.join("\n")}`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`${BINARY} did not start within ${READY_TIMEOUT_MS} ms:\n${tail.join("\n")}`));
    }, READY_TIMEOUT_MS);
    const done = () => {
      clearTimeout(timer);
      child.off("error", onError).off("exit", onExit);
      // Keep draining the pipes so the registry never blocks on a full one.
      child.stderr?.off("data", onData).resume();
    };
    child.stdout?.resume();
    child.stderr?.on("data", onData);
    child.once("error", onError).once("exit", onExit);
  });
}

async function waitForAuthChallenge(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (child.exitCode === null && Date.now() < deadline) {
    const status = await fetch(`${url}/v2/`).then(
      (res) => res.status,
      () => 0,
    );
    if (status === 401) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${BINARY} at ${url} did not answer GET /v2/ with 401`);
}

function stop(child: ChildProcess): Promise<void> {
  // No pid: spawning failed, so there is nothing to stop.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill("SIGKILL"), 5_000);
    child.once("exit", () => {
      clearTimeout(force);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

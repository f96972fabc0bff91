/**
 * The image recipe, checked without a container runtime (none here): the final stage's COPY and
 * ENV lines are read from the Dockerfile, exactly those files are copied into an empty folder made
 * read-only, and the server started there as the Dockerfile's non-root user must answer its
 * probes, serve its pages and static files, and drain on SIGTERM.
 */
import {
  chmodSync,
  chownSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { planeDir } from "@/dev/plane/control.ts";
import { type RunningPostgres, startPostgres } from "@/dev/postgres.ts";
import { repoRoot } from "@/dev/world.ts";
import { type Standalone, standaloneFolder, startStandalone } from "./support/standalone.ts";

type FinalStage = {
  copies: { from: string; to: string }[];
  env: Record<string, string>;
  user: { uid: number; gid: number };
  workdir: string;
};

/** The last stage of the Dockerfile: what it copies from the build stage, its ENV, USER and WORKDIR. */
function finalStage(dockerfile: string): FinalStage {
  const lines = dockerfile
    .replace(/\\\n\s*/g, " ")
    .split("\n")
    .map((l) => l.trim());
  const from =
    lines
      .map((l, i) => (/^FROM /i.test(l) ? i : -1))
      .filter((i) => i >= 0)
      .at(-1) ?? 0;
  const stage: FinalStage = { copies: [], env: {}, user: { uid: 0, gid: 0 }, workdir: "/" };
  for (const line of lines.slice(from + 1)) {
    const [op = "", ...rest] = line.split(/\s+/);
    if (op === "COPY") {
      const m = /^--from=build (\/src\/\S+) (\S+)$/.exec(rest.join(" "));
      // Anything else (the build context, another stage) would not be what this test copies.
      if (!m?.[1] || !m[2]) throw new Error(`unexpected COPY in the final stage: ${line}`);
      stage.copies.push({ from: m[1].slice("/src/".length), to: m[2] });
    } else if (op === "ENV") {
      for (const m of rest.join(" ").matchAll(/(\w+)=(\S+)/g)) if (m[1] && m[2]) stage.env[m[1]] = m[2];
    } else if (op === "USER") {
      const [uid, gid] = (rest[0] ?? "").split(":").map(Number);
      stage.user = { uid: uid ?? 0, gid: gid ?? uid ?? 0 };
    } else if (op === "WORKDIR") {
      stage.workdir = rest[0] ?? "/";
    }
  }
  return stage;
}

function makeReadOnly(path: string): void {
  const st = statSync(path);
  if (st.isDirectory()) {
    for (const entry of readdirSync(path)) makeReadOnly(join(path, entry));
    chmodSync(path, 0o555);
  } else if (!st.isSymbolicLink()) {
    chmodSync(path, st.mode & 0o111 ? 0o555 : 0o444);
  }
}

const stage = finalStage(readFileSync(join(repoRoot, "Dockerfile"), "utf8"));
const root = mkdtempSync(join(tmpdir(), "kaas-image-"));
let pg: RunningPostgres;
let server: Standalone;

beforeAll(async () => {
  standaloneFolder(); // builds when the sources are newer than the standalone folder
  chmodSync(root, 0o755);
  const app = join(root, stage.workdir);
  mkdirSync(app, { recursive: true });
  for (const { from, to } of stage.copies) cpSync(join(repoRoot, from), join(root, to), { recursive: true });
  makeReadOnly(root);
  pg = await startPostgres({ port: 0 });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  await pg?.stop();
  chmodSync(root, 0o755);
  rmSync(root, { recursive: true, force: true, maxRetries: 2 });
});

test("the Dockerfile's final stage runs as a non-root user and copies only the standalone folder", () => {
  expect(stage.user.uid).toBeGreaterThan(0);
  expect(stage.copies).toEqual([{ from: ".next/standalone", to: "/app" }]);
  expect(stage.env).toMatchObject({ NODE_ENV: "production", HOSTNAME: "0.0.0.0", PORT: "3000" });
  // No development dependencies ship.
  const shipped = readdirSync(join(root, "app", "node_modules"));
  for (const dev of [
    "typescript",
    "vitest",
    "@biomejs",
    "drizzle-kit",
    "@playwright",
    "tailwindcss",
    "oidc-provider",
  ])
    expect(shipped, dev).not.toContain(dev);
});

test("started from exactly those files, read-only, as that user: probes, pages, static files and SIGTERM work", async () => {
  const asRoot = process.getuid?.() === 0;
  // The kubeconfig stands for the ServiceAccount token a pod would have: readable by that user only.
  const secrets = mkdtempSync(join(tmpdir(), "kaas-image-secrets-"));
  const kubeconfig = join(secrets, "kubeconfig");
  writeFileSync(kubeconfig, readFileSync(join(planeDir(), "console.kubeconfig")), { mode: 0o600 });
  if (asRoot) {
    chownSync(secrets, stage.user.uid, stage.user.gid);
    chownSync(kubeconfig, stage.user.uid, stage.user.gid);
  }
  try {
    server = await startStandalone({
      dir: join(root, "app"),
      port: 3393,
      // Only root may start a process as another user; elsewhere the test runs as the caller, who
      // is not root either, and the folder is still unwritable.
      spawnAs: asRoot ? stage.user : undefined,
      env: {
        ...stage.env,
        PORT: "3393",
        HOSTNAME: "127.0.0.1",
        DATABASE_URL: pg.url,
        KUBECONFIG: kubeconfig,
        HOME: "/tmp",
      },
    });
    expect(server.child.pid).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/api/healthz`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/readyz`)).status).toBe(200);
    const login = await fetch(`${server.url}/login`);
    expect(login.status).toBe(200);
    const html = await login.text();
    const asset = /\/_next\/static\/[^"]+\.js/.exec(html)?.[0];
    expect(asset).toBeDefined();
    expect((await fetch(`${server.url}${asset}`)).status).toBe(200);
    expect((await fetch(`${server.url}/theme-init.js`)).status).toBe(200);
    server.child.kill("SIGTERM");
    expect(await server.exited).toBe(0);
    // Nothing was written into the image's tree.
    expect(server.output()).not.toMatch(/EACCES|EROFS/);
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
});

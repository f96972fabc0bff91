/**
 * Where the plane's binaries live and how they are built. They are built from Go modules into a
 * per-user cache folder outside the clone, one folder per component and pinned version, so a
 * fresh clone on the same machine (as CI uses) reuses them and a version bump rebuilds only what
 * changed.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

const here = import.meta.dirname;

/** Pinned versions, read from dev/plane/versions.env. */
export function readVersions(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(join(here, "versions.env"), "utf8").split("\n")) {
    const m = /^([A-Z_]+)=(\S+)/.exec(line.trim());
    if (m?.[1] && m[2]) out[m[1]] = m[2];
  }
  return out;
}

/** Root of the binary cache: $KAAS_PLANE_CACHE, else $XDG_CACHE_HOME or ~/.cache + kaas-console/plane. */
export function cacheRoot(): string {
  if (process.env.KAAS_PLANE_CACHE) return process.env.KAAS_PLANE_CACHE;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "kaas-console", "plane");
}

type Component = { name: string; version: string; script: string; outputs: string[] };

function components(): Component[] {
  const v = readVersions();
  const need = (k: string): string => {
    const value = v[k];
    if (!value) throw new Error(`dev/plane/versions.env lacks ${k}`);
    return value;
  };
  return [
    { name: "etcd", version: need("ETCD_VERSION"), script: "build-etcd.sh", outputs: ["etcd"] },
    {
      name: "kubernetes",
      version: need("KUBERNETES_VERSION"),
      script: "build-k8s.sh",
      outputs: ["kube-apiserver", "kube-controller-manager", "kubectl"],
    },
    {
      name: "cluster-api",
      version: need("CLUSTER_API_VERSION"),
      script: "build-capi.sh",
      outputs: [
        "capi-core",
        "capi-bootstrap-kubeadm",
        "capi-controlplane-kubeadm",
        "capi-dev-infra",
        "manifests",
      ],
    },
  ];
}

/** Tools the tests use but the plane does not run: built on first use only. */
function tools(): Component[] {
  const helm = readVersions().HELM_VERSION;
  if (!helm) throw new Error("dev/plane/versions.env lacks HELM_VERSION");
  return [{ name: "helm", version: helm, script: "build-helm.sh", outputs: ["helm"] }];
}

function componentDir(c: Component): string {
  return join(cacheRoot(), `${c.name}-${c.version}`);
}

function recipeHash(c: Component): string {
  const goVersion = readVersions().GO_WRAPPER_GO ?? "";
  return createHash("sha256")
    .update(readFileSync(join(here, c.script)))
    .update(goVersion)
    .digest("hex");
}

function isBuilt(c: Component): boolean {
  const dir = componentDir(c);
  const stamp = join(dir, ".built");
  if (!existsSync(stamp) || readFileSync(stamp, "utf8").trim() !== recipeHash(c)) return false;
  return c.outputs.every((o) => existsSync(join(dir, "bin", o)));
}

function run(cmd: string, args: string[], prefix: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    const relay = (chunk: Buffer) => {
      for (const line of chunk.toString().split("\n")) {
        // `go: downloading x` lines are progress too, but hundreds of them drown the build steps.
        if (line.trim() && !line.startsWith("go: downloading")) process.stdout.write(`${prefix}${line}\n`);
      }
    };
    let downloads = 0;
    child.stdout.on("data", relay);
    child.stderr.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      const n = text.split("\n").filter((l) => l.startsWith("go: downloading")).length;
      if (n) {
        downloads += n;
        if (downloads % 50 < n) process.stdout.write(`${prefix}downloaded ${downloads} Go modules…\n`);
      }
      relay(chunk);
    });
    child.on("error", reject);
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`)),
    );
  });
}

/** Paths of every binary the plane runs, building what is missing (cold: several minutes). */
export async function ensureBinaries(
  log: (m: string) => void = console.log,
): Promise<Record<string, string>> {
  return ensureBuilt(components(), log);
}

/** The `helm` CLI (deploy/chart's tests render with it), built from helm.sh/helm/v3 on first use (about 3 min). */
export async function ensureHelm(log: (m: string) => void = console.log): Promise<string> {
  const paths = await ensureBuilt(tools(), log);
  if (!paths.helm) throw new Error("helm was not built");
  return paths.helm;
}

async function ensureBuilt(list: Component[], log: (m: string) => void): Promise<Record<string, string>> {
  const goVersion = readVersions().GO_WRAPPER_GO ?? "1.26.0";
  const paths: Record<string, string> = {};
  for (const c of list) {
    const dir = componentDir(c);
    if (!isBuilt(c)) {
      const started = Date.now();
      log(`building ${c.name} ${c.version} into ${dir} (cached afterwards)`);
      await run(
        "bash",
        [join(here, c.script), join(dir, "bin"), join(cacheRoot(), "work", c.name), c.version, goVersion],
        "  ",
      );
      writeFileSync(join(dir, ".built"), `${recipeHash(c)}\n`);
      log(`built ${c.name} in ${Math.round((Date.now() - started) / 1000)}s`);
    }
    for (const o of c.outputs) paths[o] = join(dir, "bin", o);
  }
  return paths;
}

/** The kubectl the plane's Kubernetes build made (no kubectl on PATH is assumed). */
export function kubectlPath(): string {
  const version = readVersions().KUBERNETES_VERSION;
  return join(cacheRoot(), `kubernetes-${version}`, "bin", "kubectl");
}

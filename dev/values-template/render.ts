/**
 * Renders a Helm add-on provider values template with the provider's own semantics (Go
 * text/template + Sprig, see main.go), so unit tests check the catalog's real template text. The
 * renderer is built once from its Go module into the plane's cache folder (outside the clone), one
 * folder per hash of its sources, and reused by later runs and fresh clones.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { cacheRoot } from "../plane/binaries.ts";

const here = import.meta.dirname;
const SOURCES = ["main.go", "go.mod", "go.sum"];

/** Path of the built renderer, building it first when its sources changed (cold: about a minute). */
export function ensureRenderer(): string {
  const hash = createHash("sha256");
  for (const f of SOURCES) hash.update(readFileSync(join(here, f)));
  const dir = join(cacheRoot(), `values-template-${hash.digest("hex").slice(0, 16)}`);
  const bin = join(dir, "render");
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  execFileSync("go", ["build", "-trimpath", "-o", `${bin}.tmp`, "."], {
    cwd: here,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, CGO_ENABLED: "0", GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" },
  });
  renameSync(`${bin}.tmp`, bin);
  return bin;
}

/** Renders `template` over `data` ({ Cluster, ControlPlane, InfraCluster }); throws the Go error. */
export function renderValuesTemplate(template: string, data: Record<string, unknown>): string {
  const res = spawnSync(ensureRenderer(), [], {
    input: JSON.stringify({ template, data }),
    encoding: "utf8",
  });
  if (res.status !== 0) throw new Error(`values template: ${res.stderr.trim()}`);
  return res.stdout;
}

import "server-only";
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { type KubernetesVersions, parseKubernetesVersions } from "./kubernetes-versions.ts";

/** Where the Kubernetes versions file is: `KAAS_KUBERNETES_VERSIONS_FILE`, else the repository's. */
export function kubernetesVersionsPath(env: Record<string, string | undefined> = process.env): string {
  const p = env.KAAS_KUBERNETES_VERSIONS_FILE?.trim();
  // turbopackIgnore: a path known only at run time; without it the build would trace the whole repo.
  if (p) return isAbsolute(p) ? p : join(/*turbopackIgnore: true*/ process.cwd(), p);
  return join(/*turbopackIgnore: true*/ process.cwd(), "config", "kubernetes-versions.json");
}

type Cached = { path: string; mtimeMs: number; size: number; versions: KubernetesVersions };
let cached: Cached | undefined;

/**
 * The Kubernetes versions file, validated. Read again whenever its modification time or size
 * changes, so an operator's update takes effect on the next request without a restart; a file
 * that fails validation throws a VersionsFileError naming the bad entry (and is not cached, so the
 * fixed file is picked up at once).
 */
export function loadKubernetesVersions(path = kubernetesVersionsPath()): KubernetesVersions {
  const st = statSync(/*turbopackIgnore: true*/ path);
  if (cached && cached.path === path && cached.mtimeMs === st.mtimeMs && cached.size === st.size) {
    return cached.versions;
  }
  const versions = parseKubernetesVersions(readFileSync(/*turbopackIgnore: true*/ path, "utf8"), path);
  cached = { path, mtimeMs: st.mtimeMs, size: st.size, versions };
  return versions;
}

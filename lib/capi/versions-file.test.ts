import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { VersionsFileError } from "./kubernetes-versions.ts";
import { kubernetesVersionsPath, loadKubernetesVersions } from "./versions-file.ts";

const dir = mkdtempSync(join(tmpdir(), "kaas-versions-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const doc = (minor: string) => JSON.stringify({ minors: [{ minor, released: "2026-04-22" }] });

describe("loadKubernetesVersions", () => {
  it("takes the path from KAAS_KUBERNETES_VERSIONS_FILE, else the repository's file", () => {
    expect(kubernetesVersionsPath({ KAAS_KUBERNETES_VERSIONS_FILE: "/etc/kaas/k8s.json" })).toBe(
      "/etc/kaas/k8s.json",
    );
    expect(kubernetesVersionsPath({})).toBe(join(process.cwd(), "config", "kubernetes-versions.json"));
    expect(loadKubernetesVersions(kubernetesVersionsPath({})).minors.length).toBeGreaterThan(0);
  });

  it("re-reads the file when it changes, and refuses a broken edit without caching it", () => {
    const path = join(dir, "versions.json");
    writeFileSync(path, doc("1.36"));
    utimesSync(path, 1_000, 1_000);
    expect(loadKubernetesVersions(path).minors[0]?.minor).toBe("1.36");

    writeFileSync(path, doc("1.37"));
    utimesSync(path, 2_000, 2_000);
    expect(loadKubernetesVersions(path).minors[0]?.minor).toBe("1.37");

    writeFileSync(path, JSON.stringify({ minors: [{ minor: "1.38", released: "soon" }] }));
    utimesSync(path, 3_000, 3_000);
    expect(() => loadKubernetesVersions(path)).toThrow(VersionsFileError);
    expect(() => loadKubernetesVersions(path)).toThrow(
      `${path} is not a valid Kubernetes versions file: minors[0] (1.38).released`,
    );

    writeFileSync(path, doc("1.38"));
    utimesSync(path, 4_000, 4_000);
    expect(loadKubernetesVersions(path).minors[0]?.minor).toBe("1.38");
  });
});

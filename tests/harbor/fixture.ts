/**
 * A Harbor project's content for the tests' loopback server, generated from Harbor's API document:
 * every response object starts as the document's schema generated in one variant (all fields,
 * only required ones, `null` where allowed, or with unknown extra fields) and only the values a
 * scenario needs (names, digests, times, scan results) are set on top.
 */
import { HARBOR_VULNERABILITY_REPORT } from "../../lib/registry/types.ts";
import { generate, type HarborDocument, type Variant } from "./document.ts";
import { type HarborData, ociImage } from "./server.ts";

type Row = Record<string, unknown>;
const HOUR = 3_600_000;
/** Harbor's `pull_time` of an artifact never pulled: Go's zero time. */
export const NEVER = "0001-01-01T00:00:00.000Z";

export type ScanCase =
  | { state: "none" }
  | { state: "running"; percent: number }
  | { state: "error" }
  | { state: "done"; counts: Record<string, number>; fixable: number };

export type ArtifactCase = {
  tags: string[];
  pushedHoursAgo: number;
  /** Undefined: never pulled. */
  pulledHoursAgo?: number;
  scan: ScanCase;
};

const SEVERITY_ORDER = ["Critical", "High", "Medium", "Low", "Unknown"];

/** The scenario the tests and the e2e spec browse: three repositories in one project. */
export const SCENARIO: Record<string, ArtifactCase[]> = {
  api: [
    {
      tags: ["2.0.0", "latest"],
      pushedHoursAgo: 2,
      pulledHoursAgo: 0.1,
      scan: { state: "done", counts: { Critical: 1, High: 3, Medium: 5, Low: 2 }, fixable: 7 },
    },
    { tags: ["2.1.0-rc1"], pushedHoursAgo: 1, scan: { state: "running", percent: 40 } },
    {
      tags: ["1.0.0"],
      pushedHoursAgo: 72,
      pulledHoursAgo: 30,
      scan: { state: "done", counts: {}, fixable: 0 },
    },
    { tags: ["0.9.0"], pushedHoursAgo: 240, pulledHoursAgo: 200, scan: { state: "none" } },
  ],
  web: [
    {
      tags: ["1.4.2"],
      pushedHoursAgo: 30,
      pulledHoursAgo: 3,
      scan: { state: "done", counts: { High: 2, Medium: 1 }, fixable: 2 },
    },
  ],
  "tools/cli": [{ tags: ["0.3.0"], pushedHoursAgo: 500, scan: { state: "none" } }],
};

/**
 * The project's data for {@link startHarborTestServer}: projects, repositories, artifacts (with
 * OCI manifests behind their digests), and a robot account named `robot`.
 */
export function harborFixture(
  doc: HarborDocument,
  opts: {
    project: string;
    variant?: Variant;
    now?: number;
    robot?: { name: string; permissions: Row[] };
    scenario?: Record<string, ArtifactCase[]>;
  },
): HarborData {
  const variant = opts.variant ?? "full";
  const now = opts.now ?? Date.now();
  const at = (hoursAgo: number) => new Date(now - hoursAgo * HOUR).toISOString();
  const gen = (definition: string, mapKeys: Record<string, string[]> = {}) =>
    generate(doc, { $ref: `#/definitions/${definition}` }, variant, { mapKeys, arrayLength: 1 }) as Row;
  const projectId = 7;
  const data: HarborData = {
    projects: [{ ...gen("Project"), project_id: projectId, name: opts.project }],
    repositories: { [opts.project]: [] },
    artifacts: {},
    robots: [],
    permissions: {},
    manifests: {},
    blobs: {},
  };
  let repoId = 100;
  for (const [repo, cases] of Object.entries(opts.scenario ?? SCENARIO)) {
    const full = `${opts.project}/${repo}`;
    const artifacts: Row[] = cases.map((c, i) => {
      const image = ociImage({
        os: "linux",
        architecture: "amd64",
        created: at(c.pushedHoursAgo + 0.5),
        label: `${repo} ${c.tags[0]}`,
      });
      data.manifests[image.digest] = {
        mediaType: "application/vnd.oci.image.manifest.v1+json",
        body: image.manifest,
      };
      data.blobs[image.configDigest] = image.config;
      const pulled = c.pulledHoursAgo === undefined ? NEVER : at(c.pulledHoursAgo);
      return {
        ...gen("Artifact", { ScanOverview: [HARBOR_VULNERABILITY_REPORT] }),
        id: repoId * 10 + i,
        digest: image.digest,
        repository_name: full,
        media_type: "application/vnd.oci.image.config.v1+json",
        manifest_media_type: "application/vnd.oci.image.manifest.v1+json",
        size: image.size,
        push_time: at(c.pushedHoursAgo),
        pull_time: pulled,
        references: null,
        tags: c.tags.map((name) => ({
          ...gen("Tag"),
          name,
          push_time: at(c.pushedHoursAgo),
          pull_time: pulled,
        })),
        scan_overview: scanOverview(gen, c.scan, at(c.pushedHoursAgo - 0.05), at(c.pushedHoursAgo - 0.1)),
      };
    });
    data.artifacts[full] = artifacts;
    const newest = Math.min(...cases.map((c) => c.pushedHoursAgo));
    data.repositories[opts.project]?.push({
      ...gen("Repository"),
      id: repoId++,
      project_id: projectId,
      name: full,
      artifact_count: artifacts.length,
      pull_count: cases.reduce((n, c) => n + (c.pulledHoursAgo === undefined ? 0 : 3), 0),
      update_time: at(newest),
    });
  }
  if (opts.robot) {
    data.robots.push({
      ...gen("Robot"),
      id: 1,
      name: opts.robot.name,
      level: "project",
      disable: false,
      expires_at: -1,
      permissions: opts.robot.permissions,
    });
  }
  return data;
}

function scanOverview(gen: (d: string) => Row, scan: ScanCase, started: string, ended: string): Row | null {
  if (scan.state === "none") return null;
  const report = gen("NativeReportSummary");
  const scanner = { ...gen("Scanner"), name: "Trivy", vendor: "Aqua Security", version: "v0.50.1" };
  if (scan.state === "running") {
    return {
      [HARBOR_VULNERABILITY_REPORT]: {
        ...report,
        scan_status: "Running",
        complete_percent: scan.percent,
        start_time: started,
        end_time: undefined,
        severity: undefined,
        summary: undefined,
        scanner,
      },
    };
  }
  if (scan.state === "error") {
    return {
      [HARBOR_VULNERABILITY_REPORT]: { ...report, scan_status: "Error", scanner, summary: undefined },
    };
  }
  const total = Object.values(scan.counts).reduce((a, b) => a + b, 0);
  const severity = SEVERITY_ORDER.find((s) => (scan.counts[s] ?? 0) > 0) ?? "None";
  return {
    [HARBOR_VULNERABILITY_REPORT]: {
      ...report,
      scan_status: "Success",
      severity,
      complete_percent: 100,
      start_time: started,
      end_time: ended,
      summary: { ...gen("VulnerabilitySummary"), total, fixable: scan.fixable, summary: scan.counts },
      scanner,
    },
  };
}

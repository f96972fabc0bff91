/** What the registry pages render: plain data, never credentials or URLs with them. */
import type { Messages, Translatable } from "@/lib/i18n/english.ts";

/**
 * Why something of a registry could not be shown, as catalog words (`registryProblems`): pages say
 * it in the reader's language, the API in English.
 */
export type RegistryProblem = Translatable<keyof Messages["registryProblems"]>;

/**
 * The media type of the vulnerability report Harbor's scan overview is keyed by. Here, in a module
 * with no server imports, so the tests' Harbor server can use it too.
 */
export const HARBOR_VULNERABILITY_REPORT = "application/vnd.security.vulnerability.report; version=1.1";

/** A page of a list paged on the server. */
export type Paged<T> = {
  items: T[];
  page: number;
  pageSize: number;
  /** Undefined when the registry does not say. */
  total?: number;
  hasNext: boolean;
  /**
   * Set when the list was filtered by the console (Harbor cannot filter by severity): how many rows
   * it read, and whether there were more it did not read.
   */
  examined?: { rows: number; more: boolean };
};

/** A Harbor vulnerability scan overview, reduced to what a row shows. */
export type ScanSummary = {
  status: string;
  /** Highest severity found, as Harbor names it (`Critical`, `High`, …). */
  severity?: string;
  total?: number;
  fixable?: number;
  /** Count per severity. */
  counts: Record<string, number>;
  /** When the scan finished (Harbor's `end_time`). */
  scannedAt?: string;
  /** When the scan started; for a running scan, since when it runs. */
  startedAt?: string;
  /** A running scan's progress, 0–100. */
  percent?: number;
  /** Scanner name and version, e.g. `Trivy v0.9.1`. */
  scanner?: string;
};

export type RepositoryRow = {
  name: string;
  tagCount?: number;
  artifactCount?: number;
  pullCount?: number;
  /** Last push (Harbor's `update_time`). */
  updatedAt?: string;
  /** The scan of the newest artifact (Harbor). */
  scan?: ScanSummary;
  /** The newest artifact's tag or digest (Harbor), which `scan` is of. */
  newest?: string;
};

export type TagRow = {
  /** One tag for the OCI API; all tags of the artifact for Harbor. */
  tags: string[];
  digest?: string;
  mediaType?: string;
  /** Config plus compressed layers; for an index, the sum over its platforms. */
  size?: number;
  platforms: string[];
  created?: string;
  pushed?: string;
  /** Last pull (Harbor). */
  pulled?: string;
  scan?: ScanSummary;
  /** Why the row's details could not be read (the row still shows its tag). */
  problem?: RegistryProblem;
};

export type LayerView = { digest: string; mediaType: string; size: number };

export type PlatformView = {
  platform: string;
  digest: string;
  mediaType: string;
  /** Config plus compressed layers, as `docker images` counts it. */
  size?: number;
  created?: string;
  author?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  layers: LayerView[];
  omittedLayers: number;
  artifactType?: string;
  /** Set when the platform's manifest could not be read or is of an unknown kind. */
  problem?: RegistryProblem;
};

export type ReferrerView = {
  artifactType?: string;
  mediaType: string;
  digest: string;
  size: number;
  annotations: Record<string, string>;
};

export type ManifestView = {
  repository: string;
  reference: string;
  digest: string;
  mediaType: string;
  manifestSize: number;
  kind: "index" | "image" | "unsupported";
  /** For `unsupported`: what is wrong with it. */
  reason?: RegistryProblem;
  annotations: Record<string, string>;
  platforms: PlatformView[];
  omittedPlatforms: number;
  referrers: { source: "api" | "tag" | "none"; items: ReferrerView[] } | { problem: RegistryProblem };
  pull: { byTag?: string; byDigest: string };
  scan?: ScanSummary;
  pushed?: string;
  pulled?: string;
};

import "server-only";
import type { Db } from "@/db/client.ts";
import { getRegistryConnectionForUse } from "@/db/queries/registry-connections.ts";
import { decryptSecret } from "@/lib/crypto.ts";
import {
  compareTags,
  DistributionClient,
  type ManifestResult,
  type RegistryCredentials,
} from "./distribution.ts";
import { RegistryError } from "./errors.ts";
import { HARBOR_MAX_PAGE_SIZE, type HarborArtifact, HarborClient, scanSummary } from "./harbor.ts";
import { mapLimit } from "./http.ts";
import type { Descriptor, ImageConfig } from "./media.ts";
import { platformLabel } from "./media.ts";
import {
  inTeamScope,
  isDigest,
  normalizePrefix,
  type RepositoryListQuery,
  type TagListQuery,
} from "./names.ts";
import type {
  ManifestView,
  Paged,
  PlatformView,
  RegistryProblem,
  RepositoryRow,
  ScanSummary,
  TagRow,
} from "./types.ts";

/**
 * A team's view of its registry: every function here takes a {@link TeamRegistry} and refuses any
 * repository outside the team's prefix, whatever the caller validated before. Large lists are paged
 * here on the server; pages get one page of rows, never a full tag list.
 */

export const PAGE_SIZE = 25;
/** Tags of an index shown per platform at most; the rest is counted. */
const MAX_PLATFORMS = 32;
const LIST_TTL_MS = 15_000;

/** An opened connection: the clients and the team's scope. Holds credentials: server only. */
export type TeamRegistry = {
  kind: "oci" | "harbor";
  /** Distinguishes caches of different connections (and of one connection before and after an edit). */
  key: string;
  /** `host[:port]` for pull references. */
  host: string;
  /** `team-a/`: the team's repositories are strictly below it. */
  prefix: string;
  oci: DistributionClient;
  harbor?: { client: HarborClient; project: string };
};

export type ConnectionSettings = {
  key: string;
  kind: "oci" | "harbor";
  url: string;
  repositoryPrefix?: string | null;
  harborProject?: string | null;
  credentials?: RegistryCredentials;
  timeoutMs?: number;
  /** Plain http allowed to the registry's own host. */
  insecure?: boolean;
  /** Approved token realm origins besides the registry's own. */
  tokenRealms?: readonly string[];
  /** Loopback and private addresses; default `KAAS_REGISTRY_ALLOW_PRIVATE=1`. */
  allowPrivate?: boolean;
};

/** Builds a {@link TeamRegistry} from settings (the database row, decrypted, or a test's). */
export function createTeamRegistry(s: ConnectionSettings): TeamRegistry {
  const egress = { insecure: s.insecure, allowPrivate: s.allowPrivate };
  const oci = new DistributionClient({
    baseUrl: s.url,
    credentials: s.credentials,
    timeoutMs: s.timeoutMs,
    tokenRealms: s.tokenRealms,
    ...egress,
  });
  if (s.kind === "harbor") {
    const project = s.harborProject ?? "";
    return {
      kind: "harbor",
      key: s.key,
      host: oci.host,
      prefix: normalizePrefix(project),
      oci,
      harbor: {
        client: new HarborClient({
          baseUrl: s.url,
          credentials: s.credentials,
          timeoutMs: s.timeoutMs,
          ...egress,
        }),
        project,
      },
    };
  }
  return { kind: "oci", key: s.key, host: oci.host, prefix: normalizePrefix(s.repositoryPrefix ?? ""), oci };
}

const opened = new Map<string, TeamRegistry>();

/**
 * The team's registry, or null when no connection is configured. Clients are kept per connection
 * version, so a token learnt on one request serves the next.
 */
export async function teamRegistry(db: Db, teamId: string): Promise<TeamRegistry | null> {
  const row = await getRegistryConnectionForUse(db, teamId);
  if (!row) return null;
  const key = `${row.id}@${row.updatedAt.getTime()}`;
  const hit = opened.get(key);
  if (hit !== undefined) return hit;
  const credentials =
    row.username !== null
      ? {
          username: row.username,
          password: row.secretEncrypted ? decryptSecret(row.secretEncrypted, teamId) : "",
        }
      : undefined;
  const reg = createTeamRegistry({ ...row, key, credentials });
  for (const k of opened.keys()) if (k.startsWith(`${row.id}@`)) opened.delete(k);
  opened.set(key, reg);
  return reg;
}

/** Sort orders a connection can serve: the OCI API has no push times, Harbor's tag list no tag order. */
export function sortOptions(reg: TeamRegistry, list: "repositories" | "tags") {
  if (reg.kind === "oci") return ["name", "-name"] as const;
  return list === "repositories"
    ? (["name", "-name", "-pushed", "pushed", "-pulls", "pulls"] as const)
    : (["-pushed", "pushed", "-pulled", "pulled"] as const);
}

/**
 * How many rows a "critical or high" filter reads at most: Harbor cannot filter by severity, so
 * the console reads this many (newest first in the chosen order), filters and pages them itself.
 */
export const SEVERITY_FILTER_LIMIT = { repositories: 200, artifacts: 1000 } as const;

/** Whether a scan found something critical or high. */
export function criticalOrHigh(scan: ScanSummary | undefined): boolean {
  if (scan?.status !== "Success") return false;
  if (scan.severity === "Critical" || scan.severity === "High") return true;
  return (scan.counts.Critical ?? 0) + (scan.counts.High ?? 0) > 0;
}

/** Harbor writes Go's zero time (`0001-01-01T00:00:00Z`) for "never": that is no time at all. */
function harborTime(at: string | undefined): string | undefined {
  if (!at) return undefined;
  const t = Date.parse(at);
  return Number.isFinite(t) && t > 0 ? at : undefined;
}

/** Reads Harbor pages of 100 until `limit` rows or the end; `more` says whether rows were left. */
async function readUpTo<T>(
  limit: number,
  load: (page: number) => Promise<{ items: T[]; hasNext: boolean }>,
): Promise<{ items: T[]; more: boolean }> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const r = await load(page);
    items.push(...r.items);
    if (!r.hasNext) return { items, more: false };
    if (items.length >= limit) return { items: items.slice(0, limit), more: true };
  }
}

function assertScope(reg: TeamRegistry, repository: string): void {
  // The pages check this too; here it guards every other caller.
  if (!inTeamScope(reg.prefix, repository))
    throw new RegistryError("not_found", "repository outside the team scope");
}

// --- small TTL/LRU caches: lists for a few seconds, content by digest for longer (it cannot change).

class Cache<V> {
  readonly #map = new Map<string, { value: V; at: number }>();
  readonly max: number;
  readonly ttlMs: number;
  constructor(max: number, ttlMs: number) {
    this.max = max;
    this.ttlMs = ttlMs;
  }
  delete(key: string): void {
    this.#map.delete(key);
  }
  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (!hit) return undefined;
    if (Date.now() - hit.at > this.ttlMs) {
      this.#map.delete(key);
      return undefined;
    }
    this.#map.delete(key);
    this.#map.set(key, hit);
    return hit.value;
  }
  set(key: string, value: V): void {
    this.#map.set(key, { value, at: Date.now() });
    if (this.#map.size > this.max) {
      const oldest = this.#map.keys().next().value;
      if (oldest !== undefined) this.#map.delete(oldest);
    }
  }
}

const listCache = new Cache<Promise<string[]>>(200, LIST_TTL_MS);
const byDigest = new Cache<ManifestResult>(5000, 60 * 60_000);
const configs = new Cache<ImageConfig | undefined>(5000, 60 * 60_000);
const newestCache = new Cache<Promise<HarborArtifact | undefined>>(2000, LIST_TTL_MS);

function cachedList(key: string, load: () => Promise<string[]>): Promise<string[]> {
  const hit = listCache.get(key);
  if (hit !== undefined) return hit;
  const p = load();
  listCache.set(key, p);
  // A failed load is not served again from the cache.
  p.catch(() => listCache.delete(key));
  return p;
}

async function manifestByDigest(
  reg: TeamRegistry,
  repository: string,
  digest: string,
): Promise<ManifestResult> {
  const key = `${reg.key}|${repository}|${digest}`;
  const hit = byDigest.get(key);
  if (hit !== undefined) return hit;
  const m = await reg.oci.manifest(repository, digest);
  byDigest.set(key, m);
  return m;
}

/** A manifest by tag (always asked fresh: tags move) or digest (cached). */
async function manifestByReference(reg: TeamRegistry, repository: string, reference: string) {
  if (isDigest(reference)) return manifestByDigest(reg, repository, reference);
  const m = await reg.oci.manifest(repository, reference);
  byDigest.set(`${reg.key}|${repository}|${m.digest}`, m);
  return m;
}

async function configOf(
  reg: TeamRegistry,
  repository: string,
  d: Descriptor,
): Promise<ImageConfig | undefined> {
  const key = `${reg.key}|${repository}|${d.digest}`;
  const hit = configs.get(key);
  if (hit !== undefined) return hit;
  const c = await reg.oci.config(repository, d);
  configs.set(key, c);
  return c;
}

function imageSize(m: ManifestResult): number | undefined {
  if (m.manifest.kind !== "image") return undefined;
  return m.manifest.config.size + m.manifest.layers.reduce((sum, l) => sum + l.size, 0);
}

/** Attestation manifests in buildx indexes carry platform unknown/unknown; they are not platforms. */
function isPlatformEntry(d: Descriptor): boolean {
  return d.platform?.architecture !== "unknown";
}

// --- repositories

/** One page of the team's repositories, filtered by `q` (a substring of the name) and sorted. */
export async function listRepositories(
  reg: TeamRegistry,
  query: RepositoryListQuery,
  pageSize = PAGE_SIZE,
): Promise<Paged<RepositoryRow>> {
  if (reg.harbor) return listHarborRepositories(reg, reg.harbor, query, pageSize);
  const names = await cachedList(`${reg.key}|catalog`, () => teamCatalog(reg));
  const q = query.q?.toLowerCase();
  const filtered = q ? names.filter((n) => n.toLowerCase().includes(q)) : names;
  const sorted = query.sort === "-name" ? [...filtered].reverse() : filtered;
  const start = (query.page - 1) * pageSize;
  const slice = sorted.slice(start, start + pageSize);
  const items = await mapLimit(slice, 6, async (name): Promise<RepositoryRow> => {
    const tags = await cachedList(`${reg.key}|tags|${name}`, () => reg.oci.allTags(name)).catch(
      () => undefined,
    );
    return { name, ...(tags ? { tagCount: tags.length } : {}) };
  });
  return {
    items,
    page: query.page,
    pageSize,
    total: filtered.length,
    hasNext: start + pageSize < filtered.length,
  };
}

async function listHarborRepositories(
  reg: TeamRegistry,
  harbor: NonNullable<TeamRegistry["harbor"]>,
  query: RepositoryListQuery,
  pageSize: number,
): Promise<Paged<RepositoryRow>> {
  const sort = {
    name: "name",
    "-name": "-name",
    pushed: "update_time",
    "-pushed": "-update_time",
    pulls: "pull_count",
    "-pulls": "-pull_count",
  }[query.sort];
  const load = (page: number, size: number) =>
    harbor.client.repositories(harbor.project, { page, pageSize: size, search: query.q, sort });
  const toRow = async (r: {
    name: string;
    artifact_count?: number;
    pull_count?: number;
    update_time?: string;
  }) => {
    const newest = await newestArtifact(reg, harbor, r.name);
    return {
      name: r.name,
      artifactCount: r.artifact_count,
      pullCount: r.pull_count,
      updatedAt: harborTime(r.update_time),
      ...(newest ? { newest: newest.tags?.[0]?.name ?? newest.digest } : {}),
      ...(newest?.scan_overview ? { scan: scanSummary(newest.scan_overview) } : {}),
    } satisfies RepositoryRow;
  };
  if (query.severity === "high") {
    const read = await readUpTo(SEVERITY_FILTER_LIMIT.repositories, (p) => load(p, HARBOR_MAX_PAGE_SIZE));
    const rows = await mapLimit(
      read.items.filter((r) => inTeamScope(reg.prefix, r.name)),
      6,
      toRow,
    );
    const matching = rows.filter((r) => criticalOrHigh(r.scan));
    return filteredPage(matching, read, query.page, pageSize);
  }
  const page = await load(query.page, Math.min(pageSize, HARBOR_MAX_PAGE_SIZE));
  return {
    items: await mapLimit(
      page.items.filter((r) => inTeamScope(reg.prefix, r.name)),
      6,
      toRow,
    ),
    page: query.page,
    pageSize,
    total: page.total,
    hasNext: page.hasNext,
  };
}

/** A repository's most recently pushed artifact with its scan overview; undefined when unreadable. */
async function newestArtifact(
  reg: TeamRegistry,
  harbor: NonNullable<TeamRegistry["harbor"]>,
  repository: string,
): Promise<HarborArtifact | undefined> {
  // A list page asks once per repository; sorting, filtering and paging within seconds reuse it.
  const key = `${reg.key}|newest|${repository}`;
  const hit = newestCache.get(key);
  if (hit !== undefined) return hit;
  const p = harbor.client
    .artifacts(harbor.project, repository.slice(reg.prefix.length), { pageSize: 1, sort: "-push_time" })
    .then(
      (page) => page.items[0],
      () => {
        newestCache.delete(key);
        return undefined;
      },
    );
  newestCache.set(key, p);
  return p;
}

/**
 * The team's repositories from `/v2/_catalog`: starts just before the prefix in the catalog's
 * lexical order and stops once past it, so other teams' repositories are barely read.
 */
async function teamCatalog(reg: TeamRegistry): Promise<string[]> {
  const out: string[] = [];
  // distribution orders the catalog by path component, so `team-a` lands right before `team-a/…`
  // (a plain string order would put a few `team-a-…` names in between; they are filtered out).
  let last: string | undefined = reg.prefix.slice(0, -1);
  for (let pages = 0; last !== undefined && pages < 1000; pages++) {
    const page = await reg.oci.catalogPage({ n: 1000, last });
    for (const name of page.items) {
      if (inTeamScope(reg.prefix, name)) out.push(name);
      else if (name > reg.prefix) return out.sort();
    }
    if (page.next === last) break;
    last = page.next;
  }
  return out.sort();
}

// --- tags

/** One page of a repository's tags with digest, size, platforms and times. */
export async function listTags(
  reg: TeamRegistry,
  repository: string,
  query: TagListQuery,
  pageSize = PAGE_SIZE,
): Promise<Paged<TagRow>> {
  assertScope(reg, repository);
  if (reg.harbor) return listHarborTags(reg, reg.harbor, repository, query, pageSize);
  const all = await cachedList(`${reg.key}|tags|${repository}`, () => reg.oci.allTags(repository));
  const sorted = query.sort === "-name" ? [...all].sort((a, b) => compareTags(b, a)) : all;
  const start = (query.page - 1) * pageSize;
  const slice = sorted.slice(start, start + pageSize);
  const items = await mapLimit(slice, 6, (tag) => tagRow(reg, repository, tag));
  return { items, page: query.page, pageSize, total: all.length, hasNext: start + pageSize < all.length };
}

async function listHarborTags(
  reg: TeamRegistry,
  harbor: NonNullable<TeamRegistry["harbor"]>,
  repository: string,
  query: TagListQuery,
  pageSize: number,
): Promise<Paged<TagRow>> {
  const inProject = repository.slice(reg.prefix.length);
  const sort =
    { pushed: "push_time", "-pushed": "-push_time", pulled: "pull_time", "-pulled": "-pull_time" }[
      query.sort as string
    ] ?? "-push_time";
  const load = (page: number, size: number) =>
    harbor.client.artifacts(harbor.project, inProject, { page, pageSize: size, sort });
  if (query.severity === "high") {
    const read = await readUpTo(SEVERITY_FILTER_LIMIT.artifacts, (p) => load(p, HARBOR_MAX_PAGE_SIZE));
    const matching = read.items.map(harborTagRow).filter((r) => criticalOrHigh(r.scan));
    return filteredPage(matching, read, query.page, pageSize);
  }
  const page = await load(query.page, Math.min(pageSize, HARBOR_MAX_PAGE_SIZE));
  return {
    items: page.items.map(harborTagRow),
    page: query.page,
    pageSize,
    total: page.total,
    hasNext: page.hasNext,
  };
}

function harborTagRow(a: HarborArtifact): TagRow {
  const pulled = harborTime(a.pull_time);
  const pushed = harborTime(a.push_time);
  const scan = scanSummary(a.scan_overview);
  return {
    tags: (a.tags ?? []).map((t) => t.name),
    digest: a.digest,
    mediaType: a.manifest_media_type,
    size: a.size,
    platforms: (a.references ?? [])
      .map((r) => [r.platform?.os, r.platform?.architecture, r.platform?.variant].filter(Boolean).join("/"))
      .filter((p) => p && !p.includes("unknown")),
    ...(pushed ? { pushed } : {}),
    ...(pulled ? { pulled } : {}),
    ...(scan ? { scan } : {}),
  };
}

async function tagRow(reg: TeamRegistry, repository: string, tag: string): Promise<TagRow> {
  try {
    const m = await manifestByReference(reg, repository, tag);
    const base = { tags: [tag], digest: m.digest, mediaType: m.mediaType };
    if (m.manifest.kind === "image") {
      const config = await configOf(reg, repository, m.manifest.config).catch(() => undefined);
      return {
        ...base,
        size: imageSize(m),
        platforms: config?.os
          ? [
              platformLabel({
                os: config.os,
                architecture: config.architecture ?? "?",
                variant: config.variant,
              }),
            ]
          : [],
        ...(config?.created ? { created: config.created } : {}),
      };
    }
    if (m.manifest.kind === "index") {
      const entries = m.manifest.manifests.filter(isPlatformEntry).slice(0, MAX_PLATFORMS);
      const children = await mapLimit(entries, 4, (e) =>
        manifestByDigest(reg, repository, e.digest).catch(() => undefined),
      );
      const sizes = children.map((c) => (c ? imageSize(c) : undefined));
      const first = children[0];
      const config =
        first?.manifest.kind === "image"
          ? await configOf(reg, repository, first.manifest.config).catch(() => undefined)
          : undefined;
      return {
        ...base,
        size: sizes.every((s) => s !== undefined)
          ? sizes.reduce<number>((a, s) => a + (s ?? 0), 0)
          : undefined,
        platforms: entries.map((e) => platformLabel(e.platform)),
        ...(config?.created ? { created: config.created } : {}),
      };
    }
    return { ...base, platforms: [], problem: m.manifest.reason };
  } catch (err) {
    return { tags: [tag], platforms: [], problem: problemOf(err, "tag") };
  }
}

/** Why a tag (or an image's config, `of: "config"`) could not be read, as catalog words. */
function problemOf(err: unknown, of: "tag" | "config"): RegistryProblem {
  let why: "Removed" | "TooLarge" | "BadResponse" | "NoAnswer" | "Unreadable" = "Unreadable";
  if (err instanceof RegistryError) {
    if (err.kind === "not_found") why = "Removed";
    else if (err.kind === "too_large") why = "TooLarge";
    else if (err.kind === "bad_response") why = "BadResponse";
    else why = "NoAnswer";
  }
  return { key: `${of}${why}`, values: {} };
}

// --- one manifest

/** Everything the tag page shows: per-platform manifests, layers, labels, referrers and pull references. */
export async function manifestView(
  reg: TeamRegistry,
  repository: string,
  reference: string,
): Promise<ManifestView> {
  assertScope(reg, repository);
  const m = await manifestByReference(reg, repository, reference);
  const pull = {
    ...(isDigest(reference) ? {} : { byTag: `${reg.host}/${repository}:${reference}` }),
    byDigest: `${reg.host}/${repository}@${m.digest}`,
  };
  const view: ManifestView = {
    repository,
    reference,
    digest: m.digest,
    mediaType: m.mediaType,
    manifestSize: m.size,
    kind: m.manifest.kind,
    annotations: m.manifest.kind === "unsupported" ? {} : m.manifest.annotations,
    platforms: [],
    omittedPlatforms: 0,
    referrers: { source: "none", items: [] },
    pull,
  };
  if (m.manifest.kind === "unsupported") {
    view.reason = m.manifest.reason;
  } else if (m.manifest.kind === "image") {
    view.platforms = [await platformView(reg, repository, m, undefined)];
  } else {
    const entries = m.manifest.manifests;
    view.omittedPlatforms = Math.max(0, entries.length - MAX_PLATFORMS) + m.manifest.omitted;
    view.platforms = await mapLimit(entries.slice(0, MAX_PLATFORMS), 4, async (entry) => {
      try {
        return await platformView(
          reg,
          repository,
          await manifestByDigest(reg, repository, entry.digest),
          entry,
        );
      } catch (err) {
        return {
          platform: platformLabel(entry.platform),
          digest: entry.digest,
          mediaType: entry.mediaType,
          labels: {},
          annotations: entry.annotations,
          layers: [],
          omittedLayers: 0,
          problem: problemOf(err, "tag"),
        };
      }
    });
  }
  const [referrers, harbor] = await Promise.all([
    reg.oci.referrers(repository, m.digest).then(
      (r) => ({
        source: r.source,
        items: r.referrers.map((d) => ({
          ...(d.artifactType ? { artifactType: d.artifactType } : {}),
          mediaType: d.mediaType,
          digest: d.digest,
          size: d.size,
          annotations: d.annotations,
        })),
      }),
      () => ({ problem: { key: "referrersUnlisted", values: {} } as RegistryProblem }),
    ),
    reg.harbor
      ? reg.harbor.client
          .artifact(reg.harbor.project, repository.slice(reg.prefix.length), m.digest)
          .catch(() => undefined)
      : undefined,
  ]);
  view.referrers = referrers;
  if (harbor) {
    const scan = scanSummary(harbor.scan_overview);
    if (scan) view.scan = scan;
    const pushed = harborTime(harbor.push_time);
    if (pushed) view.pushed = pushed;
    const pulled = harborTime(harbor.pull_time);
    if (pulled) view.pulled = pulled;
  }
  return view;
}

async function platformView(
  reg: TeamRegistry,
  repository: string,
  m: ManifestResult,
  entry: Descriptor | undefined,
): Promise<PlatformView> {
  const base = {
    digest: m.digest,
    mediaType: m.mediaType,
    annotations: m.manifest.kind === "unsupported" ? {} : m.manifest.annotations,
  };
  if (m.manifest.kind !== "image") {
    return {
      ...base,
      platform: platformLabel(entry?.platform),
      labels: {},
      layers: [],
      omittedLayers: 0,
      problem: m.manifest.kind === "unsupported" ? m.manifest.reason : { key: "nestedIndex", values: {} },
    };
  }
  let config: ImageConfig | undefined;
  let problem: RegistryProblem | undefined;
  try {
    config = await configOf(reg, repository, m.manifest.config);
  } catch (err) {
    problem = problemOf(err, "config");
  }
  const platform =
    entry?.platform ??
    (config?.os
      ? { os: config.os, architecture: config.architecture ?? "?", variant: config.variant }
      : undefined);
  return {
    ...base,
    platform: platformLabel(platform),
    size: imageSize(m),
    ...(config?.created ? { created: config.created } : {}),
    ...(config?.author ? { author: config.author } : {}),
    labels: config?.labels ?? {},
    layers: m.manifest.layers.map((l) => ({ digest: l.digest, mediaType: l.mediaType, size: l.size })),
    omittedLayers: m.manifest.omitted,
    ...(m.manifest.artifactType ? { artifactType: m.manifest.artifactType } : {}),
    ...(problem ? { problem } : {}),
  };
}

/**
 * One page of rows filtered here rather than by Harbor (which cannot filter by severity), with
 * how many rows were read to find them.
 */
function filteredPage<T>(
  matching: T[],
  read: { items: unknown[]; more: boolean },
  page: number,
  pageSize: number,
) {
  const start = (page - 1) * pageSize;
  return {
    items: matching.slice(start, start + pageSize),
    page,
    pageSize,
    total: matching.length,
    hasNext: start + pageSize < matching.length,
    examined: { rows: read.items.length, more: read.more },
  };
}

import { z } from "zod";
import type { RegistryCredentials } from "./distribution.ts";
import { allowPrivateFromEnv, type EgressPolicy, egressFetch } from "./egress.ts";
import { errorForStatus, RegistryError } from "./errors.ts";
import { nextLink, parseJson, readLimited } from "./http.ts";
import { referenceSchema } from "./names.ts";
import { HARBOR_VULNERABILITY_REPORT, type ScanSummary } from "./types.ts";

export { HARBOR_VULNERABILITY_REPORT };

/**
 * Harbor API v2.0 (`/api/v2.0`): projects, repositories with artifact and pull counts, artifacts
 * with tags, push time, size and scan overview. Harbor serves `/v2/_catalog` only to system
 * admins, so a team's project is browsed here. Robot accounts (`robot$<project>+<name>`) use basic
 * auth like users.
 */

export const HARBOR_MAX_PAGE_SIZE = 100;

const projectSchema = z.object({
  project_id: z.number(),
  name: z.string(),
  repo_count: z.number().optional().catch(undefined),
  update_time: z.string().optional().catch(undefined),
});
export type HarborProject = z.infer<typeof projectSchema>;

const repositorySchema = z.object({
  name: z.string(),
  artifact_count: z.number().optional().catch(undefined),
  pull_count: z.number().optional().catch(undefined),
  creation_time: z.string().optional().catch(undefined),
  update_time: z.string().optional().catch(undefined),
});
export type HarborRepository = z.infer<typeof repositorySchema>;

const scanReportSchema = z.object({
  scan_status: z.string().optional().catch(undefined),
  severity: z.string().optional().catch(undefined),
  start_time: z.string().optional().catch(undefined),
  end_time: z.string().optional().catch(undefined),
  complete_percent: z.number().optional().catch(undefined),
  scanner: z
    .object({
      name: z.string().optional().catch(undefined),
      vendor: z.string().optional().catch(undefined),
      version: z.string().optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
  summary: z
    .object({
      total: z.number().optional().catch(undefined),
      fixable: z.number().optional().catch(undefined),
      summary: z.record(z.string(), z.number()).optional().catch(undefined),
    })
    .nullish()
    .catch(undefined),
});

const artifactSchema = z.object({
  digest: z.string(),
  media_type: z.string().optional().catch(undefined),
  manifest_media_type: z.string().optional().catch(undefined),
  size: z.number().optional().catch(undefined),
  push_time: z.string().optional().catch(undefined),
  pull_time: z.string().optional().catch(undefined),
  tags: z
    .array(
      z.object({
        name: z.string(),
        push_time: z.string().optional().catch(undefined),
        pull_time: z.string().optional().catch(undefined),
      }),
    )
    .nullish()
    .catch(null),
  references: z
    .array(
      z.object({
        child_digest: z.string(),
        platform: z
          .object({
            os: z.string().optional(),
            architecture: z.string().optional(),
            variant: z.string().optional(),
          })
          .nullish()
          .catch(null),
      }),
    )
    .nullish()
    .catch(null),
  scan_overview: z.record(z.string(), scanReportSchema).nullish().catch(null),
});
export type HarborArtifact = z.infer<typeof artifactSchema>;

const accessSchema = z.object({
  resource: z.string().optional().catch(undefined),
  action: z.string().optional().catch(undefined),
  effect: z.string().optional().catch(undefined),
});

const robotSchema = z.object({
  id: z.number().optional().catch(undefined),
  name: z.string(),
  level: z.string().optional().catch(undefined),
  disable: z.boolean().optional().catch(undefined),
  expires_at: z.number().optional().catch(undefined),
  permissions: z
    .array(
      z.object({
        kind: z.string().optional().catch(undefined),
        namespace: z.string().optional().catch(undefined),
        access: z.array(accessSchema).nullish().catch(null),
      }),
    )
    .nullish()
    .catch(null),
});
export type HarborRobot = z.infer<typeof robotSchema>;

const permissionSchema = z.object({
  resource: z.string().optional().catch(undefined),
  action: z.string().optional().catch(undefined),
});
export type HarborPermission = z.infer<typeof permissionSchema>;

/**
 * The report kind the console asks Harbor for (`X-Accept-Vulnerabilities`): Harbor's own summary of
 * a vulnerability report, keyed by this MIME type in `scan_overview`.
 */

/**
 * What the client reads from each Harbor operation it calls, for the contract test against Harbor's
 * API document: the path as the document writes it, and the schema each response (or list item) is
 * parsed with. A field read here must exist in the document with the same type.
 */
export const HARBOR_OPERATIONS = [
  { method: "get", path: "/projects", schema: projectSchema, list: true },
  { method: "get", path: "/projects/{project_name_or_id}", schema: projectSchema, list: false },
  { method: "get", path: "/projects/{project_name}/repositories", schema: repositorySchema, list: true },
  {
    method: "get",
    path: "/projects/{project_name}/repositories/{repository_name}/artifacts",
    schema: artifactSchema,
    list: true,
  },
  {
    method: "get",
    path: "/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}",
    schema: artifactSchema,
    list: false,
  },
  { method: "get", path: "/robots", schema: robotSchema, list: true },
  { method: "get", path: "/users/current/permissions", schema: permissionSchema, list: true },
] as const;

export type HarborPage<T> = { items: T[]; total?: number; hasNext: boolean };

export type HarborOptions = {
  baseUrl: string;
  credentials?: RegistryCredentials;
  timeoutMs?: number;
  maxBytes?: number;
  /** Plain http allowed; an admin marks the connection so. */
  insecure?: boolean;
  /** Loopback and private addresses; default `KAAS_REGISTRY_ALLOW_PRIVATE=1`. */
  allowPrivate?: boolean;
};

/** Harbor wants a repository name with `/` encoded twice in a path: `a/b` → `a%252Fb`. */
export function harborRepositoryPath(repository: string): string {
  return encodeURIComponent(encodeURIComponent(repository));
}

/**
 * The vulnerability report in an overview (keyed by report MIME type: the one asked for, else the
 * first), reduced to what a row shows.
 */
export function scanSummary(overview: HarborArtifact["scan_overview"]): ScanSummary | undefined {
  if (!overview) return undefined;
  const report = overview[HARBOR_VULNERABILITY_REPORT] ?? Object.values(overview)[0];
  if (!report) return undefined;
  const scanner = [report.scanner?.name, report.scanner?.version].filter(Boolean).join(" ");
  return {
    status: report.scan_status ?? "Unknown",
    ...(report.severity ? { severity: report.severity } : {}),
    ...(report.summary?.total !== undefined ? { total: report.summary.total } : {}),
    ...(report.summary?.fixable !== undefined ? { fixable: report.summary.fixable } : {}),
    counts: report.summary?.summary ?? {},
    ...(report.end_time ? { scannedAt: report.end_time } : {}),
    ...(report.start_time ? { startedAt: report.start_time } : {}),
    ...(report.complete_percent !== undefined ? { percent: report.complete_percent } : {}),
    ...(scanner ? { scanner } : {}),
  };
}

export class HarborClient {
  readonly #base: URL;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #timeoutMs: number;
  readonly #maxBytes: number;
  readonly #policy: EgressPolicy;

  constructor(opts: HarborOptions) {
    const base = new URL(opts.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw new Error("Harbor URL must be http(s)");
    base.pathname = base.pathname.replace(/\/+$/, "");
    this.#base = base;
    this.#credentials = opts.credentials;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#maxBytes = opts.maxBytes ?? 8 * 1024 * 1024;
    // Harbor's API answers on its own origin only: no realms, no redirects.
    this.#policy = {
      base,
      insecure: opts.insecure ?? false,
      tokenRealms: [],
      allowPrivate: opts.allowPrivate ?? allowPrivateFromEnv(),
    };
    if (base.protocol === "http:" && !this.#policy.insecure)
      throw new RegistryError("bad_response", "a plain http registry needs a connection marked insecure");
  }

  /** Projects the account can see, optionally filtered by name. */
  async projects(
    opts: { page?: number; pageSize?: number; name?: string } = {},
  ): Promise<HarborPage<HarborProject>> {
    const q = this.#paging(opts);
    if (opts.name) q.set("name", opts.name);
    return this.#list("/projects", q, projectSchema);
  }

  /**
   * One page of a project's repositories. `search` is a fuzzy name match (`q=name=~…`), `sort` one
   * of Harbor's fields (`name`, `-update_time`, …).
   */
  async repositories(
    project: string,
    opts: { page?: number; pageSize?: number; search?: string; sort?: string } = {},
  ): Promise<HarborPage<HarborRepository>> {
    const q = this.#paging(opts);
    // Harbor's query language treats these as syntax; a search for them matches nothing useful.
    const search = opts.search?.replace(/[,=~{}()[\]\s]/g, "");
    if (search) q.set("q", `name=~${search}`);
    if (opts.sort) q.set("sort", opts.sort);
    return this.#list(`/projects/${encodeURIComponent(project)}/repositories`, q, repositorySchema);
  }

  /** One project by name (Harbor takes a number in that place for an id unless told otherwise). */
  async project(name: string): Promise<HarborProject> {
    const path = `/projects/${encodeURIComponent(name)}`;
    const { body } = await this.#get(path, new URLSearchParams(), { "x-is-resource-name": "true" });
    const parsed = projectSchema.safeParse(body);
    if (!parsed.success) throw new RegistryError("bad_response", `GET ${path}: not a project`);
    return parsed.data;
  }

  /** One page of a repository's artifacts with tags and scan overview. `repository` is without the project. */
  async artifacts(
    project: string,
    repository: string,
    opts: { page?: number; pageSize?: number; sort?: string } = {},
  ): Promise<HarborPage<HarborArtifact>> {
    const q = this.#paging(opts);
    q.set("with_tag", "true");
    q.set("with_scan_overview", "true");
    if (opts.sort) q.set("sort", opts.sort);
    return this.#list(
      `/projects/${encodeURIComponent(project)}/repositories/${harborRepositoryPath(repository)}/artifacts`,
      q,
      artifactSchema,
      { "x-accept-vulnerabilities": HARBOR_VULNERABILITY_REPORT },
    );
  }

  /**
   * Robot accounts whose name contains `search` (Harbor's fuzzy `name=~`). Harbor answers only to
   * accounts allowed to list robots; a pull-only robot gets 403.
   */
  async robots(search: string, opts: { page?: number; pageSize?: number } = {}) {
    const q = this.#paging({ pageSize: HARBOR_MAX_PAGE_SIZE, ...opts });
    const term = search.replace(/[,=~{}()[\]\s"']/g, "");
    if (term) q.set("q", `name=~${term}`);
    return this.#list("/robots", q, robotSchema);
  }

  /** What the account itself may do in `scope` (e.g. `/project/3`), resources relative to it. */
  async currentPermissions(scope: string): Promise<HarborPermission[]> {
    const path = "/users/current/permissions";
    const { body } = await this.#get(path, new URLSearchParams({ scope, relative: "true" }));
    if (!Array.isArray(body)) throw new RegistryError("bad_response", `GET ${path}: not a list`);
    return body.flatMap((row) => {
      const r = permissionSchema.safeParse(row);
      return r.success ? [r.data] : [];
    });
  }

  /** One artifact by tag or digest, with tags and scan overview. */
  async artifact(project: string, repository: string, reference: string): Promise<HarborArtifact> {
    const ref = referenceSchema.parse(reference);
    const q = new URLSearchParams({ with_tag: "true", with_scan_overview: "true" });
    const path = `/projects/${encodeURIComponent(project)}/repositories/${harborRepositoryPath(repository)}/artifacts/${encodeURIComponent(ref)}`;
    const { body } = await this.#get(path, q, { "x-accept-vulnerabilities": HARBOR_VULNERABILITY_REPORT });
    const parsed = artifactSchema.safeParse(body);
    if (!parsed.success) throw new RegistryError("bad_response", `GET ${path}: not an artifact`);
    return parsed.data;
  }

  #paging(opts: { page?: number; pageSize?: number }): URLSearchParams {
    const page = Math.max(1, Math.floor(opts.page ?? 1));
    const size = Math.min(HARBOR_MAX_PAGE_SIZE, Math.max(1, Math.floor(opts.pageSize ?? 25)));
    return new URLSearchParams({ page: String(page), page_size: String(size) });
  }

  async #list<T>(
    path: string,
    q: URLSearchParams,
    schema: z.ZodType<T>,
    extraHeaders: Record<string, string> = {},
  ): Promise<HarborPage<T>> {
    const { body, res } = await this.#get(path, q, extraHeaders);
    if (!Array.isArray(body)) throw new RegistryError("bad_response", `GET ${path}: not a list`);
    // Rows Harbor sends in a shape we do not know are left out rather than failing the page.
    const items = body.flatMap((row) => {
      const r = schema.safeParse(row);
      return r.success ? [r.data] : [];
    });
    const totalHeader = res.headers.get("x-total-count");
    const total = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : undefined;
    const page = Number(q.get("page"));
    const size = Number(q.get("page_size"));
    const hasNext =
      nextLink(res.headers.get("link"), this.#base) !== undefined ||
      (total !== undefined ? page * size < total : body.length >= size);
    return { items, ...(total !== undefined ? { total } : {}), hasNext };
  }

  async #get(
    path: string,
    q: URLSearchParams,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ body: unknown; res: Response }> {
    const prefix = this.#base.pathname === "/" ? "" : this.#base.pathname;
    const url = new URL(`${prefix}/api/v2.0${path}`, this.#base.origin);
    if (url.origin !== this.#base.origin || !url.pathname.startsWith(`${prefix}/api/v2.0/`)) {
      throw new Error("refusing a request outside Harbor's API");
    }
    url.search = q.toString();
    const what = `GET ${path}`;
    const headers: Record<string, string> = {
      ...extraHeaders,
      accept: "application/json",
      "user-agent": "kaas-console",
    };
    if (this.#credentials) {
      const { username, password } = this.#credentials;
      headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    }
    const res = await egressFetch(url, { headers, timeoutMs: this.#timeoutMs, what }, this.#policy);
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw errorForStatus(res.status, what, res.headers.get("retry-after"));
    }
    return { body: parseJson(await readLimited(res, this.#maxBytes, what), what), res };
  }
}

import { createHash } from "node:crypto";
import { allowPrivateFromEnv, type EgressPolicy, egressFetch, realmAllowed } from "./egress.ts";
import { errorForStatus, RegistryError } from "./errors.ts";
import { mapLimit, nextLink, parseChallenge, parseJson, readLimited } from "./http.ts";
import {
  type Descriptor,
  type ImageConfig,
  isImageConfig,
  MANIFEST_ACCEPT,
  MEDIA,
  type ParsedManifest,
  parseImageConfig,
  parseManifest,
} from "./media.ts";
import { digestSchema, referenceSchema, repositoryNameSchema } from "./names.ts";

/**
 * One client for the OCI Distribution API (and Docker registry v2): basic auth and the Docker
 * token flow, catalog and tag paging, manifests, configs and referrers, with timeouts and size
 * limits on everything it reads. It only ever requests paths under its base URL; the token
 * realm named by the registry's challenge is called only when the connection approves it
 * (see lib/registry/egress.ts), and blob redirects are followed without credentials.
 */

export type RegistryCredentials = { username: string; password: string };

export type DistributionOptions = {
  /** e.g. `https://registry.example.com`; a path prefix is kept. */
  baseUrl: string;
  credentials?: RegistryCredentials;
  /** Per request, default 10 s. */
  timeoutMs?: number;
  /** Largest manifest or token response read, default 4 MiB (the limit distribution itself sets). */
  maxManifestBytes?: number;
  /** Largest config blob read, default 2 MiB. */
  maxConfigBytes?: number;
  /** Largest tag or catalog page read, default 8 MiB. */
  maxListBytes?: number;
  /** Shared token cache; by default one per process. */
  tokenCache?: TokenCache;
  /** Plain http allowed (to the registry's own host); an admin marks the connection so. */
  insecure?: boolean;
  /** Approved token realm origins besides the registry's own. */
  tokenRealms?: readonly string[];
  /** Loopback and private addresses; default `KAAS_REGISTRY_ALLOW_PRIVATE=1`. */
  allowPrivate?: boolean;
};

/** Bearer tokens by (registry, account, scope), until shortly before they expire. */
export class TokenCache {
  readonly #tokens = new Map<string, { token: string; expiresAt: number }>();

  get(key: string, now = Date.now()): string | undefined {
    const hit = this.#tokens.get(key);
    if (!hit) return undefined;
    if (hit.expiresAt <= now) {
      this.#tokens.delete(key);
      return undefined;
    }
    return hit.token;
  }

  set(key: string, token: string, expiresAt: number): void {
    if (this.#tokens.size > 1000) this.#tokens.clear();
    this.#tokens.set(key, { token, expiresAt });
  }

  get size(): number {
    return this.#tokens.size;
  }
}

const processTokens = new TokenCache();

export type ManifestResult = {
  /** The digest of the bytes received (verified against the request when it named a digest). */
  digest: string;
  mediaType: string;
  size: number;
  manifest: ParsedManifest;
};

export type PageResult<T> = { items: T[]; next?: string };

export type ReferrersResult = {
  /** `api`: the registry's referrers API; `tag`: the `sha256-<hex>` fallback tag; `none`: neither. */
  source: "api" | "tag" | "none";
  referrers: Descriptor[];
};

type RequestInit = {
  method?: "GET" | "HEAD";
  accept?: string;
  /** The token scope this call needs, used when the challenge does not name one. */
  scope: string;
  limit: number;
  what: string;
};

export class DistributionClient {
  readonly #base: URL;
  readonly #credentials: RegistryCredentials | undefined;
  readonly #timeoutMs: number;
  readonly #maxManifest: number;
  readonly #maxConfig: number;
  readonly #maxList: number;
  readonly #tokens: TokenCache;
  readonly #policy: EgressPolicy;
  /** Learnt from the first challenge, so later calls authenticate up front. */
  #scheme: "none" | "basic" | "bearer" = "none";
  #bearer: { realm: string; service?: string } | undefined;

  constructor(opts: DistributionOptions) {
    const base = new URL(opts.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:")
      throw new Error("registry URL must be http(s)");
    base.pathname = base.pathname.replace(/\/+$/, "");
    base.search = "";
    base.hash = "";
    this.#base = base;
    this.#credentials = opts.credentials;
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#maxManifest = opts.maxManifestBytes ?? 4 * 1024 * 1024;
    this.#maxConfig = opts.maxConfigBytes ?? 2 * 1024 * 1024;
    this.#maxList = opts.maxListBytes ?? 8 * 1024 * 1024;
    this.#tokens = opts.tokenCache ?? processTokens;
    this.#policy = {
      base,
      insecure: opts.insecure ?? false,
      tokenRealms: opts.tokenRealms ?? [],
      allowPrivate: opts.allowPrivate ?? allowPrivateFromEnv(),
    };
    if (base.protocol === "http:" && !this.#policy.insecure)
      throw new RegistryError("bad_response", "a plain http registry needs a connection marked insecure");
  }

  /** `host[:port]` as `docker pull` wants it. */
  get host(): string {
    return this.#base.host + (this.#base.pathname === "/" ? "" : this.#base.pathname);
  }

  /** `GET /v2/`: resolves when the registry answers and accepts the credentials. */
  async ping(): Promise<void> {
    const res = await this.#request("/v2/", { scope: "", limit: 64 * 1024, what: "GET /v2/" });
    await res.body?.cancel().catch(() => {});
  }

  /** One page of `/v2/_catalog`, after `last`; `next` is the cursor for the page after it. */
  async catalogPage(opts: { n: number; last?: string }): Promise<PageResult<string>> {
    const query = new URLSearchParams({ n: String(opts.n) });
    if (opts.last) query.set("last", opts.last);
    return this.#listPage(`/v2/_catalog?${query}`, "repositories", "registry:catalog:*", opts.n);
  }

  /** One page of a repository's tags, after `last`. The registry may ignore `n` (see {@link allTags}). */
  async tagsPage(repository: string, opts: { n?: number; last?: string } = {}): Promise<PageResult<string>> {
    const name = repositoryNameSchema.parse(repository);
    const query = new URLSearchParams();
    if (opts.n !== undefined) query.set("n", String(opts.n));
    if (opts.last) query.set("last", opts.last);
    const qs = query.size ? `?${query}` : "";
    return this.#listPage(`/v2/${name}/tags/list${qs}`, "tags", `repository:${name}:pull`, opts.n);
  }

  /**
   * Every tag of a repository, sorted and unique, following `Link`/`last` paging where the registry
   * offers it (distribution 2.8 does not: it returns everything at once, unsorted). Stops at `max`.
   */
  async allTags(repository: string, opts: { pageSize?: number; max?: number } = {}): Promise<string[]> {
    const n = opts.pageSize ?? 1000;
    const max = opts.max ?? 100_000;
    const seen = new Set<string>();
    let last: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await this.tagsPage(repository, { n, last });
      const before = seen.size;
      for (const t of page.items) seen.add(t);
      if (seen.size >= max) break;
      // No cursor, or a server that ignores `last` and repeats itself: done.
      if (!page.next || seen.size === before) break;
      last = page.next;
    }
    return [...seen].sort(compareTags).slice(0, max);
  }

  /** A manifest or index by tag or digest, parsed; digests are checked against the bytes. */
  async manifest(repository: string, reference: string): Promise<ManifestResult> {
    const name = repositoryNameSchema.parse(repository);
    const ref = referenceSchema.parse(reference);
    const what = `GET manifest ${name}@${ref}`;
    const res = await this.#request(`/v2/${name}/manifests/${ref}`, {
      accept: MANIFEST_ACCEPT,
      scope: `repository:${name}:pull`,
      limit: this.#maxManifest,
      what,
    });
    const bytes = await readLimited(res, this.#maxManifest, what);
    const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
    if (ref.startsWith("sha256:") && ref !== digest) {
      throw new RegistryError("bad_response", `${what}: the content does not match its digest`);
    }
    const manifest = parseManifest(bytes, res.headers.get("content-type"));
    const mediaType = manifest.mediaType || (res.headers.get("content-type") ?? "unknown");
    return {
      digest: ref.startsWith("sha512:") ? ref : digest,
      mediaType,
      size: bytes.length,
      manifest,
    };
  }

  /** `HEAD` a manifest: digest, media type and size without the body. */
  async headManifest(
    repository: string,
    reference: string,
  ): Promise<{ digest: string | undefined; mediaType: string; size: number }> {
    const name = repositoryNameSchema.parse(repository);
    const ref = referenceSchema.parse(reference);
    const res = await this.#request(`/v2/${name}/manifests/${ref}`, {
      method: "HEAD",
      accept: MANIFEST_ACCEPT,
      scope: `repository:${name}:pull`,
      limit: 0,
      what: `HEAD manifest ${name}@${ref}`,
    });
    return {
      digest: res.headers.get("docker-content-digest") ?? undefined,
      mediaType: (res.headers.get("content-type") ?? "").split(";")[0]?.trim() ?? "",
      size: Number(res.headers.get("content-length") ?? 0),
    };
  }

  /** The image config a manifest names; undefined for artifacts whose config is not an image config. */
  async config(repository: string, descriptor: Descriptor): Promise<ImageConfig | undefined> {
    if (!isImageConfig(descriptor.mediaType)) return undefined;
    const name = repositoryNameSchema.parse(repository);
    const digest = digestSchema.parse(descriptor.digest);
    const what = `GET config ${name}@${digest}`;
    if (descriptor.size > this.#maxConfig)
      throw new RegistryError("too_large", `${what}: ${descriptor.size} bytes`);
    const res = await this.#request(`/v2/${name}/blobs/${digest}`, {
      scope: `repository:${name}:pull`,
      limit: this.#maxConfig,
      what,
    });
    const bytes = await readLimited(res, this.#maxConfig, what);
    if (
      digest.startsWith("sha256:") &&
      `sha256:${createHash("sha256").update(bytes).digest("hex")}` !== digest
    ) {
      throw new RegistryError("bad_response", `${what}: the content does not match its digest`);
    }
    return parseImageConfig(bytes);
  }

  /**
   * What refers to `digest` (signatures, SBOMs, attestations): the referrers API, following its
   * `Link` pages, or else the `sha256-<hex>` tag schema the spec describes as the fallback.
   */
  async referrers(repository: string, digest: string, max = 200): Promise<ReferrersResult> {
    const name = repositoryNameSchema.parse(repository);
    const d = digestSchema.parse(digest);
    const scope = `repository:${name}:pull`;
    const found: Descriptor[] = [];
    let path: string | undefined = `/v2/${name}/referrers/${d}`;
    try {
      while (path && found.length < max) {
        const what = `GET referrers ${name}@${d}`;
        const res = await this.#request(path, {
          accept: MEDIA.ociIndex,
          scope,
          limit: this.#maxManifest,
          what,
        });
        const parsed = parseManifest(await readLimited(res, this.#maxManifest, what), MEDIA.ociIndex);
        if (parsed.kind !== "index") throw new RegistryError("bad_response", `${what}: not an index`);
        found.push(...parsed.manifests);
        path = this.#sameOriginPath(nextLink(res.headers.get("link"), this.#base));
      }
      return { source: "api", referrers: found.slice(0, max) };
    } catch (err) {
      if (!(err instanceof RegistryError) || err.kind !== "not_found") throw err;
    }
    const fallbackTag = d.replace(":", "-");
    try {
      const index = await this.manifest(name, fallbackTag);
      if (index.manifest.kind === "index")
        return { source: "tag", referrers: index.manifest.manifests.slice(0, max) };
    } catch (err) {
      if (!(err instanceof RegistryError) || err.kind !== "not_found") throw err;
    }
    return { source: "none", referrers: [] };
  }

  /** Manifests and configs of each platform of an index, at most `limit` at a time. */
  async platforms(repository: string, index: Descriptor[], limit = 4) {
    return mapLimit(index, limit, async (entry) => {
      try {
        const m = await this.manifest(repository, entry.digest);
        const config =
          m.manifest.kind === "image" ? await this.config(repository, m.manifest.config) : undefined;
        return { entry, manifest: m, config, error: undefined };
      } catch (err) {
        return { entry, manifest: undefined, config: undefined, error: err as Error };
      }
    });
  }

  async #listPage(
    path: string,
    field: "repositories" | "tags",
    scope: string,
    n: number | undefined,
  ): Promise<PageResult<string>> {
    const what = `GET ${path.split("?")[0]}`;
    const res = await this.#request(path, { scope, limit: this.#maxList, what });
    const body = parseJson(await readLimited(res, this.#maxList, what), what) as Record<
      string,
      unknown
    > | null;
    const raw = body?.[field];
    // A repository without tags answers `"tags": null`.
    if (raw !== null && raw !== undefined && !Array.isArray(raw)) {
      throw new RegistryError("bad_response", `${what}: ${field} is not a list`);
    }
    const items = (raw ?? []).filter((x): x is string => typeof x === "string");
    const link = nextLink(res.headers.get("link"), this.#base);
    let next: string | undefined;
    if (link) next = link.searchParams.get("last") ?? undefined;
    // Without a Link header a full page may still have more after it (some registries omit it).
    else if (n !== undefined && items.length >= n && items.length > 0) next = items.at(-1);
    return { items, next };
  }

  /** A path of `url` when it is on this registry, else undefined (a Link elsewhere is not followed). */
  #sameOriginPath(url: URL | undefined): string | undefined {
    if (!url || url.origin !== this.#base.origin) return undefined;
    const prefix = this.#base.pathname === "/" ? "" : this.#base.pathname;
    if (!url.pathname.startsWith(`${prefix}/v2/`)) return undefined;
    return url.pathname.slice(prefix.length) + url.search;
  }

  #url(path: string): URL {
    const prefix = this.#base.pathname === "/" ? "" : this.#base.pathname;
    const url = new URL(`${prefix}${path}`, this.#base.origin);
    // Paths are built from validated names only; this is the last line against a request elsewhere.
    if (url.origin !== this.#base.origin || !url.pathname.startsWith(`${prefix}/v2/`)) {
      throw new Error(`refusing a request outside the registry: ${url.pathname}`);
    }
    return url;
  }

  async #request(path: string, init: RequestInit): Promise<Response> {
    const url = this.#url(path);
    const send = async (authorization: string | undefined) => {
      const headers: Record<string, string> = { "user-agent": "kaas-console" };
      if (init.accept) headers.accept = init.accept;
      if (authorization) headers.authorization = authorization;
      return egressFetch(
        url,
        {
          method: init.method ?? "GET",
          headers,
          timeoutMs: this.#timeoutMs,
          what: init.what,
          // Blobs may live in object storage behind a redirect; manifests and lists never move.
          maxRedirects: init.what.startsWith("GET config") ? 3 : 0,
        },
        this.#policy,
      );
    };

    let res = await send(await this.#authorization(init.scope, undefined));
    if (res.status === 401) {
      const challenge = parseChallenge(res.headers.get("www-authenticate"));
      await res.body?.cancel().catch(() => {});
      const authorization = await this.#authorization(init.scope, challenge);
      if (authorization) res = await send(authorization);
    }
    if (res.ok) return res;
    await res.body?.cancel().catch(() => {});
    throw errorForStatus(res.status, init.what, res.headers.get("retry-after"));
  }

  /** The Authorization header for a call; with a challenge, what it asks for (fetching a token). */
  async #authorization(
    scope: string,
    challenge: ReturnType<typeof parseChallenge>,
  ): Promise<string | undefined> {
    if (challenge?.scheme === "basic") this.#scheme = "basic";
    if (challenge?.scheme === "bearer" && challenge.params.realm) {
      this.#scheme = "bearer";
      this.#bearer = { realm: challenge.params.realm, service: challenge.params.service };
    }
    if (this.#scheme === "basic" && this.#credentials) {
      const { username, password } = this.#credentials;
      return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    }
    if (this.#scheme === "bearer" && this.#bearer) {
      const wanted = challenge?.params.scope ?? scope;
      const token = await this.#token(
        this.#bearer.realm,
        this.#bearer.service,
        wanted,
        challenge !== undefined,
      );
      return token ? `Bearer ${token}` : undefined;
    }
    return undefined;
  }

  async #token(realm: string, service: string | undefined, scope: string, refresh: boolean) {
    const key = [this.#base.origin, this.#credentials?.username ?? "", realm, service ?? "", scope].join(
      "\n",
    );
    if (!refresh) {
      const cached = this.#tokens.get(key);
      if (cached) return cached;
    }
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new RegistryError("bad_response", "token realm is not a URL");
    }
    // The registry names the realm, so it could name any host: the robot's credentials go only
    // where the connection approves, and nothing at all is sent elsewhere.
    if (!realmAllowed(url, this.#policy)) {
      throw new RegistryError(
        "bad_response",
        `token realm ${url.origin} is not approved on this connection (or is plain http to another host)`,
      );
    }
    if (service) url.searchParams.set("service", service);
    for (const s of scope.split(" ").filter(Boolean)) url.searchParams.append("scope", s);
    const headers: Record<string, string> = { "user-agent": "kaas-console" };
    if (this.#credentials) {
      const { username, password } = this.#credentials;
      headers.authorization = `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
    }
    const what = "GET token";
    const res = await egressFetch(url, { headers, timeoutMs: this.#timeoutMs, what }, this.#policy);
    if (!res.ok) {
      await res.body?.cancel().catch(() => {});
      throw errorForStatus(res.status, what, res.headers.get("retry-after"));
    }
    const body = parseJson(await readLimited(res, 1024 * 1024, what), what) as Record<string, unknown> | null;
    const token = typeof body?.token === "string" ? body.token : body?.access_token;
    if (typeof token !== "string" || !token) throw new RegistryError("bad_response", `${what}: no token`);
    const lifetime = typeof body?.expires_in === "number" && body.expires_in > 0 ? body.expires_in : 60;
    const issued = typeof body?.issued_at === "string" ? Date.parse(body.issued_at) : Number.NaN;
    const start = Number.isFinite(issued) ? Math.min(issued, Date.now()) : Date.now();
    // Renew a little early so a token never expires in flight.
    this.#tokens.set(key, token, start + Math.max(1, lifetime - 10) * 1000);
    return token;
  }
}

/**
 * Tag order: version-aware (`1.9.0` before `1.10.0`), then plain code-point order, so the order is
 * total and stable across pages.
 */
export function compareTags(a: string, b: string): number {
  const byVersion = a.localeCompare(b, "en", { numeric: true, sensitivity: "case" });
  if (byVersion !== 0) return byVersion;
  return a < b ? -1 : a > b ? 1 : 0;
}

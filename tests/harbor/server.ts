/**
 * The tests' loopback server that answers like Harbor: every request is checked against Harbor's
 * API document (`document.ts`) and answered with data generated from the document's schemas,
 * paged with `X-Total-Count` and `Link` as Harbor writes them. The schema is Harbor's; this server
 * is ours (no Harbor can run here). It also serves the few OCI Distribution calls the tag page makes
 * for the same artifacts (hand-written per the OCI spec, outside Harbor's document).
 */
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { checkRequest, findOperation, type HarborDocument, type RequestCheck } from "./document.ts";

type Row = Record<string, unknown>;

export type HarborData = {
  /** Projects, each with `name` and `project_id`. */
  projects: Row[];
  /** Repositories by project name; `name` is `project/repo`. */
  repositories: Record<string, Row[]>;
  /** Artifacts by full repository name (`project/repo`). */
  artifacts: Record<string, Row[]>;
  robots: Row[];
  /** What `/users/current/permissions` answers, by scope; missing scope: 403. */
  permissions: Record<string, Row[]>;
  /** OCI manifests by digest (raw bytes and media type), for `/v2/<name>/manifests/<ref>`. */
  manifests: Record<string, { mediaType: string; body: string }>;
  /** Config and layer blobs by digest. */
  blobs: Record<string, string>;
  /** Answer 403 on `/robots` (a robot without the right to list robots). */
  robotsForbidden?: boolean;
};

export type HarborTestServer = {
  url: string;
  checks: RequestCheck[];
  close: () => Promise<void>;
};

/** An OCI image manifest and its config for an artifact: `{digest, manifest, config}`. */
export function ociImage(opts: { os: string; architecture: string; created: string; label: string }) {
  const config = JSON.stringify({
    architecture: opts.architecture,
    os: opts.os,
    created: opts.created,
    config: { Labels: { "org.opencontainers.image.description": opts.label } },
    rootfs: { type: "layers", diff_ids: [] },
  });
  const configDigest = `sha256:${createHash("sha256").update(config).digest("hex")}`;
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: "application/vnd.oci.image.manifest.v1+json",
    config: {
      mediaType: "application/vnd.oci.image.config.v1+json",
      digest: configDigest,
      size: config.length,
    },
    layers: [],
  });
  return {
    digest: `sha256:${createHash("sha256").update(manifest).digest("hex")}`,
    manifest,
    configDigest,
    config,
    size: manifest.length + config.length,
  };
}

function sortRows(rows: Row[], sort: string | null): Row[] {
  if (!sort) return rows;
  const fields = sort
    .split(",")
    .map((f) => (f.startsWith("-") ? { key: f.slice(1), desc: true } : { key: f, desc: false }));
  return [...rows].sort((a, b) => {
    for (const { key, desc } of fields) {
      const x = a[key];
      const y = b[key];
      if (x === y) continue;
      // Harbor sorts in SQL: missing values first ascending.
      if (x === undefined || x === null) return desc ? 1 : -1;
      if (y === undefined || y === null) return desc ? -1 : 1;
      const c = String(x) < String(y) ? -1 : 1;
      return desc ? -c : c;
    }
    return 0;
  });
}

function filterRows(rows: Row[], q: string | null): Row[] {
  if (!q) return rows;
  return rows.filter((r) =>
    q.split(",").every((cond) => {
      const fuzzy = /^([a-z_]+)=~(.*)$/.exec(cond);
      if (fuzzy) return String(r[fuzzy[1] ?? ""] ?? "").includes(fuzzy[2] ?? "");
      const exact = /^([a-z_]+)=(.*)$/.exec(cond);
      if (exact) return String(r[exact[1] ?? ""] ?? "") === exact[2];
      return false;
    }),
  );
}

/** Starts the server on 127.0.0.1 (a free port unless `port` is given). Basic auth is required. */
export async function startHarborTestServer(opts: {
  doc: HarborDocument;
  data: HarborData;
  credentials: { username: string; password: string };
  port?: number;
}): Promise<HarborTestServer> {
  const { doc, data } = opts;
  const checks: RequestCheck[] = [];
  const expected = `Basic ${Buffer.from(`${opts.credentials.username}:${opts.credentials.password}`).toString("base64")}`;

  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
  const harborError = (res: ServerResponse, status: number, code: string) =>
    json(res, status, { errors: [{ code, message: code.toLowerCase().replace(/_/g, " ") }] });

  const page = (res: ServerResponse, url: URL, rows: Row[]) => {
    const number = Number(url.searchParams.get("page") ?? 1);
    const size = Number(url.searchParams.get("page_size") ?? 10);
    const sorted = sortRows(filterRows(rows, url.searchParams.get("q")), url.searchParams.get("sort"));
    const slice = sorted.slice((number - 1) * size, number * size);
    // Harbor's Link header (src/lib/link.go): prev and next, comma-separated.
    const link = (p: number) => {
      const q = new URLSearchParams(url.searchParams);
      q.set("page", String(p));
      return `<${url.pathname}?${q}>`;
    };
    const links = [
      ...(number > 1 ? [`${link(number - 1)}; rel="prev"`] : []),
      ...(number * size < sorted.length ? [`${link(number + 1)}; rel="next"`] : []),
    ];
    json(res, 200, slice, {
      "x-total-count": String(sorted.length),
      ...(links.length ? { link: links.join(" , ") } : {}),
    });
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://harbor.test");
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { "www-authenticate": 'Basic realm="harbor"', "content-type": "application/json" });
      res.end(JSON.stringify({ errors: [{ code: "UNAUTHORIZED", message: "unauthorized" }] }));
      return;
    }
    if (url.pathname.startsWith("/v2/")) return oci(req, res, url);
    const check = checkRequest(doc, {
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
    });
    checks.push(check);
    if (check.problems.length)
      return json(res, 400, { errors: check.problems.map((message) => ({ code: "BAD_REQUEST", message })) });
    const op = findOperation(doc, req.method ?? "GET", url.pathname);
    const params = Object.fromEntries(
      Object.entries(op?.pathParams ?? {}).map(([k, v]) => [k, decodeURIComponent(decodeURIComponent(v))]),
    );
    switch (op?.template) {
      case "/projects":
        return page(res, url, data.projects);
      case "/projects/{project_name_or_id}": {
        const byName = req.headers["x-is-resource-name"] === "true";
        const p = data.projects.find(
          (x) => (byName ? x.name : String(x.project_id)) === params.project_name_or_id,
        );
        return p ? json(res, 200, p) : harborError(res, 404, "NOT_FOUND");
      }
      case "/projects/{project_name}/repositories":
        return page(res, url, data.repositories[params.project_name ?? ""] ?? []);
      case "/projects/{project_name}/repositories/{repository_name}/artifacts":
        return page(res, url, data.artifacts[`${params.project_name}/${params.repository_name}`] ?? []);
      case "/projects/{project_name}/repositories/{repository_name}/artifacts/{reference}": {
        const rows = data.artifacts[`${params.project_name}/${params.repository_name}`] ?? [];
        const ref = params.reference;
        const a = rows.find(
          (r) => r.digest === ref || ((r.tags as Row[] | null) ?? []).some((t) => t.name === ref),
        );
        return a ? json(res, 200, a) : harborError(res, 404, "NOT_FOUND");
      }
      case "/robots":
        return data.robotsForbidden ? harborError(res, 403, "FORBIDDEN") : page(res, url, data.robots);
      case "/users/current/permissions": {
        const perms = data.permissions[url.searchParams.get("scope") ?? ""];
        return perms ? json(res, 200, perms) : harborError(res, 403, "FORBIDDEN");
      }
      default:
        return harborError(res, 404, "NOT_FOUND");
    }
  };

  const oci = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (url.pathname === "/v2/") return json(res, 200, {});
    const m = /^\/v2\/(.+)\/(manifests|blobs|referrers)\/([^/]+)$/.exec(url.pathname);
    if (!m) return json(res, 404, { errors: [{ code: "NAME_UNKNOWN" }] });
    const [, name, kind, ref] = m;
    if (kind === "referrers") return json(res, 404, { errors: [{ code: "UNSUPPORTED" }] });
    if (kind === "blobs") {
      const blob = data.blobs[ref ?? ""];
      if (!blob) return json(res, 404, { errors: [{ code: "BLOB_UNKNOWN" }] });
      res.writeHead(200, { "content-type": "application/octet-stream", "docker-content-digest": ref ?? "" });
      return res.end(blob);
    }
    const artifact = (data.artifacts[name ?? ""] ?? []).find(
      (a) => a.digest === ref || ((a.tags as Row[] | null) ?? []).some((t) => t.name === ref),
    );
    const digest = String(artifact?.digest ?? "");
    const manifest = data.manifests[digest];
    if (!manifest) return json(res, 404, { errors: [{ code: "MANIFEST_UNKNOWN" }] });
    res.writeHead(200, {
      "content-type": manifest.mediaType,
      "docker-content-digest": digest,
      "content-length": String(Buffer.byteLength(manifest.body)),
    });
    res.end(req.method === "HEAD" ? undefined : manifest.body);
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    checks,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

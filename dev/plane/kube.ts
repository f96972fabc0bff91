/**
 * A minimal client for the local plane's API server over node:https with client certificates.
 * The dev scripts use it to install CRDs, webhooks, RBAC and demo objects; the console itself
 * talks to Kubernetes only through lib/k8s.
 */
import { request } from "node:https";

export type KubeCredentials = { server: string; ca: Buffer; cert: Buffer; key: Buffer };
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
};
export type KubeResponse = { status: number; body: unknown; text: string };
/**
 * Extra request headers. An array value is sent as one header line per element, which is how
 * Kubernetes expects repeated headers such as `Impersonate-Group` (it does not split on commas).
 */
export type KubeHeaders = Record<string, string | string[]>;

/**
 * Sends one request and returns the status and the parsed JSON body (or raw text).
 * `headers` are added to the defaults (e.g. impersonation headers); they may override them.
 */
export function kubeRequest(
  creds: KubeCredentials,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
  headers: KubeHeaders = {},
): Promise<KubeResponse> {
  const url = new URL(path, creds.server);
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        ca: creds.ca,
        cert: creds.cert,
        key: creds.key,
        headers: {
          accept: "application/json",
          ...(payload === undefined ? {} : { "content-type": contentType }),
          ...headers,
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let parsed: unknown = text;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON (healthz answers plain text)
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, text });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

type ApiResource = { name: string; kind: string; namespaced: boolean };
const discoveryCache = new Map<string, ApiResource[]>();

function groupPath(apiVersion: string): string {
  return apiVersion.includes("/") ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Finds the REST path of an object through discovery (cached per group version). */
export async function objectPath(creds: KubeCredentials, obj: KubeObject, withName = true): Promise<string> {
  const gv = groupPath(obj.apiVersion);
  let resources = discoveryCache.get(gv);
  if (!resources) {
    const res = await kubeRequest(creds, "GET", gv);
    if (res.status !== 200)
      throw new Error(`discovery of ${obj.apiVersion} failed: ${res.status} ${res.text}`);
    resources = (res.body as { resources: ApiResource[] }).resources.filter((r) => !r.name.includes("/"));
    discoveryCache.set(gv, resources);
  }
  const r = resources.find((x) => x.kind === obj.kind);
  if (!r) {
    discoveryCache.delete(gv);
    throw new Error(`${obj.kind} is not served under ${obj.apiVersion}`);
  }
  const ns = r.namespaced ? `/namespaces/${obj.metadata.namespace ?? "default"}` : "";
  return `${gv}${ns}/${r.name}${withName ? `/${encodeURIComponent(obj.metadata.name)}` : ""}`;
}

/** Forgets discovery answers, e.g. after CRDs were installed. */
export function resetDiscovery(): void {
  discoveryCache.clear();
}

/** Server-side applies an object as field manager `kaas-plane`. */
export async function apply(creds: KubeCredentials, obj: KubeObject): Promise<unknown> {
  const path = await objectPath(creds, obj);
  const res = await kubeRequest(
    creds,
    "PATCH",
    `${path}?fieldManager=kaas-plane&force=true`,
    obj,
    "application/apply-patch+yaml",
  );
  if (res.status >= 300) {
    throw new Error(
      `apply ${obj.kind} ${obj.metadata.namespace ?? ""}/${obj.metadata.name}: ${res.status} ${res.text}`,
    );
  }
  return res.body;
}

/** Replaces an object's status through the status subresource (apply of the status only). */
export async function applyStatus(creds: KubeCredentials, obj: KubeObject): Promise<void> {
  const path = await objectPath(creds, obj);
  const res = await kubeRequest(
    creds,
    "PATCH",
    `${path}/status?fieldManager=kaas-plane-status&force=true`,
    obj,
    "application/apply-patch+yaml",
  );
  if (res.status >= 300)
    throw new Error(`status of ${obj.kind} ${obj.metadata.name}: ${res.status} ${res.text}`);
}

/** Creates an object unless it exists; returns whether it was created. */
export async function createIfAbsent(creds: KubeCredentials, obj: KubeObject): Promise<boolean> {
  // Look first: quota admission charges a create before storage answers 409, and the charge
  // stays until the quota controller's next full resync.
  const existing = await kubeRequest(creds, "GET", await objectPath(creds, obj));
  if (existing.status === 200) return false;
  const res = await kubeRequest(creds, "POST", await objectPath(creds, obj, false), obj);
  if (res.status === 409) return false;
  if (res.status >= 300)
    throw new Error(`create ${obj.kind} ${obj.metadata.name}: ${res.status} ${res.text}`);
  return true;
}

import "server-only";
import {
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  createConfiguration,
  PatchStrategy,
  RbacAuthorizationV1Api,
  ResponseContext,
  ServerConfiguration,
  setHeaderOptions,
  wrapHttpLibrary,
} from "@kubernetes/client-node";
import { type Dispatcher, getGlobalDispatcher } from "undici";
import { consoleKubeConfig } from "./config.ts";
import type { KubeIdentity } from "./identity.ts";
import { FIELD_MANAGER } from "./names.ts";

/**
 * A patch call as a server-side apply by the console's field manager, forcing ownership: the
 * object ends up with the fields sent, however an earlier writer left them. Spread `APPLY_PARAMS`
 * into the call's parameters and pass `APPLY_OPTIONS` as its options; a retry converges.
 */
export const APPLY_PARAMS = { fieldManager: FIELD_MANAGER, force: true } as const;
export const APPLY_OPTIONS = setHeaderOptions("Content-Type", PatchStrategy.ServerSideApply);

type ApiClass<T> = new (config: ReturnType<typeof createConfiguration>) => T;

// On globalThis so that Next's dev server, which re-evaluates modules on edit, keeps one pool.
const pool = globalThis as typeof globalThis & { __kaasUserDispatcher?: Dispatcher };

/**
 * Sends the generated clients' requests through undici's dispatcher API instead of fetch:
 * fetch folds repeated headers into one comma-joined value, but the API server reads every
 * `Impersonate-Group` header as one group, so a user in two groups needs two header lines.
 * Impersonation headers are set here only, from the verified session; any others are dropped.
 */
function impersonatingHttpLibrary(identity: KubeIdentity | undefined) {
  return wrapHttpLibrary({
    async send(ctx) {
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(ctx.getHeaders())) {
        if (!k.toLowerCase().startsWith("impersonate-")) headers[k] = v;
      }
      if (identity) {
        headers["Impersonate-User"] = identity.user;
        if (identity.groups.length) headers["Impersonate-Group"] = [...identity.groups];
      }
      const url = new URL(ctx.getUrl());
      // Client-node builds a new undici Agent, so a new TLS connection, for every request it
      // authenticates: a user's first list paid a handshake each time. The TLS settings (CA,
      // client certificate) are the console's and the same for every call; what varies (a bearer
      // token, the impersonation) travels in headers. So the first Agent is kept as the one
      // keep-alive pool for every call made as a user, and the later ones are never used.
      pool.__kaasUserDispatcher ??= ctx.getDispatcher();
      const dispatcher = pool.__kaasUserDispatcher ?? getGlobalDispatcher();
      const body = ctx.getBody();
      const res = await dispatcher.request({
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: ctx.getHttpMethod() as "GET",
        headers,
        body: typeof body === "string" || body === undefined ? body : String(body),
        signal: ctx.getSignal(),
      });
      const buffer = Buffer.from(await res.body.arrayBuffer());
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) {
        if (v !== undefined) responseHeaders[k] = Array.isArray(v) ? v.join(", ") : v;
      }
      return new ResponseContext(res.statusCode, responseHeaders, {
        text: async () => buffer.toString("utf8"),
        binary: async () => buffer,
        stream: () => null,
      });
    },
  });
}

function makeApi<T>(api: ApiClass<T>, identity: KubeIdentity | undefined): T {
  const kc = consoleKubeConfig();
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error("kubeconfig has no current cluster");
  return new api(
    createConfiguration({
      baseServer: new ServerConfiguration(cluster.server, {}),
      authMethods: { default: kc },
      httpApi: impersonatingHttpLibrary(identity),
    }),
  );
}

/** Typed API clients of the management cluster. */
export type KubeApis = {
  custom: CustomObjectsApi;
  core: CoreV1Api;
  authz: AuthorizationV1Api;
  rbac: RbacAuthorizationV1Api;
};

function apis(identity: KubeIdentity | undefined): KubeApis {
  return {
    custom: makeApi(CustomObjectsApi, identity),
    core: makeApi(CoreV1Api, identity),
    authz: makeApi(AuthorizationV1Api, identity),
    rbac: makeApi(RbacAuthorizationV1Api, identity),
  };
}

/** Clients that act as `identity`: every call is authorized by the API server as that user. */
export function apisAs(identity: KubeIdentity): KubeApis {
  return apis(identity);
}

/**
 * Clients with the console's own identity, which may only impersonate and read what the watch
 * hub caches. Never use them to read or write team objects on a user's behalf.
 */
export function consoleApis(): KubeApis {
  return apis(undefined);
}

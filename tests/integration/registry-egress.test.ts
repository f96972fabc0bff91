/**
 * Where the registry client sends the robot's credentials, against a stub registry on loopback
 * (the client's peer, not a mock of the client): it names a token realm on another port,
 * redirects blobs to that port or to itself, answers on plain http, and records every
 * Authorization header either port receives.
 */
import { createHash } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DistributionClient, TokenCache } from "@/lib/registry/distribution.ts";
import { RegistryError } from "@/lib/registry/errors.ts";

const ROBOT = { username: "team-a-robot", password: "robot-secret" };
const BASIC = `Basic ${Buffer.from(`${ROBOT.username}:${ROBOT.password}`).toString("base64")}`;
const TOKEN = "stub-token";
const CONFIG = Buffer.from(JSON.stringify({ architecture: "amd64", os: "linux", config: {} }));
const CONFIG_DIGEST = `sha256:${createHash("sha256").update(CONFIG).digest("hex")}`;
const descriptor = {
  mediaType: "application/vnd.oci.image.config.v1+json",
  digest: CONFIG_DIGEST,
  size: CONFIG.length,
  annotations: {},
};

type Seen = { port: "registry" | "other"; path: string; authorization: string | undefined };
const seen: Seen[] = [];
let registryUrl = "";
let otherUrl = "";
/** Where the registry sends a blob request: itself, the other port, or nowhere (serves it). */
let blobRedirect: "self" | "other" = "self";
const servers: Server[] = [];

function listen(server: Server): Promise<string> {
  servers.push(server);
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

let previousAllowPrivate: string | undefined;
beforeAll(async () => {
  // The stub is on loopback, which the client refuses unless the deployment allows it.
  previousAllowPrivate = process.env.KAAS_REGISTRY_ALLOW_PRIVATE;
  process.env.KAAS_REGISTRY_ALLOW_PRIVATE = "1";

  // The other port: a token service and blob storage the registry points at.
  otherUrl = await listen(
    createServer((req, res) => {
      seen.push({ port: "other", path: req.url ?? "", authorization: req.headers.authorization });
      if (req.url?.startsWith("/token")) {
        res.writeHead(req.headers.authorization === BASIC ? 200 : 401, {
          "content-type": "application/json",
        });
        res.end(JSON.stringify({ token: TOKEN, expires_in: 300 }));
        return;
      }
      res.writeHead(200, { "content-type": "application/octet-stream" });
      res.end(CONFIG);
    }),
  );

  registryUrl = await listen(
    createServer((req, res) => {
      const path = req.url ?? "";
      seen.push({ port: "registry", path, authorization: req.headers.authorization });
      if (path.startsWith("/storage/")) {
        // Storage signs its URLs itself: it needs (and must get) no credentials.
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(CONFIG);
        return;
      }
      if (req.headers.authorization !== `Bearer ${TOKEN}`) {
        res.writeHead(401, {
          "www-authenticate": `Bearer realm="${otherUrl}/token",service="stub"`,
          "content-type": "application/json",
        });
        res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
        return;
      }
      if (path.includes("/blobs/")) {
        const target = blobRedirect === "self" ? `${registryUrl}/storage/blob` : `${otherUrl}/storage/blob`;
        res.writeHead(307, { location: target });
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end("{}");
    }),
  );
});

afterAll(async () => {
  if (previousAllowPrivate === undefined) delete process.env.KAAS_REGISTRY_ALLOW_PRIVATE;
  else process.env.KAAS_REGISTRY_ALLOW_PRIVATE = previousAllowPrivate;
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
});

beforeEach(() => {
  seen.length = 0;
  blobRedirect = "self";
});

const client = (opts: { tokenRealms?: string[]; allowPrivate?: boolean } = {}) =>
  new DistributionClient({
    baseUrl: registryUrl,
    credentials: ROBOT,
    insecure: true,
    tokenCache: new TokenCache(),
    ...opts,
  });

/** Every request that carried the robot's Basic credentials or the token, by port. */
const credentialed = () => seen.filter((s) => s.authorization !== undefined);

describe("registry egress", () => {
  it("sends nothing to a token realm on another origin the connection did not approve", async () => {
    const err = await client()
      .ping()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RegistryError);
    expect(String((err as Error).message)).toMatch(/token realm .* is not approved/);
    expect(seen.filter((s) => s.port === "other")).toEqual([]);
    expect(credentialed()).toEqual([]);
  });

  it("sends the robot's credentials to an approved realm, and the token only to the registry", async () => {
    await client({ tokenRealms: [otherUrl] }).ping();
    expect(credentialed().map((s) => [s.port, s.path.split("?")[0], s.authorization])).toEqual([
      ["other", "/token", BASIC],
      ["registry", "/v2/", `Bearer ${TOKEN}`],
    ]);
  });

  it("follows a blob redirect to the registry's own origin without credentials", async () => {
    const config = await client({ tokenRealms: [otherUrl] }).config("team-a/app", descriptor);
    expect(config).toMatchObject({ os: "linux", architecture: "amd64" });
    const storage = seen.filter((s) => s.path === "/storage/blob");
    expect(storage).toEqual([{ port: "registry", path: "/storage/blob", authorization: undefined }]);
  });

  it("refuses a blob redirect to plain http on another port, sending it nothing", async () => {
    blobRedirect = "other";
    const err = await client({ tokenRealms: [otherUrl] })
      .config("team-a/app", descriptor)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "bad_response" });
    expect(String((err as Error).message)).toContain("redirect");
    expect(seen.filter((s) => s.path.startsWith("/storage/"))).toEqual([]);
    // The realm got the Basic credentials (approved), the blob storage port nothing.
    expect(
      credentialed()
        .filter((s) => s.port === "other")
        .map((s) => s.path.split("?")[0]),
    ).toEqual(["/token"]);
  });

  it("refuses loopback without KAAS_REGISTRY_ALLOW_PRIVATE, as plainly unavailable, sending nothing", async () => {
    const err = await client({ tokenRealms: [otherUrl], allowPrivate: false })
      .ping()
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "unavailable", message: "GET /v2/: registry is unavailable" });
    expect(seen).toEqual([]);
  });

  it("refuses plain http unless the connection is marked insecure", () => {
    expect(() => new DistributionClient({ baseUrl: registryUrl, credentials: ROBOT })).toThrow(RegistryError);
    expect(seen).toEqual([]);
  });
});

import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RegistryError } from "./errors.ts";
import { HarborClient, harborRepositoryPath, scanSummary } from "./harbor.ts";

// Harbor API v2.0 responses (see testdata/harbor/README.md: hand-written to Harbor's documented
// shapes, because no Harbor server can run here), served by a loopback HTTP server.
const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, "testdata/harbor", name), "utf8");
const ROBOT = { username: "robot$team-a+console", password: "s3cret-robot" };

let server: Server;
let base: string;
const seen: { url: string; authorization?: string }[] = [];

function route(req: IncomingMessage): { status: number; body: string; headers?: Record<string, string> } {
  const url = new URL(req.url ?? "/", "http://x");
  if (
    req.headers.authorization !==
    `Basic ${Buffer.from(`${ROBOT.username}:${ROBOT.password}`).toString("base64")}`
  )
    return { status: 401, body: fixture("error-unauthorized.json") };
  if (url.pathname === "/api/v2.0/projects/team-a/repositories") {
    return {
      status: 200,
      body: fixture("repositories-page1.json"),
      headers: {
        "x-total-count": "3",
        link: '</api/v2.0/projects/team-a/repositories?page=2&page_size=2>; rel="next"',
      },
    };
  }
  // The raw path still carries Harbor's double encoding: `tools/cli` → `tools%252Fcli`.
  if (req.url?.startsWith("/api/v2.0/projects/team-a/repositories/tools%252Fcli/artifacts?")) {
    return { status: 200, body: fixture("artifacts-page1.json"), headers: { "x-total-count": "2" } };
  }
  if (req.url?.startsWith("/api/v2.0/projects/team-a/repositories/tools%252Fcli/artifacts/0.2.0?")) {
    return { status: 200, body: fixture("artifact-0.2.0.json") };
  }
  if (url.pathname.startsWith("/api/v2.0/projects/team-a/repositories/busy")) {
    return { status: 429, body: "{}", headers: { "retry-after": "30" } };
  }
  return { status: 404, body: '{"errors":[{"code":"NOT_FOUND"}]}' };
}

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? "", authorization: req.headers.authorization });
    const r = route(req);
    res.writeHead(r.status, { "content-type": "application/json", ...r.headers });
    res.end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("Harbor API v2.0 client", () => {
  // The stub is plain http on loopback: the connection says so explicitly.
  const loopback = { insecure: true, allowPrivate: true };
  const client = () => new HarborClient({ baseUrl: base, credentials: ROBOT, ...loopback });

  it("pages a project's repositories with counts, capping page_size at 100", async () => {
    const page = await client().repositories("team-a", {
      page: 1,
      pageSize: 500,
      search: "a,b=~c",
      sort: "-update_time",
    });
    expect(page.total).toBe(3);
    expect(page.hasNext).toBe(true);
    expect(page.items.map((r) => [r.name, r.artifact_count, r.pull_count])).toEqual([
      ["team-a/api", 3, 1280],
      ["team-a/tools/cli", 1, 7],
    ]);
    const sent = new URL(seen.at(-1)?.url ?? "", base);
    expect(sent.searchParams.get("page_size")).toBe("100");
    expect(sent.searchParams.get("q")).toBe("name=~abc");
    expect(sent.searchParams.get("sort")).toBe("-update_time");
  });

  it("lists artifacts with tags, platforms and the scan overview, skipping rows it cannot read", async () => {
    const page = await client().artifacts("team-a", "tools/cli", { pageSize: 25, sort: "-push_time" });
    expect(page.total).toBe(2);
    expect(page.hasNext).toBe(false);
    expect(page.items).toHaveLength(2);
    const [index, plain] = page.items;
    expect(index?.tags?.map((t) => t.name)).toEqual(["0.2.0", "latest"]);
    expect(index?.references?.map((r) => r.platform?.architecture)).toEqual(["amd64", "arm64"]);
    expect(scanSummary(index?.scan_overview)).toEqual({
      status: "Success",
      severity: "High",
      total: 12,
      fixable: 9,
      counts: { Critical: 0, High: 2, Medium: 7, Low: 3 },
      scannedAt: "2025-06-01T08:15:07.000Z",
      startedAt: "2025-06-01T08:15:03.000Z",
      percent: 100,
      scanner: "Trivy v0.50.1",
    });
    expect(plain?.tags).toBeNull();
    expect(scanSummary(plain?.scan_overview)).toBeUndefined();
  });

  it("reads one artifact by tag, with a scan still running", async () => {
    const artifact = await client().artifact("team-a", "tools/cli", "0.2.0");
    expect(artifact.digest).toMatch(/^sha256:1{64}$/);
    expect(scanSummary(artifact.scan_overview)).toEqual({ status: "Running", counts: {}, percent: 40 });
  });

  it("authenticates a robot account with basic auth and reports refusals by kind", async () => {
    expect(seen.every((s) => s.authorization?.startsWith("Basic "))).toBe(true);
    const wrong = new HarborClient({
      baseUrl: base,
      credentials: { username: ROBOT.username, password: "x" },
      ...loopback,
    });
    await expect(wrong.repositories("team-a")).rejects.toMatchObject({ kind: "unauthorized", status: 401 });
    await expect(client().artifacts("team-a", "busy")).rejects.toMatchObject({
      kind: "rate_limited",
      retryAfter: 30,
    });
    const missing = await client()
      .artifact("team-a", "nope", "1.0")
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RegistryError);
    expect(String(missing)).not.toContain("s3cret");
  });

  it("encodes repository names with slashes twice", () => {
    expect(harborRepositoryPath("tools/cli")).toBe("tools%252Fcli");
    expect(harborRepositoryPath("a/b/c")).toBe("a%252Fb%252Fc");
  });
});

import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { ClustersPage } from "./pages/clusters-page.ts";

/** The world runs with the defaults: `KAAS_MAX_STREAMS_PER_USER` 8, `KAAS_SIGNIN_RATE` 30/min. */
const MAX_STREAMS = 8;
const SIGNIN_RATE = 30;

/** The session cookie of a context, as a `Cookie` header for requests made outside the browser. */
async function cookieHeader(context: BrowserContext): Promise<string> {
  return (await context.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
}

/**
 * Opens `/api/stream` from Node (a browser would queue past six connections per origin) and keeps
 * the body open until `abort` is called; resolves once the response headers are in.
 */
async function openStream(baseURL: string, cookie: string, abort: AbortController): Promise<Response> {
  return fetch(new URL("/api/stream?kinds=clusters&namespaces=team-a", baseURL), {
    headers: { cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
}

test.describe("limits", () => {
  test("a user's live streams are capped: the next one gets 429 with Retry-After, and the page says what to do", async ({
    asUser,
    baseURL,
  }) => {
    const page = await asUser("erin");
    const cookie = await cookieHeader(page.context());
    const base = baseURL ?? "";
    const aborts: AbortController[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS; i++) {
        const abort = new AbortController();
        aborts.push(abort);
        const res = await openStream(base, cookie, abort);
        expect(res.status, `stream ${i + 1} of ${MAX_STREAMS}`).toBe(200);
      }
      const over = await openStream(base, cookie, new AbortController());
      expect(over.status).toBe(429);
      expect(Number(over.headers.get("retry-after"))).toBeGreaterThan(0);
      expect(((await over.json()) as { message: string }).message).toContain("Close other console windows");

      // The browser's live indicator shows the message instead of a bare "reconnecting".
      const clusters = new ClustersPage(page);
      await clusters.goto("team-a");
      await expect(clusters.liveStatus).toHaveAttribute("data-state", "too-many-streams");
      await expect(clusters.liveStatus).toContainText("close other console windows");

      // Closing one stream frees its slot (the page goes first, so it cannot take the slot).
      await page.close();
      aborts.pop()?.abort();
      await expect
        .poll(async () => {
          const abort = new AbortController();
          const res = await openStream(base, cookie, abort);
          if (res.status === 200) aborts.push(abort);
          else abort.abort();
          return res.status;
        })
        .toBe(200);
    } finally {
      for (const a of aborts) a.abort();
    }
  });

  test("sign-in attempts are limited per address: past the limit, 429 with Retry-After", async ({
    request,
  }) => {
    // An address of its own (TEST-NET-3, random per run), so the other specs' sign-ins from
    // loopback keep their budget: without trusted proxies the console keys on X-Forwarded-For as
    // Next.js passes it on (lib/limits/client-address.ts).
    const address = `203.0.113.${Math.floor(Math.random() * 254) + 1}`;
    const attempt = () =>
      request.post("/api/auth/signin/oidc", {
        headers: { "x-forwarded-for": address },
        form: { callbackUrl: "/" },
        maxRedirects: 0,
      });
    for (let i = 0; i < SIGNIN_RATE; i++) {
      const res = await attempt();
      // Within the limit, a POST without Origin meets the Origin check: the console's pages never post here.
      expect(res.status(), `attempt ${i + 1}`).toBe(403);
      if (i === 0) expect(((await res.json()) as { error: string }).error).toBe("bad_origin");
    }
    const refused = await attempt();
    expect(refused.status()).toBe(429);
    expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
    expect(((await refused.json()) as { message: string }).message).toMatch(
      /Too many sign-in attempts from your address; try again in \d+ seconds\./,
    );
  });
});

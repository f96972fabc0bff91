import type { BrowserContext } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { ClustersPage } from "./pages/clusters-page.ts";
import { NewClusterPage } from "./pages/new-cluster-page.ts";

/** The world runs with the defaults: `KAAS_MAX_STREAMS_PER_USER` 8, `KAAS_SIGNIN_RATE` 30/min, `KAAS_ACTION_RATE` 60/min. */
const MAX_STREAMS = 8;
const SIGNIN_RATE = 30;
const ACTION_RATE = 60;

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
    // Held until the end: fetch cancels the body of a Response that is garbage-collected unread,
    // which would end that stream and free its slot behind the test's back.
    const held: Response[] = [];
    try {
      for (let i = 0; i < MAX_STREAMS; i++) {
        const abort = new AbortController();
        aborts.push(abort);
        const res = await openStream(base, cookie, abort);
        held.push(res);
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
          if (res.status === 200) {
            aborts.push(abort);
            held.push(res);
          } else abort.abort();
          return res.status;
        })
        .toBe(200);
    } finally {
      for (const a of aborts) a.abort();
      held.length = 0;
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

  test("server actions are limited per user: past the limit, the answer says when to try again", async ({
    asUser,
    baseURL,
  }) => {
    // The request alice's Review button would send, captured and never delivered: a raw action
    // call anyone can replay with their own cookie. Erin replays it, since no spec after this one
    // needs her to act (her budget is spent for a minute).
    const alice = await asUser("alice");
    const form = new NewClusterPage(alice);
    await form.goto("team-a");
    await form.fillBasics({ name: "rate-limited" });
    let captured: { headers: Record<string, string>; body: string } | undefined;
    await alice.route("**/teams/team-a/clusters/new", async (route) => {
      const h = route.request().headers();
      if (!h["next-action"]) return route.fallback();
      captured = { headers: h, body: route.request().postData() ?? "" };
      await route.abort();
    });
    await form.review();
    await expect.poll(() => captured !== undefined).toBe(true);
    if (!captured) throw new Error("no action request");

    const erin = await asUser("erin");
    const cookie = await cookieHeader(erin.context());
    const base = baseURL ?? "";
    // An address of its own, so the other specs' actions from loopback keep the address budget.
    const address = `198.51.100.${Math.floor(Math.random() * 254) + 1}`;
    const call = async () => {
      const res = await fetch(new URL("/teams/team-a/clusters/new", base), {
        method: "POST",
        headers: {
          accept: "text/x-component",
          "content-type": captured?.headers["content-type"] ?? "text/plain;charset=UTF-8",
          "next-action": captured?.headers["next-action"] ?? "",
          "next-router-state-tree": captured?.headers["next-router-state-tree"] ?? "",
          origin: new URL(base).origin,
          cookie,
          "x-forwarded-for": address,
        },
        body: captured?.body,
      });
      return res.text();
    };
    // A token bucket: a burst of ACTION_RATE passes, then one call a second (refilled meanwhile).
    const started = Date.now();
    let passed = 0;
    let answer = "";
    for (; passed < 2 * ACTION_RATE; passed++) {
      answer = await call();
      if (answer.includes("Too many changes")) break;
      // Within the limit, the chain goes on and the API server refuses a viewer's dry run.
      expect(answer).toContain("The management cluster refused access");
    }
    const refilled = Math.ceil(((Date.now() - started) / 60_000) * ACTION_RATE);
    expect(passed).toBeGreaterThanOrEqual(ACTION_RATE);
    expect(passed).toBeLessThanOrEqual(ACTION_RATE + refilled);
    expect(answer).toMatch(/Too many changes in a short time; try again in \d+ seconds\./);
  });
});

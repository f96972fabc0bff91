import { expect, test } from "./fixtures.ts";
import { ClustersPage } from "./pages/clusters-page.ts";

/**
 * What the browser does when the replica serving its stream shuts down: the last event is
 * `reconnect` (lib/live/server-stream.ts), and the browser connects again at once instead of
 * showing "Reconnecting…" and waiting out its backoff as it does for a dropped stream. The first
 * stream is answered here with exactly what a draining replica sends; the second reaches the console.
 */
test("a replica shutting down moves the browser's stream at once, never showing it as reconnecting", async ({
  asUser,
}) => {
  const page = await asUser("bob");
  let streams = 0;
  await page.route(
    (url) => url.pathname === "/api/stream",
    async (route) => {
      streams++;
      if (streams > 1) return route.continue();
      return route.fulfill({
        status: 200,
        headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-store" },
        body: 'retry: 3000\n\nevent: ready\ndata: {"kinds":["clusters"]}\n\nevent: reconnect\ndata: {"reason":"shutdown"}\n\n',
      });
    },
  );
  // Every text the live indicator shows, from the first paint on.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { liveStatusSeen: string[] }).liveStatusSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="live-status"]')?.textContent ?? "";
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto("/teams/team-a/clusters");
  const clusters = new ClustersPage(page);
  await expect(clusters.liveStatus).toHaveText("Live");
  await expect(clusters.row("web-prod")).toBeVisible();
  expect(streams).toBe(2);
  const seen = await page.evaluate(() => (window as unknown as { liveStatusSeen: string[] }).liveStatusSeen);
  expect(seen.some((t) => t.startsWith("Reconnecting"))).toBe(false);
});

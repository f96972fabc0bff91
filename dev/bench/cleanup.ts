/**
 * What the bench must stop if it is interrupted mid-section: the console world of the browser
 * section, the extra API server of the restart section. Each section registers what it started
 * and unregisters it when its own `finally` has stopped it; an interrupt stops what is left.
 */
const pending = new Set<() => Promise<void>>();

/** Registers `stop`; the returned function unregisters it. */
export function stopOnInterrupt(stop: () => Promise<void>): () => void {
  pending.add(stop);
  return () => pending.delete(stop);
}

/** Stops everything still registered, each bounded to `timeoutMs`, errors ignored. */
export async function stopAll(timeoutMs = 30_000): Promise<void> {
  const stops = [...pending];
  pending.clear();
  await Promise.all(
    stops.map((stop) =>
      Promise.race([stop().catch(() => {}), new Promise<void>((r) => setTimeout(r, timeoutMs).unref())]),
    ),
  );
}

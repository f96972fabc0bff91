import { readdirSync, readFileSync } from "node:fs";

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

/**
 * Stops everything still registered, each bounded to `timeoutMs`, errors ignored; then kills
 * whatever child process is left (one started but not registered yet, a kubectl watcher).
 */
export async function stopAll(timeoutMs = 30_000): Promise<void> {
  const stops = [...pending];
  pending.clear();
  await Promise.all(
    stops.map((stop) =>
      Promise.race([stop().catch(() => {}), new Promise<void>((r) => setTimeout(r, timeoutMs).unref())]),
    ),
  );
  for (const pid of processTree(process.pid).slice(1).reverse()) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // gone already
    }
  }
}

/** A process and all its descendants (a server may run its work in a child). */
export function processTree(pid: number): number[] {
  const out = [pid];
  for (let i = 0; i < out.length; i++) {
    const parent = out[i];
    for (const d of readdirSync("/proc")) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid === parent) out.push(Number(d));
      } catch {
        // gone
      }
    }
  }
  return out;
}

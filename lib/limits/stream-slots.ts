/**
 * Concurrent long-lived streams per key (a user), counted in this process. A browser shares one
 * stream across its tabs, so a person holds one or two; the cap stops a script or a runaway client
 * from holding hub subscribers and sockets without bound.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  readonly max: number;

  constructor(max: number) {
    this.max = max;
  }

  /**
   * Takes a slot for `key`: a release function (idempotent) to call when the stream ends, or null
   * when `key` already holds `max` streams.
   */
  acquire(key: string): (() => void) | null {
    const n = this.open.get(key) ?? 0;
    if (n >= this.max) return null;
    this.open.set(key, n + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(key) ?? 1) - 1;
      if (left > 0) this.open.set(key, left);
      else this.open.delete(key);
    };
  }

  /** Streams `key` holds now. */
  count(key: string): number {
    return this.open.get(key) ?? 0;
  }
}

import { describe, expect, it } from "vitest";
import { ListGate } from "./informer.ts";

const tick = () => new Promise((r) => setTimeout(r, 2));

describe("ListGate", () => {
  it("never runs more than its width, even when a newcomer asks just as a slot frees", async () => {
    const gate = new ListGate(1);
    let running = 0;
    let most = 0;
    const counted = async () => {
      running++;
      most = Math.max(most, running);
      await tick();
      running--;
    };
    let releaseFirst = () => {};
    const first = gate.run(() => new Promise<void>((r) => (releaseFirst = r)));
    const waiting = gate.run(counted);
    let late: Promise<void> = Promise.resolve();
    // The first task ends, and in the same turn (ahead of the waiter's wake-up) another asks.
    releaseFirst();
    queueMicrotask(() => {
      late = gate.run(counted);
    });
    await first;
    await waiting;
    await late;
    expect(most).toBe(1);
  });

  it("runs waiters in the order they asked and keeps going after a task fails", async () => {
    const gate = new ListGate(1);
    const order: string[] = [];
    const task =
      (name: string, fail = false) =>
      async () => {
        order.push(name);
        await tick();
        if (fail) throw new Error(name);
      };
    const results = await Promise.allSettled([
      gate.run(task("a")),
      gate.run(task("b", true)),
      gate.run(task("c")),
    ]);
    expect(order).toEqual(["a", "b", "c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });
});

import { describe, expect, it } from "vitest";
import { StreamSlots } from "./stream-slots.ts";

describe("StreamSlots", () => {
  it("gives a user at most `max` streams and frees a slot on release", () => {
    const s = new StreamSlots(2);
    const a = s.acquire("alice");
    const b = s.acquire("alice");
    expect(a && b).toBeTruthy();
    expect(s.acquire("alice")).toBeNull();
    expect(s.acquire("bob")).not.toBeNull();
    a?.();
    expect(s.count("alice")).toBe(1);
    expect(s.acquire("alice")).not.toBeNull();
  });

  it("releases once however often release is called", () => {
    const s = new StreamSlots(2);
    const a = s.acquire("alice");
    s.acquire("alice");
    a?.();
    a?.();
    expect(s.count("alice")).toBe(1);
  });
});

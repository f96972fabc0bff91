import { expect, test } from "vitest";
import { shutdownGraceMs } from "./shutdown.ts";

test("the grace period is 20 s unless KAAS_SHUTDOWN_GRACE names other seconds", () => {
  expect(shutdownGraceMs({})).toBe(20_000);
  expect(shutdownGraceMs({ KAAS_SHUTDOWN_GRACE: "45" })).toBe(45_000);
  expect(shutdownGraceMs({ KAAS_SHUTDOWN_GRACE: "0.5" })).toBe(500);
  expect(() => shutdownGraceMs({ KAAS_SHUTDOWN_GRACE: "20s" })).toThrow(/seconds/);
  expect(() => shutdownGraceMs({ KAAS_SHUTDOWN_GRACE: "-1" })).toThrow(/seconds/);
});

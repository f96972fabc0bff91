/**
 * `npm test`: every stage CI runs, in order, with the time each took. Starts what the tests need
 * (the management plane once for all stages; IdP, registry, databases and the console per
 * stage) and stops what it started.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { completeStandalone } from "./build-standalone.ts";
import { down, status, up } from "./plane/control.ts";
import { seedDemo } from "./plane/seed.ts";

const root = join(import.meta.dirname, "..");
const bin = (name: string) => join(root, "node_modules", ".bin", name);
const timings: { stage: string; seconds: number; ok: boolean }[] = [];

function run(cmd: string, args: string[], env: Record<string, string> = {}): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env },
    });
    child.on("exit", (code) => resolve(code === 0));
  });
}

async function stage(name: string, fn: () => Promise<boolean>): Promise<void> {
  console.log(`\n=== ${name}`);
  const started = Date.now();
  const ok = await fn().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    return false;
  });
  timings.push({ stage: name, seconds: Math.round((Date.now() - started) / 100) / 10, ok });
  if (!ok) throw new Error(`stage failed: ${name}`);
}

function report(): void {
  console.log("\nStage timings:");
  for (const t of timings)
    console.log(`  ${t.ok ? "ok  " : "FAIL"} ${t.stage.padEnd(28)} ${t.seconds.toFixed(1)}s`);
}

const planeWasUp = (await status()).ready;
let failed = false;
try {
  await stage("lint", () => run(bin("biome"), ["check", "."]));
  await stage("typecheck", () => run(bin("tsc"), ["--noEmit", "-p", "."]));
  await stage("unit", () => run(bin("vitest"), ["run", "--project", "unit"]));
  await stage("plane (build if needed, up, seed)", async () => {
    await up();
    await seedDemo();
    return true;
  });
  await stage("integration", () => run(bin("vitest"), ["run", "--project", "integration"]));
  await stage("build", async () => {
    if (!(await run(bin("next"), ["build"]))) return false;
    completeStandalone();
    return true;
  });
  await stage("e2e (PGlite)", () => run(process.execPath, [join(root, "dev", "e2e.ts"), "pglite"]));
  await stage("e2e (PostgreSQL 15)", () =>
    run(process.execPath, [join(root, "dev", "e2e.ts"), "postgres"], { E2E_PORT: "3101" }),
  );
} catch (err) {
  failed = true;
  console.error(err instanceof Error ? err.message : err);
} finally {
  if (!planeWasUp) await down(() => {});
  report();
}
const passed = timings.filter((t) => t.ok).length;
console.log(`\ntest stages: ${passed} passed, ${timings.length - passed} failed`);
process.exit(failed ? 1 : 0);

/**
 * Vitest global setup for integration tests: makes sure the local management plane is up
 * (building it on first use) and seeded. A plane started here is stopped afterwards; one that
 * was already running (npm test starts it once for every stage) is left alone.
 */
import { down, status, up } from "../plane/control.ts";
import { seedDemo } from "../plane/seed.ts";

export default async function setup(): Promise<() => Promise<void>> {
  const before = await status();
  if (!before.ready) await up((m) => console.log(m));
  await seedDemo(() => {});
  return async () => {
    if (!before.ready) await down(() => {});
  };
}

/** `npm run registry`: runs the local OCI registry, seeds the demo images, and prints the accounts. */
import { REGISTRY_USERS, startRegistry } from "./registry.ts";
import { seedRegistry } from "./seed.ts";

const registry = await startRegistry();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    registry.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

const admin = REGISTRY_USERS.find((u) => u.username === "kaas-admin");
if (!admin) throw new Error("kaas-admin account missing");
const seeded = await seedRegistry(registry.url, admin);

console.log(`KaaS demo registry: ${registry.url} (basic auth; every account can read every repository)`);
console.log("accounts (dev only):");
for (const u of REGISTRY_USERS) console.log(`  ${u.username.padEnd(13)} ${u.password}`);
console.log(`seeded (${seeded.uploaded} uploads this run):`);
for (const t of seeded.tags) {
  const platforms = t.platforms
    .map((p) => [p.os, p.architecture, p.variant].filter(Boolean).join("/"))
    .join(", ");
  console.log(`  ${`${t.repository}:${t.tag}`.padEnd(28)} ${t.digest.slice(0, 19)}…  ${platforms}`);
}

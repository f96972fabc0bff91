/**
 * `npm run demo`: builds what is missing, starts the local management plane, IdP, registry and
 * PGlite, seeds them, serves the console at http://localhost:3000 and prints the demo logins.
 * `KAAS_IDP=keycloak npm run demo` signs in at a real Keycloak instead of the dev IdP.
 * Ctrl-C stops everything it started (`npm run plane -- down` stops the plane too).
 */
import { DEMO_USERS } from "./idp/idp.ts";
import { REGISTRY_USERS } from "./registry/registry.ts";
import { ensureBuild, startWorld } from "./world.ts";

const port = Number(process.env.PORT ?? 3000);

ensureBuild();

const world = await startWorld({ port });
console.log(`
KaaS Console demo: ${world.url}
Identity provider: ${world.idp.kind === "keycloak" ? `Keycloak, ${world.idp.issuer} (admin console ${world.keycloak?.url}/admin)` : `dev IdP, ${world.idp.issuer} (KAAS_IDP=keycloak for Keycloak)`}

Sign in with (dev-only passwords):
${DEMO_USERS.map((u) => `  ${u.username.padEnd(6)} ${u.password.padEnd(12)} ${u.groups.length ? u.groups.join(", ") : "(no group: sees the no-team page)"}`).join("\n")}

Registry accounts: ${REGISTRY_USERS.map((u) => `${u.username} / ${u.password}`).join(", ")}
Management cluster: kubectl --kubeconfig .plane/admin.kubeconfig get clusters -A
Press Ctrl-C to stop.`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    console.log("\nStopping…");
    // Exit even when stopping a part failed: a demo that hangs on Ctrl-C is worse than a warning.
    world
      .stop()
      .catch((err: unknown) => console.error("stopping failed:", err instanceof Error ? err.message : err))
      .finally(() => process.exit(0));
  });
}
setInterval(() => {}, 1 << 30);

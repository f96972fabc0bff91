/** `npm run keycloak`: runs Keycloak with the `kaas` realm until interrupted and prints the demo accounts. */
import { DEMO_USERS } from "../idp/idp.ts";
import { KEYCLOAK_DEV, startKeycloak } from "./keycloak.ts";

const kc = await startKeycloak({ consolePort: Number(process.env.PORT ?? 3000) });

console.log(
  `Keycloak ${kc.issuer} (admin console ${kc.url}/admin, ${KEYCLOAK_DEV.adminUsername} / see KEYCLOAK_ADMIN_PASSWORD)`,
);
console.log(
  `client: ${kc.clientId} (secret: KEYCLOAK_CLIENT_SECRET or the dev default in dev/keycloak/keycloak.ts)`,
);
console.log("accounts (dev only):");
for (const u of DEMO_USERS) {
  console.log(
    `  ${u.username.padEnd(8)} ${u.password.padEnd(12)} groups: ${u.groups.join(", ") || "(none)"}`,
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    kc.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}
setInterval(() => {}, 1 << 30);

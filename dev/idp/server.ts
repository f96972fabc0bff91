/** `npm run idp`: runs the local OpenID Provider until interrupted and prints the demo accounts. */
import { DEMO_USERS, DEV_CLIENT, startIdp } from "./idp.ts";

const idp = await startIdp();

console.log(`KaaS demo identity provider: ${idp.issuer}`);
console.log(`client: ${DEV_CLIENT.clientId} / ${DEV_CLIENT.clientSecret}`);
console.log("accounts (dev only):");
for (const u of DEMO_USERS) {
  console.log(
    `  ${u.username.padEnd(8)} ${u.password.padEnd(12)} groups: ${u.groups.join(", ") || "(none)"}`,
  );
}

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    idp.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  });
}

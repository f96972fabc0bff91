/**
 * `npm run kubectl -- <args>`: the kubectl the plane's build made (a fresh machine has none on its
 * PATH), against the local management plane as its admin unless `--kubeconfig` is given. What the
 * demo and the README print as `npm run kubectl -- get clusters -A` runs as printed.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { kubectlPath } from "./plane/binaries.ts";
import { planeDir } from "./plane/control.ts";

/** The printed form of a kubectl command against the local plane. */
export const kubectlCommand = (args: string) => `npm run kubectl -- ${args}`;

if (import.meta.main) {
  const kubectl = kubectlPath();
  if (!existsSync(kubectl)) {
    console.error(
      `kubectl is built with the plane: run \`npm run plane -- up\` first (${kubectl} is missing)`,
    );
    process.exit(1);
  }
  const args = process.argv.slice(2);
  const own = args.some((a) => a === "--kubeconfig" || a.startsWith("--kubeconfig="));
  const r = spawnSync(kubectl, own ? args : ["--kubeconfig", join(planeDir(), "admin.kubeconfig"), ...args], {
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

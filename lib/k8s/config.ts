import "server-only";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { KubeConfig } from "@kubernetes/client-node";

let cached: KubeConfig | undefined;

/**
 * The console's own kubeconfig: in-cluster when running in a pod, else `KUBECONFIG`, else the
 * local plane's `.plane/console.kubeconfig` (dev, demo and tests).
 */
export function consoleKubeConfig(): KubeConfig {
  if (cached) return cached;
  const kc = new KubeConfig();
  if (process.env.KUBERNETES_SERVICE_HOST && !process.env.KUBECONFIG) {
    kc.loadFromCluster();
  } else {
    const path = process.env.KUBECONFIG || join(process.cwd(), ".plane", "console.kubeconfig");
    if (!existsSync(/*turbopackIgnore: true*/ path)) {
      throw new Error(
        `No kubeconfig at ${path}: start the local plane (npm run plane -- up) or set KUBECONFIG.`,
      );
    }
    kc.loadFromFile(/*turbopackIgnore: true*/ path);
  }
  cached = kc;
  return kc;
}

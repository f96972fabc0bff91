import "server-only";
import { Health } from "@kubernetes/client-node";
import { consoleKubeConfig } from "./config.ts";

/** Whether the management cluster's API server answers /readyz to the console's identity. */
export async function managementClusterReachable(): Promise<boolean> {
  try {
    return await new Health(consoleKubeConfig()).readyz({ signal: AbortSignal.timeout(3000) });
  } catch {
    return false;
  }
}

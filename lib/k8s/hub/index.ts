import "server-only";
import { logger } from "../../logger.ts";
import { consoleKubeConfig } from "../config.ts";
import { AccessReviewer } from "./access.ts";
import { WatchHub } from "./hub.ts";
import { kubeConfigTransport } from "./transport.ts";

export type { HubEvent } from "./hub.ts";
export type { HubObject } from "./informer.ts";
export { HUB_KINDS, type HubKind, hubKindNames, isHubKind } from "./kinds.ts";
export type { AccessReviewer, WatchHub };

type HubGlobal = { hub?: WatchHub; access?: AccessReviewer };
// On globalThis so that Next's dev server, which re-evaluates modules on every edit, keeps one
// hub per process instead of leaking a set of watches per reload.
const g = globalThis as typeof globalThis & { __kaasWatchHub?: HubGlobal };
g.__kaasWatchHub ??= {};
const state: HubGlobal = g.__kaasWatchHub;

/** The process's watch hub under the console's own identity, started on first use. */
export function watchHub(): WatchHub {
  if (!state.hub) {
    const hub = new WatchHub({
      transport: kubeConfigTransport(consoleKubeConfig()),
      log: (event, fields) =>
        event === "hub.listed" || event === "hub.absent" || event === "hub.connected"
          ? logger.info({ event, ...fields })
          : logger.warn({ event, ...fields }),
    });
    hub.start();
    state.hub = hub;
  }
  return state.hub;
}

/** The process's access reviewer (SubjectAccessReviews as the console, cached ≤ 30 s). */
export function accessReviewer(): AccessReviewer {
  state.access ??= new AccessReviewer(watchHub().transport);
  return state.access;
}

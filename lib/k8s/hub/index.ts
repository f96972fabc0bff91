import "server-only";
import { logger } from "../../logger.ts";
import { consoleKubeConfig } from "../config.ts";
import { AccessReviewer, forgetOnRoleBindingChange } from "./access.ts";
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

/** The process's watch hub if something started it, without starting it (for metrics). */
export function runningWatchHub(): WatchHub | undefined {
  return state.hub;
}

/** The process's access reviewer if one was made, without making it (for metrics). */
export function runningAccessReviewer(): AccessReviewer | undefined {
  return state.access;
}

/** Stops the process's hub (its watches end) on shutdown; a later use would start a new one. */
export function stopWatchHub(): void {
  state.hub?.stop();
  state.hub = undefined;
  state.access = undefined;
}

/**
 * The process's access reviewer (SubjectAccessReviews as the console, cached ≤ 30 s). A change to
 * a RoleBinding in a namespace drops that namespace's cached answers at once.
 */
export function accessReviewer(): AccessReviewer {
  if (!state.access) {
    const hub = watchHub();
    const access = new AccessReviewer(hub.transport);
    forgetOnRoleBindingChange(hub, access);
    state.access = access;
  }
  return state.access;
}

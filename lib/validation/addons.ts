/**
 * Input schemas of the add-on forms (the platform admin's catalog per team, a cluster's add-ons).
 * Settings are checked against the offered add-on's definition (lib/capi/addon-catalog) on the server.
 */
import { z } from "zod";
import { addonId, addonSettings } from "./addon-choice.ts";
import { clusterName } from "./cluster.ts";

export { addonChoice } from "./addon-choice.ts";

/** The platform admin's choice of a team's add-ons (the catalog's ids). */
export const teamAddonsInput = z.object({
  team: z.string().min(1).max(63),
  addons: z.array(addonId).max(50),
});
export type TeamAddonsInput = z.input<typeof teamAddonsInput>;

/** Enabling, disabling or changing the settings of one add-on on one cluster. */
export const clusterAddonInput = z.object({
  team: z.string().min(1),
  name: clusterName,
  addon: addonId,
  enabled: z.boolean(),
  settings: addonSettings.default({}),
});
export type ClusterAddonInput = z.input<typeof clusterAddonInput>;

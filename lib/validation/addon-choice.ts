/** The add-on parts of form input, a leaf module shared by the cluster and add-on schemas. */
import { z } from "zod";
import { say } from "./messages.ts";

/** A catalog add-on's id (a DNS label, as in its label `addons.kaas.scs.community/<id>`). */
export const addonId = z
  .string()
  .max(40)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, say("addonId"));

/** Settings by key: short strings; the add-on's definition decides what each may hold. */
export const addonSettings = z.record(
  z
    .string()
    .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/)
    .max(30),
  z.string().max(1000),
);

/** One add-on as chosen in the create form. */
export const addonChoice = z.object({
  id: addonId,
  enabled: z.boolean(),
  settings: addonSettings.default({}),
});

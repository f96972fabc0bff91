/**
 * The add-on catalog file's schema (see addon-catalog.ts for what the catalog becomes). Apart from
 * the pure helpers so that pages using those do not download zod; the file is read and checked on
 * the server only (lib/addons, the plane's seed).
 */
import { z } from "zod";

const dnsLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

const settingSchema = z.object({
  key: z.string().regex(dnsLabel).max(30),
  label: z.string().min(1),
  type: z.enum(["email", "dns", "enum", "boolean", "cidrs"]),
  required: z.boolean().default(false),
  default: z.string().optional(),
  values: z.array(z.string().min(1)).optional(),
  help: z.string().optional(),
});

const chartSchema = z.object({
  // CAAPH on main: https:// or lowercase oci:// with a host (validated here already).
  repoURL: z
    .string()
    .regex(/^(https|oci):\/\/[^/\s]+(\/\S*)?$/, "repoURL must be https:// or oci:// with a host"),
  chartName: z.string().min(1),
  version: z.string().default(""),
  releaseName: z.string().default(""),
  namespace: z.string().regex(dnsLabel).default("default"),
  valuesTemplate: z
    .string()
    .default("")
    // Removed from the provider's Sprig functions on main: refuse templates that use them.
    .refine(
      (t) => !/(^|[^$.\w-])(env|expandenv|getHostByName)\b/.test(t),
      "env, expandenv and getHostByName are not available",
    ),
  reconcileStrategy: z.enum(["", "Continuous", "InstallOnce"]).default(""),
  options: z.record(z.string(), z.unknown()).default({}),
});

/** One catalog entry. */
export const addonDefinitionSchema = z.object({
  id: z.string().regex(dnsLabel).max(40),
  title: z.string().min(1),
  description: z.string().min(1),
  installs: z.string().min(1),
  provides: z.array(z.string()).default([]),
  requires: z.array(z.string()).default([]),
  settings: z.array(settingSchema).default([]),
  chart: chartSchema,
});

export const addonCatalogSchema = z
  .object({ addons: z.array(addonDefinitionSchema) })
  .refine((c) => new Set(c.addons.map((a) => a.id)).size === c.addons.length, "Add-on ids must be unique");

export type AddonDefinition = z.infer<typeof addonDefinitionSchema>;
export type AddonSetting = AddonDefinition["settings"][number];
export type AddonCatalog = z.infer<typeof addonCatalogSchema>;

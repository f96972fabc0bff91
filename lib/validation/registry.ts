import { z } from "zod";
import { teamSlug } from "./admin.ts";
import { say } from "./messages.ts";

const COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";

/** An approved token realm: an https origin, or http for a realm on an insecure registry's own host. */
const realmOrigin = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  // Checks go on after a failed format check: an unparsable URL is that check's to report.
  .refine((u) => {
    if (!URL.canParse(u)) return true;
    const p = new URL(u);
    return !p.username && !p.password && !p.search && !p.hash && (p.pathname === "/" || p.pathname === "");
  }, say("realmOrigin"))
  .transform((u) => new URL(u).origin);

const connectionFields = {
  kind: z.enum(["oci", "harbor"]),
  url: z
    .url({
      protocol: /^https?$/,
      // An empty field is a missing URL, not a malformed one.
      error: (issue) => (issue.input === "" ? say("enterRegistryUrl") : undefined),
    })
    .max(2048)
    .refine((u) => {
      if (!URL.canParse(u)) return true;
      const parsed = new URL(u);
      return !parsed.username && !parsed.password && !parsed.search && !parsed.hash;
    }, say("urlExtras"))
    .transform((u) => u.replace(/\/+$/, "")),
  repositoryPrefix: z
    .string()
    .trim()
    .transform((p) => p.replace(/\/+$/, ""))
    .pipe(z.string().regex(new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`), say("repositoryPrefix")))
    .transform((p) => `${p}/`)
    .optional(),
  harborProject: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, say("harborProject"))
    .max(255)
    .optional(),
  username: z.string().min(1).max(255).nullable(),
  /** Plain http allowed: only for a registry an admin knows is on a trusted network. */
  insecure: z.boolean().default(false),
  /** Token realm origins, besides the registry's own, that receive the account's credentials. */
  tokenRealms: z.array(realmOrigin).max(10).default([]),
  /** Plaintext; `undefined` keeps the stored secret, `null` removes it. */
  secret: z.string().min(1).max(4096).nullable().optional(),
};

const scopeFitsKind = [
  (c: { kind: "oci" | "harbor"; repositoryPrefix?: string; harborProject?: string }) =>
    c.kind === "oci" ? !!c.repositoryPrefix : !!c.harborProject,
  { message: say("scopeFitsKind") },
] as const;

const httpNeedsInsecure = [
  (c: { url: string; insecure: boolean }) => !c.url.startsWith("http:") || c.insecure,
  {
    message: say("httpNeedsInsecure"),
    path: ["url"] as string[],
  },
] as const;

/** A team's registry connection as a platform admin sets it. No URL is fetched when it is saved. */
export const registryConnectionInput = z
  .object(connectionFields)
  .refine(...scopeFitsKind)
  .refine(...httpNeedsInsecure);
export type RegistryConnectionInput = z.input<typeof registryConnectionInput>;

/** The admin action's input: the team and its connection. */
export const saveRegistryConnectionInput = z
  .object({ team: teamSlug, ...connectionFields })
  .refine(...scopeFitsKind)
  .refine(...httpNeedsInsecure);

/**
 * Input schemas of the platform admin forms, shared by the forms (instant feedback) and their
 * server actions (the check that counts). The API server still decides every Kubernetes write.
 */
import { z } from "zod";

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_NAME_HINT = "Lowercase letters, digits and '-', starting and ending with a letter or digit";

/** A team slug; it also names the team's namespace by default. */
export const teamSlug = z
  .string()
  .trim()
  .min(2, "At least 2 characters")
  .max(40, "At most 40 characters")
  .regex(K8S_NAME, K8S_NAME_HINT)
  // The API server's own namespaces must never become a team's.
  .refine((s) => !/^(kube-|openshift-)/.test(s) && s !== "default", "This name is reserved");

/** An OIDC group name as the IdP sends it (without the `oidc:` prefix). */
const groupName = z
  .string()
  .min(1)
  .max(128, "At most 128 characters per group")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@:/-]*$/, "Group names are letters, digits and . _ @ : / -");

/** Groups typed as one line, separated by commas or spaces. */
export const groupList = z
  .string()
  .max(2000)
  .transform((s) =>
    [
      ...new Set(
        s
          .split(/[\s,]+/)
          .map((g) => g.trim())
          .filter(Boolean),
      ),
    ].sort(),
  )
  .pipe(z.array(groupName).max(20, "At most 20 groups per role"));

const count = (max: number, what: string) =>
  z.coerce
    .number({ error: `Enter a number of ${what}` })
    .int(`Whole ${what} only`)
    .min(0, "Cannot be negative")
    .max(max, `At most ${max}`);

/** A quota field: empty means no limit. */
const optionalCount = (max: number, what: string) =>
  z.union([z.literal("").transform(() => null), z.null(), count(max, what)]);

export const createTeamInput = z.object({
  slug: teamSlug,
  displayName: z.string().trim().min(1, "Enter a display name").max(80, "At most 80 characters"),
  adminGroups: groupList,
  memberGroups: groupList,
  viewerGroups: groupList,
  maxClusters: optionalCount(1000, "clusters"),
  maxWorkerNodes: optionalCount(100_000, "nodes"),
});
export type CreateTeamInput = z.input<typeof createTeamInput>;

export const teamQuotasInput = z.object({
  team: teamSlug,
  maxClusters: optionalCount(1000, "clusters"),
  maxWorkerNodes: optionalCount(100_000, "nodes"),
});
export type TeamQuotasInput = z.input<typeof teamQuotasInput>;

export const teamGroupsInput = z.object({
  team: teamSlug,
  adminGroups: groupList,
  memberGroups: groupList,
  viewerGroups: groupList,
});
export type TeamGroupsInput = z.input<typeof teamGroupsInput>;

export const offeredClassesInput = z.object({
  team: teamSlug,
  entries: z
    .array(z.object({ kind: z.enum(["class", "stack"]), name: z.string().regex(K8S_NAME).max(253) }))
    .max(200),
});
export type OfferedClassesInput = z.input<typeof offeredClassesInput>;

export const copyClassInput = z.object({
  team: teamSlug,
  fromNamespace: z.string().regex(K8S_NAME, "Choose a namespace").max(63),
  className: z.string().regex(K8S_NAME, "Choose a cluster class").max(253),
});
export type CopyClassInput = z.input<typeof copyClassInput>;

export const archiveTeamInput = z
  .object({ team: teamSlug, confirm: z.string() })
  .refine((v) => v.confirm === v.team, { path: ["confirm"], message: "Type the team's slug to confirm" });
export type ArchiveTeamInput = z.input<typeof archiveTeamInput>;

/** A user whose console sessions a platform admin ends: their OIDC username (the session subject). */
export const endSessionsInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, "Enter the user's username")
    .max(253, "At most 253 characters")
    .regex(/^[^\s/%]+$/, "A username has no spaces, slashes or percent signs"),
});

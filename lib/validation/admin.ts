/**
 * Input schemas of the platform admin forms, shared by the forms (instant feedback) and their
 * server actions (the check that counts). The API server still decides every Kubernetes write.
 */
import { z } from "zod";
import { say } from "./messages.ts";

const K8S_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const K8S_NAME_HINT = say("dnsName");

/** A team slug; it also names the team's namespace by default. */
export const teamSlug = z
  .string()
  .trim()
  .min(2, say("atLeastChars"))
  .max(40, say("atMostChars"))
  .regex(K8S_NAME, K8S_NAME_HINT)
  // The API server's own namespaces must never become a team's.
  .refine((s) => !/^(kube-|openshift-)/.test(s) && s !== "default", say("reservedName"));

/** An OIDC group name as the IdP sends it (without the `oidc:` prefix). */
const groupName = z
  .string()
  .min(1)
  .max(128, say("groupTooLong"))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@:/-]*$/, say("groupChars"));

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
  .pipe(z.array(groupName).max(20, say("groupsPerRole")));

const count = (max: number, what: "clusters" | "nodes") =>
  z.coerce
    .number({ error: say("enterCount", { what }) })
    .int(say("wholeCount", { what }))
    .min(0, say("notNegative"))
    .max(max, say("atMost"));

/**
 * A quota field: empty means no limit. Empty becomes null before the count's checks (not a union
 * beside them), so a bad count is refused with the count's own message ("Whole clusters only"),
 * not a union's "Invalid input".
 */
const optionalCount = (max: number, what: "clusters" | "nodes") =>
  z
    .preprocess((v) => (v === "" ? null : v), count(max, what).nullable())
    .meta({
      // The API reference names what the preprocess takes: its generated schema would drop "".
      anyOf: [{ type: "string", const: "" }, { type: "null" }, { type: "integer", minimum: 0, maximum: max }],
    });

export const createTeamInput = z.object({
  slug: teamSlug,
  displayName: z.string().trim().min(1, say("enterDisplayName")).max(80, say("atMostChars")),
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
  fromNamespace: z.string().regex(K8S_NAME, say("chooseNamespace")).max(63),
  className: z.string().regex(K8S_NAME, say("chooseClusterClass")).max(253),
});
export type CopyClassInput = z.input<typeof copyClassInput>;

export const archiveTeamInput = z
  .object({ team: teamSlug, confirm: z.string() })
  .refine((v) => v.confirm === v.team, { path: ["confirm"], message: say("confirmTeamSlug") });
export type ArchiveTeamInput = z.input<typeof archiveTeamInput>;

/** A user whose console sessions a platform admin ends: their OIDC username (the session subject). */
export const endSessionsInput = z.object({
  subject: z
    .string()
    .trim()
    .min(1, say("enterUsername"))
    .max(253, say("atMostChars"))
    .regex(/^[^\s/%]+$/, say("usernameChars")),
});

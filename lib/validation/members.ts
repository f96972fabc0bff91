/**
 * Input schemas of the team members form and its actions. Who may change members is decided by
 * the API server (the admin's RoleBinding rights), not here.
 */
import { z } from "zod";
import { TEAM_ROLES } from "@/lib/teams/roles.ts";
import { say } from "./messages.ts";

export const teamRole = z.enum(TEAM_ROLES, { error: say("pickRole") });
export const subjectKind = z.enum(["User", "Group"]);

/** What an admin types for a new member: an OIDC username or group, or a user's email. */
export const memberName = z
  .string()
  .trim()
  .min(1, say("enterMember"))
  .max(128, say("atMostChars"))
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@+:=-]*$/, say("memberChars"));

/** A subject as the API server knows it (from the members list, possibly made outside the console). */
const subject = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[^/%\s]+$/, say("notSubject"));

export const addMemberInput = z.object({
  team: z.string(),
  kind: subjectKind,
  name: memberName,
  role: teamRole,
});
export type AddMemberInput = z.infer<typeof addMemberInput>;

export const changeMemberRoleInput = z.object({
  team: z.string(),
  kind: subjectKind,
  subject,
  role: teamRole,
});
export type ChangeMemberRoleInput = z.infer<typeof changeMemberRoleInput>;

export const removeMemberInput = z.object({ team: z.string(), kind: subjectKind, subject });
export type RemoveMemberInput = z.infer<typeof removeMemberInput>;

/** Whether what was typed is an email (resolved to the subject of a user who signed in with it). */
export function looksLikeEmail(name: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(name);
}

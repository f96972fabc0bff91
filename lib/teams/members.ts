import "server-only";
import type { Db } from "@/db/client.ts";
import { setTeamGroupRole } from "@/db/queries/teams.ts";
import { ActionError, type ActionWords, inEnglish, says } from "@/lib/errors.ts";
import { KubeError } from "@/lib/k8s/errors.ts";
import { identityPrefixes, type KubeIdentity } from "@/lib/k8s/identity.ts";
import { applyRoleBindingPlan, listRoleBindingsAs } from "@/lib/k8s/role-bindings.ts";
import type { RoleBindingLike, RoleBindingPlan } from "@/lib/k8s/types.ts";
import type { TeamActor } from "./membership.ts";
import {
  planMembership,
  removesLastAdmin,
  type SubjectKind,
  type TeamMember,
  type TeamRole,
  teamMembers,
  teamRoleBindings,
  ungrantableReason,
} from "./roles.ts";

/**
 * A team's members as its admins see and change them: read and written as the admin, so the API
 * server decides whether they may (a member's list of RoleBindings is already refused).
 */

/** The `kaas:team-*` RoleBindings of a namespace, read as the user (team admins may). */
async function teamBindingsAs(identity: KubeIdentity, namespace: string): Promise<RoleBindingLike[]> {
  return teamRoleBindings(await listRoleBindingsAs(identity, namespace));
}

/** The team's members (users and groups with their roles and bindings), read as the user. */
export async function teamMembersAs(identity: KubeIdentity, namespace: string): Promise<TeamMember[]> {
  return teamMembers(await teamBindingsAs(identity, namespace), identityPrefixes());
}

/** A change the console refuses itself, with a message for the admin (the last-admin rule). */
export class MembershipRefusal extends Error {
  readonly words: ActionWords;
  constructor(words: ActionWords) {
    super(inEnglish(words));
    this.name = "MembershipRefusal";
    this.words = words;
  }
}

export type MembershipChange = { kind: SubjectKind; subject: string; role: TeamRole | null };

export type MembershipResult = {
  before: TeamRole | null;
  after: TeamRole | null;
  /** Binding names written (created, rewritten or deleted): for the audit row. */
  bindings: string[];
};

const planBindings = (plan: RoleBindingPlan) => [
  ...(plan.create?.metadata.name ? [plan.create.metadata.name] : []),
  ...(plan.extend?.metadata.name ? [plan.extend.metadata.name] : []),
  ...plan.update.map((b) => b.metadata.name ?? ""),
  ...plan.remove.map((r) => r.name),
];

/**
 * Gives a user or group exactly one team role, or none, acting as the admin: their own reads and
 * writes, so the API server decides whether they may (a member's list of RoleBindings is already
 * refused). Refuses leaving the team without an admin. A group's role is also recorded on the team
 * row in `db` once the bindings are written (no transaction waits on the API server); a binding
 * created before a later step failed is deleted again, so neither side is left half-made.
 */
export async function changeMembership(
  db: Db,
  args: {
    identity: KubeIdentity;
    team: { id: string; namespace: string };
    change: MembershipChange;
    /** Refuse when the subject already holds a role (adding is not a way to change roles). */
    mustBeNew?: boolean;
    now?: Date;
  },
): Promise<MembershipResult> {
  const { identity, team, change } = args;
  const prefixes = identityPrefixes();
  // Checked here too, right before writing, whatever the caller validated.
  const ungrantable = change.role === null ? null : ungrantableReason(change.kind, change.subject, prefixes);
  if (ungrantable) throw new MembershipRefusal(ungrantable);
  const bindings = await teamBindingsAs(identity, team.namespace);
  const current = teamMembers(bindings, prefixes).find(
    (m) => m.kind === change.kind && m.subject === change.subject,
  );
  const before = current?.role ?? null;
  if (args.mustBeNew && current) {
    throw new MembershipRefusal(says("alreadyMember", { name: current.name, role: current.role }));
  }
  if (change.role === null && !current) {
    throw new MembershipRefusal(says("notAMember"));
  }
  const plan = planMembership(bindings, change, {
    namespace: team.namespace,
    prefixes,
    actor: identity.user,
    now: args.now ?? new Date(),
  });
  if (removesLastAdmin(bindings, plan, prefixes)) {
    throw new MembershipRefusal(says(change.role === null ? "lastAdminRemove" : "lastAdminChange"));
  }
  const written = planBindings(plan);
  if (written.length === 0) return { before, after: change.role, bindings: [] };
  await applyRoleBindingPlan(identity, team.namespace, plan);
  if (change.kind === "Group" && change.subject.startsWith(prefixes.group)) {
    await setTeamGroupRole(db, team.id, change.subject.slice(prefixes.group.length), change.role);
  }
  return { before, after: change.role, bindings: written };
}

/**
 * What an admin is told when a membership change is refused, or null for failures that are not a
 * refusal (the management cluster unreachable), which the action chain reports as such.
 */
export function membershipRefusalWords(err: unknown): ActionWords | null {
  if (err instanceof MembershipRefusal) return err.words;
  if (!(err instanceof KubeError) || err.status >= 500) return null;
  switch (err.status) {
    case 403:
      return says("membersAdminsOnly");
    case 404:
      return says("bindingGone");
    case 409:
      return says("membersChanged");
    default:
      // The API server's own words, as they come.
      return says("membersRefused", { message: err.message });
  }
}

/** {@link membershipRefusalWords} in English, as the API and the logs say it. */
export function membershipRefusalMessage(err: unknown): string | null {
  const words = membershipRefusalWords(err);
  return words && inEnglish(words);
}

/**
 * One membership change by a team admin, inside its audit row: refusals (the API server's, the
 * last-admin rule, a subject the console will not grant to) are audited as refused and come back
 * as an {@link ActionError} with the admin's message. What the team actions call.
 */
export function changeMemberAudited(
  db: Db,
  actor: TeamActor,
  action: string,
  change: MembershipChange,
  opts: { mustBeNew?: boolean; details?: Record<string, unknown> } = {},
): Promise<MembershipResult> {
  return actor.audited(
    {
      action,
      targetKind: change.kind,
      targetName: change.subject,
      details: { role: change.role, ...opts.details },
    },
    async () => {
      try {
        return await changeMembership(db, {
          identity: actor.user.identity,
          team: actor.team,
          change,
          mustBeNew: opts.mustBeNew,
        });
      } catch (err) {
        const words = membershipRefusalWords(err);
        if (words) throw new ActionError(words);
        throw err;
      }
    },
  );
}

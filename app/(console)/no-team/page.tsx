import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { myTeams, requireUser } from "@/lib/teams/membership.ts";

export const metadata: Metadata = { title: "No team yet" };

export default async function NoTeamPage() {
  const user = await requireUser("/no-team");
  const [first] = await myTeams(user);
  if (first) redirect(`/teams/${encodeURIComponent(first.slug)}/clusters`);
  const contact = process.env.KAAS_SUPPORT_CONTACT ?? "your platform team";
  return (
    <section className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">You are not in a team yet</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        You are signed in as <strong>{user.name}</strong>
        {user.email ? ` (${user.email})` : ""}, but none of your groups belongs to a team in this console.
        Clusters live in teams, so there is nothing to show you yet.
      </p>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        Ask your team's admin to add you, or ask {contact} to map one of your groups to a team.
      </p>
      <p className="mt-4 text-sm text-slate-500" data-testid="user-groups">
        Your groups: {user.groups.length ? user.groups.join(", ") : "none"}
      </p>
    </section>
  );
}

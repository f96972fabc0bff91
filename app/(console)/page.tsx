import { redirect } from "next/navigation";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { myTeams, requireUser } from "@/lib/teams/membership.ts";

/**
 * Lands the user on their first team; a platform operator in no team on the status wall of every
 * cluster; anyone else on the page that says they have no team.
 */
export default async function Home() {
  const user = await requireUser();
  const [first] = await myTeams(user);
  if (first) redirect(`/teams/${encodeURIComponent(first.slug)}/clusters`);
  redirect(isPlatformAdmin(user) ? "/status" : "/no-team");
}

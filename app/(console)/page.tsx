import { redirect } from "next/navigation";
import { myTeams, requireUser } from "@/lib/teams.ts";

/** Lands the user on their first team, or on the page that says they have none. */
export default async function Home() {
  const user = await requireUser();
  const [first] = await myTeams(user);
  redirect(first ? `/teams/${encodeURIComponent(first.slug)}/clusters` : "/no-team");
}

import type { ReactNode } from "react";
import { TeamNav } from "@/components/console/team-nav.tsx";
import { requireTeam } from "@/lib/teams.ts";

/**
 * Checks the team before anything of the segment streams: a team the user is not in answers a
 * real 404 (a check inside a page behind a loading boundary could only render a 404 body under
 * an already-sent 200). Each page and handler still checks the team itself.
 */
export default async function TeamLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ team: string }>;
}) {
  const { team } = await requireTeam((await params).team);
  return (
    <>
      <TeamNav team={team.slug} role={team.role} />
      {children}
    </>
  );
}

import type { ReactNode } from "react";
import { TabNav } from "@/components/ui/tab-nav.tsx";
import { requireTeam } from "@/lib/teams/membership.ts";

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
  const base = `/teams/${encodeURIComponent(team.slug)}`;
  const tabs = [
    { href: `${base}/clusters`, label: "Clusters" },
    { href: `${base}/registry`, label: "Registry" },
    { href: `${base}/audit`, label: "Audit" },
    // Settings is current on its own page only: API tokens, below it, has its own tab.
    ...(team.role === "admin" ? [{ href: `${base}/settings`, label: "Settings", sections: [] }] : []),
    { href: `${base}/settings/tokens`, label: "API tokens" },
  ];
  return (
    <>
      <TabNav label="Team" tabs={tabs} />
      {children}
    </>
  );
}

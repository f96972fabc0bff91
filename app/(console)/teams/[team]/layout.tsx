import { getTranslations } from "next-intl/server";
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
  const t = await getTranslations("teamNav");
  const tabs = [
    { href: `${base}/clusters`, label: t("clusters") },
    { href: `${base}/registry`, label: t("registry") },
    { href: `${base}/audit`, label: t("audit") },
    // Settings is current on its own page only: API tokens, below it, has its own tab.
    ...(team.role === "admin" ? [{ href: `${base}/settings`, label: t("settings"), sections: [] }] : []),
    { href: `${base}/settings/tokens`, label: t("tokens") },
  ];
  return (
    <>
      <TabNav label={t("label")} tabs={tabs} />
      {children}
    </>
  );
}

"use client";

import { useParams, useRouter } from "next/navigation";
import { useTranslations } from "next-intl";

type TeamOption = { slug: string; name: string; role: string };

const isRole = (role: string): role is "admin" | "member" | "viewer" =>
  role === "admin" || role === "member" || role === "viewer";

/** Switches between the teams the user belongs to (and only those). */
export function TeamSwitcher({ teams }: { teams: TeamOption[] }) {
  const router = useRouter();
  const params = useParams<{ team?: string }>();
  const t = useTranslations("teamSwitcher");
  const roles = useTranslations("roles");
  if (teams.length === 0) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only sm:not-sr-only text-slate-500">{t("label")}</span>
      <select
        aria-label={t("label")}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        value={params.team ?? ""}
        onChange={(e) => router.push(`/teams/${encodeURIComponent(e.target.value)}/clusters`)}
      >
        {params.team ? null : <option value="">{t("choose")}</option>}
        {teams.map((team) => (
          <option key={team.slug} value={team.slug}>
            {team.name} ({isRole(team.role) ? roles(team.role) : team.role})
          </option>
        ))}
      </select>
    </label>
  );
}

"use client";

import { useParams, useRouter } from "next/navigation";

type TeamOption = { slug: string; name: string; role: string };

/** Switches between the teams the user belongs to (and only those). */
export function TeamSwitcher({ teams }: { teams: TeamOption[] }) {
  const router = useRouter();
  const params = useParams<{ team?: string }>();
  if (teams.length === 0) return null;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only sm:not-sr-only text-slate-500">Team</span>
      <select
        aria-label="Team"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
        value={params.team ?? ""}
        onChange={(e) => router.push(`/teams/${encodeURIComponent(e.target.value)}/clusters`)}
      >
        {params.team ? null : <option value="">Choose a team</option>}
        {teams.map((t) => (
          <option key={t.slug} value={t.slug}>
            {t.name} ({t.role})
          </option>
        ))}
      </select>
    </label>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { MAX_TOKEN_DAYS } from "@/lib/tokens/lifetime.ts";
import { ownApiTokens } from "@/lib/tokens/personal-tokens.ts";
import { TokensPanel } from "./_components/tokens-panel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("tokens"))("title") };
}

/**
 * The user's own personal access tokens for this team: list, create (shown once), revoke. Any
 * member may make tokens for themselves, never stronger than their role in the team.
 */
export default async function ApiTokensPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team } = await requireTeam(slug);
  const tokens = await ownApiTokens({ user, team });
  const t = await getTranslations("tokens");
  const roles = await getTranslations("roles");
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500">
          {t.rich("intro", {
            team: team.displayName,
            role: roles(team.role),
            days: MAX_TOKEN_DAYS,
            code: (chunks) => <code>{chunks}</code>,
          })}{" "}
          <a href="/api/docs">/api/docs</a>.
        </p>
      </div>
      <TokensPanel
        team={team.slug}
        role={team.role}
        platformAdmin={isPlatformAdmin(user)}
        tokens={tokens.map((row) => ({
          id: row.id,
          name: row.name,
          prefix: row.displayPrefix,
          role: row.role,
          platform: row.platform,
          createdAt: row.createdAt.toISOString(),
          expiresAt: row.expiresAt.toISOString(),
          lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
          revokedAt: row.revokedAt?.toISOString() ?? null,
        }))}
      />
    </section>
  );
}

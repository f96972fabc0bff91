import type { Metadata } from "next";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { ownApiTokens } from "@/lib/tokens/personal-tokens.ts";
import { MAX_TOKEN_DAYS } from "@/lib/validation/api-tokens.ts";
import { TokensPanel } from "./_components/tokens-panel.tsx";

export const metadata: Metadata = { title: "API tokens" };

/**
 * The user's own personal access tokens for this team: list, create (shown once), revoke. Any
 * member may make tokens for themselves, never stronger than their role in the team.
 */
export default async function ApiTokensPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team } = await requireTeam(slug);
  const tokens = await ownApiTokens({ user, team });
  return (
    <section className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">API tokens</h1>
        <p className="text-sm text-slate-500">
          Personal access tokens let scripts and the <code>kaas</code> CLI act as you on {team.displayName},
          with at most the role you choose (yours is {team.role}), for up to {MAX_TOKEN_DAYS} days. They end
          when you revoke them, when a platform admin ends your sessions, or when the identity provider
          refuses you. The API server still decides every change as you. Reference:{" "}
          <a href="/api/docs">/api/docs</a>.
        </p>
      </div>
      <TokensPanel
        team={team.slug}
        role={team.role}
        platformAdmin={isPlatformAdmin(user)}
        tokens={tokens.map((t) => ({
          id: t.id,
          name: t.name,
          prefix: t.displayPrefix,
          role: t.role,
          platform: t.platform,
          createdAt: t.createdAt.toISOString(),
          expiresAt: t.expiresAt.toISOString(),
          lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
          revokedAt: t.revokedAt?.toISOString() ?? null,
        }))}
      />
    </section>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { clusterWorkerNodes } from "@/lib/capi/cluster-manifest.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { type CloudCredentialsStatus, cloudCredentialsStatusAs } from "@/lib/k8s/cloud-credentials.ts";
import { teamClusters } from "@/lib/k8s/clusters.ts";
import { logger } from "@/lib/logger.ts";
import { teamMembersAs } from "@/lib/teams/members.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { type ClusterQuota, clusterQuotaAs } from "@/lib/teams/quotas.ts";
import type { TeamMember } from "@/lib/teams/roles.ts";
import { CloudCredentialsPanel } from "./_components/cloud-credentials-panel.tsx";
import { MembersPanel } from "./_components/members-panel.tsx";
import { QuotaPanel } from "./_components/quota-panel.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("settings"))("title") };
}

type Loaded<T> = { ok: true; value: T } | { ok: false; error: UserError };

async function load<T>(what: string, slug: string, fn: () => Promise<T>): Promise<Loaded<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    const error = userErrorFrom(err);
    logger.warn({ event: "settings.page", what, team: slug, code: error.code }, "team settings read failed");
    return { ok: false, error };
  }
}

/**
 * Team settings: quotas for everyone in the team; members and cloud credentials for team admins.
 * Everything is read as the user, so what shows is what the API server lets them see.
 */
export default async function TeamSettingsPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team } = await requireTeam(slug);
  const admin = team.role === "admin";
  const t = await getTranslations("settings");
  const tc = await getTranslations("clusters");
  const roles = await getTranslations("roles");
  const [quota, nodesUsed, members, credentials] = await Promise.all([
    load<ClusterQuota>("quota", slug, () => clusterQuotaAs(user.identity, team.namespace)),
    load<number>("nodes", slug, async () =>
      (await teamClusters(user.identity, team.namespace)).reduce((n, c) => n + clusterWorkerNodes(c), 0),
    ),
    admin ? load<TeamMember[]>("members", slug, () => teamMembersAs(user.identity, team.namespace)) : null,
    admin
      ? load<CloudCredentialsStatus>("credentials", slug, () =>
          cloudCredentialsStatusAs(user.identity, team.namespace),
        )
      : null,
  ]);
  return (
    <section className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500">
          {team.displayName} · {tc("namespace")} <code className="font-mono">{team.namespace}</code> ·{" "}
          {tc("yourRole", { role: roles(team.role) })}
        </p>
      </div>
      <QuotaPanel
        clusters={quota.ok ? quota.value : null}
        clustersError={quota.ok ? null : quota.error}
        nodes={nodesUsed.ok ? { used: nodesUsed.value, limit: team.maxWorkerNodes } : null}
        nodesError={nodesUsed.ok ? null : nodesUsed.error}
      />
      {admin ? null : (
        <p className="rounded-md bg-slate-100 p-3 text-sm dark:bg-slate-800" data-testid="settings-read-only">
          {t("readOnly")}
        </p>
      )}
      {members ? (
        members.ok ? (
          <MembersPanel team={team.slug} members={members.value} me={user.identity.user} />
        ) : (
          <ErrorPanel error={members.error} />
        )
      ) : null}
      {credentials ? (
        credentials.ok ? (
          <CloudCredentialsPanel team={team.slug} status={credentials.value} />
        ) : (
          <ErrorPanel error={credentials.error} />
        )
      ) : null}
    </section>
  );
}

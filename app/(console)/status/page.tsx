import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { VersionsFileError } from "@/lib/capi/kubernetes-versions.ts";
import type { KubernetesVersions } from "@/lib/capi/version-policy.ts";
import { loadKubernetesVersions } from "@/lib/capi/versions-file.ts";
import { type StatusWallData, statusWallData } from "@/lib/clusters/status-wall.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { logger } from "@/lib/logger.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { myTeams, requireUser } from "@/lib/teams/membership.ts";
import { OfferingNote } from "./_components/offering-note.tsx";
import { StatusWall } from "./_components/status-wall.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("status"))("title") };
}

/**
 * The status wall: every cluster the user may list (platform operators: every team's), its health
 * and whether its Kubernetes version meets the SCS version policy, kept live by the stream.
 */
export default async function StatusPage() {
  const user = await requireUser("/status");
  const admin = isPlatformAdmin(user);
  const t = await getTranslations("status");
  const [memberships, loaded] = await Promise.all([
    myTeams(user),
    statusWallData(user).then(
      (data): { data: StatusWallData; error: null } => ({ data, error: null }),
      (err: unknown): { data: null; error: UserError } => {
        logger.warn({ event: "status.page", err: (err as Error).message }, "status wall failed");
        return { data: null, error: userErrorFrom(err) };
      },
    ),
  ]);

  let versions: KubernetesVersions | null = null;
  let versionsProblem: string | null = null;
  try {
    versions = loadKubernetesVersions();
  } catch (err) {
    logger.error(
      { event: "status.versions", err: (err as Error).message },
      "Kubernetes versions file unusable",
    );
    // The file's own complaint names the bad entry: operators need it, other users need less.
    versionsProblem = admin && err instanceof VersionsFileError ? err.message : t("versionsUnreadable");
  }

  return (
    <section>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500" data-testid="status-scope">
          {admin ? t("scopeAdmin") : t("scopeTeams")} {t("policyNote")}
        </p>
      </div>
      {versionsProblem ? (
        <p
          role="alert"
          data-testid="versions-problem"
          className="mb-4 rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {versionsProblem}
        </p>
      ) : null}
      {loaded.error ? (
        <ErrorPanel error={loaded.error} />
      ) : loaded.data.teams.length === 0 ? (
        <NoTeams inTeams={memberships.length > 0} t={t} />
      ) : (
        <>
          {admin && versions ? (
            <OfferingNote offered={loaded.data.offeredVersions} versions={versions} />
          ) : null}
          {loaded.data.unreadable.map((u) => (
            <div key={u.team.slug} className="mb-3">
              <ErrorPanel error={u.error} prefix={u.team.displayName} />
            </div>
          ))}
          <StatusWall
            teams={loaded.data.teams}
            initial={loaded.data.rows}
            versions={versions}
            renderedAt={Date.now()}
          />
        </>
      )}
    </section>
  );
}

/** Nothing to show: say why and what to do, instead of an empty table. */
function NoTeams({
  inTeams,
  t,
}: {
  inTeams: boolean;
  t: Awaited<ReturnType<typeof getTranslations<"status">>>;
}) {
  return (
    <EmptyState
      testId="status-no-teams"
      title={t("noTeams.title")}
      action={
        inTeams ? null : (
          <Link
            href="/no-team"
            className="mt-3 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400"
          >
            {t("noTeams.whatNow")}
          </Link>
        )
      }
    >
      {inTeams ? t("noTeams.mayNotList") : t("noTeams.notInTeam")}
    </EmptyState>
  );
}

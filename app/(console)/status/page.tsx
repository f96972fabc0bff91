import type { Metadata } from "next";
import Link from "next/link";
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

export const metadata: Metadata = { title: "Status" };

/**
 * The status wall: every cluster the user may list (platform operators: every team's), its health
 * and whether its Kubernetes version meets the SCS version policy, kept live by the stream.
 */
export default async function StatusPage() {
  const user = await requireUser("/status");
  const admin = isPlatformAdmin(user);
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
    versionsProblem =
      admin && err instanceof VersionsFileError
        ? err.message
        : "The platform's list of Kubernetes releases cannot be read, so versions are not checked against the SCS policy. Tell your platform team.";
  }

  return (
    <section>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">Status</h1>
        <p className="text-sm text-slate-500" data-testid="status-scope">
          {admin ? "Every team's clusters, as a platform operator." : "The clusters of your teams."} Versions
          are measured against the SCS Kubernetes version policy (scs-0210-v2).
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
        <NoTeams inTeams={memberships.length > 0} />
      ) : (
        <>
          {admin && versions ? (
            <OfferingNote offered={loaded.data.offeredVersions} versions={versions} />
          ) : null}
          {loaded.data.unreadable.map((u) => (
            <div key={u.team.slug} className="mb-3">
              <ErrorPanel error={{ ...u.error, title: `${u.team.displayName}: ${u.error.title}` }} />
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
function NoTeams({ inTeams }: { inTeams: boolean }) {
  return (
    <EmptyState
      testId="status-no-teams"
      title="No clusters to show"
      action={
        inTeams ? null : (
          <Link
            href="/no-team"
            className="mt-3 inline-block text-sm text-sky-700 hover:underline dark:text-sky-400"
          >
            What now?
          </Link>
        )
      }
    >
      {inTeams
        ? "Your account may not list the clusters of any team. Ask a team admin to check your role."
        : "You are not in a team yet, so there are no clusters you may see. Ask a team admin to add you."}
    </EmptyState>
  );
}

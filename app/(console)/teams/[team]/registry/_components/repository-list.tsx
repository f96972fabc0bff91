import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ScanBadge } from "@/components/registry/scan-badge.tsx";
import { SeverityFilter } from "@/components/registry/severity-filter.tsx";
import { type Column, DataTable, sortFromParam, sortParam } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { Pager } from "@/components/ui/pager.tsx";
import { RelativeTime } from "@/components/ui/relative-time.tsx";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { logger } from "@/lib/logger.ts";
import { listRepositories, sortOptions, type TeamRegistry } from "@/lib/registry/browse.ts";
import { type RepositoryListQuery, registryHref } from "@/lib/registry/names.ts";
import type { Paged, RepositoryRow } from "@/lib/registry/types.ts";
import type { TeamMembership } from "@/lib/teams/membership.ts";
import { NotConfigured } from "./registry-heading.tsx";

const when = (at: string | undefined) => (at ? <RelativeTime at={at} testId="repository-pushed" /> : "–");

type T = Awaited<ReturnType<typeof getTranslations<"registry">>>;

function repositoryColumns(team: string, kind: TeamRegistry["kind"], t: T): Column<RepositoryRow>[] {
  const name: Column<RepositoryRow> = {
    label: t("columns.repository"),
    sort: "name",
    className: "font-medium",
    cell: (r) => (
      <Link href={registryHref(team, r.name)} className="hover:underline">
        {r.name}
      </Link>
    ),
  };
  if (kind === "oci")
    return [name, { label: t("columns.tags"), className: "tabular-nums", cell: (r) => r.tagCount ?? "–" }];
  return [
    name,
    { label: t("columns.artifacts"), className: "tabular-nums", cell: (r) => r.artifactCount ?? "–" },
    {
      label: t("columns.pulls"),
      sort: "pulls",
      descendingFirst: true,
      className: "tabular-nums",
      cell: (r) => r.pullCount ?? "–",
    },
    {
      label: t("columns.lastPush"),
      sort: "pushed",
      descendingFirst: true,
      className: "text-slate-600 dark:text-slate-400",
      cell: (r) => when(r.updatedAt),
    },
    {
      label: t("columns.newest"),
      cell: (r) => (
        <>
          {r.newest ? (
            <span className="mb-1 block font-mono text-xs" data-testid="repository-newest">
              {r.newest.startsWith("sha256:") ? r.newest.slice(0, 19) : r.newest}
            </span>
          ) : null}
          <ScanBadge scan={r.scan} />
        </>
      ),
    },
  ];
}

/**
 * The team's repositories, one page, read from the registry on the server. `registry` is the page's
 * lookup of the team's connection (null when none is set), awaited here so that its failure shows
 * in this list's place.
 */
export async function RepositoryList({
  team,
  query,
  registry,
}: {
  team: TeamMembership;
  query: RepositoryListQuery;
  registry: Promise<TeamRegistry | null>;
}) {
  const slug = team.slug;
  const t = await getTranslations("registry");

  let reg: TeamRegistry | null = null;
  let list: Paged<RepositoryRow> | null = null;
  let error: UserError | null = null;
  try {
    reg = await registry;
    if (reg) {
      const allowed: readonly string[] = sortOptions(reg, "repositories");
      if (!allowed.includes(query.sort)) query.sort = "name";
      if (reg.kind !== "harbor") query.severity = undefined;
      list = await listRepositories(reg, query);
    }
  } catch (err) {
    error = userErrorFrom(err);
    logger.warn(
      { event: "registry.repositories", team: slug, code: error.code, err: (err as Error).message },
      "listing repositories failed",
    );
  }

  const base = `/teams/${encodeURIComponent(team.slug)}/registry`;
  const href = (changes: { page?: number; sort?: string; severity?: "high" | undefined }) => {
    const p = new URLSearchParams();
    if (query.q) p.set("q", query.q);
    const sort = changes.sort ?? query.sort;
    if (sort !== "name") p.set("sort", sort);
    const severity = "severity" in changes ? changes.severity : query.severity;
    if (severity) p.set("severity", severity);
    const page = changes.page ?? (changes.sort ? 1 : query.page);
    if (page > 1) p.set("page", String(page));
    const qs = p.toString();
    return qs ? `${base}?${qs}` : base;
  };

  return (
    <section>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500">
          {team.displayName}
          {reg ? (
            <>
              {" "}
              ·{" "}
              {t.rich("imagesUnder", {
                prefix: reg.prefix,
                host: reg.host,
                code: (chunks) => <code className="font-mono">{chunks}</code>,
              })}
            </>
          ) : null}
        </p>
      </div>
      {error ? (
        <ErrorPanel error={error} />
      ) : !reg || !list ? (
        <NotConfigured />
      ) : (
        <>
          <search>
            <form method="get" action={base} className="mb-3 flex items-center gap-2">
              <label className="flex items-center gap-2 text-sm">
                <span>{t("search")}</span>
                <input
                  type="search"
                  name="q"
                  defaultValue={query.q ?? ""}
                  placeholder={t("searchPlaceholder")}
                  aria-label={t("searchLabel")}
                  maxLength={100}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
                />
              </label>
              {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
              {query.severity ? <input type="hidden" name="severity" value={query.severity} /> : null}
              <button
                type="submit"
                className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                {t("search")}
              </button>
            </form>
          </search>
          {reg.kind === "harbor" ? (
            <SeverityFilter
              active={query.severity === "high"}
              href={(severity) => href({ severity, page: 1 })}
              examined={list.examined}
            />
          ) : null}
          {list.items.length === 0 && query.severity === "high" ? (
            <EmptyState testId="repositories-empty" title={t("emptyHigh.title")}>
              {t("emptyHigh.repositories")}
            </EmptyState>
          ) : list.items.length === 0 ? (
            <EmptyState
              testId="repositories-empty"
              title={query.q ? t("noMatch", { q: query.q }) : t("empty.title")}
            >
              {t.rich("empty.body", {
                where: `${reg.host}/${reg.prefix}`,
                code: (chunks) => <code className="font-mono">{chunks}</code>,
              })}
            </EmptyState>
          ) : (
            <DataTable
              testId="repository-table"
              columns={repositoryColumns(team.slug, reg.kind, t)}
              rows={list.items}
              rowKey={(r) => r.name}
              rowAttributes={(r) => ({ "data-testid": "repository-row", "data-repository": r.name })}
              sort={sortFromParam(query.sort)}
              sortHref={(next) => href({ sort: sortParam(next) })}
            />
          )}
          <Pager page={list} href={(page) => href({ page })} label={t("repositoryPages")} />
        </>
      )}
    </section>
  );
}

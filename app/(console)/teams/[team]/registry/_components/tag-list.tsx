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
import { formatBytes } from "@/lib/format.ts";
import { logger } from "@/lib/logger.ts";
import { listTags, sortOptions, type TeamRegistry } from "@/lib/registry/browse.ts";
import { registryHref, type TagListQuery } from "@/lib/registry/names.ts";
import type { Paged, RegistryProblem, TagRow } from "@/lib/registry/types.ts";

function shortDigest(digest: string | undefined): string {
  if (!digest) return "–";
  const [algo, hex] = digest.split(":");
  return `${algo}:${(hex ?? "").slice(0, 12)}`;
}

type T = Awaited<ReturnType<typeof getTranslations<"registry">>>;

function tagColumns(
  team: string,
  repository: string,
  kind: TeamRegistry["kind"],
  t: T,
  say: (p: RegistryProblem) => string,
): Column<TagRow>[] {
  const oci = kind === "oci";
  return [
    {
      label: oci ? t("columns.tag") : t("columns.tags"),
      // Harbor lists artifacts, each with any number of tags: there is no one tag to sort by.
      sort: oci ? "name" : undefined,
      className: "font-medium",
      cell: (row) => (
        <>
          {row.tags.length === 0 && row.digest ? (
            <Link href={registryHref(team, repository, row.digest)} className="hover:underline">
              {t("untagged")}
            </Link>
          ) : (
            <span className="flex flex-wrap gap-x-2">
              {row.tags.map((tag) => (
                <Link key={tag} href={registryHref(team, repository, tag)} className="hover:underline">
                  {tag}
                </Link>
              ))}
            </span>
          )}
          {row.problem ? (
            <p className="mt-1 text-xs font-normal text-amber-700 dark:text-amber-300">{say(row.problem)}</p>
          ) : null}
        </>
      ),
    },
    {
      label: t("columns.digest"),
      className: "font-mono text-xs",
      cell: (row) => <span title={row.digest}>{shortDigest(row.digest)}</span>,
    },
    {
      label: t("columns.size"),
      className: "tabular-nums",
      cell: (row) => (row.size !== undefined ? formatBytes(row.size) : "–"),
    },
    {
      label: t("columns.platforms"),
      className: "text-xs",
      cell: (row) => (row.platforms.length ? row.platforms.join(", ") : "–"),
    },
    {
      label: oci ? t("columns.created") : t("columns.pushed"),
      sort: oci ? undefined : "pushed",
      descendingFirst: true,
      className: "text-slate-600 dark:text-slate-400",
      cell: (row) => {
        const when = oci ? row.created : row.pushed;
        return when ? <RelativeTime at={when} testId="tag-pushed" /> : "–";
      },
    },
    ...(oci
      ? []
      : [
          {
            label: t("columns.pulled"),
            sort: "pulled",
            descendingFirst: true,
            className: "text-slate-600 dark:text-slate-400",
            cell: (row: TagRow) =>
              row.pulled ? <RelativeTime at={row.pulled} testId="tag-pulled" /> : t("never"),
          },
          { label: t("columns.vulnerabilities"), cell: (row: TagRow) => <ScanBadge scan={row.scan} /> },
        ]),
  ];
}

/** One page of a repository's tags with what each really is. */
export async function TagList({
  team,
  reg,
  repository,
  query,
}: {
  team: string;
  reg: TeamRegistry;
  repository: string;
  query: TagListQuery;
}) {
  const t = await getTranslations("registry");
  const problems = await getTranslations("registryProblems");
  const allowed: readonly string[] = sortOptions(reg, "tags");
  const sort = allowed.includes(query.sort) ? query.sort : (allowed[0] ?? "name");
  let list: Paged<TagRow> | null = null;
  let error: UserError | null = null;
  try {
    list = await listTags(reg, repository, {
      ...query,
      sort: sort as TagListQuery["sort"],
      severity: reg.kind === "harbor" ? query.severity : undefined,
    });
  } catch (err) {
    error = userErrorFrom(err);
    logger.warn(
      { event: "registry.tags", team, repository, code: error.code, err: (err as Error).message },
      "listing tags failed",
    );
  }
  if (error || !list) return <ErrorPanel error={error ?? userErrorFrom(null)} />;

  const base = registryHref(team, repository);
  const href = (changes: { page?: number; sort?: string; severity?: "high" | undefined }) => {
    const p = new URLSearchParams();
    const s = changes.sort ?? sort;
    if (s !== allowed[0]) p.set("sort", s);
    const severity = "severity" in changes ? changes.severity : query.severity;
    if (severity) p.set("severity", severity);
    const page = changes.page ?? 1;
    if (page > 1) p.set("page", String(page));
    const qs = p.toString();
    return qs ? `${base}?${qs}` : base;
  };

  const filter =
    reg.kind === "harbor" ? (
      <SeverityFilter
        active={query.severity === "high"}
        href={(severity) => href({ severity })}
        examined={list.examined}
      />
    ) : null;
  if (list.items.length === 0 && list.page === 1) {
    return (
      <div>
        {filter}
        {query.severity === "high" ? (
          <EmptyState testId="tags-empty" title={t("emptyHigh.title")}>
            {t("emptyHigh.tags")}
          </EmptyState>
        ) : (
          <EmptyState testId="tags-empty" title={t("noTags.title")}>
            {t("noTags.body")}
          </EmptyState>
        )}
      </div>
    );
  }
  return (
    <div>
      {filter}
      <DataTable
        testId="tag-table"
        columns={tagColumns(team, repository, reg.kind, t, (p) => problems(p.key, p.values))}
        rows={list.items}
        rowKey={(row) => `${row.tags.join(",")}@${row.digest ?? ""}`}
        rowAttributes={(row) => ({
          "data-testid": "tag-row",
          "data-tag": row.tags[0] ?? "",
          "data-digest": row.digest ?? "",
          "data-pushed": row.pushed ?? "",
          "data-pulled": row.pulled ?? "",
        })}
        sort={sortFromParam(sort)}
        sortHref={(next) => href({ sort: sortParam(next) })}
      />
      <Pager page={list} href={(page) => href({ page })} label={t("tagPages")} />
    </div>
  );
}

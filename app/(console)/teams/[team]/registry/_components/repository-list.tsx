import Link from "next/link";
import { type Column, DataTable, sortFromParam, sortParam } from "@/components/ui/data-table.tsx";
import { EmptyState } from "@/components/ui/empty-state.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { formatAge } from "@/lib/format.ts";
import { logger } from "@/lib/logger.ts";
import { listRepositories, sortOptions, type TeamRegistry } from "@/lib/registry/browse.ts";
import { type RepositoryListQuery, registryHref } from "@/lib/registry/names.ts";
import type { Paged, RepositoryRow } from "@/lib/registry/types.ts";
import type { TeamMembership } from "@/lib/teams/membership.ts";
import { Pager } from "./pager.tsx";
import { NotConfigured } from "./registry-heading.tsx";

const when = (at: string | undefined) => (at ? <time dateTime={at}>{formatAge(at)} ago</time> : "–");

function repositoryColumns(team: string, kind: TeamRegistry["kind"]): Column<RepositoryRow>[] {
  const name: Column<RepositoryRow> = {
    label: "Repository",
    sort: "name",
    className: "font-medium",
    cell: (r) => (
      <Link href={registryHref(team, r.name)} className="hover:underline">
        {r.name}
      </Link>
    ),
  };
  if (kind === "oci")
    return [name, { label: "Tags", className: "tabular-nums", cell: (r) => r.tagCount ?? "–" }];
  return [
    name,
    { label: "Artifacts", className: "tabular-nums", cell: (r) => r.artifactCount ?? "–" },
    { label: "Pulls", className: "tabular-nums", cell: (r) => r.pullCount ?? "–" },
    {
      label: "Last push",
      sort: "pushed",
      descendingFirst: true,
      className: "text-slate-500",
      cell: (r) => when(r.updatedAt),
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

  let reg: TeamRegistry | null = null;
  let list: Paged<RepositoryRow> | null = null;
  let error: UserError | null = null;
  try {
    reg = await registry;
    if (reg) {
      const allowed: readonly string[] = sortOptions(reg, "repositories");
      if (!allowed.includes(query.sort)) query.sort = "name";
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
  const href = (changes: { page?: number; sort?: string }) => {
    const p = new URLSearchParams();
    if (query.q) p.set("q", query.q);
    const sort = changes.sort ?? query.sort;
    if (sort !== "name") p.set("sort", sort);
    const page = changes.page ?? (changes.sort ? 1 : query.page);
    if (page > 1) p.set("page", String(page));
    const qs = p.toString();
    return qs ? `${base}?${qs}` : base;
  };

  return (
    <section>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">Registry</h1>
        <p className="text-sm text-slate-500">
          {team.displayName}
          {reg ? (
            <>
              {" "}
              · images under <code className="font-mono">{reg.prefix}</code> at{" "}
              <code className="font-mono">{reg.host}</code>
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
                <span>Search</span>
                <input
                  type="search"
                  name="q"
                  defaultValue={query.q ?? ""}
                  placeholder="repository name"
                  aria-label="Search repositories"
                  maxLength={100}
                  className="rounded-md border border-slate-300 bg-white px-2 py-1 dark:border-slate-700 dark:bg-slate-900"
                />
              </label>
              {query.sort !== "name" ? <input type="hidden" name="sort" value={query.sort} /> : null}
              <button
                type="submit"
                className="rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                Search
              </button>
            </form>
          </search>
          {list.items.length === 0 ? (
            <EmptyState
              testId="repositories-empty"
              title={query.q ? `No repository matches “${query.q}”` : "No images yet"}
            >
              Images pushed under{" "}
              <code className="font-mono">
                {reg.host}/{reg.prefix}
              </code>{" "}
              appear here.
            </EmptyState>
          ) : (
            <DataTable
              testId="repository-table"
              columns={repositoryColumns(team.slug, reg.kind)}
              rows={list.items}
              rowKey={(r) => r.name}
              rowAttributes={(r) => ({ "data-testid": "repository-row", "data-repository": r.name })}
              sort={sortFromParam(query.sort)}
              sortHref={(next) => href({ sort: sortParam(next) })}
            />
          )}
          <Pager page={list} href={(page) => href({ page })} label="Repository pages" />
        </>
      )}
    </section>
  );
}

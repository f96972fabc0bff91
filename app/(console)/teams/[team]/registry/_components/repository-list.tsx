import Link from "next/link";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { getDb } from "@/db/client.ts";
import type { TeamMembership } from "@/db/queries/teams.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { formatAge } from "@/lib/format.ts";
import { logger } from "@/lib/logger.ts";
import { listRepositories, sortOptions, type TeamRegistry, teamRegistry } from "@/lib/registry/browse.ts";
import { type RepositoryListQuery, registryHref } from "@/lib/registry/names.ts";
import type { Paged, RepositoryRow } from "@/lib/registry/types.ts";
import { Pager } from "./pager.tsx";
import { NotConfigured } from "./registry-heading.tsx";
import { SortHeader } from "./sort-header.tsx";

/** The team's repositories, one page, read from the registry on the server. */
export async function RepositoryList({ team, query }: { team: TeamMembership; query: RepositoryListQuery }) {
  const slug = team.slug;

  let reg: TeamRegistry | null = null;
  let list: Paged<RepositoryRow> | null = null;
  let error: UserError | null = null;
  try {
    reg = await teamRegistry(getDb(), team.id);
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
            <div
              data-testid="repositories-empty"
              className="rounded-lg border border-dashed border-slate-300 p-10 text-center dark:border-slate-700"
            >
              <p className="font-medium">
                {query.q ? `No repository matches “${query.q}”` : "No images yet"}
              </p>
              <p className="mt-1 text-sm text-slate-500">
                Images pushed under{" "}
                <code className="font-mono">
                  {reg.host}/{reg.prefix}
                </code>{" "}
                appear here.
              </p>
            </div>
          ) : (
            <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
              <table className="w-full text-left text-sm" data-testid="repository-table">
                <thead className="bg-slate-100 dark:bg-slate-900">
                  <tr>
                    <SortHeader
                      label="Repository"
                      field="name"
                      sort={query.sort}
                      allowed={sortOptions(reg, "repositories")}
                      href={(sort) => href({ sort })}
                    />
                    {reg.kind === "oci" ? (
                      <th scope="col" className="px-3 py-2 font-medium">
                        Tags
                      </th>
                    ) : (
                      <>
                        <th scope="col" className="px-3 py-2 font-medium">
                          Artifacts
                        </th>
                        <th scope="col" className="px-3 py-2 font-medium">
                          Pulls
                        </th>
                        <SortHeader
                          label="Last push"
                          field="pushed"
                          sort={query.sort}
                          allowed={sortOptions(reg, "repositories")}
                          href={(sort) => href({ sort })}
                          defaultDescending
                        />
                      </>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {list.items.map((r) => (
                    <tr
                      key={r.name}
                      data-testid="repository-row"
                      data-repository={r.name}
                      className="border-t border-slate-200 dark:border-slate-800"
                    >
                      <td className="px-3 py-2 font-medium">
                        <Link href={registryHref(team.slug, r.name)} className="hover:underline">
                          {r.name}
                        </Link>
                      </td>
                      {reg.kind === "oci" ? (
                        <td className="px-3 py-2 tabular-nums">{r.tagCount ?? "–"}</td>
                      ) : (
                        <>
                          <td className="px-3 py-2 tabular-nums">{r.artifactCount ?? "–"}</td>
                          <td className="px-3 py-2 tabular-nums">{r.pullCount ?? "–"}</td>
                          <td className="px-3 py-2 text-slate-500">
                            {r.updatedAt ? (
                              <time dateTime={r.updatedAt}>{formatAge(r.updatedAt)} ago</time>
                            ) : (
                              "–"
                            )}
                          </td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <Pager page={list} href={(page) => href({ page })} label="Repository pages" />
        </>
      )}
    </section>
  );
}

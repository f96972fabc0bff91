import Link from "next/link";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { formatAge, formatBytes } from "@/lib/format.ts";
import { logger } from "@/lib/logger.ts";
import { listTags, sortOptions, type TeamRegistry } from "@/lib/registry/browse.ts";
import { registryHref, type TagListQuery } from "@/lib/registry/names.ts";
import type { Paged, TagRow } from "@/lib/registry/types.ts";
import { Pager } from "./pager.tsx";
import { ScanBadge } from "./scan-badge.tsx";
import { SortHeader } from "./sort-header.tsx";

function shortDigest(digest: string | undefined): string {
  if (!digest) return "–";
  const [algo, hex] = digest.split(":");
  return `${algo}:${(hex ?? "").slice(0, 12)}`;
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
  const allowed: readonly string[] = sortOptions(reg, "tags");
  const sort = allowed.includes(query.sort) ? query.sort : (allowed[0] ?? "name");
  let list: Paged<TagRow> | null = null;
  let error: UserError | null = null;
  try {
    list = await listTags(reg, repository, { ...query, sort: sort as TagListQuery["sort"] });
  } catch (err) {
    error = userErrorFrom(err);
    logger.warn(
      { event: "registry.tags", team, repository, code: error.code, err: (err as Error).message },
      "listing tags failed",
    );
  }
  if (error || !list) return <ErrorPanel error={error ?? userErrorFrom(null)} />;

  const base = registryHref(team, repository);
  const href = (changes: { page?: number; sort?: string }) => {
    const p = new URLSearchParams();
    const s = changes.sort ?? sort;
    if (s !== allowed[0]) p.set("sort", s);
    const page = changes.page ?? 1;
    if (page > 1) p.set("page", String(page));
    const qs = p.toString();
    return qs ? `${base}?${qs}` : base;
  };

  if (list.items.length === 0 && list.page === 1) {
    return (
      <div
        data-testid="tags-empty"
        className="rounded-lg border border-dashed border-slate-300 p-10 text-center dark:border-slate-700"
      >
        <p className="font-medium">No tags</p>
        <p className="mt-1 text-sm text-slate-500">This repository has no tagged images.</p>
      </div>
    );
  }
  return (
    <div>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-left text-sm" data-testid="tag-table">
          <thead className="bg-slate-100 dark:bg-slate-900">
            <tr>
              {reg.kind === "oci" ? (
                <SortHeader
                  label="Tag"
                  field="name"
                  sort={sort}
                  allowed={allowed}
                  href={(s) => href({ sort: s })}
                />
              ) : (
                <th scope="col" className="px-3 py-2 font-medium">
                  Tags
                </th>
              )}
              <th scope="col" className="px-3 py-2 font-medium">
                Digest
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Size
              </th>
              <th scope="col" className="px-3 py-2 font-medium">
                Platforms
              </th>
              {reg.kind === "oci" ? (
                <th scope="col" className="px-3 py-2 font-medium">
                  Created
                </th>
              ) : (
                <>
                  <SortHeader
                    label="Pushed"
                    field="pushed"
                    sort={sort}
                    allowed={allowed}
                    href={(s) => href({ sort: s })}
                    defaultDescending
                  />
                  <th scope="col" className="px-3 py-2 font-medium">
                    Vulnerabilities
                  </th>
                </>
              )}
            </tr>
          </thead>
          <tbody>
            {list.items.map((row) => {
              const when = reg.kind === "oci" ? row.created : row.pushed;
              return (
                <tr
                  key={`${row.tags.join(",")}@${row.digest ?? ""}`}
                  data-testid="tag-row"
                  data-tag={row.tags[0] ?? ""}
                  data-digest={row.digest ?? ""}
                  className="border-t border-slate-200 align-top dark:border-slate-800"
                >
                  <td className="px-3 py-2 font-medium">
                    {row.tags.length === 0 && row.digest ? (
                      <Link href={registryHref(team, repository, row.digest)} className="hover:underline">
                        (untagged)
                      </Link>
                    ) : (
                      <span className="flex flex-wrap gap-x-2">
                        {row.tags.map((t) => (
                          <Link key={t} href={registryHref(team, repository, t)} className="hover:underline">
                            {t}
                          </Link>
                        ))}
                      </span>
                    )}
                    {row.problem ? (
                      <p className="mt-1 text-xs font-normal text-amber-700 dark:text-amber-300">
                        {row.problem}
                      </p>
                    ) : null}
                  </td>
                  <td className="px-3 py-2 font-mono text-xs" title={row.digest}>
                    {shortDigest(row.digest)}
                  </td>
                  <td className="px-3 py-2 tabular-nums">
                    {row.size !== undefined ? formatBytes(row.size) : "–"}
                  </td>
                  <td className="px-3 py-2 text-xs">
                    {row.platforms.length ? row.platforms.join(", ") : "–"}
                  </td>
                  <td className="px-3 py-2 text-slate-500">
                    {when ? (
                      <time dateTime={when} title={when}>
                        {formatAge(when)} ago
                      </time>
                    ) : (
                      "–"
                    )}
                  </td>
                  {reg.kind === "harbor" ? (
                    <td className="px-3 py-2">
                      <ScanBadge scan={row.scan} />
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Pager page={list} href={(page) => href({ page })} label="Tag pages" />
    </div>
  );
}

import Link from "next/link";

/**
 * A column header that sorts on the server: a link to the same list sorted by `field`, toggling
 * the direction when it is already the sort. `sort` uses a leading `-` for descending.
 */
export function SortHeader({
  label,
  field,
  sort,
  allowed,
  href,
  defaultDescending = false,
}: {
  label: string;
  field: string;
  sort: string;
  allowed: readonly string[];
  href: (sort: string) => string;
  defaultDescending?: boolean;
}) {
  const active = sort === field || sort === `-${field}`;
  const descending = sort === `-${field}`;
  const next = active ? (descending ? field : `-${field}`) : defaultDescending ? `-${field}` : field;
  const sortable = allowed.includes(next);
  return (
    <th
      scope="col"
      className="px-3 py-2 font-medium"
      aria-sort={active ? (descending ? "descending" : "ascending") : undefined}
    >
      {sortable ? (
        <Link href={href(next)} className="hover:underline">
          {label}
          {active ? (descending ? " ▼" : " ▲") : ""}
        </Link>
      ) : (
        label
      )}
    </th>
  );
}

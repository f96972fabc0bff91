import Link from "next/link";
import { memo, type ReactNode } from "react";

// No "use client": server components (registry, audit log, admin) render it as well as client ones.

export type Column<T> = {
  /** Header text, and the column's accessible name. */
  label: string;
  cell: (row: T) => ReactNode;
  /** Classes of the column's cells, besides the shared padding. */
  className?: string;
  /** The sort field its header sets; without one the column does not sort. */
  sort?: string;
  /** The first click sorts descending (for dates: newest first). */
  descendingFirst?: boolean;
};

export type TableSort = { key: string; descending: boolean };

type RowAttributes = { [attribute: `data-${string}`]: string | number | boolean | undefined };

/** A sort written as one URL value: the field, with a leading `-` when descending. */
export const sortFromParam = (param: string): TableSort =>
  param.startsWith("-") ? { key: param.slice(1), descending: true } : { key: param, descending: false };

/** The URL value of a sort (see `sortFromParam`). */
export const sortParam = (sort: TableSort) => (sort.descending ? `-${sort.key}` : sort.key);

/**
 * The console's table: a header whose sortable columns show and announce the sort (`aria-sort`),
 * one row per item, and a note below the header when there are none. The caller keeps the sort
 * (in state or in the URL) and the rows in order; a header sets it through `onSort` (a button) or
 * `sortHref` (a link, for sorts that live in the URL and for server components).
 */
export function DataTable<T>({
  columns,
  rows,
  rowKey,
  rowAttributes,
  testId,
  caption,
  sort,
  onSort,
  sortHref,
  empty,
  emptyTestId,
}: {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T) => string;
  /** `data-*` attributes of a row (its test id and what tests find it by). */
  rowAttributes?: (row: T) => RowAttributes;
  testId?: string;
  /** Read by screen readers only: the page's heading usually says it for sighted users. */
  caption?: string;
  sort?: TableSort;
  onSort?: (next: TableSort) => void;
  sortHref?: (next: TableSort) => string;
  /** Shown under the header when `rows` is empty. */
  empty?: ReactNode;
  emptyTestId?: string;
}) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-left text-sm" data-testid={testId}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-100 dark:bg-slate-900">
          <tr>
            {columns.map((col) => {
              const active = col.sort !== undefined && sort?.key === col.sort;
              const descending = active && sort.descending;
              const text = `${col.label}${active ? (descending ? " ▼" : " ▲") : ""}`;
              const next = col.sort && {
                key: col.sort,
                descending: active ? !descending : col.descendingFirst === true,
              };
              return (
                <th
                  key={col.label}
                  scope="col"
                  className="px-3 py-2 font-medium"
                  aria-sort={active ? (descending ? "descending" : "ascending") : undefined}
                >
                  {next && sortHref ? (
                    <Link href={sortHref(next)} className="hover:underline">
                      {text}
                    </Link>
                  ) : next && onSort ? (
                    <button type="button" className="hover:underline" onClick={() => onSort(next)}>
                      {text}
                    </button>
                  ) : (
                    col.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <TableRow
              key={rowKey(row)}
              row={row}
              columns={columns as readonly Column<unknown>[]}
              rowAttributes={rowAttributes as ((row: unknown) => RowAttributes) | undefined}
            />
          ))}
        </tbody>
      </table>
      {rows.length === 0 && empty ? (
        <p className="p-4 text-sm text-slate-500" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : null}
    </div>
  );
}

/**
 * One row, rendered again only when its item or the columns change: a sort or filter of a
 * 2,000-row table then moves rows instead of rendering every cell again. `rowAttributes` must
 * depend on the row alone (it is not compared).
 */
const TableRow = memo(
  function TableRow({
    row,
    columns,
    rowAttributes,
  }: {
    row: unknown;
    columns: readonly Column<unknown>[];
    rowAttributes?: (row: unknown) => RowAttributes;
  }) {
    return (
      <tr {...rowAttributes?.(row)} className="border-t border-slate-200 align-top dark:border-slate-800">
        {columns.map((col) => (
          <td key={col.label} className={col.className ? `px-3 py-2 ${col.className}` : "px-3 py-2"}>
            {col.cell(row)}
          </td>
        ))}
      </tr>
    );
  },
  (a, b) => a.row === b.row && a.columns === b.columns,
);

/**
 * The rows of page `requested` (1-based; out of range or unreadable: the nearest page) of
 * `total` rows, `size` a page.
 */
export function pageWindow(
  total: number,
  requested: number,
  size: number,
): { page: number; pages: number; start: number; end: number } {
  const pages = Math.max(1, Math.ceil(total / size));
  const page = Number.isInteger(requested) ? Math.min(Math.max(1, requested), pages) : 1;
  const start = (page - 1) * size;
  return { page, pages, start, end: Math.min(total, start + size) };
}

import type { LiveObject } from "./live-connection.ts";

/**
 * Applies one watch change to a kind's list by `uid`: a DELETED drops the object, anything else
 * replaces it in place (keeping the order rows were seen in) or appends it. Returns the same
 * array when nothing changed, so React skips the re-render.
 */
export function mergeChange(
  items: readonly LiveObject[],
  type: "ADDED" | "MODIFIED" | "DELETED",
  object: LiveObject,
): LiveObject[] {
  const i = items.findIndex((x) => x.metadata.uid === object.metadata.uid);
  if (type === "DELETED") return i < 0 ? (items as LiveObject[]) : items.filter((_, j) => j !== i);
  return i < 0 ? [...items, object] : items.map((x, j) => (j === i ? object : x));
}

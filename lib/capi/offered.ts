import type { ClassOffer } from "./class-catalog.ts";

/** One entry of what a platform admin offers a team: a ClusterClass, or every release of a stack. */
export type OfferedEntry = { kind: "class" | "stack"; name: string };

/**
 * The offers a team may use: all of them when nothing was chosen (the behaviour before offers
 * could be chosen), otherwise the classes named and the classes of the stacks named.
 */
export function filterOffered(offers: ClassOffer[], offered: readonly OfferedEntry[]): ClassOffer[] {
  if (offered.length === 0) return offers;
  const classes = new Set(offered.filter((o) => o.kind === "class").map((o) => o.name));
  const stacks = new Set(offered.filter((o) => o.kind === "stack").map((o) => o.name));
  return offers.filter((o) => classes.has(o.name) || (o.stack !== null && stacks.has(o.stack)));
}

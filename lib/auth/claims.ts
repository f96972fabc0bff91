/** Reading the console's view of a user out of OIDC claims (ID token or userinfo). Pure. */

/** A claim as a non-empty string, else undefined. */
export function claimString(claims: Record<string, unknown>, claim: string): string | undefined {
  const v = claims[claim];
  return typeof v === "string" && v ? v : undefined;
}

/** A groups claim as a list of strings: a list, a single string, or absent (no groups). */
export function claimGroups(claims: Record<string, unknown>, claim: string): string[] {
  const v = claims[claim];
  if (Array.isArray(v)) return v.filter((g): g is string => typeof g === "string");
  return typeof v === "string" && v ? [v] : [];
}

/** The same groups, whatever their order or repetitions. */
export function sameGroups(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a);
  const y = new Set(b);
  return x.size === y.size && [...x].every((g) => y.has(g));
}

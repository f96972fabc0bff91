/**
 * The JSON merge patch (RFC 7386) that turns one object into another: what a printed `kubectl patch
 * --type merge` needs to say for a change the console computed as a whole object. Pure.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The smallest merge patch from `before` to `after`: changed keys only, objects patched key by key,
 * arrays and scalars replaced whole (a merge patch cannot say less), removed keys set to null.
 * An empty object means nothing changed.
 */
export function mergePatchBetween(before: Record<string, unknown>, after: Record<string, unknown>) {
  const patch: Record<string, Json> = {};
  for (const key of Object.keys(before)) if (!(key in after) && before[key] !== undefined) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined || same(before[key], value)) continue;
    const old = before[key];
    patch[key] = isObject(old) && isObject(value) ? mergePatchBetween(old, value) : (value as Json);
  }
  return patch;
}

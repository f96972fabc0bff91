import { z } from "zod";

/**
 * Names the console accepts from URLs, and the team scope check. Everything a user can put in a
 * path goes through these schemas before it comes near a registry request.
 */

// The OCI distribution-spec name rule: lower-case path components separated by single slashes;
// no component may be empty, `.` or `..`, or contain percent signs or backslashes.
const COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
const NAME_RE = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG_RE = /^[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}$/;
const DIGEST_RE = /^(?:sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

/** A repository name as the OCI spec allows it (at most 255 characters, as registries enforce). */
export const repositoryNameSchema = z.string().max(255).regex(NAME_RE, "not a repository name");
/** A tag. */
export const tagSchema = z.string().regex(TAG_RE, "not a tag");
/** A content digest (sha256 or sha512). */
export const digestSchema = z.string().regex(DIGEST_RE, "not a digest");
/** A manifest reference: a tag or a digest. */
export const referenceSchema = z.union([digestSchema, tagSchema]);

export {
  type RepositoryListQuery,
  repositoryListQuerySchema,
  type TagListQuery,
  tagListQuerySchema,
} from "../validation/registry-browse.ts";

export function isDigest(reference: string): boolean {
  return DIGEST_RE.test(reference);
}

/** `team-a`, `team-a/` → `team-a/`; the form every prefix check uses. */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.trim().replace(/^\/+|\/+$/g, "");
  if (!trimmed || !NAME_RE.test(trimmed))
    throw new Error(`not a repository prefix: ${JSON.stringify(prefix)}`);
  return `${trimmed}/`;
}

/** Whether `name` is a valid repository name strictly below the team's `prefix` (e.g. `team-a/`). */
export function inTeamScope(prefix: string, name: string): boolean {
  const p = normalizePrefix(prefix);
  return repositoryNameSchema.safeParse(name).success && name.startsWith(p) && name.length > p.length;
}

/** What a registry route's path segments name: a repository, or a manifest in one. */
export type RegistryPath =
  | { kind: "repository"; repository: string }
  | { kind: "manifest"; repository: string; reference: string };

/**
 * Parses the catch-all segments after `/teams/<team>/registry/`: `<repository…>` or
 * `<repository…>/-/<tag or digest>`. Segments arrive URL-decoded from the router; each is decoded
 * once more only to refuse smuggled separators (`%2F`, `%2E%2E`). Returns null for anything that is
 * not in the team's scope, so callers answer 404 and never build a request from it.
 */
export function parseRegistryPath(prefix: string, segments: readonly string[]): RegistryPath | null {
  if (segments.length === 0 || segments.length > 64) return null;
  for (const s of segments) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(s);
    } catch {
      return null;
    }
    if (decoded !== s || s.includes("/") || s.includes("\\")) return null;
  }
  const dash = segments.indexOf("-");
  const repoSegments = dash === -1 ? segments : segments.slice(0, dash);
  const repository = repoSegments.join("/");
  if (!inTeamScope(prefix, repository)) return null;
  if (dash === -1) return { kind: "repository", repository };
  const rest = segments.slice(dash + 1);
  if (rest.length !== 1 || rest[0] === undefined) return null;
  const reference = referenceSchema.safeParse(rest[0]);
  return reference.success ? { kind: "manifest", repository, reference: reference.data } : null;
}

/**
 * The console path of a repository or manifest. Valid names, tags and digests use only
 * `[A-Za-z0-9._:/-]`, which need no encoding in a path, so the router sees them exactly as written.
 */
export function registryHref(team: string, repository: string, reference?: string): string {
  const base = `/teams/${encodeURIComponent(team)}/registry/${repository}`;
  return reference ? `${base}/-/${reference}` : base;
}

/** The first value of a search parameter as Next passes them. */
export function firstValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Where to go after signing in: only a path on this site, never another origin (no open
 * redirect through `//host`, `/\host` or absolute URLs).
 */
export function safeCallbackPath(value: string | string[] | undefined): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v?.startsWith("/") || v.startsWith("//") || v.startsWith("/\\")) return "/";
  return v;
}

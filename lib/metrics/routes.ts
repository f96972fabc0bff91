import { readFileSync } from "node:fs";
import { join } from "node:path";

type ManifestRoute = { page: string; regex: string };
type Manifest = { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] };

/**
 * Names a request path by the route that serves it (`/teams/[team]/clusters/[name]`), so request
 * metrics have one series per route rather than one per team or cluster. Built from the build's
 * `routes-manifest.json`; what matches no route is `(other)`, Next's static files one name each.
 */
export class RouteNamer {
  private readonly exact = new Map<string, string>();
  private readonly patterns: { page: string; re: RegExp }[] = [];

  constructor(manifest: Manifest) {
    for (const r of manifest.staticRoutes ?? []) this.exact.set(r.page, r.page);
    // Next lists dynamic routes most specific first.
    for (const r of manifest.dynamicRoutes ?? [])
      this.patterns.push({ page: r.page, re: new RegExp(r.regex) });
  }

  /** Reads `.next/routes-manifest.json` under `dir` (the standalone server's working directory); none: every path is `(other)`. */
  static fromBuild(dir = process.cwd()): RouteNamer {
    try {
      const text = readFileSync(join(/*turbopackIgnore: true*/ dir, ".next", "routes-manifest.json"), "utf8");
      return new RouteNamer(JSON.parse(text) as Manifest);
    } catch {
      return new RouteNamer({});
    }
  }

  name(path: string): string {
    if (path.startsWith("/_next/static/")) return "/_next/static";
    if (path.startsWith("/_next/image")) return "/_next/image";
    // RSC payloads of a page are the page.
    const p = path.replace(/\.rsc$/, "").replace(/\.segments\/.*$/, "") || "/";
    const trimmed = p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p;
    const exact = this.exact.get(trimmed);
    if (exact) return exact;
    for (const { page, re } of this.patterns) if (re.test(trimmed)) return page;
    return "(other)";
  }
}

/**
 * First-load JavaScript of every route, read from a production build's manifests (what a browser
 * fetches before it can hydrate the page: the root main files plus the chunks of the page and its
 * layouts), gzipped at zlib's default level as the standalone server's compression sends it. Also
 * builds dev/bench/floor-app, a bare Next.js app of one client component on the console's own
 * Next, React and Turbopack: the framework floor no route of the console can go below.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { runInNewContext } from "node:vm";
import { gzipSync } from "node:zlib";
import { ensureBuild, nextBuild } from "../world.ts";

const repoRoot = join(import.meta.dirname, "..", "..");
const floorApp = join(import.meta.dirname, "floor-app");

export type RouteJs = { route: string; kb: number };

export type BundleReport = {
  /** Every page route of the console, largest first. */
  routes: RouteJs[];
  /** The bare Next.js app's one page. */
  floorKb: number;
};

/** The client reference manifests' routes (`/(console)/teams/[team]/clusters/page`) and files. */
function* pageManifests(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* pageManifests(path);
    else if (e.name === "page_client-reference-manifest.js") yield path;
  }
}

/** First-load JS of each page route of the build in `appDir` (the folder holding `.next`). */
export function routeFirstLoads(appDir: string): RouteJs[] {
  const next = join(appDir, ".next");
  const buildManifest = JSON.parse(readFileSync(join(next, "build-manifest.json"), "utf8")) as {
    rootMainFiles: string[];
  };
  const gz = new Map<string, number>();
  const size = (file: string) => {
    let n = gz.get(file);
    if (n === undefined) {
      n = gzipSync(readFileSync(join(next, file))).length;
      gz.set(file, n);
    }
    return n;
  };
  const out: RouteJs[] = [];
  for (const path of pageManifests(join(next, "server", "app"))) {
    // The manifest is a script that fills globalThis.__RSC_MANIFEST; run it in a sandbox of its own.
    const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } = {};
    runInNewContext(readFileSync(path, "utf8"), sandbox);
    for (const [route, manifest] of Object.entries(sandbox.__RSC_MANIFEST ?? {})) {
      // What the page and its layouts load; not the error and not-found boundaries' chunks, which
      // load only when one shows.
      const files = new Set(buildManifest.rootMainFiles);
      for (const [k, chunks] of Object.entries(manifest.entryJSFiles))
        if (k.endsWith("/page") || k.endsWith("/layout")) for (const c of chunks) files.add(c);
      let bytes = 0;
      for (const f of files) bytes += size(f);
      // Route groups ("(console)") are not in the URL.
      const url = route.replace(/\/page$/, "").replace(/\/\([^/)]*\)/g, "");
      out.push({ route: url || "/", kb: bytes / 1024 });
    }
  }
  return out.sort((a, b) => b.kb - a.kb);
}

/** Builds the bare app with the console's own `next` and answers its page's first-load JS. */
export function frameworkFloor(log: (line: string) => void): number {
  log(`bundle: building the framework floor (${relative(repoRoot, floorApp)})…`);
  nextBuild(floorApp);
  const page = routeFirstLoads(floorApp).find((x) => x.route === "/");
  if (!page) throw new Error("the floor app's build has no / page");
  return page.kb;
}

/** The console's routes (built first when the build is missing or stale) and the floor. */
export function benchBundle(log: (line: string) => void): BundleReport {
  ensureBuild(log);
  return { routes: routeFirstLoads(repoRoot), floorKb: frameworkFloor(log) };
}

/**
 * Completes `next build`'s standalone output into the folder the image ships and every production
 * run starts (`node .next/standalone/server.js`): Next traces only server code into it and leaves
 * the browser assets and `public/` to be copied beside it (Next's "output: standalone" docs); the
 * console also reads its migrations and the version policy file from its working directory at run
 * time, which server.js sets to its own folder.
 *
 * `npm run build` runs this after `next build`; `node dev/build-standalone.ts` alone re-copies.
 */
import { cpSync, existsSync, rmSync } from "node:fs";
import { join } from "node:path";

const repoRoot = join(import.meta.dirname, "..");

/** What is copied into the standalone folder, from → to, both relative to the repository / that folder. */
export const STANDALONE_EXTRAS: readonly { from: string; to: string }[] = [
  { from: ".next/static", to: ".next/static" },
  { from: "public", to: "public" },
  { from: "db/migrations", to: "db/migrations" },
  { from: "config", to: "config" },
];

/** The folder `node server.js` runs from. */
export const standaloneDir = join(repoRoot, ".next", "standalone");

/** Copies {@link STANDALONE_EXTRAS} into the standalone output; throws if `next build` did not make one. */
export function completeStandalone(root = repoRoot): void {
  const dir = join(root, ".next", "standalone");
  if (!existsSync(join(dir, "server.js")))
    throw new Error(`${dir}/server.js is missing: next build did not produce standalone output`);
  for (const { from, to } of STANDALONE_EXTRAS) {
    const src = join(root, from);
    if (!existsSync(src)) continue;
    const dest = join(dir, to);
    // Replace, not merge: a file removed from the source must not live on in the image.
    rmSync(dest, { recursive: true, force: true });
    cpSync(src, dest, { recursive: true });
  }
  // The local world's files must never ship: tracing can pick up cwd-relative reads of them.
  for (const local of [".data", ".plane", ".env", ".env.local"]) {
    rmSync(join(dir, local), { recursive: true, force: true });
  }
}

if (import.meta.main) {
  completeStandalone();
  console.log(`standalone server ready: node ${join(".next", "standalone", "server.js")}`);
}

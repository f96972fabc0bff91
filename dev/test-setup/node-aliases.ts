/**
 * Lets plain Node (not vitest, not Next) load the app's modules, for tests that must run app code
 * in a process of its own (one they can kill): `node --import ./dev/test-setup/node-aliases.ts …`.
 * Resolves the `@/` path alias as tsconfig does, and `server-only` to an empty module, as
 * vitest.config.ts does.
 */
import { registerHooks } from "node:module";

const root = new URL("../../", import.meta.url);

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier === "server-only")
      return nextResolve(new URL("dev/test-setup/empty.ts", root).href, context);
    if (specifier.startsWith("@/")) return nextResolve(new URL(specifier.slice(2), root).href, context);
    return nextResolve(specifier, context);
  },
});

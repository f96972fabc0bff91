/**
 * Lets plain Node (not vitest, not Next) load the app's modules, for tests that must run app code
 * in a process of its own (one they can kill): `node --import ./dev/test-setup/node-aliases.ts …`.
 * Resolves the `@/` path alias as tsconfig does, and `server-only` to an empty module, as
 * vitest.config.ts does. The app imports its catalogs (`lib/i18n/messages/*.json`) without an
 * import attribute, as next-intl's build-time catalog compiler needs them: here a JSON import gets
 * `type: "json"` added, as vitest's and Next's loaders need none.
 */
import { type ImportAttributes, registerHooks } from "node:module";

const root = new URL("../../", import.meta.url);

registerHooks({
  resolve(specifier, context, nextResolve) {
    if (specifier.endsWith(".json") && !context.importAttributes?.type) {
      const importAttributes: ImportAttributes = { ...context.importAttributes, type: "json" };
      const target = specifier.startsWith("@/") ? new URL(specifier.slice(2), root).href : specifier;
      return { ...nextResolve(target, { ...context, importAttributes }), importAttributes };
    }
    if (specifier === "server-only")
      return nextResolve(new URL("dev/test-setup/empty.ts", root).href, context);
    if (specifier.startsWith("@/")) return nextResolve(new URL(specifier.slice(2), root).href, context);
    return nextResolve(specifier, context);
  },
});

import { defineConfig } from "@playwright/test";
import base from "../playwright.config.ts";

/**
 * Writes the documentation's screenshots (docs/screenshots/*.png) with the e2e world:
 * `node dev/e2e.ts pglite -c dev/screenshots.config.ts`. Not part of the e2e suite: its files end
 * in `.shots.ts`, which the suite's config does not match.
 */
export default defineConfig({
  ...base,
  testDir: "../e2e",
  outputDir: "../test-results/screenshots",
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts$/ },
    { name: "screenshots", dependencies: ["setup"], testMatch: /\.shots\.ts$/ },
  ],
  use: { ...base.use, viewport: { width: 1280, height: 800 } },
});

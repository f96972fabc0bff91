import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));
const shared = {
  // `server-only` throws outside React's server bundle; under vitest the modules run on a server anyway.
  alias: { "server-only": fileURLToPath(new URL("./dev/test-setup/empty.ts", import.meta.url)), "@": root },
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: shared,
        test: {
          name: "unit",
          include: [
            "lib/**/*.test.ts",
            "components/**/*.test.ts",
            "app/**/*.test.ts",
            "cli/**/*.test.ts",
            "proxy.test.ts",
          ],
        },
      },
      {
        resolve: shared,
        test: {
          name: "integration",
          include: ["db/**/*.test.ts", "dev/**/*.test.ts", "tests/integration/**/*.test.ts"],
          exclude: ["node_modules", "e2e", ".next", ".data", ".plane"],
          globalSetup: ["dev/test-setup/plane.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The plane, IdP and databases are shared machine resources: one file at a time.
          fileParallelism: false,
        },
      },
    ],
  },
});

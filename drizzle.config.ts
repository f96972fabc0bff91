import { defineConfig } from "drizzle-kit";

// Used only by `drizzle-kit generate`; migrations are applied at start-up by db/migrate.ts.
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
});

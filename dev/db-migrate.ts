// `npm run db:migrate`: applies db/migrations to DATABASE_URL, or to the local PGlite without it.
import { closeDb, defaultDbOptions, getDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

const target = defaultDbOptions();
await migrate(getDb());
await closeDb();
console.log(
  `migrated ${target.driver === "pg" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${target.dataDir}`}`,
);

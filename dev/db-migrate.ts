// `npm run db:migrate`: applies db/migrations to DATABASE_URL, or to the local PGlite without it.
// The db modules are `server-only`, which throws unless the `react-server` export condition is set:
// this script is server code too, so package.json runs it with `node --conditions=react-server`.
import { closeDb, defaultDbOptions, getDb } from "../db/client.ts";
import { migrate } from "../db/migrate.ts";

const target = defaultDbOptions();
await migrate(getDb());
await closeDb();
console.log(
  `migrated ${target.driver === "pg" ? "PostgreSQL (DATABASE_URL)" : `PGlite in ${target.dataDir}`}`,
);

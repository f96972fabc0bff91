import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../client.ts";

/** Runs a trivial query, for readiness: resolves when the database answers, throws when it does not. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}

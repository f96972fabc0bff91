/**
 * Upgrading a running installation: a PostgreSQL database at the previous release's schema (the
 * migrations as committed at PREVIOUS_RELEASE), holding sessions, audit rows, presets and a
 * registry connection (the session written with that release's columns; the other tables have not
 * changed since, so today's queries write them as it did: switch them to SQL when they change), is opened by this build's standalone server, which applies the newer
 * migrations at start; everything is still there and readable, through the console itself.
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, expect, test } from "vitest";
import { closeDb, type DbConnection } from "@/db/client.ts";
import { migrate } from "@/db/migrate.ts";
import { listPresets, upsertPreset } from "@/db/queries/presets.ts";
import { getRegistryConnectionForUse } from "@/db/queries/registry-connections.ts";
import { getActiveSession } from "@/db/queries/sessions.ts";
import { seedDemoTeams } from "@/db/seed.ts";
import { type RunningPostgres, startPostgres } from "@/dev/postgres.ts";
import { repoRoot } from "@/dev/world.ts";
import { decryptSecret } from "@/lib/crypto.ts";
import { saveRegistryConnection } from "@/lib/registry/connections.ts";
import { openDatabase, type Standalone, startStandalone, TEST_AUTH_SECRET } from "./support/standalone.ts";

/** The last release's commit (main when #13 began): its db/migrations are the schema to upgrade from. */
const PREVIOUS_RELEASE = "c7680d4";
const key = randomBytes(32);
const run = randomBytes(3).toString("hex");
const old = mkdtempSync(join(tmpdir(), "kaas-previous-"));
let pg: RunningPostgres;
let db: DbConnection;
let server: Standalone;
let aliceSession: string;

async function cookieFor(sid: string): Promise<string> {
  const name = "authjs.session-token";
  return `${name}=${await encode({ token: { sid }, secret: TEST_AUTH_SECRET, salt: name })}`;
}

beforeAll(async () => {
  // Up to 600 s: includes `next build` when the standalone folder is older than the sources.
  // The previous release's migrations, exactly as committed then.
  const tar = execFileSync("git", ["archive", PREVIOUS_RELEASE, "db/migrations"], { cwd: repoRoot });
  execFileSync("tar", ["-x", "-C", old], { input: tar });
  pg = await startPostgres({ port: 0 });
  db = openDatabase(pg.url);
  await migrate(db, { migrationsFolder: join(old, "db", "migrations") });

  // What a team used the previous release for.
  const teams = await seedDemoTeams(db);
  const teamA = teams.find((t) => t.slug === "team-a");
  if (!teamA) throw new Error("no team-a");
  // The session row as the previous release wrote it (its columns, not today's createSession).
  aliceSession = randomBytes(32).toString("base64url");
  await db.execute(
    sql`insert into auth_sessions (id, subject, email, name, groups, expires_at)
        values (${aliceSession}, 'alice', 'alice@example.test', 'Alice Admin', ${"{team-a-admins}"}::text[],
                now() + interval '1 hour')`,
  );
  // The audit row too, in the previous release's columns (today's insert names columns it lacked).
  await db.execute(
    sql`insert into audit_events (actor, actor_email, team_slug, action, target_kind, target_name, outcome, request_id)
        values ('oidc:alice', 'alice@example.test', 'team-a', 'preset.save', 'ClusterPreset',
                ${`upgrade-${run}`}, 'allowed', ${`upgrade-${run}`})`,
  );
  await upsertPreset(db, {
    teamId: teamA.id,
    name: `upgrade-${run}`,
    values: { className: "inmemory-scs-1-35-v1" },
    createdBy: "oidc:alice",
  });
  await saveRegistryConnection(db, {
    teamId: teamA.id,
    actor: "oidc:admin",
    key,
    connection: {
      kind: "oci",
      url: "https://registry.example.com",
      repositoryPrefix: "team-a",
      username: "robot$team-a",
      secret: `secret-${run}`,
      insecure: false,
      tokenRealms: [],
    },
  });

  // The new build starts on that database and applies what is newer.
  server = await startStandalone({
    port: 3396,
    env: { DATABASE_URL: pg.url, KAAS_ENCRYPTION_KEY: key.toString("base64") },
  });
}, 600_000);

afterAll(async () => {
  await server?.stop();
  if (db) await closeDb(db);
  await pg?.stop();
  rmSync(old, { recursive: true, force: true });
});

test("after the upgrade the session, audit rows, presets and registry connection are all there", async () => {
  const cookie = await cookieFor(aliceSession);
  // Still signed in, and the audit log reads back through the console.
  const audit = await fetch(`${server.url}/api/teams/team-a/audit`, { headers: { cookie } });
  expect(audit.status).toBe(200);
  const page = (await audit.json()) as { events?: { targetName: string; outcome: string }[] };
  expect(page.events?.find((e) => e.targetName === `upgrade-${run}`)?.outcome).toBe("allowed");
  // The preset is offered on the new-cluster page.
  const form = await fetch(`${server.url}/teams/team-a/clusters/new`, { headers: { cookie } });
  expect(form.status).toBe(200);
  expect(await form.text()).toContain(`upgrade-${run}`);

  expect(await getActiveSession(db, aliceSession)).toBeDefined();
  const teamA = (await seedDemoTeams(db)).find((t) => t.slug === "team-a");
  if (!teamA) throw new Error("no team-a");
  expect((await listPresets(db, teamA.id)).map((p) => p.name)).toContain(`upgrade-${run}`);
  const connection = await getRegistryConnectionForUse(db, teamA.id);
  expect(connection?.url).toBe("https://registry.example.com");
  if (!connection?.secretEncrypted) throw new Error("the registry secret is gone");
  expect(decryptSecret(connection.secretEncrypted, teamA.id, key)).toBe(`secret-${run}`);
});

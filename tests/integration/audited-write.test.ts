/**
 * The one audited write (lib/audit/audited.ts) on both real databases and the real management
 * plane: the attempt is committed before the change, so no change goes unaudited even when the
 * console dies in the middle of it, and no transaction is held open while the API server answers,
 * so other requests of the process do not wait for someone else's Kubernetes call.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, createDb, type DbConnection } from "@/db/client.ts";
import { migrate } from "@/db/migrate.ts";
import { listAuditEvents } from "@/db/queries/audit.ts";
import { createSession, getActiveSession } from "@/db/queries/sessions.ts";
import { adminCredentials, planeDir } from "@/dev/plane/control.ts";
import { kubeRequest } from "@/dev/plane/kube.ts";
import { startPostgres } from "@/dev/postgres.ts";
import { audited } from "@/lib/audit/audited.ts";
import { clusterManifest } from "@/lib/capi/cluster-manifest.ts";
import { ActionError } from "@/lib/errors.ts";
import { createCluster } from "@/lib/k8s/clusters.ts";
import { kubeIdentity } from "@/lib/k8s/identity.ts";
import { backends, useMigratedDb } from "./support/db-backends.ts";
import { createAliceAdminNamespace, deleteNamespace } from "./support/team-namespace.ts";

process.env.KUBECONFIG = join(planeDir(), "console.kubeconfig");

// A namespace of this file's own where alice is admin, so the demo team's cluster quota (which
// other tests fill) never decides these tests.
const ns = `audited-${randomBytes(3).toString("hex")}`;
const admin = adminCredentials();
beforeAll(() => createAliceAdminNamespace(ns));
afterAll(() => deleteNamespace(ns));

const actor = { user: "oidc:alice", email: "alice@example.test", requestId: "req-1" };
const change = (name: string) => ({
  action: "cluster.create",
  teamSlug: "team-a",
  targetKind: "Cluster",
  targetName: name,
  details: { class: "inmemory-scs-1-35-v1" },
});
const outcomes = async (db: DbConnection) =>
  (await listAuditEvents(db, { scope: { kind: "team", team: "team-a" }, limit: 50 })).events.map((e) => [
    e.targetName,
    e.outcome,
    e.details?.reason ?? null,
  ]);

describe.each(backends)("the audited write on $name", (backend) => {
  const db = useMigratedDb(backend);

  it("commits the attempt before the change and its outcome after", async () => {
    const seenDuring = await audited(db(), actor, change("c1"), async () => outcomes(db()));
    expect(seenDuring).toEqual([["c1", "attempted", null]]);
    expect(await outcomes(db())).toEqual([["c1", "allowed", null]]);
  });

  it("records a refusal with its reason and a breakage as failed, and rethrows both", async () => {
    await expect(
      audited(db(), actor, change("c2"), async () => {
        throw new ActionError("Choose one of the cluster classes offered to your team.");
      }),
    ).rejects.toThrow("Choose one of the cluster classes");
    await expect(
      audited(db(), actor, change("c3"), async () => {
        throw new Error("socket hang up with secret=abc");
      }),
    ).rejects.toThrow("socket hang up");
    expect(await outcomes(db())).toEqual([
      ["c3", "failed", "error"],
      ["c2", "refused", "Choose one of the cluster classes offered to your team."],
    ]);
  });

  it("makes no change when the audit log cannot be written", async () => {
    await db().execute(sql`alter table audit_events rename to audit_events_away`);
    let ran = false;
    try {
      await expect(
        audited(db(), actor, change("c4"), async () => {
          ran = true;
        }),
      ).rejects.toThrow();
    } finally {
      await db().execute(sql`alter table audit_events_away rename to audit_events`);
    }
    expect(ran).toBe(false);
  });

  it("lets other requests read the database while ten creates wait on the API server", async () => {
    const alice = kubeIdentity("alice", []);
    const session = await createSession(db(), {
      subject: "alice",
      groups: ["team-a-admins"],
      expiresAt: new Date(Date.now() + 3_600_000),
    });
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let sent = 0;
    let allSent: () => void = () => {};
    const sentAll = new Promise<void>((resolve) => {
      allSent = resolve;
    });
    const creates = Array.from({ length: 10 }, (_, i) =>
      audited(db(), actor, change(`load-${i}`), async () => {
        // A real call to the API server (a dry run, so nothing is left behind), then a hold: the
        // change stays in flight until the page below has been served.
        const input = {
          team: ns,
          name: `load-${i}`,
          className: "inmemory-scs-1-35-v1",
          version: "v1.35.3",
          controlPlaneReplicas: 1,
          workers: [
            { name: "md-0", class: "default-worker", replicas: 1, autoscaling: null, labels: {}, taints: [] },
          ],
          variables: {},
        };
        await createCluster(alice, ns, clusterManifest(ns, input), { dryRun: true });
        if (++sent === 10) allSent();
        await gate;
      }),
    );
    // A create the API server refuses ends the wait too (and fails the test below).
    await Promise.race([sentAll, Promise.all(creates)]);
    // What every page does first: check the session row. With a transaction held open per
    // create (the old design) this waited on PGlite until the creates finished, i.e. forever here.
    const started = performance.now();
    const active = await getActiveSession(db(), session.id);
    const pageMs = performance.now() - started;
    const inFlight = (await outcomes(db())).filter(([, outcome]) => outcome === "attempted");
    release();
    await Promise.all(creates);
    expect(active?.subject).toBe("alice");
    expect(inFlight).toHaveLength(10);
    expect((await outcomes(db())).every(([, outcome]) => outcome === "allowed")).toBe(true);
    console.log(`${backend.name}: session check while 10 creates were in flight: ${pageMs.toFixed(1)} ms`);
  });
});

/** A database a second process can open: a PGlite folder or a PostgreSQL server, migrated. */
async function childDatabase(kind: "pglite" | "postgresql") {
  if (kind === "postgresql") {
    const server = await startPostgres({ port: 0 });
    const conn = createDb({ driver: "pg", url: server.url });
    await migrate(conn);
    await closeDb(conn);
    return {
      env: { DATABASE_URL: server.url },
      open: () => createDb({ driver: "pg", url: server.url }),
      stop: () => server.stop(),
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "kaas-crash-"));
  const dataDir = join(dir, "pglite");
  const conn = createDb({ driver: "pglite", dataDir });
  await migrate(conn);
  // A PGlite folder is one process's: the child opens it only once this one has let go.
  await closeDb(conn);
  return {
    env: { PGLITE_DIR: dataDir },
    open: () => createDb({ driver: "pglite", dataDir }),
    stop: () => rm(dir, { recursive: true, force: true }),
  };
}

describe.each(["pglite", "postgresql"] as const)("a console killed mid-change on %s", (kind) => {
  it("leaves the attempt in the audit log, and the change the API server made", async () => {
    const name = `crash-${randomBytes(3).toString("hex")}`;
    const database = await childDatabase(kind);
    const path = `/apis/cluster.x-k8s.io/v1beta2/namespaces/${ns}/clusters/${name}`;
    try {
      const child = spawn(
        process.execPath,
        [
          "--import",
          "./dev/test-setup/node-aliases.ts",
          "tests/integration/support/crash-mid-change.ts",
          ns,
          name,
        ],
        {
          cwd: join(import.meta.dirname, "..", ".."),
          env: { ...process.env, ...database.env, KUBECONFIG: join(planeDir(), "console.kubeconfig") },
          stdio: ["ignore", "inherit", "inherit"],
        },
      );
      const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
        child.on("exit", (_code, sig) => resolve(sig)),
      );
      expect(signal).toBe("SIGKILL");

      // The API server made the change...
      expect((await kubeRequest(admin, "GET", path)).status).toBe(200);
      // ...and the audit log still says someone attempted it, with no outcome.
      const db = database.open();
      try {
        const [row] = (await listAuditEvents(db, { scope: { kind: "team", team: ns }, limit: 5 })).events;
        expect(row).toMatchObject({
          actor: "oidc:alice",
          action: "cluster.create",
          targetName: name,
          outcome: "attempted",
          requestId: "crash-mid-change",
        });
      } finally {
        await closeDb(db);
      }
    } finally {
      // Cluster API put its finalizer on the paused Cluster and, paused, will never take it off.
      await kubeRequest(admin, "DELETE", path);
      await kubeRequest(
        admin,
        "PATCH",
        path,
        { metadata: { finalizers: null } },
        "application/merge-patch+json",
      );
      await database.stop();
    }
  });
});

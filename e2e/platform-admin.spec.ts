import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { AdminPages } from "./pages/admin-pages.ts";
import { NewClusterPage } from "./pages/new-cluster-page.ts";
import {
  clusterQuotaHard,
  createCheapCluster,
  deleteAllClusters,
  namespaceLabels,
  roleBindingGroups,
} from "./support/admin-teams.ts";

const TEAM = "team-c";
const CLASS = "inmemory-scs-1-35-v1";
const suffix = () => Math.random().toString(36).slice(2, 7);

type AuditEvent = { action: string; targetName: string | null; outcome: string; actor: string };

async function auditEvents(page: Page, team: string): Promise<AuditEvent[]> {
  const res = await page.request.get(`/api/teams/${team}/audit?limit=200`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { events: AuditEvent[] }).events;
}

/** Archives team-c if a crashed run left it active in this database. */
async function archiveLeftover(admin: AdminPages): Promise<void> {
  await admin.gotoTeams();
  if ((await admin.teamRow(TEAM).count()) === 0) return;
  await admin.gotoTeam(TEAM);
  await admin.archive(TEAM);
  await admin.page.waitForURL("**/admin");
}

test.describe("platform admin", () => {
  test("creates team-c with a quota of 1, maps carol's group to its admins; a second cluster is refused; archives it", async ({
    asUser,
  }) => {
    test.setTimeout(8 * 60_000);
    // A crashed run may have left clusters in team-c: they would hold its quota.
    await deleteAllClusters(TEAM);
    const first = `adm-${suffix()}`;
    try {
      const page = await asUser("admin");
      const admin = new AdminPages(page);
      await archiveLeftover(admin);

      await admin.gotoTeams();
      await admin.createTeam({ slug: TEAM, displayName: "Team C", maxClusters: 1 });
      // Ready means quota admission already enforces the quota.
      expect(await namespaceLabels(TEAM)).toMatchObject({ "kaas.scs.community/team": TEAM });
      expect(await clusterQuotaHard(TEAM)).toBe("1");
      expect(await roleBindingGroups(TEAM, "kaas:team-admin")).toBeNull();

      // The new namespace has no classes: copy one, offer only it, and give carol's group admin.
      await admin.copyClass("team-a", CLASS);
      await page.reload();
      await admin.offerOnly(CLASS);
      await admin.mapGroups({ admin: "team-b-admins" });
      expect(await roleBindingGroups(TEAM, "kaas:team-admin")).toEqual(["oidc:team-b-admins"]);

      // The first cluster through the admin kubeconfig (cheap: 1 control plane, no workers).
      await createCheapCluster(TEAM, first, CLASS);
      await admin.gotoTeams();
      await expect(admin.teamRow(TEAM).getByTestId("admin-team-clusters")).toHaveText("1 of 1");

      // Carol, admin of team-c through her group, is refused a second cluster by the quota.
      // Her session is older than the mapping: groups come from sign-in, team access from RBAC.
      const carol = await asUser("carol");
      const form = new NewClusterPage(carol);
      await form.goto(TEAM);
      await expect(carol.getByLabel("Cluster class").locator("option")).toHaveText([
        new RegExp(`^${CLASS} `),
      ]);
      const second = `adm-${suffix()}`;
      await form.fillBasics({ name: second });
      await form.review();
      await expect(form.formError).toContainText("(1 of 1 clusters)");

      // Carol reads team-c's audit log, filtered through the URL, and downloads it as CSV.
      await carol.goto(`/teams/${TEAM}/audit?action=team.groups.set&person=admin`);
      const rows = carol.getByTestId("audit-row");
      await expect(rows.first()).toContainText("oidc:admin");
      await expect(rows.first()).toContainText("allowed");
      await expect(rows.filter({ hasNotText: "team.groups.set" })).toHaveCount(0);
      const csv = await carol.request.get(`/api/teams/${TEAM}/audit.csv?outcome=allowed`);
      expect(csv.headers()["content-type"]).toContain("text/csv");
      const text = await csv.text();
      expect(text.split("\r\n")[0]).toBe(
        "time,actor,actor_email,team,action,target_kind,target_name,outcome,details,request_id,via",
      );
      expect(text).toContain("team.create");
      // Carol is no platform admin: the admin area and the platform-wide log are not there for her.
      expect((await carol.goto("/admin"))?.status()).toBe(404);
      expect((await carol.request.get("/api/admin/audit.csv")).status()).toBe(404);

      // Archiving is refused while the team has a cluster, and audited as refused.
      await admin.gotoTeam(TEAM);
      await admin.archive(TEAM);
      await expect(page.getByTestId("archive-error")).toContainText(`still has 1 cluster (${first})`);
      await page.goto(`/admin/audit?team=${TEAM}&action=team.archive&outcome=refused`);
      await expect(page.getByTestId("audit-row").first()).toContainText(`still has 1 cluster (${first})`);

      await deleteAllClusters(TEAM);
      await admin.gotoTeam(TEAM);
      await admin.archive(TEAM);
      await page.waitForURL("**/admin");
      await expect(admin.teamRow(TEAM)).toHaveCount(0);
      expect(await roleBindingGroups(TEAM, "kaas:team-admin")).toBeNull();

      // Carol has lost team-c; its history stays readable for platform admins.
      expect((await carol.goto(`/teams/${TEAM}/clusters`))?.status()).toBe(404);
      const events = (await auditEvents(page, TEAM)).map((e) => `${e.action}:${e.outcome}`);
      expect(events).toEqual(
        expect.arrayContaining([
          "team.create:allowed",
          "clusterclass.copy:allowed",
          "team.classes.set:allowed",
          "team.groups.set:allowed",
          "team.archive:refused",
          "team.archive:allowed",
        ]),
      );
    } finally {
      // Leave no cluster behind; the namespace stays, labelled, and a rerun adopts it.
      await deleteAllClusters(TEAM);
    }
  });
});

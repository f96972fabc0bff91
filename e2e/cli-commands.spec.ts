import { demoCluster } from "../dev/plane/seed.ts";
import { expect, test } from "./fixtures.ts";
import { ClusterPage } from "./pages/cluster-page.ts";
import { NewClusterPage } from "./pages/new-cluster-page.ts";
import { TokensPage } from "./pages/tokens-page.ts";
import {
  clusterExists,
  createObject,
  deleteClusterIfExists,
  getClusterObject,
} from "./support/admin-kube.ts";
import { kaas } from "./support/kaas-cli.ts";

const NS = "team-a";
const CLASS = "inmemory-scs-1-35-v1";
const suffix = () => Math.random().toString(36).slice(2, 7);

/** The words of a printed line that needs no shell quoting (the names here are plain). */
function argv(line: string): string[] {
  expect(line).not.toMatch(/['"\\]/);
  const [program, ...args] = line.split(" ");
  expect(program).toBe("kaas");
  return args;
}

test.describe("kubectl and kaas beside every action", () => {
  test("the create review, scale, upgrade, delete and kubeconfig panels show their lines; the scale panel's kaas line, run with a token, does what Apply would", async ({
    asUser,
  }) => {
    test.setTimeout(9 * 60_000);
    const name = `cmd-${suffix()}`;
    const page = await asUser("alice");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
    try {
      // A cluster of one worker, made directly, provisions while the create form is reviewed.
      await createObject(
        `/apis/cluster.x-k8s.io/v1beta2/namespaces/${NS}/clusters`,
        demoCluster(NS, name, CLASS, 1),
      );

      // The create form's review step, for a cluster of another name.
      const draft = `${name}-new`;
      const form = new NewClusterPage(page);
      await form.goto(NS);
      await form.fillBasics({ name: draft, className: CLASS });
      await form.review();
      await expect(page.getByTestId("create-commands-kubectl")).toHaveText(
        `kubectl apply --server-side -n ${NS} -f ${draft}.yaml`,
      );
      await expect(page.getByTestId("create-commands-kaas")).toHaveText(
        `kaas clusters create -f ${draft}.kaas.yaml --team ${NS}`,
      );
      // The copy button says what it copied, and the clipboard holds the line.
      await page.getByRole("button", { name: "Copy kaas command" }).click();
      await expect(page.getByText("Copied the kaas command.")).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(
        `kaas clusters create -f ${draft}.kaas.yaml --team ${NS}`,
      );

      // The cluster page's panels, once its machines run (the API server refuses an upgrade of a
      // control plane that is still coming up).
      const cluster = new ClusterPage(page);
      await cluster.goto(NS, name);
      await cluster.expectRunningMachines(2, 5 * 60_000);
      await expect(page.getByTestId("delete-commands-kubectl")).toHaveText(
        `kubectl delete -n ${NS} cluster.cluster.x-k8s.io/${name}`,
      );
      await expect(page.getByTestId("delete-commands-kaas")).toHaveText(
        `kaas clusters delete ${name} --team ${NS} --yes`,
      );

      await page.getByLabel("Upgrade to").selectOption({ index: 0 });
      await page.getByRole("button", { name: "Review upgrade" }).click();
      const upgradeDialog = page.getByTestId("upgrade-dialog");
      await expect(upgradeDialog.getByTestId("upgrade-commands-kubectl")).toContainText(
        `kubectl patch -n ${NS} cluster.cluster.x-k8s.io/${name} --type merge -p`,
      );
      await expect(upgradeDialog.getByTestId("upgrade-commands-kaas")).toHaveText(
        new RegExp(`^kaas clusters upgrade ${name} --team ${NS} --version v\\d+\\.\\d+\\.\\d+ --class \\S+$`),
      );
      await upgradeDialog.getByRole("button", { name: "Cancel" }).click();

      // Scale md-0 from 1 to 2: review shows the patch and the kaas line; cancel instead of Apply.
      await cluster.scalePool(0).getByLabel("Replicas").fill("2");
      await page.getByRole("button", { name: "Review change" }).click();
      const scaleDialog = page.getByTestId("scale-dialog");
      await expect(scaleDialog.getByTestId("scale-commands-kubectl")).toContainText('"replicas":2');
      const kaasLine = scaleDialog.getByTestId("scale-commands-kaas");
      await expect(kaasLine).toHaveText(`kaas clusters scale ${name} --team ${NS} --pool md-0=2`);
      const line = (await kaasLine.textContent()) ?? "";
      await scaleDialog.getByRole("button", { name: "Cancel" }).click();
      const replicas = async () =>
        (
          (await getClusterObject(NS, name)) as {
            spec: { topology: { workers: { machineDeployments: { replicas: number }[] } } };
          }
        ).spec.topology.workers.machineDeployments[0]?.replicas;
      expect(await replicas()).toBe(1);

      // The shown line, run by the CLI with a member token of team-a, makes the same change.
      const tokens = new TokensPage(page);
      await tokens.goto(NS);
      const token = await tokens.make(`cmd-${suffix()}`, "member");
      const server = process.env.E2E_BASE_URL ?? "http://localhost:3100";
      const ran = await kaas(argv(line), { KAAS_SERVER: server, KAAS_TOKEN: token });
      expect(ran.stderr).toBe("");
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain(`Cluster ${name} scaling.`);
      expect(await replicas()).toBe(2);
      const audit = await page.request.get(`/api/teams/${NS}/audit?limit=50&action=cluster.scale`);
      const events = (
        (await audit.json()) as { events: { targetName: string; via: string; actor: string }[] }
      ).events;
      expect(events).toContainEqual(
        expect.objectContaining({ targetName: name, via: "api", actor: "oidc:alice" }),
      );

      // Once the control plane has an endpoint, the kubeconfig panel offers the admin file through kaas too.
      await expect
        .poll(
          async () => {
            await cluster.goto(NS, name);
            return page.getByTestId("kubeconfig-admin-commands-kaas").count();
          },
          { timeout: 2 * 60_000, intervals: [2000] },
        )
        .toBe(1);
      await expect(page.getByTestId("kubeconfig-admin-commands-kaas")).toHaveText(
        `kaas clusters kubeconfig ${name} --team ${NS} --type admin --out ${name}.kubeconfig`,
      );
    } finally {
      await deleteClusterIfExists(NS, name);
      await expect
        .poll(() => clusterExists(NS, name), { timeout: 3 * 60_000, intervals: [1000] })
        .toBe(false);
    }
  });
});

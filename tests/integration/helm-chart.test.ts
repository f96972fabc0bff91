/**
 * deploy/chart as a platform team installs it: rendered by helm (built from helm.sh/helm/v3) with
 * the default values and with the production example, every object accepted by the local API
 * server's server-side dry run, the README's configuration covered by values, and the console's
 * RBAC applied for real, checked with `kubectl auth can-i` as the chart's ServiceAccount.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { parseAllDocuments } from "yaml";
import { ensureHelm, kubectlPath } from "@/dev/plane/binaries.ts";
import { planeDir } from "@/dev/plane/control.ts";
import { repoRoot } from "@/dev/world.ts";

const exec = promisify(execFile);
const chart = join(repoRoot, "deploy", "chart");
const run = randomBytes(3).toString("hex");
const ns = `chart-test-${run}`;
const release = `kaas-${run}`;
const tmp = mkdtempSync(join(tmpdir(), "kaas-chart-"));
const adminKubeconfig = join(planeDir(), "admin.kubeconfig");
const REQUIRED = [
  "--set",
  "config.authUrl=https://kaas.example.com",
  "--set",
  "config.oidc.issuer=https://login.example.com/realms/kaas",
];

let helm: string;
let createdCrd = false;
type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
};
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string } } };
type Container = {
  securityContext: unknown;
  livenessProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  resources: { requests?: unknown };
  volumeMounts: { mountPath: string }[];
  env: EnvVar[];
};
type Deployment = {
  spec: {
    replicas: number;
    template: {
      spec: { securityContext: unknown; terminationGracePeriodSeconds: number; containers: Container[] };
    };
  };
};

async function kubectl(...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const r = await exec(kubectlPath(), ["--kubeconfig", adminKubeconfig, ...args]);
    return { ...r, code: 0 };
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; code?: number };
    return { stdout: e.stdout ?? "", stderr: e.stderr ?? "", code: e.code ?? 1 };
  }
}

async function render(...args: string[]): Promise<{ file: string; objects: K8sObject[] }> {
  const { stdout } = await exec(helm, [
    "template",
    release,
    chart,
    "-n",
    ns,
    "--kube-version",
    "1.36.3",
    ...args,
  ]);
  const file = join(tmp, `${randomBytes(4).toString("hex")}.yaml`);
  writeFileSync(file, stdout);
  const objects = parseAllDocuments(stdout)
    .map((d) => d.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => !!o);
  return { file, objects };
}

beforeAll(async () => {
  // Up to 600 s: a cold helm build takes about 3 minutes on 2 cores.
  helm = await ensureHelm((m) => console.log(m));
  expect((await kubectl("create", "namespace", ns)).code).toBe(0);
  // The Prometheus Operator is not part of the plane: its ServiceMonitor CRD (the fields the chart uses) for the dry run.
  if ((await kubectl("get", "crd", "servicemonitors.monitoring.coreos.com")).code !== 0) {
    const r = await kubectl(
      "apply",
      "-f",
      join(repoRoot, "tests", "integration", "support", "servicemonitor-crd.yaml"),
    );
    expect(r.stderr).toBe("");
    createdCrd = true;
    await kubectl(
      "wait",
      "--for=condition=Established",
      "crd/servicemonitors.monitoring.coreos.com",
      "--timeout=60s",
    );
  }
}, 600_000);

afterAll(async () => {
  await kubectl("delete", "clusterrolebinding", release, `${release}-platform-admins`, "--ignore-not-found");
  await kubectl("delete", "namespace", ns, "--wait=false", "--ignore-not-found");
  if (createdCrd)
    await kubectl("delete", "crd", "servicemonitors.monitoring.coreos.com", "--ignore-not-found");
  rmSync(tmp, { recursive: true, force: true });
});

describe("rendering", () => {
  test("without the console's URL and issuer helm refuses, naming the value", async () => {
    const err = await exec(helm, ["template", release, chart, "--kube-version", "1.36.3"]).catch(
      (e: { stderr: string }) => e,
    );
    expect((err as { stderr: string }).stderr).toContain("config.authUrl is required");
  });

  test("the default values: two hardened replicas with probes, secrets only referenced", async () => {
    const { objects } = await render(...REQUIRED);
    const kinds = objects.map((o) => o.kind).sort();
    expect(kinds).toEqual(
      [
        // The console's, the three team roles and the platform admin's; the two add-on roles.
        "ClusterRole",
        "ClusterRole",
        "ClusterRole",
        "ClusterRole",
        "ClusterRole",
        "ClusterRole",
        "ClusterRole",
        // The console's account; the platform admins' groups to their role and to the add-on role.
        "ClusterRoleBinding",
        "ClusterRoleBinding",
        "ClusterRoleBinding",
        "Deployment",
        "NetworkPolicy",
        "PodDisruptionBudget",
        "Service",
        "ServiceAccount",
      ].sort(),
    );
    const deployment = objects.find((o) => o.kind === "Deployment") as unknown as Deployment;
    expect(deployment.spec.replicas).toBe(2);
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    const c = pod.containers[0];
    if (!c) throw new Error("no container");
    expect(c.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(c.livenessProbe.httpGet.path).toBe("/api/healthz");
    expect(c.readinessProbe.httpGet.path).toBe("/api/readyz");
    expect(c.resources.requests).toBeDefined();
    expect(c.volumeMounts.map((m) => m.mountPath)).toEqual(["/tmp", "/app/.next/cache"]);
    // Secret-bearing variables come from the Secret, never from a value in the manifest.
    const env = c.env;
    for (const name of [
      "AUTH_SECRET",
      "OIDC_CLIENT_SECRET",
      "DATABASE_URL",
      "KAAS_ENCRYPTION_KEY",
      "KAAS_METRICS_TOKEN",
    ]) {
      const e = env.find((x) => x.name === name);
      expect(e?.value, name).toBeUndefined();
      expect(e?.valueFrom?.secretKeyRef?.name, name).toBe("kaas-console");
    }
    // The drain fits in the pod's grace period.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(20 + 5);
  });

  test("every variable of the README's configuration table is set from values, or stated as not offered", async () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const table = readme.slice(
      readme.indexOf("## Configuration (production)"),
      readme.indexOf("## Security model"),
    );
    const documented = new Set(
      table
        .split("\n")
        .filter((l) => l.startsWith("| `"))
        .flatMap((l) =>
          [
            ...(l.split("|")[1] ?? "").matchAll(
              /`((?:KAAS|OIDC|AUTH|DATABASE|PGLITE|LOG|KUBECONFIG)[A-Z0-9_]*)`/g,
            ),
          ].map((m) => m[1] as string),
        ),
    );
    const { objects } = await render(
      "-f",
      join(chart, "examples", "production.yaml"),
      "--set",
      "config.kubernetesVersionsConfigMap=versions",
      "--set",
      "config.kubeconfigSecret=mgmt",
      "--set",
      "config.addonCatalogConfigMap=addons",
    );
    const deployment = objects.find((o) => o.kind === "Deployment") as unknown as Deployment;
    const env = new Set(deployment.spec.template.spec.containers[0]?.env.map((e) => e.name));
    const values = readFileSync(join(chart, "values.yaml"), "utf8");
    const notOffered = [...documented].filter((v) => !env.has(v));
    // PGlite is one process; the demo's variables seed demo data: values.yaml says why they are absent.
    for (const v of notOffered)
      expect(values, `${v} neither set nor explained`).toMatch(new RegExp(v.replace(/_\w+$/, "")));
    expect(notOffered.sort()).toEqual(
      [...documented].filter((v) => v === "PGLITE_DIR" || v.startsWith("KAAS_DEMO_")).sort(),
    );
  });
});

describe("the local API server", () => {
  test("accepts every object of both renderings in a server-side dry run", async () => {
    for (const args of [REQUIRED, ["-f", join(chart, "examples", "production.yaml")]]) {
      const { file, objects } = await render(...args);
      // Server-side apply: the plane applied the same ClusterRoles, so they come out unchanged.
      const r = await kubectl(
        "apply",
        "--server-side",
        "--field-manager=chart-test",
        "--dry-run=server",
        "-n",
        ns,
        "-f",
        file,
      );
      expect(r.stderr).toBe("");
      const lines = r.stdout.trim().split("\n");
      expect(lines).toHaveLength(objects.length);
      for (const line of lines) expect(line).toMatch(/ serverside-applied \(server dry run\)$/);
      console.log(
        `dry run (${args[0] === "-f" ? "production example" : "default values"}):\n  ${lines.join("\n  ")}`,
      );
    }
  });

  test("the console's account may impersonate and read, and cannot write Clusters or read Secrets itself", async () => {
    const { file, objects } = await render(...REQUIRED);
    const rbac = objects.filter((o) =>
      ["ServiceAccount", "ClusterRole", "ClusterRoleBinding"].includes(o.kind),
    );
    const only = join(tmp, "rbac.yaml");
    writeFileSync(
      only,
      readFileSync(file, "utf8")
        .split(/^---$/m)
        .filter((doc) => /^kind: (ServiceAccount|ClusterRole|ClusterRoleBinding)$/m.test(doc))
        .join("---"),
    );
    const applied = await kubectl(
      "apply",
      "--server-side",
      "--field-manager=chart-test",
      "-n",
      ns,
      "-f",
      only,
    );
    expect(applied.code).toBe(0);
    expect(applied.stdout.trim().split("\n")).toHaveLength(rbac.length);
    const sa = `system:serviceaccount:${ns}:${release}-kaas-console`;
    const can = async (...args: string[]) =>
      (await kubectl("auth", "can-i", `--as=${sa}`, ...args)).stdout.trim();
    const answers = {
      "impersonate users": await can("impersonate", "users"),
      "impersonate groups": await can("impersonate", "groups"),
      "create subjectaccessreviews": await can("create", "subjectaccessreviews.authorization.k8s.io"),
      "watch clusters (all namespaces)": await can("watch", "clusters.cluster.x-k8s.io", "--all-namespaces"),
      "list machines in team-a": await can("list", "machines.cluster.x-k8s.io", "-n", "team-a"),
      "list rolebindings in team-a": await can(
        "list",
        "rolebindings.rbac.authorization.k8s.io",
        "-n",
        "team-a",
      ),
      "create clusters in team-a": await can("create", "clusters.cluster.x-k8s.io", "-n", "team-a"),
      "patch clusters in team-a": await can("patch", "clusters.cluster.x-k8s.io", "-n", "team-a"),
      "delete clusters in team-a": await can("delete", "clusters.cluster.x-k8s.io", "-n", "team-a"),
      "get secrets in team-a": await can("get", "secrets", "-n", "team-a"),
      "list secrets (all namespaces)": await can("list", "secrets", "--all-namespaces"),
      "create rolebindings in team-a": await can(
        "create",
        "rolebindings.rbac.authorization.k8s.io",
        "-n",
        "team-a",
      ),
    };
    console.log(
      `kubectl auth can-i --as=${sa}:\n${Object.entries(answers)
        .map(([q, a]) => `  ${q}: ${a}`)
        .join("\n")}`,
    );
    expect(answers).toEqual({
      "impersonate users": "yes",
      "impersonate groups": "yes",
      "create subjectaccessreviews": "yes",
      "watch clusters (all namespaces)": "yes",
      "list machines in team-a": "yes",
      "list rolebindings in team-a": "yes",
      "create clusters in team-a": "no",
      "patch clusters in team-a": "no",
      "delete clusters in team-a": "no",
      "get secrets in team-a": "no",
      "list secrets (all namespaces)": "no",
      "create rolebindings in team-a": "no",
    });
  });
});

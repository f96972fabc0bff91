import { describe, expect, it } from "vitest";
import { type AddonRow, addonRows, clusterAddonRow, helmReleaseRow, resourceSetRow } from "./addons.ts";
import { addonSummaryText } from "./in-english.ts";

/** The row with its short status in English, as the API and logs say it. */
const inEnglish = (row: AddonRow | undefined) =>
  row && { ...row, summary: addonSummaryText(row.summaryParts) };

const meta = (name: string) => ({ name, uid: `u-${name}`, namespace: "team-a" });

describe("clusterAddonRow", () => {
  it("maps the CSO stages per chart and calls a ready addon ready", () => {
    const row = clusterAddonRow({
      metadata: meta("cluster-addon-web"),
      spec: { hook: "AfterControlPlaneInitialized" },
      status: {
        ready: true,
        stages: ["cni", "metrics-server", "csi", "ccm"].map((name) => ({
          name,
          action: "apply",
          phase: "done",
        })),
      },
    });
    expect(inEnglish(row)).toMatchObject({
      state: "ready",
      summary: "4 of 4 stages done · hook AfterControlPlaneInitialized",
      message: null,
    });
    expect(row.stages.map((s) => s.state)).toEqual(["ready", "ready", "ready", "ready"]);
  });

  it("is progressing while a stage waits, with the not-ready condition's words", () => {
    const row = clusterAddonRow({
      metadata: meta("a"),
      status: {
        stages: [
          { name: "cni", action: "apply", phase: "done" },
          { name: "csi", action: "apply", phase: "waitingForPostCondition" },
        ],
        conditions: [
          {
            type: "HelmChartApplied",
            status: "False",
            reason: "ObjectsApplyingOngoing",
            message: "csi applying",
          },
        ],
      },
    });
    expect(inEnglish(row)).toMatchObject({
      state: "progressing",
      message: "csi applying",
      summary: "1 of 2 stages done",
    });
    expect(row.stages[1]?.state).toBe("progressing");
  });

  it("is failed on a failure condition (v1beta1 severity or a Failed reason) and marks the running stage", () => {
    const row = clusterAddonRow({
      metadata: meta("a"),
      status: {
        stages: [
          { name: "cni", action: "apply", phase: "applyingOrDeleting" },
          { name: "csi", action: "apply", phase: "Pending" },
        ],
        conditions: [
          {
            type: "HelmChartApplied",
            status: "False",
            reason: "FailedToApplyObjects",
            message: "cilium: boom",
          },
        ],
      },
    });
    expect(row).toMatchObject({ state: "failed", message: "cilium: boom" });
    expect(row.stages.map((s) => s.state)).toEqual(["failed", "progressing"]);
    const failedStage = clusterAddonRow({
      metadata: meta("b"),
      status: { stages: [{ name: "ccm", action: "apply", phase: "Failed" }] },
    });
    expect(failedStage).toMatchObject({ state: "failed", message: "stage ccm Failed" });
    const failedResource = clusterAddonRow({
      metadata: meta("c"),
      status: {
        resources: [{ kind: "DaemonSet", name: "cilium", status: "not-synced", error: "forbidden" }],
      },
    });
    expect(failedResource).toMatchObject({ state: "failed", message: "DaemonSet cilium: forbidden" });
  });

  it("knows nothing before the operator wrote a status", () => {
    expect(clusterAddonRow({ metadata: meta("x") }).state).toBe("unknown");
  });
});

describe("helmReleaseRow", () => {
  it("maps the Helm release status", () => {
    const base = {
      metadata: meta("hrp"),
      spec: { chartName: "cert-manager", releaseName: "cm", version: "1.16.0" },
    };
    expect(inEnglish(helmReleaseRow({ ...base, status: { status: "deployed", revision: 2 } }))).toMatchObject(
      {
        name: "cm",
        state: "ready",
        summary: "cert-manager · 1.16.0 · deployed · revision 2",
      },
    );
    expect(helmReleaseRow({ ...base, status: { status: "pending-install" } }).state).toBe("progressing");
    expect(
      helmReleaseRow({
        ...base,
        status: {
          status: "failed",
          conditions: [
            {
              type: "HelmReleaseReady",
              status: "False",
              reason: "HelmInstallOrUpgradeFailed",
              message: "timed out",
            },
          ],
        },
      }),
    ).toMatchObject({ state: "failed", message: "Helm install or upgrade failed: timed out" });
    expect(helmReleaseRow(base).state).toBe("unknown");
  });
});

describe("resourceSetRow and addonRows", () => {
  it("counts applied resources and sorts failed add-ons first", () => {
    const crsb = {
      metadata: meta("web"),
      spec: {
        clusterName: "web",
        bindings: [
          {
            clusterResourceSetName: "crs-clouds",
            resources: [{ kind: "Secret", name: "clouds", applied: true }],
          },
        ],
      },
    };
    expect(inEnglish(resourceSetRow(crsb)[0])).toMatchObject({
      name: "crs-clouds",
      state: "ready",
      summary: "1 of 1 resources applied",
    });
    const rows = addonRows(
      [{ metadata: meta("z"), status: { ready: true } }],
      [{ metadata: meta("hrp"), spec: { releaseName: "b" }, status: { status: "failed" } }],
      [crsb],
    );
    expect(rows.map((r) => `${r.name}:${r.state}`)).toEqual(["b:failed", "crs-clouds:ready", "z:ready"]);
  });
});

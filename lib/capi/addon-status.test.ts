import { describe, expect, it } from "vitest";
import type { HelmReleaseProxy } from "../k8s/status-types.ts";
import type { AddonOffer } from "./addon-catalog.ts";
import { catalogAddonRows } from "./addon-status.ts";
import { addonSummaryText } from "./in-english.ts";

const offer = (id: string): AddonOffer => ({
  id,
  title: id,
  description: "d",
  installs: "i",
  provides: [],
  requires: [],
  settings: [{ key: "email", label: "Email", type: "email", required: false }],
  chart: { repoURL: "https://charts.example", chartName: id, version: "1.0.0", namespace: id },
});

const release = (addon: string, status: HelmReleaseProxy["status"]): HelmReleaseProxy => ({
  metadata: {
    name: `${addon}-web-abcde`,
    namespace: "team-a",
    uid: `u-${addon}`,
    labels: {
      "cluster.x-k8s.io/cluster-name": "web",
      "helmreleaseproxy.addons.cluster.x-k8s.io/helmchartproxy-name": addon,
    },
  },
  spec: { chartName: addon, releaseName: addon, version: "1.0.0" },
  status,
});

describe("catalogAddonRows", () => {
  it("off, pending, the release's state, and uninstalling", () => {
    const offers = ["a", "b", "c", "d"].map(offer);
    const rows = catalogAddonRows(
      offers,
      {
        metadata: {
          labels: { "addons.kaas.scs.community/b": "enabled", "addons.kaas.scs.community/c": "enabled" },
          annotations: { "addons.kaas.scs.community/c-email": "x@y.io" },
        },
      },
      [
        release("c", { status: "deployed", revision: 3, conditions: [{ type: "Ready", status: "True" }] }),
        release("d", { status: "uninstalling" }),
      ],
    );
    expect(rows.map((r) => [r.offer.id, r.state, r.enabled, r.settings])).toEqual([
      ["a", "off", false, {}],
      ["b", "pending", true, {}],
      ["c", "ready", true, { email: "x@y.io" }],
      ["d", "uninstalling", false, {}],
    ]);
    expect(addonSummaryText(rows[2]?.release?.summaryParts ?? [])).toBe("1.0.0 · deployed · revision 3");
  });
});

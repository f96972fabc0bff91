import { describe, expect, it } from "vitest";
import { clusterStatusRow } from "@/lib/capi/cluster-health.ts";
import { summarizeCluster } from "@/lib/capi/cluster-summary.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import type { LiveObject } from "./live-connection.ts";
import { applyMessage, initialRows, knownRows, liveStatusOf, mergeChange, pairKey } from "./merge.ts";

const obj = (uid: string, phase: string, namespace = "team-a"): LiveObject => ({
  metadata: { uid, name: uid, namespace },
  spec: {},
  status: { phase },
});

// The pages' own mappings: the cluster list's summaries and the status wall's rows.
const toSummary = (o: LiveObject) => summarizeCluster(o as unknown as Cluster);
const toStatusRow = (o: LiveObject) => clusterStatusRow(o as unknown as Cluster);
const asObject = (o: LiveObject) => o;

const phases = (rows: readonly { name: string; phase: string }[]) => rows.map((r) => [r.name, r.phase]);

describe("mergeChange", () => {
  it("replaces by uid in place, appends new objects and drops deleted ones", () => {
    const list = [obj("a", "Pending"), obj("b", "Pending")];
    expect(mergeChange(list, "MODIFIED", obj("a", "Running")).map((o) => [o.metadata.uid, o.status])).toEqual(
      [
        ["a", { phase: "Running" }],
        ["b", { phase: "Pending" }],
      ],
    );
    expect(mergeChange(list, "ADDED", obj("c", "Pending")).map((o) => o.metadata.uid)).toEqual([
      "a",
      "b",
      "c",
    ]);
    expect(mergeChange(list, "DELETED", obj("a", "")).map((o) => o.metadata.uid)).toEqual(["b"]);
    expect(mergeChange(list, "DELETED", obj("zz", ""))).toBe(list);
  });

  it("merges the rows pages make of objects by the uid they carry", () => {
    const list = [toSummary(obj("a", "Pending")), toSummary(obj("b", "Pending"))];
    expect(phases(mergeChange(list, "MODIFIED", toSummary(obj("b", "Provisioned"))))).toEqual([
      ["a", "Pending"],
      ["b", "Provisioned"],
    ]);
    expect(mergeChange(list, "DELETED", toSummary(obj("zz", "")))).toBe(list);
  });
});

describe("applyMessage", () => {
  const at = { kind: "clusters", namespace: "team-a" };

  it("replaces the list with each snapshot, which is the resync after a reconnect", () => {
    const before = [toSummary(obj("a", "Pending")), toSummary(obj("gone", "Pending"))];
    const after = applyMessage(
      before,
      { t: "snapshot", ...at, items: [obj("a", "Provisioned"), obj("c", "Pending")] },
      toSummary,
    );
    expect(phases(after)).toEqual([
      ["a", "Provisioned"],
      ["c", "Pending"],
    ]);
  });

  it("maps and merges changes, and empties the list when access is revoked", () => {
    const rows = applyMessage([], { t: "snapshot", ...at, items: [obj("a", "Pending")] }, toStatusRow);
    const changed = applyMessage(
      rows,
      { t: "change", ...at, type: "ADDED", object: obj("b", "Failed") },
      toStatusRow,
    );
    expect(changed.map((r) => [r.name, r.health])).toEqual([
      ["a", "progressing"],
      ["b", "failing"],
    ]);
    expect(applyMessage(changed, { t: "revoked", ...at }, toStatusRow)).toEqual([]);
  });

  it("keeps raw objects as they came for the cluster page", () => {
    const o = obj("a", "Running");
    expect(applyMessage(undefined, { t: "change", ...at, type: "MODIFIED", object: o }, asObject)).toEqual([
      o,
    ]);
  });
});

describe("initialRows and knownRows", () => {
  const wall = [toStatusRow(obj("a", "Pending", "team-a")), toStatusRow(obj("b", "Pending", "team-b"))];

  it("seeds each namespace's entry with its own server-rendered rows, even when it has none", () => {
    const namespaces = ["team-a", "team-b", "team-c"];
    expect(initialRows(wall, "team-b", namespaces)?.map((r) => r.name)).toEqual(["b"]);
    expect(initialRows(wall, "team-c", namespaces)).toEqual([]);
  });

  it("leaves a kind the page did not render unknown, never an empty list", () => {
    expect(initialRows(undefined, "team-a", ["team-a"])).toBeUndefined();
    expect(knownRows([undefined, undefined])).toBeUndefined();
  });

  it("joins the known lists of several namespaces and passes a single list through", () => {
    const a = [obj("a", "Pending")];
    expect(knownRows([a])).toBe(a);
    expect(knownRows([a, undefined, [obj("b", "Pending", "team-b")]])?.map((o) => o.metadata.uid)).toEqual([
      "a",
      "b",
    ]);
  });
});

describe("liveStatusOf", () => {
  it("says the connection's state while any namespace of each kind is visible", () => {
    const revoked = new Set([pairKey("clusters", "team-a")]);
    expect(liveStatusOf("reconnecting", revoked, ["clusters"], ["team-a", "team-b"])).toBe("reconnecting");
    expect(liveStatusOf("live", new Set(), ["clusters"], ["team-a"])).toBe("live");
  });

  it("says no-access once every namespace of a followed kind is revoked", () => {
    const revoked = new Set([pairKey("events", "team-a")]);
    expect(liveStatusOf("live", revoked, ["clusters", "events"], ["team-a"])).toBe("no-access");
    expect(
      liveStatusOf(
        "live",
        new Set([...revoked, pairKey("events", "team-b")]),
        ["events"],
        ["team-a", "team-b"],
      ),
    ).toBe("no-access");
  });
});

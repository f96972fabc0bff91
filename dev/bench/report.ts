/**
 * The benchmark's closing table: every target of issue #16 beside what each fixture size
 * measured, one column per size, ✓ or ✗ per cell. Figures that do not depend on the fixture (the
 * restarts run on a second API server of their own) show the same value in every column.
 */
import type { BrowserReport } from "./browser.ts";
import type { BundleReport } from "./bundle.ts";
import type { RestartReport } from "./restarts.ts";

/** Heap and RSS around five re-lists of every kind. Ratios are peak / steady. */
export type MemoryFigures = {
  steadyHeapMb: number;
  steadyRssMb: number;
  heapPeakMedian: number;
  heapPeakWorst: number;
  rssPeakMedian: number;
  rssPeakWorst: number;
  note: string;
};

/** What dev/bench.ts measures on the hub at one fixture size. */
export type HubFigures = {
  size: number;
  namespaces: number;
  objects: number;
  syncMs: number;
  /** Whether every installed kind synced by a watch-list stream. */
  streamed: boolean;
  kubectlMs: number;
  /** One keep-alive GET of the same list on a warm connection. */
  floorMs: number;
  coldMs: number;
  warmMs: number;
  rawLatP95: number;
  hubLatP95: number;
  watchesBefore: number;
  watchesWith100: number;
  watchRequestsAdded: number;
  idleSeconds: number;
  idleLists: number;
  rawBytes: number;
  cachedBytes: number;
  steadyHeap: number;
  watchListMemory: MemoryFigures;
  pagedMemory: MemoryFigures;
  busy: { seconds: number; writes: number; beforeBytesPerMin: number; afterBytesPerMin: number };
};

type Cell = { text: string; ok?: boolean };
type Row = { figure: string; target: string; cell: (size: number) => Cell | undefined };

const x = (n: number, digits = 2) => `${n.toFixed(digits)}×`;
const msText = (n: number) => `${n.toFixed(0)} ms`;

/** Prints the targets table for every measured size. */
export function printTargets(r: {
  sizes: readonly number[];
  hub: ReadonlyMap<number, HubFigures>;
  browser: ReadonlyMap<number, BrowserReport>;
  restarts: RestartReport | undefined;
  /** First-load JS from the build's manifests; the same for every fixture size. */
  bundle?: BundleReport | undefined;
  /** Sections that failed, with why (their figures then read "not measured"). */
  failures?: readonly string[];
}): void {
  const hub = (size: number) => r.hub.get(size);
  const br = (size: number) => r.browser.get(size);
  const watchListRestarts = r.restarts?.paths.find((p) => p.path === "watch-list");
  const pagedRestarts = r.restarts?.paths.find((p) => p.path === "paged LIST");
  const rows: Row[] = [
    {
      figure: "team cluster list, cold (hub unsynced), vs keep-alive GET floor",
      target: "≤ 1.5×",
      cell: (s) => {
        const h = hub(s);
        return (
          h && {
            text: `${x(h.coldMs / h.floorMs)} (${msText(h.coldMs)} / ${h.floorMs.toFixed(1)} ms)`,
            ok: h.coldMs / h.floorMs <= 1.5,
          }
        );
      },
    },
    {
      figure: "  … vs kubectl get -o json (second reference)",
      target: "—",
      cell: (s) => {
        const h = hub(s);
        return h && { text: `${x(h.coldMs / h.kubectlMs)} (kubectl ${msText(h.kubectlMs)})` };
      },
    },
    {
      figure: "team cluster list, warm, vs floor",
      target: "≤ 0.1×",
      cell: (s) => {
        const h = hub(s);
        return (
          h && {
            text: `${x(h.warmMs / h.floorMs, 3)} (${h.warmMs.toFixed(2)} ms)`,
            ok: h.warmMs / h.floorMs <= 0.1,
          }
        );
      },
    },
    {
      figure: "cluster list page render (standalone server) vs floor",
      target: "—",
      cell: (s) => {
        const b = br(s);
        return b && { text: `${x(b.render.pageMs / b.render.floorMs)} (${msText(b.render.pageMs)})` };
      },
    },
    {
      figure: "hub heap steady vs raw JSON of the cached objects",
      target: "≤ 1×",
      cell: (s) => {
        const h = hub(s);
        return (
          h && {
            text: `${x(h.steadyHeap / h.rawBytes)} (${(h.steadyHeap / 1e6).toFixed(1)} / ${(h.rawBytes / 1e6).toFixed(1)} MB)`,
            ok: h.steadyHeap / h.rawBytes <= 1,
          }
        );
      },
    },
    {
      figure: "heap peak during a re-list of every kind vs steady, watch-list (median / worst of 5)",
      target: "≤ 1.5×",
      cell: (s) => {
        const m = hub(s)?.watchListMemory;
        return m && { text: `${x(m.heapPeakMedian)} / ${x(m.heapPeakWorst)}`, ok: m.heapPeakWorst <= 1.5 };
      },
    },
    {
      figure: "  … RSS peak vs steady, watch-list (median / worst)",
      target: "—",
      cell: (s) => {
        const m = hub(s)?.watchListMemory;
        return (
          m && { text: `${x(m.rssPeakMedian)} / ${x(m.rssPeakWorst)} of ${m.steadyRssMb.toFixed(0)} MB` }
        );
      },
    },
    {
      figure: "heap peak during a re-list vs steady, paged LIST (median / worst of 5)",
      target: "≤ 1.5×",
      cell: (s) => {
        const m = hub(s)?.pagedMemory;
        return m && { text: `${x(m.heapPeakMedian)} / ${x(m.heapPeakWorst)}`, ok: m.heapPeakWorst <= 1.5 };
      },
    },
    {
      figure: "  … RSS peak vs steady, paged LIST (median / worst)",
      target: "—",
      cell: (s) => {
        const m = hub(s)?.pagedMemory;
        return (
          m && { text: `${x(m.rssPeakMedian)} / ${x(m.rssPeakWorst)} of ${m.steadyRssMb.toFixed(0)} MB` }
        );
      },
    },
    {
      figure: `re-lists per kind per API server restart (${r.restarts?.restarts ?? "?"} restarts), watch-list`,
      target: "≤ 1 (no LIST)",
      cell: () =>
        watchListRestarts && {
          text: `${watchListRestarts.maxRelistsPerKindPerRestart} (${watchListRestarts.listRequests} LISTs, ${watchListRestarts.totalRelists} streamed re-lists)`,
          ok: watchListRestarts.maxRelistsPerKindPerRestart <= 1 && watchListRestarts.listRequests === 0,
        },
    },
    {
      figure: "re-lists per kind per API server restart, paged LIST",
      target: "≤ 1",
      cell: () =>
        pagedRestarts && {
          text: `${pagedRestarts.maxRelistsPerKindPerRestart} (${pagedRestarts.totalRelists} in all)`,
          ok: pagedRestarts.maxRelistsPerKindPerRestart <= 1,
        },
    },
    {
      figure: "median catch-up after the API server is ready (watch-list / paged)",
      target: "≤ 1 s",
      cell: () =>
        watchListRestarts &&
        pagedRestarts && {
          text: `${msText(watchListRestarts.medianCatchUpMs)} / ${msText(pagedRestarts.medianCatchUpMs)}`,
          ok: watchListRestarts.medianCatchUpMs <= 1000 && pagedRestarts.medianCatchUpMs <= 1000,
        },
    },
    {
      figure: "status change → SSE client p95 minus kubectl get -w p95 (hub only)",
      target: "≤ +100 ms",
      cell: (s) => {
        const h = hub(s);
        if (!h) return undefined;
        const d = h.hubLatP95 - h.rawLatP95;
        return { text: `${d >= 0 ? "+" : ""}${msText(d)}`, ok: d <= 100 };
      },
    },
    {
      figure: "status change → page p95 minus kubectl get -w p95",
      target: "≤ +100 ms",
      cell: (s) => {
        const b = br(s);
        if (!b) return undefined;
        const d = b.latency.pageP95 - b.latency.rawP95;
        return { text: `${d >= 0 ? "+" : ""}${msText(d)}`, ok: d <= 100 };
      },
    },
    {
      figure: "status wall: INP worst",
      target: "≤ 100 ms",
      cell: (s) => {
        const b = br(s);
        return (
          b && {
            text: `${msText(b.inp.worstMs)} (${b.inp.rows} clusters, ${b.inp.shownRows} a page)`,
            ok: b.inp.worstMs <= 100,
          }
        );
      },
    },
    {
      figure: "first-load JS: cluster list / cluster page",
      target: "≤ 150 KB gzip",
      cell: (s) => {
        const b = br(s);
        return (
          b && {
            text: `${b.firstLoadJsGzipKb.toFixed(1)} / ${b.clusterPageJsGzipKb.toFixed(1)} KB`,
            ok: b.firstLoadJsGzipKb <= 150 && b.clusterPageJsGzipKb <= 150,
          }
        );
      },
    },
    {
      figure: "  … above the framework floor (a bare Next.js app: floor KB)",
      target: "—",
      cell: (s) => {
        const b = br(s);
        const floor = r.bundle?.floorKb;
        if (!b || floor === undefined) return undefined;
        return {
          text: `+${(b.firstLoadJsGzipKb - floor).toFixed(1)} / +${(b.clusterPageJsGzipKb - floor).toFixed(1)} KB (${floor.toFixed(1)} KB)`,
        };
      },
    },
    {
      figure: "first-load JS of every route, the largest (DESIGN.md), from the build",
      target: "≤ 180 KB gzip",
      cell: () => {
        const largest = r.bundle?.routes[0];
        return largest && { text: `${largest.kb.toFixed(1)} KB (${largest.route})`, ok: largest.kb <= 180 };
      },
    },
    {
      figure: "cluster page bytes per minute, 10 clusters provisioning, vs whole namespace",
      target: "≤ 0.2×",
      cell: (s) => {
        const h = hub(s);
        if (!h) return undefined;
        const ratio = h.busy.afterBytesPerMin / h.busy.beforeBytesPerMin;
        return {
          text: `${x(ratio, 3)} (${(h.busy.afterBytesPerMin / 1e3).toFixed(0)} / ${(h.busy.beforeBytesPerMin / 1e3).toFixed(0)} KB)`,
          ok: ratio <= 0.2,
        };
      },
    },
    {
      figure: "SSE streams (console): added upstream WATCHes; RSS per stream",
      target: "+0; ≤ 0.3 MB",
      cell: (s) => {
        const b = br(s);
        if (!b) return undefined;
        if (b.streams.many.failed) return { text: `failed: ${b.streams.many.failed}`, ok: false };
        const added = b.streams.many.watches - b.streams.one.watches;
        const per = (b.streams.many.rssMb - b.streams.one.rssMb) / (b.streams.many.n - 1);
        return { text: `${b.streams.many.n}: +${added}; ${per.toFixed(3)} MB`, ok: added <= 0 && per <= 0.3 };
      },
    },
    {
      figure: "100 SSE clients on the hub: added WATCH requests; idle LIST calls a minute",
      target: "+0; 0",
      cell: (s) => {
        const h = hub(s);
        return (
          h && {
            text: `+${h.watchRequestsAdded}; ${h.idleLists}`,
            ok: h.watchRequestsAdded === 0 && h.idleLists === 0,
          }
        );
      },
    },
  ];
  const head = ["figure", "target", ...r.sizes.map((s) => `${s.toLocaleString("en")} clusters`)];
  const table = rows.map((row) => [
    row.figure,
    row.target,
    ...r.sizes.map((s) => {
      const c = row.cell(s);
      if (!c) return "not measured";
      return c.ok === undefined ? c.text : `${c.ok ? "✓" : "✗"} ${c.text}`;
    }),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((t) => (t[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  console.log("");
  console.log("Targets of issue #16, side by side (✓ met, ✗ missed):");
  console.log(line(head));
  console.log(line(widths.map((w) => "-".repeat(w))));
  for (const t of table) console.log(line(t));
  for (const f of r.failures ?? []) console.log(`failed: ${f}`);
}

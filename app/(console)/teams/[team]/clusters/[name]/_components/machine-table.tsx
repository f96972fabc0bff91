import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import type { MachineRow } from "@/lib/capi/cluster-status.ts";
import { formatAge } from "@/lib/format.ts";

const phaseClass = (phase: string) =>
  phase === "Running"
    ? "text-emerald-700 dark:text-emerald-400"
    : phase === "Failed"
      ? "text-red-700 dark:text-red-400"
      : "text-sky-700 dark:text-sky-400";

const mono = "font-mono text-xs";

const COLUMNS: Column<MachineRow>[] = [
  { label: "Name", className: mono, cell: (m) => m.name },
  { label: "Role", cell: (m) => m.role },
  { label: "Phase", cell: (m) => <span className={phaseClass(m.phase)}>{m.phase}</span> },
  { label: "Node", className: mono, cell: (m) => m.nodeName ?? "–" },
  { label: "Provider ID", className: `${mono} break-all`, cell: (m) => m.providerID ?? "–" },
  { label: "Kubelet", cell: (m) => m.kubeletVersion ?? "–" },
  { label: "Addresses", className: mono, cell: (m) => (m.addresses.length ? m.addresses.join(", ") : "–") },
  {
    label: "Age",
    className: "text-slate-500",
    // Rendered on the server a moment earlier: the age may differ by a minute.
    cell: (m) => <span suppressHydrationWarning>{m.createdAt ? formatAge(m.createdAt) : "–"}</span>,
  },
  {
    label: "Conditions",
    className: "text-xs",
    cell: (m) =>
      m.problems.length === 0 ? (
        <span className="text-emerald-700 dark:text-emerald-400">✓ healthy</span>
      ) : (
        <ul className="space-y-1">
          {m.problems.slice(0, 3).map((c) => (
            <li key={c.type}>
              <span className="font-medium">{c.type}</span>
              {c.reason ? <span className="text-slate-500"> · {c.reason}</span> : null}
              {c.message ? (
                <span className="block whitespace-pre-wrap text-slate-600 dark:text-slate-300">
                  {c.message}
                </span>
              ) : null}
            </li>
          ))}
          {m.problems.length > 3 ? (
            <li className="text-slate-500">and {m.problems.length - 3} more in the timeline</li>
          ) : null}
        </ul>
      ),
  },
];

/** The cluster's machines; condition messages are controllers' untrusted text, shown as text. */
export function MachineTable({ rows }: { rows: MachineRow[] }) {
  const running = rows.filter((m) => m.phase === "Running").length;
  return (
    <section aria-labelledby="machines-heading">
      <h2 id="machines-heading" className="mb-2 text-lg font-semibold">
        Machines ({running} running of {rows.length})
      </h2>
      <DataTable
        testId="machine-table"
        columns={COLUMNS}
        rows={rows}
        rowKey={(m) => m.uid}
        rowAttributes={(m) => ({
          "data-testid": "machine-row",
          "data-machine": m.name,
          "data-phase": m.phase,
          "data-ready": m.ready,
        })}
        empty="No machines yet: they appear here as Cluster API creates them."
      />
    </section>
  );
}

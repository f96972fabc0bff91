import type { MachineRow } from "@/lib/capi/cluster-status.ts";
import { formatAge } from "@/lib/format.ts";

const phaseClass = (phase: string) =>
  phase === "Running"
    ? "text-emerald-700 dark:text-emerald-400"
    : phase === "Failed"
      ? "text-red-700 dark:text-red-400"
      : "text-sky-700 dark:text-sky-400";

/** The cluster's machines; condition messages are controllers' untrusted text, shown as text. */
export function MachineTable({ rows }: { rows: MachineRow[] }) {
  const running = rows.filter((m) => m.phase === "Running").length;
  return (
    <section aria-labelledby="machines-heading">
      <h2 id="machines-heading" className="mb-2 text-lg font-semibold">
        Machines ({running} running of {rows.length})
      </h2>
      <div className="overflow-x-auto rounded-lg border border-slate-200 dark:border-slate-800">
        <table className="w-full text-left text-sm" data-testid="machine-table">
          <thead className="bg-slate-100 dark:bg-slate-900">
            <tr>
              {[
                "Name",
                "Role",
                "Phase",
                "Node",
                "Provider ID",
                "Kubelet",
                "Addresses",
                "Age",
                "Conditions",
              ].map((h) => (
                <th key={h} scope="col" className="px-3 py-2 font-medium">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((m) => (
              <tr
                key={m.uid}
                data-testid="machine-row"
                data-machine={m.name}
                data-phase={m.phase}
                data-ready={m.ready}
                className="border-t border-slate-200 align-top dark:border-slate-800"
              >
                <td className="px-3 py-2 font-mono text-xs">{m.name}</td>
                <td className="px-3 py-2">{m.role}</td>
                <td className={`px-3 py-2 ${phaseClass(m.phase)}`}>{m.phase}</td>
                <td className="px-3 py-2 font-mono text-xs">{m.nodeName ?? "–"}</td>
                <td className="px-3 py-2 font-mono text-xs break-all">{m.providerID ?? "–"}</td>
                <td className="px-3 py-2">{m.kubeletVersion ?? "–"}</td>
                <td className="px-3 py-2 font-mono text-xs">
                  {m.addresses.length ? m.addresses.join(", ") : "–"}
                </td>
                <td className="px-3 py-2 text-slate-500" suppressHydrationWarning>
                  {m.createdAt ? formatAge(m.createdAt) : "–"}
                </td>
                <td className="px-3 py-2 text-xs">
                  {m.problems.length === 0 ? (
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
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {rows.length === 0 ? (
          <p className="p-3 text-sm text-slate-500">
            No machines yet: they appear here as Cluster API creates them.
          </p>
        ) : null}
      </div>
    </section>
  );
}

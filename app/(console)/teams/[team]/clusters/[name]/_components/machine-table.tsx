import { useLocale, useTranslations } from "next-intl";
import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import type { MachineRow } from "@/lib/capi/cluster-status.ts";
import { formatRelativeTime } from "@/lib/i18n/format.ts";
import type { Locale } from "@/lib/i18n/locales.ts";

const phaseClass = (phase: string) =>
  phase === "Running"
    ? "text-emerald-700 dark:text-emerald-400"
    : phase === "Failed"
      ? "text-red-700 dark:text-red-400"
      : "text-sky-700 dark:text-sky-400";

const mono = "font-mono text-xs";

type T = ReturnType<typeof useTranslations<"clusterPage.machines">>;

const MACHINE_PHASES = [
  "Pending",
  "Provisioning",
  "Provisioned",
  "Running",
  "Deleting",
  "Deleted",
  "Failed",
  "Unknown",
] as const;
const isMachinePhase = (p: string): p is (typeof MACHINE_PHASES)[number] =>
  (MACHINE_PHASES as readonly string[]).includes(p);

const columns = (t: T, locale: Locale): Column<MachineRow>[] => [
  { label: t("columns.name"), className: mono, cell: (m) => m.name },
  // The control plane, or the worker pool's name.
  { label: t("columns.role"), cell: (m) => (m.role === "Control plane" ? t("controlPlane") : m.role) },
  {
    label: t("columns.phase"),
    cell: (m) => (
      <span className={phaseClass(m.phase)}>
        {isMachinePhase(m.phase) ? t(`phases.${m.phase}`) : m.phase}
      </span>
    ),
  },
  { label: t("columns.node"), className: mono, cell: (m) => m.nodeName ?? "–" },
  { label: t("columns.providerId"), className: `${mono} break-all`, cell: (m) => m.providerID ?? "–" },
  { label: t("columns.kubelet"), cell: (m) => m.kubeletVersion ?? "–" },
  {
    label: t("columns.addresses"),
    className: mono,
    cell: (m) => (m.addresses.length ? m.addresses.join(", ") : "–"),
  },
  {
    label: t("columns.age"),
    className: "text-slate-500",
    // Rendered on the server a moment earlier: the age may differ by a minute.
    cell: (m) => (
      <span suppressHydrationWarning>
        {m.createdAt ? formatRelativeTime(m.createdAt, Date.now(), locale) : "–"}
      </span>
    ),
  },
  {
    label: t("columns.conditions"),
    className: "text-xs",
    cell: (m) =>
      m.problems.length === 0 ? (
        <span className="text-emerald-700 dark:text-emerald-400">✓ {t("healthy")}</span>
      ) : (
        // Condition types, reasons and messages are the controllers' words.
        <ul className="space-y-1" data-i18n-ignore>
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
            <li className="text-slate-500">{t("more", { count: m.problems.length - 3 })}</li>
          ) : null}
        </ul>
      ),
  },
];

/** The cluster's machines; condition messages are controllers' untrusted text, shown as text. */
export function MachineTable({ rows }: { rows: MachineRow[] }) {
  const t = useTranslations("clusterPage.machines");
  const locale = useLocale();
  const running = rows.filter((m) => m.phase === "Running").length;
  return (
    <section aria-labelledby="machines-heading">
      <h2 id="machines-heading" className="mb-2 text-lg font-semibold">
        {t("title", { running, total: rows.length })}
      </h2>
      <DataTable
        testId="machine-table"
        columns={columns(t, locale)}
        rows={rows}
        rowKey={(m) => m.uid}
        rowAttributes={(m) => ({
          "data-testid": "machine-row",
          "data-machine": m.name,
          "data-phase": m.phase,
          "data-ready": m.ready,
        })}
        empty={t("empty")}
      />
    </section>
  );
}

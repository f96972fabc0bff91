"use client";

import { useRouter } from "next/navigation";
import { useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { kaasAddonCommand } from "@/cli/commands.ts";
import { AddonSettingsFields } from "@/components/clusters/addon-settings.tsx";
import { AddonSummary } from "@/components/clusters/addon-summary.tsx";
import { CommandBlock } from "@/components/clusters/command-block.tsx";
import { DiffView } from "@/components/clusters/diff-view.tsx";
import { FormStatus } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import type { AddonChangeReview } from "@/lib/addons/cluster-addons.ts";
import type { CatalogAddonRow, CatalogAddonState } from "@/lib/capi/addon-status.ts";
import { formatExactTime, formatList, formatRelativeTime } from "@/lib/i18n/format.ts";
import type { ClusterAddonInput } from "@/lib/validation/addons.ts";
import { changeClusterAddonAction, reviewClusterAddonAction } from "../../_actions/cluster-addons.ts";

const STATE: Record<CatalogAddonState, { badge: string }> = {
  off: { badge: "bg-slate-100 text-slate-700 dark:bg-slate-800 dark:text-slate-200" },
  pending: {
    badge: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100",
  },
  progressing: { badge: "bg-sky-100 text-sky-800 dark:bg-sky-900 dark:text-sky-100" },
  ready: {
    badge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-900 dark:text-emerald-100",
  },
  failed: { badge: "bg-red-100 text-red-800 dark:bg-red-900 dark:text-red-100" },
  unknown: { badge: "bg-slate-200 text-slate-800 dark:bg-slate-700 dark:text-slate-100" },
  uninstalling: {
    badge: "bg-amber-100 text-amber-900 dark:bg-amber-900 dark:text-amber-100",
  },
};

type Mode = "enable" | "settings" | "disable";

/**
 * The team's optional add-ons (the platform's catalog, add-on provider Helm) on this cluster: each
 * one's state and Helm release, followed live; enable, disable and change settings, each reviewed in
 * a dry run (diff and kubectl equivalent) before it is applied as the user.
 */
export function CatalogAddons({
  team,
  cluster,
  rows,
  canWrite,
}: {
  team: string;
  cluster: string;
  rows: CatalogAddonRow[];
  canWrite: boolean;
}) {
  const t = useTranslations("clusterPage.catalog");
  if (!rows.length) return null;
  return (
    <section aria-labelledby="catalog-addons-heading" className="space-y-2">
      <h2 id="catalog-addons-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <ul className="space-y-2" data-testid="catalog-addons">
        {rows.map((r) => (
          <CatalogAddonItem
            key={r.offer.id}
            team={team}
            cluster={cluster}
            row={r}
            rows={rows}
            canWrite={canWrite}
          />
        ))}
      </ul>
    </section>
  );
}

function CatalogAddonItem({
  team,
  cluster,
  row,
  rows,
  canWrite,
}: {
  team: string;
  cluster: string;
  row: CatalogAddonRow;
  rows: CatalogAddonRow[];
  canWrite: boolean;
}) {
  const { offer, release, state } = row;
  const t = useTranslations("clusterPage.catalog");
  const locale = useLocale();
  const router = useRouter();
  const [mode, setMode] = useState<Mode | null>(null);
  const [settings, setSettings] = useState<Record<string, string>>(row.settings);
  const [review, setReview] = useState<AddonChangeReview | null>(null);
  const form = useActionForm({
    action: (req: { input: ClusterAddonInput; apply: boolean }) =>
      (req.apply ? changeClusterAddonAction : reviewClusterAddonAction)(req.input),
    refresh: false,
    success: (_, req) =>
      req.apply
        ? req.input.enabled
          ? t(mode === "settings" ? "settingsChanged" : "enabled", { title: offer.title })
          : t("disabled", { title: offer.title })
        : null,
    onSuccess: (data, req) => {
      if (req.apply) {
        setReview(null);
        setMode(null);
        router.refresh();
      } else setReview(data);
    },
    onFailure: () => setReview(null),
  });
  const input: ClusterAddonInput = {
    team,
    name: cluster,
    addon: offer.id,
    enabled: mode !== "disable",
    settings: mode === "disable" ? {} : settings,
  };
  const open = (m: Mode) => {
    setMode(m);
    setReview(null);
    setSettings(row.settings);
  };
  const errors = Object.fromEntries(
    Object.entries(form.fieldErrors)
      .filter(([k]) => k.startsWith("settings."))
      .map(([k, v]) => [k.slice("settings.".length), v]),
  );
  const missing = offer.requires.filter(
    (need) => !rows.some((o) => o.enabled && (o.offer.id === need || o.offer.provides.includes(need))),
  );
  const needing = rows.filter(
    (o) =>
      o.enabled &&
      o.offer.requires.some((need) => offer.id === need || offer.provides.includes(need)) &&
      !rows.some(
        (x) =>
          x.enabled &&
          x.offer.id !== offer.id &&
          o.offer.requires.some((need) => x.offer.id === need || x.offer.provides.includes(need)),
      ),
  );

  return (
    <li
      data-testid="catalog-addon"
      data-addon={offer.id}
      data-state={state}
      className={`rounded-md border p-3 text-sm ${
        state === "failed"
          ? "border-red-300 bg-red-50 dark:border-red-800 dark:bg-red-950"
          : "border-slate-200 dark:border-slate-800"
      }`}
    >
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="font-medium">{offer.title}</span>
        <span
          className={`rounded-full px-2 py-0.5 text-xs ${STATE[state].badge}`}
          data-testid="catalog-addon-state"
        >
          {t(`state.${state}`)}
        </span>
        <span className="font-mono text-xs text-slate-500">
          {offer.chart.chartName} {offer.chart.version || t("latest")}
        </span>
        {release ? (
          <span className="text-xs text-slate-500" data-testid="catalog-addon-release">
            <AddonSummary parts={release.summaryParts} />
          </span>
        ) : null}
        {release?.updatedAt ? (
          <time
            className="text-xs text-slate-500"
            dateTime={release.updatedAt}
            title={formatExactTime(release.updatedAt, locale)}
            suppressHydrationWarning
          >
            {t("changed", { when: formatRelativeTime(release.updatedAt, Date.now(), locale) })}
          </time>
        ) : null}
        {canWrite && !mode ? (
          <span className="ml-auto flex gap-2">
            {row.enabled ? (
              <>
                {offer.settings.length ? (
                  <button
                    type="button"
                    className="text-sky-700 hover:underline dark:text-sky-400"
                    onClick={() => open("settings")}
                  >
                    {t("changeSettings")}
                  </button>
                ) : null}
                <button
                  type="button"
                  className="text-red-700 hover:underline dark:text-red-400"
                  onClick={() => open("disable")}
                >
                  {t("disable")}
                </button>
              </>
            ) : (
              <button
                type="button"
                className="text-sky-700 hover:underline dark:text-sky-400"
                onClick={() => open("enable")}
              >
                {t("enable")}
              </button>
            )}
          </span>
        ) : null}
      </div>
      {state === "pending" ? (
        <p className="mt-1 text-slate-600 dark:text-slate-300" data-testid="catalog-addon-message">
          {t("pending")}
        </p>
      ) : release?.message && state !== "off" ? (
        <p
          data-testid="catalog-addon-message"
          data-i18n-ignore
          className={`mt-1 whitespace-pre-wrap ${
            state === "failed" ? "text-red-800 dark:text-red-200" : "text-slate-600 dark:text-slate-300"
          }`}
        >
          {release.message}
        </p>
      ) : null}
      {mode ? (
        <div className="mt-3 space-y-3 border-t border-slate-200 pt-3 dark:border-slate-800">
          {mode === "disable" ? (
            <p className="text-amber-800 dark:text-amber-300" data-testid="addon-uninstall-note">
              {t("uninstallNote")} <span data-i18n-ignore>{offer.installs}</span>
              {needing.length
                ? ` ${t("neededBy", {
                    names: formatList(
                      needing.map((o) => o.offer.title),
                      locale,
                    ),
                  })}`
                : ""}
            </p>
          ) : (
            <>
              <p className="text-slate-600 dark:text-slate-300">
                {/* The platform's catalog file describes its add-ons in its own words. */}
                <span data-i18n-ignore>{offer.description}</span>{" "}
                <span className="text-slate-500">
                  {t("installs")} <span data-i18n-ignore>{offer.installs}</span>
                </span>
              </p>
              {missing.length && mode === "enable" ? (
                <p className="text-amber-800 dark:text-amber-300">
                  {t("needs", { names: formatList(missing, locale) })}
                </p>
              ) : null}
              <AddonSettingsFields
                offer={offer}
                idPrefix="cluster-addon"
                values={settings}
                errors={errors}
                onChange={(k, v) => {
                  setSettings({ ...settings, [k]: v });
                  setReview(null);
                }}
              />
            </>
          )}
          <FormStatus error={form.formError} message={form.message} testId={`addon-${offer.id}`} />
          {review ? (
            <>
              <DiffView diff={review.diff} />
              <CommandBlock
                kubectl={review.kubectl}
                kaas={kaasAddonCommand(team, cluster, offer.id, {
                  enabled: input.enabled,
                  settings: input.settings ?? {},
                })}
                testId="addon"
              />
            </>
          ) : null}
          <div className="flex gap-3">
            <button
              type="button"
              disabled={form.pending}
              onClick={() => form.submit({ input, apply: false })}
              className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
            >
              {t("review")}
            </button>
            {review ? (
              <button
                type="button"
                disabled={form.pending}
                onClick={() => form.submit({ input, apply: true })}
                className={`rounded-md px-3 py-1.5 text-sm text-white ${mode === "disable" ? "bg-red-600" : "bg-sky-600"}`}
              >
                {mode === "disable"
                  ? t("disableNamed", { title: offer.title })
                  : mode === "enable"
                    ? t("enableNamed", { title: offer.title })
                    : t("applySettings")}
              </button>
            ) : null}
            <button
              type="button"
              className="text-sm text-slate-600 hover:underline"
              onClick={() => setMode(null)}
            >
              {t("cancel")}
            </button>
          </div>
        </div>
      ) : null}
    </li>
  );
}

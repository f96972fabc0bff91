"use client";

import { useTranslations } from "next-intl";
import { CommandBlock } from "@/components/clusters/command-block.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { kubectlMetadataCommands } from "@/lib/capi/addon-catalog.ts";
import type { ClusterPreview } from "@/lib/clusters/create.ts";
import type { CreateClusterFormState } from "./use-create-cluster-form.ts";

/** The cluster as the management cluster accepted it in a dry run, to copy, download or create. */
export function ReviewStep({ form, preview }: { form: CreateClusterFormState; preview: ClusterPreview }) {
  const download = `data:application/yaml;charset=utf-8,${encodeURIComponent(preview.yaml)}`;
  const { labels, annotations } = preview.addons;
  const addonCommands = kubectlMetadataCommands(preview.namespace, form.name, { labels, annotations });
  const t = useTranslations("newCluster.reviewStep");
  return (
    <section aria-labelledby="review-heading" className="space-y-4">
      <h2 id="review-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-slate-600 dark:text-slate-300">{t("intro")}</p>
      <pre
        data-testid="cluster-yaml"
        className="max-h-96 overflow-auto rounded-lg bg-slate-900 p-4 font-mono text-xs text-slate-100"
      >
        {preview.yaml}
      </pre>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <CopyButton text={preview.yaml} label={t("copyYaml")} what={t("theYaml")} />
        <a
          href={download}
          download={preview.fileName}
          className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t("download", { file: preview.fileName })}
        </a>
        <a
          href={`data:application/yaml;charset=utf-8,${encodeURIComponent(preview.kaas.yaml)}`}
          download={preview.kaas.fileName}
          className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
        >
          {t("download", { file: preview.kaas.fileName })}
        </a>
      </div>
      <CommandBlock kubectl={preview.command} kaas={preview.kaas.command} testId="create-commands" />
      {Object.keys(labels).length ? (
        <section aria-labelledby="review-addons-heading" className="space-y-2 text-sm">
          <h3 id="review-addons-heading" className="font-semibold">
            {t("addonsTitle")}
          </h3>
          <ul className="space-y-1 font-mono text-xs" data-testid="review-addon-metadata">
            {Object.entries(labels).map(([k, v]) => (
              <li key={`l-${k}`} data-testid="review-addon-label">
                label {k}={v}
              </li>
            ))}
            {Object.entries(annotations).map(([k, v]) => (
              <li key={`a-${k}`} data-testid="review-addon-annotation">
                annotation {k}={v}
              </li>
            ))}
          </ul>
          <p className="text-slate-600 dark:text-slate-300">{t("sameWithKubectl")}</p>
          <pre
            data-testid="review-addon-kubectl"
            className="overflow-auto rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800"
          >
            {addonCommands.join("\n")}
          </pre>
          <CopyButton
            text={addonCommands.join("\n")}
            label={t("copyKubectl")}
            what={t("theKubectlCommands")}
          />
        </section>
      ) : null}
      <div className="flex gap-3">
        <button
          type="button"
          onClick={form.backToEdit}
          className="rounded-md border border-slate-300 px-4 py-2 text-sm dark:border-slate-700"
        >
          {t("back")}
        </button>
        <button
          type="button"
          onClick={form.create}
          disabled={form.pending}
          className="rounded-md bg-sky-600 px-4 py-2 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-60"
        >
          {form.pending ? t("creating") : t("create")}
        </button>
      </div>
    </section>
  );
}

"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { FormStatus } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { inputClass } from "@/components/ui/field.tsx";
import type { CloudCredentialsStatus } from "@/lib/k8s/cloud-credentials.ts";
import { rotateCloudCredentialsAction } from "../_actions/rotate-cloud-credentials.ts";

/**
 * Upload or rotate the team's OpenStack application credential. Write-only: the page shows when
 * and by whom it was last rotated, never the file; the text box is emptied after each attempt
 * that succeeded and the file is read in the browser only to send it.
 */
export function CloudCredentialsPanel({ team, status }: { team: string; status: CloudCredentialsStatus }) {
  const [text, setText] = useState("");
  const t = useTranslations("credentials");
  const format = useFormatter();
  const code = (chunks: React.ReactNode) => <code>{chunks}</code>;
  const fileRef = useRef<HTMLInputElement>(null);
  const form = useActionForm({
    action: rotateCloudCredentialsAction,
    refused: t("refused"),
    success: (d) => t(d.replaced ? "rotated" : "uploaded", { cloud: d.cloudName }),
    onSuccess: () => {
      setText("");
      if (fileRef.current) fileRef.current.value = "";
    },
  });
  return (
    <section
      aria-labelledby="credentials-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="credentials-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-slate-500">{t.rich("intro", { code })}</p>
      <div data-testid="credentials-status" className="text-sm">
        {status.present ? (
          <p>
            {status.rotatedAt
              ? t("lastRotated", {
                  at: format.dateTime(new Date(status.rotatedAt), {
                    dateStyle: "medium",
                    timeStyle: "medium",
                  }),
                })
              : t("lastRotatedUnknown")}
            {status.rotatedBy ? (
              <>
                {" "}
                {t("by")} <span data-i18n-ignore>{status.rotatedBy}</span>
              </>
            ) : null}
            {status.cloudName ? (
              <>
                {" · "}
                {t("cloud")} <span data-i18n-ignore>{status.cloudName}</span>
              </>
            ) : null}
            {status.authUrl ? <span data-i18n-ignore>{` · ${status.authUrl}`}</span> : null}
            {status.managed ? "" : ` · ${t("madeOutside")}`}
          </p>
        ) : (
          <p>{t("none")}</p>
        )}
      </div>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          form.submit({ team, cloudsYaml: text });
        }}
      >
        <label htmlFor="clouds-yaml-file" className="block text-sm font-medium">
          {t("file")}
        </label>
        <input
          id="clouds-yaml-file"
          ref={fileRef}
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml"
          className="block text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setText(await file.text());
          }}
        />
        <label htmlFor="clouds-yaml" className="block text-sm font-medium">
          {t("paste")}
        </label>
        <textarea
          id="clouds-yaml"
          className={`${inputClass} h-40 font-mono`}
          value={text}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!form.formError}
          aria-describedby="clouds-yaml-help"
          onChange={(e) => setText(e.target.value)}
        />
        <p id="clouds-yaml-help" className="text-xs text-slate-500">
          {t.rich("help", { code })}
        </p>
        <FormStatus
          error={form.formError}
          message={form.message}
          testId="credentials"
          statusTestId="credentials-done"
        />
        <button
          type="submit"
          disabled={form.pending || !text.trim()}
          className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50"
        >
          {form.pending ? t("saving") : status.present ? t("rotate") : t("upload")}
        </button>
      </form>
    </section>
  );
}

"use client";

import { useTranslations } from "next-intl";
import { CopyButton } from "@/components/ui/copy-button.tsx";

/**
 * The command-line equivalents of what a panel does: the kubectl line(s) and the `kaas` line, each
 * in `<pre><code>` (never translated) with a copy button that says which one it copied. A missing
 * `kaas` line (null) is said so: the CLI's flags cannot carry every change (labels and taints);
 * without one (undefined) the block shows kubectl alone, for changes the API does not offer.
 */
export function CommandBlock({
  kubectl,
  kaas,
  testId,
}: {
  /** One or more kubectl commands (run in order). */
  kubectl?: string | string[];
  /** The `kaas` line (cli/commands.ts); null when the CLI cannot say this change. */
  kaas?: string | null;
  /** Prefix of the lines' test ids: `{testId}-kubectl`, `{testId}-kaas`. */
  testId: string;
}) {
  const t = useTranslations("commandBlock");
  const kubectlText = Array.isArray(kubectl) ? kubectl.join("\n") : kubectl;
  const pre =
    "overflow-auto whitespace-pre-wrap break-all rounded bg-slate-100 p-2 font-mono text-xs dark:bg-slate-800";
  return (
    <div className="space-y-2 text-sm" data-testid={testId}>
      {kubectlText ? (
        <div className="space-y-1">
          <pre className={pre} data-testid={`${testId}-kubectl`}>
            <code>{kubectlText}</code>
          </pre>
          <CopyButton text={kubectlText} label={t("copyKubectl")} what={t("theKubectl")} />
        </div>
      ) : null}
      {kaas ? (
        <div className="space-y-1">
          <pre className={pre} data-testid={`${testId}-kaas`}>
            <code>{kaas}</code>
          </pre>
          <CopyButton text={kaas} label={t("copyKaas")} what={t("theKaas")} />
        </div>
      ) : kaas === null ? (
        <p className="text-xs text-slate-500" data-testid={`${testId}-no-kaas`}>
          {t("noKaas")}
        </p>
      ) : null}
    </div>
  );
}

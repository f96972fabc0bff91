"use client";

import { useTranslations } from "next-intl";
import { type ReactNode, useState } from "react";

/**
 * Copies `text` with the Clipboard API and says what it copied in a status beside the button (to
 * screen readers too). `label` names the button; `children`, when given, is a shorter visible text for
 * places where the surroundings say what is copied.
 */
export function CopyButton({
  text,
  label,
  what,
  children,
}: {
  text: string;
  label: string;
  /** What was copied, for the status line ("the YAML" → "Copied the YAML."), in the page's language. */
  what?: string;
  children?: ReactNode;
}) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  const t = useTranslations("copy");
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        aria-label={children ? label : undefined}
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setState("copied"),
            () => setState("failed"),
          );
        }}
        className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 focus-visible:outline-2 focus-visible:outline-sky-600 dark:border-slate-700 dark:hover:bg-slate-800"
      >
        {children ?? label}
      </button>
      <span role="status" aria-live="polite" className="text-xs text-slate-500">
        {state === "copied"
          ? what
            ? t("copiedWhat", { what })
            : t("copied")
          : state === "failed"
            ? t("failed")
            : ""}
      </span>
    </span>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { CommandBlock } from "@/components/clusters/command-block.tsx";
import { DiffView } from "@/components/clusters/diff-view.tsx";
import type { RefusalWording } from "@/components/forms/action-result.ts";
import { FormStatus } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { ModalDialog } from "@/components/ui/modal-dialog.tsx";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import type { ChangeReview } from "@/lib/clusters/change.ts";

type ChangeAction<I> = (input: I) => Promise<ActionResult<ChangeReview>>;

/**
 * A cluster change in two steps: a dry run shows its diff, then the same input is applied. A
 * refusal at either step (such as "changed since you loaded it") drops the diff, so only a
 * reviewed change can be applied.
 */
export function useReviewAndApply<I>(
  opts: RefusalWording & {
    review: ChangeAction<I>;
    apply: ChangeAction<I>;
    /** The success line after applying. */
    applied?: string;
    onApplied?: () => void;
  },
) {
  const { review, apply, applied, onApplied, ...wording } = opts;
  const router = useRouter();
  const [reviewed, setReviewed] = useState<ChangeReview | null>(null);
  const form = useActionForm({
    ...wording,
    action: (req: { input: I; apply: boolean }) => (req.apply ? apply : review)(req.input),
    // Only an applied change alters what the page shows.
    refresh: false,
    success: (_, req) => (req.apply ? (applied ?? null) : null),
    onSuccess: (data, req) => {
      setReviewed(req.apply ? null : data);
      if (!req.apply) return;
      onApplied?.();
      router.refresh();
    },
    onFailure: () => setReviewed(null),
  });
  return {
    ...form,
    diff: reviewed?.diff ?? null,
    /** The reviewed change's kubectl equivalent (the patch the dry run sent). */
    kubectl: reviewed?.kubectl ?? null,
    /** Drops the reviewed diff after an edit, so the edit is reviewed before it can be applied. */
    discard: () => setReviewed(null),
    run: (input: I, apply: boolean) => form.submit({ input, apply }),
  };
}

/**
 * The result line and the review button of a change; the reviewed diff opens in a modal dialog
 * with the apply button (Escape or Cancel drops the review and focus returns to the review button).
 */
export function ReviewAndApply<I>({
  change,
  input,
  testId,
  review,
  apply,
  applying,
  kaas,
}: {
  change: ReturnType<typeof useReviewAndApply<I>>;
  input: I;
  /** Prefix of the result line's test ids (`scale-error`). */
  testId: string;
  review: string;
  apply: string;
  applying: string;
  /** The `kaas` line of this change (cli/commands.ts), shown beside the kubectl one. */
  kaas: string | null;
}) {
  const t = useTranslations("review");
  return (
    <>
      <FormStatus error={change.formError} message={change.message} testId={testId} />
      <div className="flex gap-3">
        <button
          type="button"
          // aria-disabled, not disabled, while the dry run runs: a disabled button would drop the
          // keyboard focus, which the dialog gives back here when it closes.
          aria-disabled={change.pending}
          onClick={() => {
            if (!change.pending) change.run(input, false);
          }}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
        >
          {review}
        </button>
      </div>
      <ModalDialog
        open={change.diff !== null}
        title={review}
        onClose={change.discard}
        testId={`${testId}-dialog`}
      >
        <p className="text-sm">{t("dryRunNote")}</p>
        {change.diff ? <DiffView diff={change.diff} /> : null}
        {change.kubectl ? (
          <CommandBlock kubectl={change.kubectl} kaas={kaas} testId={`${testId}-commands`} />
        ) : null}
        <div className="flex justify-end gap-3">
          <button
            type="button"
            onClick={change.discard}
            className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
          >
            {t("cancel")}
          </button>
          <button
            type="button"
            disabled={change.pending}
            onClick={() => change.run(input, true)}
            className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white"
          >
            {change.pending ? applying : apply}
          </button>
        </div>
      </ModalDialog>
    </>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { DiffView } from "@/components/clusters/diff-view.tsx";
import type { RefusalWording } from "@/components/forms/action-result.ts";
import { FormStatus } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import type { ChangeReview } from "@/lib/clusters/change.ts";
import type { DiffLine } from "@/lib/diff.ts";

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
  const [diff, setDiff] = useState<DiffLine[] | null>(null);
  const form = useActionForm({
    ...wording,
    action: (req: { input: I; apply: boolean }) => (req.apply ? apply : review)(req.input),
    // Only an applied change alters what the page shows.
    refresh: false,
    success: (_, req) => (req.apply ? (applied ?? null) : null),
    onSuccess: (data, req) => {
      setDiff(req.apply ? null : data.diff);
      if (!req.apply) return;
      onApplied?.();
      router.refresh();
    },
    onFailure: () => setDiff(null),
  });
  return {
    ...form,
    diff,
    /** Drops the reviewed diff after an edit, so the edit is reviewed before it can be applied. */
    discard: () => setDiff(null),
    run: (input: I, apply: boolean) => form.submit({ input, apply }),
  };
}

/** The result line, the reviewed diff, and the review and apply buttons of a change. */
export function ReviewAndApply<I>({
  change,
  input,
  testId,
  review,
  apply,
  applying,
}: {
  change: ReturnType<typeof useReviewAndApply<I>>;
  input: I;
  /** Prefix of the result line's test ids (`scale-error`). */
  testId: string;
  review: string;
  apply: string;
  applying: string;
}) {
  return (
    <>
      <FormStatus error={change.formError} message={change.message} testId={testId} />
      {change.diff ? <DiffView diff={change.diff} /> : null}
      <div className="flex gap-3">
        <button
          type="button"
          disabled={change.pending}
          onClick={() => change.run(input, false)}
          className="rounded-md border border-slate-300 px-3 py-1.5 text-sm dark:border-slate-700"
        >
          {review}
        </button>
        {change.diff ? (
          <button
            type="button"
            disabled={change.pending}
            onClick={() => change.run(input, true)}
            className="rounded-md bg-sky-600 px-3 py-1.5 text-sm text-white"
          >
            {change.pending ? applying : apply}
          </button>
        ) : null}
      </div>
    </>
  );
}

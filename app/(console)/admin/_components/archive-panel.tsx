"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormStatus } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { inputClass } from "@/components/ui/field.tsx";
import { archiveTeamInput } from "@/lib/validation/admin.ts";
import { archiveTeamAction } from "../_actions/archive-team.ts";

/** Archives the team after its slug is typed; the server refuses while it has clusters. */
export function ArchivePanel({ team, clusters }: { team: string; clusters: number }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const form = useActionForm({
    schema: archiveTeamInput,
    action: archiveTeamAction,
    success: (d) => `Archived ${d.slug}.`,
    onSuccess: () => router.push("/admin"),
  });
  return (
    <section
      aria-labelledby="archive-heading"
      className="space-y-3 rounded-lg border border-red-200 p-4 dark:border-red-900"
    >
      <h2 id="archive-heading" className="text-lg font-semibold text-red-800 dark:text-red-300">
        Archive team
      </h2>
      <p className="text-sm">
        Archiving removes everyone&apos;s access to the team; its namespace and audit log are kept.
        {clusters > 0
          ? ` It has ${clusters} cluster${clusters === 1 ? "" : "s"}: they must be deleted first.`
          : ""}{" "}
        Type <strong>{team}</strong> to confirm.
      </p>
      <label className="sr-only" htmlFor="archive-confirm">
        Type the team slug to confirm
      </label>
      <input
        id="archive-confirm"
        className={inputClass}
        value={confirm}
        autoComplete="off"
        onChange={(e) => setConfirm(e.target.value)}
      />
      <FormStatus
        error={form.formError ?? form.fieldErrors.confirm ?? null}
        message={form.message}
        testId="archive"
      />
      <button
        type="button"
        disabled={confirm !== team || form.pending}
        onClick={() => form.submit({ team, confirm })}
        className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
      >
        {form.pending ? "Archiving…" : "Archive this team"}
      </button>
    </section>
  );
}

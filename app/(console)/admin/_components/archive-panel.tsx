"use client";

import { useRouter } from "next/navigation";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { archiveTeamInput } from "@/lib/validation/admin.ts";
import { archiveTeamAction } from "../_actions/archive-team.ts";

/** Archives the team after its slug is typed; the server refuses while it has clusters. */
export function ArchivePanel({ team, clusters }: { team: string; clusters: number }) {
  const router = useRouter();
  const form = useActionForm({
    schema: archiveTeamInput,
    action: archiveTeamAction,
    success: (d) => `Archived ${d.slug}.`,
    onSuccess: () => router.push("/admin"),
  });
  return (
    <ConfirmByTyping
      id="archive"
      title="Archive team"
      expected={team}
      inputLabel="Type the team slug to confirm"
      action="Archive this team"
      pendingAction="Archiving…"
      form={{ ...form, error: form.formError ?? form.fieldErrors.confirm ?? null }}
      onConfirm={(confirm) => form.submit({ team, confirm })}
    >
      Archiving removes everyone&apos;s access to the team; its namespace and audit log are kept.
      {clusters > 0
        ? ` It has ${clusters} cluster${clusters === 1 ? "" : "s"}: they must be deleted first.`
        : ""}
    </ConfirmByTyping>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { deleteClusterAction } from "../../_actions/change-cluster.ts";

/** Deletes the cluster after the user types its name. */
export function DeletePanel({ team, name }: { team: string; name: string }) {
  const router = useRouter();
  const form = useActionForm({
    action: deleteClusterAction,
    refused: "Deleting was refused.",
    // The cluster page would only show the cluster going away: leave for the list instead.
    refresh: false,
    onSuccess: () => router.push(`/teams/${encodeURIComponent(team)}/clusters`),
  });
  return (
    <ConfirmByTyping
      id="delete"
      title="Delete cluster"
      expected={name}
      inputLabel="Type the cluster name to confirm"
      action="Delete this cluster"
      pendingAction="Deleting…"
      form={{ ...form, error: form.formError }}
      onConfirm={(confirmName) => form.submit({ team, name, confirmName })}
    >
      This deletes the cluster, all its machines and its data. It cannot be undone.
    </ConfirmByTyping>
  );
}

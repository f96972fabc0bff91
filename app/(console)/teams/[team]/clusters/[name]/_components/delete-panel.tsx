"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { deleteClusterAction } from "../../_actions/change-cluster.ts";

/** Deletes the cluster after the user types its name. */
export function DeletePanel({ team, name }: { team: string; name: string }) {
  const t = useTranslations("clusterPage.delete");
  const router = useRouter();
  const form = useActionForm({
    action: deleteClusterAction,
    refused: t("refused"),
    // The cluster page would only show the cluster going away: leave for the list instead.
    refresh: false,
    onSuccess: () => router.push(`/teams/${encodeURIComponent(team)}/clusters`),
  });
  return (
    <ConfirmByTyping
      id="delete"
      title={t("title")}
      expected={name}
      inputLabel={t("inputLabel")}
      action={t("action")}
      pendingAction={t("pending")}
      form={{ ...form, error: form.formError }}
      onConfirm={(confirmName) => form.submit({ team, name, confirmName })}
    >
      {t("body")}
    </ConfirmByTyping>
  );
}

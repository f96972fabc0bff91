"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { kaasDeleteCommand } from "@/cli/commands.ts";
import { CommandBlock } from "@/components/clusters/command-block.tsx";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { kubectlDeleteCommand } from "@/lib/capi/cluster-manifest.ts";
import { deleteClusterAction } from "../../_actions/change-cluster.ts";

/** Deletes the cluster after the user types its name. */
export function DeletePanel({ team, name, namespace }: { team: string; name: string; namespace: string }) {
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
      after={
        <CommandBlock
          kubectl={kubectlDeleteCommand(namespace, name)}
          kaas={kaasDeleteCommand(team, name)}
          testId="delete-commands"
        />
      }
    >
      {t("body")}
    </ConfirmByTyping>
  );
}

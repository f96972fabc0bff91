"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { archiveTeamAction } from "../_actions/archive-team.ts";

/** Archives the team after its slug is typed; the server refuses while it has clusters. */
export function ArchivePanel({ team, clusters }: { team: string; clusters: number }) {
  const t = useTranslations("admin.archive");
  const router = useRouter();
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.archiveTeamInput),
    action: archiveTeamAction,
    success: (d) => t("archived", { slug: d.slug }),
    onSuccess: () => router.push("/admin"),
  });
  return (
    <ConfirmByTyping
      id="archive"
      title={t("title")}
      expected={team}
      inputLabel={t("inputLabel")}
      action={t("action")}
      pendingAction={t("pending")}
      form={{ ...form, error: form.formError ?? form.fieldErrors.confirm ?? null }}
      onConfirm={(confirm) => form.submit({ team, confirm })}
    >
      {t("body")}
      {clusters > 0 ? ` ${t("hasClusters", { count: clusters })}` : ""}
    </ConfirmByTyping>
  );
}

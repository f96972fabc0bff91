"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { createTeamAction } from "../_actions/create-team.ts";

/** Creates a team: slug (also its namespace), name, groups per role and quotas. */
export function CreateTeamForm() {
  const router = useRouter();
  const t = useTranslations("admin.createTeam");
  const [v, setV] = useState({
    slug: "",
    displayName: "",
    adminGroups: "",
    memberGroups: "",
    viewerGroups: "",
    maxClusters: "3",
    maxWorkerNodes: "",
  });
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.createTeamInput),
    action: createTeamAction,
    success: (d) =>
      d.quotaReady ? t("created", { slug: d.slug }) : t("createdQuotaPending", { slug: d.slug }),
    // Stay to show the warning when the quota is not enforced yet.
    onSuccess: (d) => (d.quotaReady ? router.push(`/admin/teams/${encodeURIComponent(d.slug)}`) : undefined),
  });
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) =>
    setV({ ...v, [k]: e.target.value });
  const field = (k: keyof typeof v, label: string, help?: string, type = "text") => (
    <Field id={`team-${k}`} label={label} help={help} error={form.fieldErrors[k]}>
      <input
        id={`team-${k}`}
        type={type}
        className={inputClass}
        value={v[k]}
        onChange={set(k)}
        aria-invalid={form.fieldErrors[k] ? true : undefined}
        aria-describedby={help ? `team-${k}-help` : undefined}
        autoComplete="off"
      />
    </Field>
  );
  return (
    <FormPanel
      id="create-team"
      title={t("title")}
      form={form}
      onSubmit={() => form.submit(v)}
      action={t("action")}
      pendingAction={t("pending")}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        {field("slug", t("slug"), t("slugHelp"))}
        {field("displayName", t("displayName"))}
        {field("adminGroups", t("adminGroups"), t("groupsHelp"))}
        {field("memberGroups", t("memberGroups"))}
        {field("viewerGroups", t("viewerGroups"))}
        {field("maxClusters", t("maxClusters"), t("noLimitHelp"), "number")}
        {field("maxWorkerNodes", t("maxWorkerNodes"), t("noLimitHelp"), "number")}
      </div>
    </FormPanel>
  );
}

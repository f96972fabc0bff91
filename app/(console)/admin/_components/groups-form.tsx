"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { setTeamGroupsAction } from "../_actions/team-settings.ts";

/** Which OIDC groups hold the admin, member and viewer roles (written as RoleBindings). */
export function GroupsForm({
  team,
  groups,
}: {
  team: string;
  groups: { admin: string[]; member: string[]; viewer: string[] };
}) {
  const t = useTranslations("admin.groups");
  const [v, setV] = useState({
    adminGroups: groups.admin.join(", "),
    memberGroups: groups.member.join(", "),
    viewerGroups: groups.viewer.join(", "),
  });
  const form = useActionForm({
    schema: () => import("@/lib/validation/admin.ts").then((m) => m.teamGroupsInput),
    action: setTeamGroupsAction,
    success: () => t("saved"),
  });
  const row = (k: keyof typeof v, label: string) => (
    <Field id={`groups-${k}`} label={label} error={form.fieldErrors[k]}>
      <input
        id={`groups-${k}`}
        className={inputClass}
        value={v[k]}
        autoComplete="off"
        onChange={(e) => setV({ ...v, [k]: e.target.value })}
      />
    </Field>
  );
  return (
    <FormPanel
      id="groups"
      title={t("title")}
      form={form}
      onSubmit={() => form.submit({ team, ...v })}
      action={t("save")}
    >
      <p className="text-sm text-slate-500">{t("intro")}</p>
      <div className="grid gap-3 sm:grid-cols-3">
        {row("adminGroups", t("adminGroups"))}
        {row("memberGroups", t("memberGroups"))}
        {row("viewerGroups", t("viewerGroups"))}
      </div>
    </FormPanel>
  );
}

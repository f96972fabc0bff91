"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { useMessage } from "@/components/ui/use-message.ts";
import type { RegistryConnection } from "@/db/queries/registry-connections.ts";
import type { RobotScope } from "@/lib/registry/robot-scope.ts";
import { saveRegistryConnectionAction } from "../_actions/registry-connection.ts";

/**
 * The team's registry connection. The secret is write-only: the form never receives it, only
 * whether one is stored; leaving the field empty keeps it.
 */
export function RegistryForm({
  team,
  current,
}: {
  team: string;
  current: Pick<
    RegistryConnection,
    | "kind"
    | "url"
    | "repositoryPrefix"
    | "harborProject"
    | "username"
    | "hasSecret"
    | "insecure"
    | "tokenRealms"
  > | null;
}) {
  const t = useTranslations("admin.registry");
  const [v, setV] = useState({
    kind: current?.kind ?? ("oci" as "oci" | "harbor"),
    url: current?.url ?? "",
    scope: (current?.kind === "harbor" ? current.harborProject : current?.repositoryPrefix) ?? `${team}/`,
    username: current?.username ?? "",
    insecure: current?.insecure ?? false,
    tokenRealms: current?.tokenRealms.join(", ") ?? "",
    secret: "",
    removeSecret: false,
  });
  const [scope, setScope] = useState<RobotScope | null>(null);
  const warning = useMessage("robotWarnings");
  const form = useActionForm({
    schema: () => import("@/lib/validation/registry.ts").then((m) => m.saveRegistryConnectionInput),
    action: saveRegistryConnectionAction,
    success: (data) =>
      data && data.warnings.length > 0
        ? t("savedWithWarnings")
        : data?.checked
          ? t("savedReadOnly")
          : t("saved"),
    onSuccess: (data) => {
      setScope(data);
      setV((old) => ({ ...old, secret: "", removeSecret: false }));
    },
  });
  const fe = form.fieldErrors;
  return (
    <FormPanel
      id="registry"
      title={t("title")}
      form={form}
      onSubmit={() =>
        form.submit({
          team,
          kind: v.kind,
          url: v.url,
          ...(v.kind === "oci" ? { repositoryPrefix: v.scope } : { harborProject: v.scope }),
          username: v.username || null,
          insecure: v.insecure,
          tokenRealms: v.tokenRealms
            .split(/[\s,]+/)
            .map((r) => r.trim())
            .filter(Boolean),
          ...(v.removeSecret ? { secret: null } : v.secret ? { secret: v.secret } : {}),
        })
      }
      action={t("save")}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="registry-kind" label={t("kind")} error={fe.kind}>
          <select
            id="registry-kind"
            className={inputClass}
            value={v.kind}
            onChange={(e) => setV({ ...v, kind: e.target.value as "oci" | "harbor" })}
          >
            <option value="oci">{t("oci")}</option>
            <option value="harbor">Harbor</option>
          </select>
        </Field>
        <Field id="registry-url" label={t("url")} error={fe.url}>
          <input
            id="registry-url"
            className={inputClass}
            value={v.url}
            onChange={(e) => setV({ ...v, url: e.target.value })}
            placeholder="https://registry.example.com"
          />
        </Field>
        <Field
          id="registry-scope"
          label={v.kind === "oci" ? t("prefix") : t("harborProject")}
          error={v.kind === "oci" ? fe.repositoryPrefix : fe.harborProject}
        >
          <input
            id="registry-scope"
            className={inputClass}
            value={v.scope}
            onChange={(e) => setV({ ...v, scope: e.target.value })}
          />
        </Field>
        <Field id="registry-username" label={t("username")} help={t("usernameHelp")} error={fe.username}>
          <input
            id="registry-username"
            className={inputClass}
            value={v.username}
            autoComplete="off"
            onChange={(e) => setV({ ...v, username: e.target.value })}
            aria-describedby="registry-username-help"
          />
        </Field>
        <Field
          id="registry-secret"
          label={t("secret")}
          help={current?.hasSecret ? t("secretStored") : t("noSecret")}
          error={fe.secret}
        >
          <input
            id="registry-secret"
            type="password"
            className={inputClass}
            value={v.secret}
            autoComplete="new-password"
            disabled={v.removeSecret}
            onChange={(e) => setV({ ...v, secret: e.target.value })}
            aria-describedby="registry-secret-help"
          />
        </Field>
        <Field id="registry-token-realms" label={t("realms")} help={t("realmsHelp")} error={fe.tokenRealms}>
          <input
            id="registry-token-realms"
            className={inputClass}
            value={v.tokenRealms}
            onChange={(e) => setV({ ...v, tokenRealms: e.target.value })}
            aria-describedby="registry-token-realms-help"
          />
        </Field>
        <label className="flex items-center gap-2 self-end text-sm">
          <input
            id="registry-insecure"
            type="checkbox"
            checked={v.insecure}
            onChange={(e) => setV({ ...v, insecure: e.target.checked })}
          />
          {t("insecure")}
        </label>
        {current?.hasSecret ? (
          <label className="flex items-center gap-2 self-end text-sm">
            <input
              type="checkbox"
              checked={v.removeSecret}
              onChange={(e) => setV({ ...v, removeSecret: e.target.checked })}
            />
            {t("removeSecret")}
          </label>
        ) : null}
      </div>
      {scope && scope.warnings.length > 0 ? (
        <div
          role="note"
          aria-label={t("warningsLabel")}
          data-testid="registry-robot-warnings"
          className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">
            <span aria-hidden="true">⚠ </span>
            {t("warningsTitle")}
          </p>
          <ul className="mt-1 list-disc pl-5">
            {scope.warnings.map((w) => (
              <li key={w.key}>{warning(w)}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </FormPanel>
  );
}

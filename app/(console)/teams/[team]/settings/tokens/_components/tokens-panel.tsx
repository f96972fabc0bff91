"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { TEAM_ROLES, type TeamRole } from "@/lib/teams/roles.ts";
import { MAX_TOKEN_DAYS } from "@/lib/tokens/lifetime.ts";
import { createApiTokenAction, revokeApiTokenAction } from "../_actions/api-tokens.ts";

/** A token as the list shows it: never its secret. */
export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: TeamRole;
  platform: boolean;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

function stateOf(t: TokenRow): "revoked" | "expired" | "active" {
  if (t.revokedAt) return "revoked";
  if (Date.parse(t.expiresAt) <= Date.now()) return "expired";
  return "active";
}

/** The user's tokens of one team: make one (shown once), see them, revoke one after typing its name. */
export function TokensPanel({
  team,
  role,
  platformAdmin,
  tokens,
}: {
  team: string;
  role: TeamRole;
  platformAdmin: boolean;
  tokens: TokenRow[];
}) {
  const t = useTranslations("tokens");
  const roles = useTranslations("roles");
  const format = useFormatter();
  const when = (iso: string | null) =>
    iso ? format.dateTime(new Date(iso), { dateStyle: "medium", timeStyle: "short" }) : t("never");
  const allowed = TEAM_ROLES.filter((r) => TEAM_ROLES.indexOf(r) >= TEAM_ROLES.indexOf(role));
  const [name, setName] = useState("");
  const [tokenRole, setTokenRole] = useState<TeamRole>(allowed.includes("member") ? "member" : role);
  const [days, setDays] = useState("30");
  const [platform, setPlatform] = useState(false);
  const [made, setMade] = useState<{ token: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);

  const create = useActionForm({
    action: createApiTokenAction,
    schema: () => import("@/lib/validation/api-tokens.ts").then((m) => m.createApiTokenInput),
    refused: t("notMade"),
    success: (d) => t("made", { name: d.name }),
    onSuccess: (d) => {
      setMade({ token: d.token, name: d.name });
      setName("");
      // Platform power is a choice for each token, never carried over to the next one.
      setPlatform(false);
    },
  });
  const revoke = useActionForm({
    action: revokeApiTokenAction,
    refused: t("notRevoked"),
    success: (d) => t("revoked", { name: d.name }),
    onSuccess: () => setRevoking(null),
  });

  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const columns: Column<TokenRow>[] = [
    { label: t("columns.name"), cell: (row) => <span data-i18n-ignore>{row.name}</span> },
    { label: t("columns.prefix"), cell: (row) => <code>{row.prefix}…</code> },
    {
      label: t("columns.role"),
      cell: (row) => `${roles(row.role)}${row.platform ? ` + ${t("platformSuffix")}` : ""}`,
    },
    { label: t("columns.expires"), cell: (row) => when(row.expiresAt) },
    { label: t("columns.lastUsed"), cell: (row) => when(row.lastUsedAt) },
    {
      label: t("columns.state"),
      cell: (row) =>
        stateOf(row) === "revoked"
          ? t("state.revokedAt", { at: when(row.revokedAt) })
          : t(`state.${stateOf(row)}`),
    },
    {
      label: t("columns.actions"),
      cell: (row) =>
        stateOf(row) === "active" ? (
          <button
            type="button"
            className="text-sm text-red-700 underline dark:text-red-400"
            data-testid={`revoke-token-${row.name}`}
            onClick={() => setRevoking(row)}
          >
            {t("revoke")}
          </button>
        ) : null,
    },
  ];

  return (
    <div className="space-y-6">
      <FormPanel
        id="new-token"
        title={t("newTitle")}
        form={create}
        action={t("make")}
        pendingAction={t("making")}
        onSubmit={() => create.submit({ team, name, role: tokenRole, expiresInDays: Number(days), platform })}
      >
        <Field id="token-name" label={t("columns.name")} help={t("nameHelp")} error={create.fieldErrors.name}>
          <input
            id="token-name"
            className={inputClass}
            value={name}
            autoComplete="off"
            aria-invalid={!!create.fieldErrors.name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="token-role" label={t("columns.role")} help={t("roleHelp")} error={create.fieldErrors.role}>
          <select
            id="token-role"
            className={inputClass}
            value={tokenRole}
            onChange={(e) => setTokenRole(e.target.value as TeamRole)}
          >
            {allowed.map((r) => (
              <option key={r} value={r}>
                {roles(r)}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="token-days"
          label={t("expiresIn")}
          help={t("expiresHelp", { max: MAX_TOKEN_DAYS })}
          error={create.fieldErrors.expiresInDays}
        >
          <input
            id="token-days"
            type="number"
            min={1}
            max={MAX_TOKEN_DAYS}
            className={inputClass}
            value={days}
            aria-invalid={!!create.fieldErrors.expiresInDays}
            onChange={(e) => setDays(e.target.value)}
          />
        </Field>
        {platformAdmin ? (
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={platform} onChange={(e) => setPlatform(e.target.checked)} />
            {t("platform")}
          </label>
        ) : null}
      </FormPanel>

      {made ? (
        <section
          aria-labelledby="made-token-heading"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950"
        >
          <h2 id="made-token-heading" className="text-lg font-semibold">
            {t("yourNew", { name: made.name })}
          </h2>
          <p className="text-sm">{t("copyNow")}</p>
          <pre
            className="overflow-x-auto rounded bg-white p-2 text-sm dark:bg-slate-900"
            data-testid="new-token"
          >
            {made.token}
          </pre>
          <CopyButton text={made.token} label={t("copy")} what={t("copiedWhat")} />
          <p className="text-sm">{t("useWithCli")}</p>
          <pre className="overflow-x-auto rounded bg-white p-2 text-sm dark:bg-slate-900">
            {`kaas login --server ${origin} --token <token>`}
          </pre>
        </section>
      ) : null}

      <DataTable
        columns={columns}
        rows={tokens}
        rowKey={(t) => t.id}
        rowAttributes={(t) => ({ "data-testid": "token-row", "data-name": t.name })}
        testId="tokens-table"
        caption={t("caption")}
        empty={t("empty")}
      />

      {revoking ? (
        <ConfirmByTyping
          id="revoke-token"
          title={t("revokeTitle", { name: revoking.name })}
          expected={revoking.name}
          inputLabel={t("tokenName")}
          action={t("revokeToken")}
          pendingAction={t("revoking")}
          form={{ pending: revoke.pending, error: revoke.formError, message: revoke.message }}
          onConfirm={(typed) =>
            revoke.submit({ team, id: revoking.id, name: revoking.name, confirmName: typed })
          }
        >
          {t("revokeNote")}
        </ConfirmByTyping>
      ) : (
        <p className="text-sm" data-testid="revoke-token-status">
          {revoke.message}
        </p>
      )}
    </div>
  );
}

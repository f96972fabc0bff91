"use client";

import { useState } from "react";
import { ConfirmByTyping } from "@/components/forms/confirm-by-typing.tsx";
import { FormPanel } from "@/components/forms/form-panel.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { type Column, DataTable } from "@/components/ui/data-table.tsx";
import { Field, inputClass } from "@/components/ui/field.tsx";
import { TEAM_ROLES, type TeamRole } from "@/lib/teams/roles.ts";
import { createApiTokenInput, MAX_TOKEN_DAYS } from "@/lib/validation/api-tokens.ts";
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

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

function stateOf(t: TokenRow): string {
  if (t.revokedAt) return `revoked ${when(t.revokedAt)}`;
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
  const allowed = TEAM_ROLES.filter((r) => TEAM_ROLES.indexOf(r) >= TEAM_ROLES.indexOf(role));
  const [name, setName] = useState("");
  const [tokenRole, setTokenRole] = useState<TeamRole>(allowed.includes("member") ? "member" : role);
  const [days, setDays] = useState("30");
  const [platform, setPlatform] = useState(false);
  const [made, setMade] = useState<{ token: string; name: string } | null>(null);
  const [revoking, setRevoking] = useState<TokenRow | null>(null);

  const create = useActionForm({
    action: createApiTokenAction,
    schema: createApiTokenInput,
    refused: "The token was not made.",
    success: (d) => `Token ${d.name} made. Copy it now: it is not shown again.`,
    onSuccess: (d) => {
      setMade({ token: d.token, name: d.name });
      setName("");
    },
  });
  const revoke = useActionForm({
    action: revokeApiTokenAction,
    refused: "The token was not revoked.",
    success: (d) => `Token ${d.name} revoked: it no longer works.`,
    onSuccess: () => setRevoking(null),
  });

  const origin = typeof window === "undefined" ? "" : window.location.origin;
  const columns: Column<TokenRow>[] = [
    { label: "Name", cell: (t) => t.name },
    { label: "Prefix", cell: (t) => <code>{t.prefix}…</code> },
    { label: "Role", cell: (t) => `${t.role}${t.platform ? " + platform" : ""}` },
    { label: "Expires", cell: (t) => when(t.expiresAt) },
    { label: "Last used", cell: (t) => when(t.lastUsedAt) },
    { label: "State", cell: (t) => stateOf(t) },
    {
      label: "Actions",
      cell: (t) =>
        stateOf(t) === "active" ? (
          <button
            type="button"
            className="text-sm text-red-700 underline dark:text-red-400"
            data-testid={`revoke-token-${t.name}`}
            onClick={() => setRevoking(t)}
          >
            Revoke
          </button>
        ) : null,
    },
  ];

  return (
    <div className="space-y-6">
      <FormPanel
        id="new-token"
        title="New token"
        form={create}
        action="Make token"
        pendingAction="Making…"
        onSubmit={() => create.submit({ team, name, role: tokenRole, expiresInDays: Number(days), platform })}
      >
        <Field
          id="token-name"
          label="Name"
          help="What uses it, e.g. ci-pipeline"
          error={create.fieldErrors.name}
        >
          <input
            id="token-name"
            className={inputClass}
            value={name}
            autoComplete="off"
            aria-invalid={!!create.fieldErrors.name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field
          id="token-role"
          label="Role"
          help="viewer: reads only · member: cluster changes · admin: also what team admins change"
          error={create.fieldErrors.role}
        >
          <select
            id="token-role"
            className={inputClass}
            value={tokenRole}
            onChange={(e) => setTokenRole(e.target.value as TeamRole)}
          >
            {allowed.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="token-days"
          label="Expires in (days)"
          help={`1 to ${MAX_TOKEN_DAYS}`}
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
            Platform token: may also be used for platform-admin work
          </label>
        ) : null}
      </FormPanel>

      {made ? (
        <section
          aria-labelledby="made-token-heading"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-700 dark:bg-amber-950"
        >
          <h2 id="made-token-heading" className="text-lg font-semibold">
            Your new token {made.name}
          </h2>
          <p className="text-sm">Copy it now: the console keeps only its hash and cannot show it again.</p>
          <pre
            className="overflow-x-auto rounded bg-white p-2 text-sm dark:bg-slate-900"
            data-testid="new-token"
          >
            {made.token}
          </pre>
          <CopyButton text={made.token} label="Copy token" />
          <p className="text-sm">Use it with the CLI:</p>
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
        caption="Your API tokens for this team"
        empty="No tokens yet."
      />

      {revoking ? (
        <ConfirmByTyping
          id="revoke-token"
          title={`Revoke ${revoking.name}`}
          expected={revoking.name}
          inputLabel="Token name"
          action="Revoke token"
          pendingAction="Revoking…"
          form={{ pending: revoke.pending, error: revoke.formError, message: revoke.message }}
          onConfirm={(typed) =>
            revoke.submit({ team, id: revoking.id, name: revoking.name, confirmName: typed })
          }
        >
          Scripts using this token stop working at once.
        </ConfirmByTyping>
      ) : (
        <p className="text-sm" data-testid="revoke-token-status">
          {revoke.message}
        </p>
      )}
    </div>
  );
}

"use client";

import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { Field, inputClass } from "@/components/ui/field.tsx";
import type { ActionResult } from "@/lib/actions/safe-action.ts";
import { TEAM_ROLES, type TeamMember, type TeamRole } from "@/lib/teams/roles.ts";
import type { AddMemberInput } from "@/lib/validation/members.ts";
import { addMemberAction } from "../_actions/add-member.ts";
import { changeMemberRoleAction } from "../_actions/change-member-role.ts";
import { removeMemberAction } from "../_actions/remove-member.ts";

type Message = { kind: "ok" | "error"; text: string } | null;

const selectClass =
  "rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900";

function MemberRow({
  team,
  member,
  me,
  onDone,
}: {
  team: string;
  member: TeamMember;
  me: string;
  onDone: (m: Message) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  // The role chosen in the select, applied only on Save (WCAG 3.2.2): arrowing through a closed
  // select's options must not change anyone's access on the way.
  const [draft, setDraft] = useState<TeamRole>(member.role);
  const roleSelect = useRef<HTMLSelectElement>(null);
  useEffect(() => setDraft(member.role), [member.role]);
  const t = useTranslations("members");
  const roles = useTranslations("roles");
  const format = useFormatter();
  // The focus follows the question: onto "Yes, remove" when asked, back onto Remove when cancelled.
  const removeButton = useRef<HTMLButtonElement>(null);
  const yesButton = useRef<HTMLButtonElement>(null);
  const asked = useRef(false);
  useEffect(() => {
    if (confirming) yesButton.current?.focus();
    else if (asked.current) removeButton.current?.focus();
    asked.current = confirming;
  }, [confirming]);
  const label = member.kind === "Group" ? t("groupLabel", { name: member.name }) : member.name;
  // One form state for both changes a row offers: changing the role and removing.
  const { pending, submit } = useActionForm({
    action: (change: { send: () => Promise<ActionResult<unknown>>; done: string }) => change.send(),
    refused: t("changeRefused"),
    onSuccess: (_, change) => onDone({ kind: "ok", text: change.done }),
    onFailure: (error) => {
      setDraft(member.role);
      onDone({ kind: "error", text: error ?? "" });
    },
  });
  // Save and Cancel leave with the change: the focus goes back to the select, not to the page
  // (after a save once the select is enabled again: it is disabled while the change is sent).
  const refocus = useRef(false);
  useEffect(() => {
    if (pending || !refocus.current) return;
    refocus.current = false;
    roleSelect.current?.focus();
  }, [pending]);
  const keepRole = () => {
    setDraft(member.role);
    roleSelect.current?.focus();
  };
  const saveRole = () => {
    const role = draft;
    refocus.current = true;
    run(
      () => changeMemberRoleAction({ team, kind: member.kind, subject: member.subject, role }),
      t("nowRole", { label, role: roles(role) }),
    );
  };
  const run = (send: () => Promise<ActionResult<unknown>>, done: string) => submit({ send, done });
  // A user's console binding is theirs alone, so its annotation says who added them; a group shares the
  // team's kaas:team-<role> binding, whose annotation only tells who changed it last.
  const made = member.kind === "User" ? member.grants.find((g) => g.managed && g.madeBy) : undefined;
  return (
    <tr
      data-testid="member-row"
      data-subject={member.subject}
      className="border-t border-slate-200 dark:border-slate-800"
    >
      <td className="py-2 pr-2">
        <span className="font-medium">{member.name}</span>
        {member.kind === "User" && member.subject === me ? (
          <span className="ml-1 text-xs text-slate-500">{t("you")}</span>
        ) : null}
        {member.outside ? (
          <span
            data-testid="outside-badge"
            title={t("outsideTitle", {
              bindings: member.grants
                .filter((g) => !g.managed)
                .map((g) => g.binding)
                .join(", "),
            })}
            className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs text-amber-900 dark:bg-amber-900 dark:text-amber-100"
          >
            {t("outside")}
          </span>
        ) : null}
        {made ? (
          <span className="block text-xs text-slate-500">
            {made.madeAt
              ? t("addedByOn", {
                  who: made.madeBy ?? "",
                  date: format.dateTime(new Date(made.madeAt), { dateStyle: "medium" }),
                })
              : t("addedBy", { who: made.madeBy ?? "" })}
          </span>
        ) : null}
      </td>
      <td className="py-2 pr-2">
        <label className="sr-only" htmlFor={`role-${member.kind}-${member.subject}`}>
          {t("roleOf", { label })}
        </label>
        {/* biome-ignore lint/a11y/noStaticElementInteractions: Escape takes back an unsaved role choice */}
        <span
          className="inline-flex flex-wrap items-center gap-2"
          onKeyDown={(e) => {
            if (e.key === "Escape" && draft !== member.role) keepRole();
          }}
        >
          <select
            ref={roleSelect}
            id={`role-${member.kind}-${member.subject}`}
            className={selectClass}
            value={draft}
            disabled={pending}
            onChange={(e) => setDraft(e.target.value as TeamRole)}
          >
            {TEAM_ROLES.map((r) => (
              <option key={r} value={r}>
                {roles(r)}
              </option>
            ))}
          </select>
          {draft !== member.role ? (
            <>
              <button
                type="button"
                disabled={pending}
                aria-label={t("saveRoleOf", { label })}
                className="rounded-md bg-sky-600 px-2 py-1 text-xs font-medium text-white hover:bg-sky-700 disabled:opacity-50"
                onClick={saveRole}
              >
                {t("saveRole")}
              </button>
              <button
                type="button"
                disabled={pending}
                aria-label={t("keepRoleOf", { label })}
                className="rounded-md border border-slate-300 px-2 py-1 text-xs dark:border-slate-700"
                onClick={keepRole}
              >
                {t("cancel")}
              </button>
            </>
          ) : null}
        </span>
      </td>
      <td className="py-2 text-right">
        {confirming ? (
          // biome-ignore lint/a11y/noStaticElementInteractions: Escape cancels the question its buttons ask
          <span
            className="inline-flex items-center gap-2"
            onKeyDown={(e) => {
              if (e.key === "Escape") setConfirming(false);
            }}
          >
            <span className="text-xs">{t("removeConfirm", { label })}</span>
            <button
              ref={yesButton}
              type="button"
              disabled={pending}
              className="rounded-md bg-red-600 px-2 py-1 text-xs text-white disabled:opacity-50"
              onClick={() => {
                setConfirming(false);
                run(
                  () => removeMemberAction({ team, kind: member.kind, subject: member.subject }),
                  t("removed", { label }),
                );
              }}
            >
              {t("yesRemove")}
            </button>
            <button
              type="button"
              className="rounded-md border border-slate-300 px-2 py-1 text-xs dark:border-slate-700"
              onClick={() => setConfirming(false)}
            >
              {t("cancel")}
            </button>
          </span>
        ) : (
          <button
            ref={removeButton}
            type="button"
            disabled={pending}
            aria-label={t("removeLabel", { label })}
            className="rounded-md border border-slate-300 px-2 py-1 text-xs hover:bg-slate-100 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800"
            onClick={() => setConfirming(true)}
          >
            {pending ? t("saving") : t("remove")}
          </button>
        )}
      </td>
    </tr>
  );
}

function MemberTable({
  title,
  testId,
  empty,
  members,
  ...rest
}: {
  title: string;
  testId: string;
  empty: string;
  members: TeamMember[];
  team: string;
  me: string;
  onDone: (m: Message) => void;
}) {
  const t = useTranslations("members");
  return (
    <div className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h3 className="mb-2 font-medium">{title}</h3>
      {members.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="w-full text-sm" data-testid={testId}>
          <thead className="sr-only">
            <tr>
              <th>{t("columns.name")}</th>
              <th>{t("columns.role")}</th>
              <th>{t("columns.actions")}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <MemberRow key={`${m.kind}:${m.subject}`} member={m} {...rest} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function AddMemberForm({ team, onDone }: { team: string; onDone: (m: Message) => void }) {
  const [kind, setKind] = useState<"User" | "Group">("User");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TeamRole>("member");
  const t = useTranslations("members");
  const roles = useTranslations("roles");
  const form = useActionForm({
    schema: () => import("@/lib/validation/members.ts").then((m) => m.addMemberInput),
    action: (input: AddMemberInput) => addMemberAction(input),
    refused: t("addRefused"),
    showsFieldErrors: true,
    onSuccess: (_, input) => {
      setName("");
      onDone({ kind: "ok", text: t("added", { name: input.name.trim(), role: roles(input.role) }) });
    },
    onFailure: (error) => onDone({ kind: "error", text: error ?? "" }),
  });
  const errors = form.fieldErrors;
  return (
    <form
      aria-labelledby="add-member-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ team, kind, name, role });
      }}
    >
      <h3 id="add-member-heading" className="font-medium">
        {t("addTitle")}
      </h3>
      <fieldset className="flex gap-4 text-sm">
        <legend className="sr-only">{t("kind")}</legend>
        {(["User", "Group"] as const).map((k) => (
          <label key={k} className="inline-flex items-center gap-1">
            <input type="radio" name="kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            {k === "User" ? t("user") : t("oidcGroup")}
          </label>
        ))}
      </fieldset>
      <div className="grid gap-3 md:grid-cols-[1fr_auto_auto] md:items-end">
        <Field
          id="member-name"
          label={kind === "User" ? t("userName") : t("group")}
          help={kind === "User" ? t("userHelp") : t("groupHelp")}
          error={errors.name}
        >
          <input
            id="member-name"
            className={inputClass}
            value={name}
            autoComplete="off"
            aria-invalid={!!errors.name}
            onChange={(e) => setName(e.target.value)}
          />
        </Field>
        <Field id="member-role" label={t("columns.role")} error={errors.role}>
          <select
            id="member-role"
            className={selectClass}
            value={role}
            onChange={(e) => setRole(e.target.value as TeamRole)}
          >
            {TEAM_ROLES.map((r) => (
              <option key={r} value={r}>
                {roles(r)}
              </option>
            ))}
          </select>
        </Field>
        <button
          type="submit"
          disabled={form.pending}
          className="h-9 rounded-md bg-sky-600 px-3 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50"
        >
          {form.pending ? t("adding") : t("add")}
        </button>
      </div>
    </form>
  );
}

/**
 * The team's members from its RoleBindings, groups and users side by side, with their roles
 * changeable in place; bindings made outside the console are flagged. Every change is sent as
 * the admin, so the API server decides.
 */
export function MembersPanel({ team, members, me }: { team: string; members: TeamMember[]; me: string }) {
  const [message, setMessage] = useState<Message>(null);
  const t = useTranslations("members");
  const shared = { team, me, onDone: setMessage };
  return (
    <section aria-labelledby="members-heading" className="space-y-3">
      <h2 id="members-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      <p className="text-sm text-slate-500">{t("intro")}</p>
      {message ? (
        <p
          role={message.kind === "error" ? "alert" : "status"}
          data-testid="members-message"
          className={`rounded-md p-3 text-sm ${
            message.kind === "error"
              ? "bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100"
              : "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
          }`}
        >
          {message.text}
        </p>
      ) : null}
      <div className="grid gap-4 md:grid-cols-2">
        <MemberTable
          title={t("groups")}
          testId="members-groups"
          empty={t("noGroups")}
          members={members.filter((m) => m.kind === "Group")}
          {...shared}
        />
        <MemberTable
          title={t("users")}
          testId="members-users"
          empty={t("noUsers")}
          members={members.filter((m) => m.kind === "User")}
          {...shared}
        />
      </div>
      <AddMemberForm team={team} onDone={setMessage} />
    </section>
  );
}

"use client";

import { useState } from "react";
import { Field, inputClass } from "@/components/ui/field.tsx";
import {
  copyClassInput,
  offeredClassesInput,
  teamGroupsInput,
  teamQuotasInput,
} from "@/lib/validation/admin.ts";
import {
  copyClusterClassAction,
  setOfferedClassesAction,
  setTeamGroupsAction,
  setTeamQuotasAction,
} from "../_actions/team-settings.ts";
import { FormStatus, panelClass, primaryButton } from "./form-status.tsx";
import { useActionForm } from "./use-action-form.ts";

/** The team's cluster quota (enforced by Kubernetes) and node quota (checked by the console). */
export function QuotasForm({
  team,
  maxClusters,
  maxWorkerNodes,
  usedClusters,
}: {
  team: string;
  maxClusters: number | null;
  maxWorkerNodes: number | null;
  usedClusters: number;
}) {
  const [v, setV] = useState({
    maxClusters: maxClusters?.toString() ?? "",
    maxWorkerNodes: maxWorkerNodes?.toString() ?? "",
  });
  const form = useActionForm({
    schema: teamQuotasInput,
    action: setTeamQuotasAction,
    success: () => "Quotas saved.",
  });
  return (
    <form
      aria-labelledby="quotas-heading"
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ team, ...v });
      }}
    >
      <h2 id="quotas-heading" className="text-lg font-semibold">
        Quotas
      </h2>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          id="quota-clusters"
          label="Cluster quota"
          help={`${usedClusters} cluster${usedClusters === 1 ? "" : "s"} in use. Empty: no limit.`}
          error={form.fieldErrors.maxClusters}
        >
          <input
            id="quota-clusters"
            type="number"
            min={0}
            className={inputClass}
            value={v.maxClusters}
            onChange={(e) => setV({ ...v, maxClusters: e.target.value })}
            aria-describedby="quota-clusters-help"
          />
        </Field>
        <Field
          id="quota-nodes"
          label="Worker node quota"
          help="Empty: no limit."
          error={form.fieldErrors.maxWorkerNodes}
        >
          <input
            id="quota-nodes"
            type="number"
            min={0}
            className={inputClass}
            value={v.maxWorkerNodes}
            onChange={(e) => setV({ ...v, maxWorkerNodes: e.target.value })}
            aria-describedby="quota-nodes-help"
          />
        </Field>
      </div>
      <FormStatus error={form.formError} message={form.message} testId="quotas" />
      <button type="submit" disabled={form.pending} className={primaryButton}>
        {form.pending ? "Saving…" : "Save quotas"}
      </button>
    </form>
  );
}

/** Which OIDC groups hold the admin, member and viewer roles (written as RoleBindings). */
export function GroupsForm({
  team,
  groups,
}: {
  team: string;
  groups: { admin: string[]; member: string[]; viewer: string[] };
}) {
  const [v, setV] = useState({
    adminGroups: groups.admin.join(", "),
    memberGroups: groups.member.join(", "),
    viewerGroups: groups.viewer.join(", "),
  });
  const form = useActionForm({
    schema: teamGroupsInput,
    action: setTeamGroupsAction,
    success: () => "Group mapping saved.",
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
    <form
      aria-labelledby="groups-heading"
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ team, ...v });
      }}
    >
      <h2 id="groups-heading" className="text-lg font-semibold">
        Group mapping
      </h2>
      <p className="text-sm text-slate-500">
        OIDC groups per role, separated by commas. Members of these groups get the role in the team&apos;s
        namespace.
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        {row("adminGroups", "Admin groups")}
        {row("memberGroups", "Member groups")}
        {row("viewerGroups", "Viewer groups")}
      </div>
      <FormStatus error={form.formError} message={form.message} testId="groups" />
      <button type="submit" disabled={form.pending} className={primaryButton}>
        {form.pending ? "Saving…" : "Save group mapping"}
      </button>
    </form>
  );
}

type Entry = { kind: "class" | "stack"; name: string };

/** Chooses the classes and stacks the team is offered; nothing chosen offers every class. */
export function OfferedClassesForm({
  team,
  classes,
  stacks,
  offered,
}: {
  team: string;
  classes: string[];
  stacks: string[];
  offered: Entry[];
}) {
  const key = (e: Entry) => `${e.kind}:${e.name}`;
  const [chosen, setChosen] = useState(() => new Set(offered.map(key)));
  const form = useActionForm({
    schema: offeredClassesInput,
    action: setOfferedClassesAction,
    success: () => "Offered classes saved.",
  });
  const toggle = (e: Entry) => {
    const next = new Set(chosen);
    if (next.has(key(e))) next.delete(key(e));
    else next.add(key(e));
    setChosen(next);
  };
  const box = (e: Entry) => (
    <label key={key(e)} className="flex items-center gap-2 text-sm">
      <input type="checkbox" checked={chosen.has(key(e))} onChange={() => toggle(e)} />
      <span className="font-mono">{e.name}</span>
    </label>
  );
  // Offers whose class vanished from the namespace stay listed, so they can be unticked.
  const missing = offered.filter((e) =>
    e.kind === "class" ? !classes.includes(e.name) : !stacks.includes(e.name),
  );
  return (
    <form
      aria-labelledby="offered-heading"
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({
          team,
          entries: [...chosen].map((k) => {
            const [kind, ...rest] = k.split(":");
            return { kind, name: rest.join(":") };
          }),
        });
      }}
    >
      <h2 id="offered-heading" className="text-lg font-semibold">
        Offered cluster classes
      </h2>
      <p className="text-sm text-slate-500">
        {chosen.size === 0
          ? "Nothing chosen: the team is offered every cluster class in its namespace."
          : "The team's create form offers only the ticked classes and the classes of the ticked stacks."}
      </p>
      <div className="grid gap-4 sm:grid-cols-2">
        <fieldset className="space-y-1">
          <legend className="mb-1 text-sm font-medium">Cluster stacks</legend>
          {stacks.length ? (
            stacks.map((s) => box({ kind: "stack", name: s }))
          ) : (
            <p className="text-sm text-slate-500">None in the namespace.</p>
          )}
        </fieldset>
        <fieldset className="space-y-1">
          <legend className="mb-1 text-sm font-medium">Cluster classes</legend>
          {classes.length ? (
            classes.map((c) => box({ kind: "class", name: c }))
          ) : (
            <p className="text-sm text-slate-500">None in the namespace yet: copy one below.</p>
          )}
          {missing.map((e) => (
            <div key={`missing-${key(e)}`} className="flex items-center gap-2">
              {box(e)}
              <span className="text-xs text-amber-700 dark:text-amber-400">not in the namespace</span>
            </div>
          ))}
        </fieldset>
      </div>
      <FormStatus error={form.formError} message={form.message} testId="offered" />
      <button type="submit" disabled={form.pending} className={primaryButton}>
        {form.pending ? "Saving…" : "Save offered classes"}
      </button>
    </form>
  );
}

/** Copies a ClusterClass with its templates from another team namespace into this team's. */
export function CopyClassForm({
  team,
  sources,
}: {
  team: string;
  sources: { namespace: string; classes: string[] }[];
}) {
  const [fromNamespace, setFrom] = useState(sources[0]?.namespace ?? "");
  const classes = sources.find((s) => s.namespace === fromNamespace)?.classes ?? [];
  const [className, setClass] = useState(classes[0] ?? "");
  const form = useActionForm({
    schema: copyClassInput,
    action: copyClusterClassAction,
    success: (d) => `Copied ${className} with ${d.templates.length} templates.`,
  });
  if (!sources.length)
    return (
      <section className={panelClass} aria-labelledby="copy-heading">
        <h2 id="copy-heading" className="text-lg font-semibold">
          Copy a cluster class
        </h2>
        <p className="text-sm text-slate-500">No other team namespace has cluster classes to copy.</p>
      </section>
    );
  return (
    <form
      aria-labelledby="copy-heading"
      className={panelClass}
      onSubmit={(e) => {
        e.preventDefault();
        form.submit({ team, fromNamespace, className });
      }}
    >
      <h2 id="copy-heading" className="text-lg font-semibold">
        Copy a cluster class
      </h2>
      <p className="text-sm text-slate-500">
        Copies the class and the templates it references into this team&apos;s namespace, as you.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="copy-from" label="From namespace" error={form.fieldErrors.fromNamespace}>
          <select
            id="copy-from"
            className={inputClass}
            value={fromNamespace}
            onChange={(e) => {
              setFrom(e.target.value);
              setClass(sources.find((s) => s.namespace === e.target.value)?.classes[0] ?? "");
            }}
          >
            {sources.map((s) => (
              <option key={s.namespace} value={s.namespace}>
                {s.namespace}
              </option>
            ))}
          </select>
        </Field>
        <Field id="copy-class" label="Class to copy" error={form.fieldErrors.className}>
          <select
            id="copy-class"
            className={inputClass}
            value={className}
            onChange={(e) => setClass(e.target.value)}
          >
            {classes.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      </div>
      <FormStatus error={form.formError} message={form.message} testId="copy-class" />
      <button type="submit" disabled={form.pending || !className} className={primaryButton}>
        {form.pending ? "Copying…" : "Copy class"}
      </button>
    </form>
  );
}

"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { inputClass } from "@/components/ui/field.tsx";
import { deleteClusterAction } from "../../_actions/change-cluster.ts";

/** Deletes the cluster after the user types its name. */
export function DeletePanel({ team, name }: { team: string; name: string }) {
  const router = useRouter();
  const [confirm, setConfirm] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  return (
    <section
      aria-labelledby="delete-heading"
      className="space-y-3 rounded-lg border border-red-200 p-4 dark:border-red-900"
    >
      <h2 id="delete-heading" className="text-lg font-semibold text-red-800 dark:text-red-300">
        Delete cluster
      </h2>
      <p className="text-sm">
        This deletes the cluster, all its machines and its data. It cannot be undone. Type{" "}
        <strong>{name}</strong> to confirm.
      </p>
      <label className="sr-only" htmlFor="delete-confirm">
        Type the cluster name to confirm
      </label>
      <input
        id="delete-confirm"
        className={inputClass}
        value={confirm}
        autoComplete="off"
        onChange={(e) => setConfirm(e.target.value)}
      />
      {error ? (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <button
        type="button"
        disabled={confirm !== name || pending}
        onClick={() =>
          start(async () => {
            const res = await deleteClusterAction({ team, name, confirmName: confirm });
            if (res.ok) router.push(`/teams/${encodeURIComponent(team)}/clusters`);
            else setError(res.formError ?? Object.values(res.fieldErrors)[0] ?? "Deleting was refused.");
          })
        }
        className="rounded-md bg-red-600 px-3 py-1.5 text-sm text-white disabled:opacity-50"
      >
        {pending ? "Deleting…" : "Delete this cluster"}
      </button>
    </section>
  );
}

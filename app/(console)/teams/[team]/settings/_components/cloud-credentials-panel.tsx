"use client";

import { useRef, useState } from "react";
import { FormStatus } from "@/components/forms/form-status.tsx";
import { useActionForm } from "@/components/forms/use-action-form.ts";
import { inputClass } from "@/components/ui/field.tsx";
import type { CloudCredentialsStatus } from "@/lib/k8s/cloud-credentials.ts";
import { rotateCloudCredentialsAction } from "../_actions/rotate-cloud-credentials.ts";

/**
 * Upload or rotate the team's OpenStack application credential. Write-only: the page shows when
 * and by whom it was last rotated, never the file; the text box is emptied after each attempt
 * that succeeded and the file is read in the browser only to send it.
 */
export function CloudCredentialsPanel({ team, status }: { team: string; status: CloudCredentialsStatus }) {
  const [text, setText] = useState("");
  const fileRef = useRef<HTMLInputElement>(null);
  const form = useActionForm({
    action: rotateCloudCredentialsAction,
    refused: "The upload was refused.",
    success: (d) =>
      `${d.replaced ? "Rotated" : "Uploaded"}: clusters use the new credential for cloud ${d.cloudName} from their next reconcile.`,
    onSuccess: () => {
      setText("");
      if (fileRef.current) fileRef.current.value = "";
    },
  });
  return (
    <section
      aria-labelledby="credentials-heading"
      className="space-y-3 rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 id="credentials-heading" className="text-lg font-semibold">
        Cloud credentials
      </h2>
      <p className="text-sm text-slate-500">
        The team namespace belongs to one OpenStack project. Its clusters use the application credential in
        the Secret <code>openstack</code> (key <code>clouds.yaml</code>).
      </p>
      <div data-testid="credentials-status" className="text-sm">
        {status.present ? (
          <p>
            Last rotated{" "}
            {status.rotatedAt ? new Date(status.rotatedAt).toLocaleString() : "at an unknown time"}
            {status.rotatedBy ? ` by ${status.rotatedBy}` : ""}
            {status.cloudName ? ` · cloud ${status.cloudName}` : ""}
            {status.authUrl ? ` · ${status.authUrl}` : ""}
            {status.managed ? "" : " · made outside the console"}
          </p>
        ) : (
          <p>No credentials yet: clusters of this team cannot reach OpenStack until you upload them.</p>
        )}
      </div>
      <form
        className="space-y-2"
        onSubmit={(e) => {
          e.preventDefault();
          form.submit({ team, cloudsYaml: text });
        }}
      >
        <label htmlFor="clouds-yaml-file" className="block text-sm font-medium">
          clouds.yaml file
        </label>
        <input
          id="clouds-yaml-file"
          ref={fileRef}
          type="file"
          accept=".yaml,.yml,text/yaml,application/yaml"
          className="block text-sm"
          onChange={async (e) => {
            const file = e.target.files?.[0];
            if (file) setText(await file.text());
          }}
        />
        <label htmlFor="clouds-yaml" className="block text-sm font-medium">
          or paste it
        </label>
        <textarea
          id="clouds-yaml"
          className={`${inputClass} h-40 font-mono`}
          value={text}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={!!form.formError}
          aria-describedby="clouds-yaml-help"
          onChange={(e) => setText(e.target.value)}
        />
        <p id="clouds-yaml-help" className="text-xs text-slate-500">
          One cloud with <code>auth_type: v3applicationcredential</code>, an https <code>auth_url</code>,{" "}
          <code>application_credential_id</code> and <code>application_credential_secret</code>. Passwords are
          refused: create an application credential for the project instead.
        </p>
        <FormStatus
          error={form.formError}
          message={form.message}
          testId="credentials"
          statusTestId="credentials-done"
        />
        <button
          type="submit"
          disabled={form.pending || !text.trim()}
          className="rounded-md bg-sky-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-700 disabled:opacity-50"
        >
          {form.pending ? "Saving…" : status.present ? "Rotate credentials" : "Upload credentials"}
        </button>
      </form>
    </section>
  );
}

/**
 * The shape check of an uploaded clouds.yaml, run before the team's `openstack` Secret is written.
 * Only application credentials pass: a password in clear is refused. Messages never quote the
 * file (it holds a secret): they name the key or line only.
 */
import { parseDocument } from "yaml";
import { z } from "zod";
import type { ActionWords } from "@/lib/errors.ts";
import { say } from "./messages.ts";

/** Largest clouds.yaml accepted; real ones are well under 2 KB. */
export const MAX_CLOUDS_YAML_BYTES = 16 * 1024;

/** What may be shown and audited about a valid clouds.yaml: nothing secret. */
export type CloudsYamlSummary = { cloudName: string; authUrl: string; region: string | null };

/** A refusal names its reason as catalog words (`actionErrors`), said in English by the API, translated by pages. */
export type CloudsYamlCheck = { ok: true; summary: CloudsYamlSummary } | { ok: false; words: ActionWords };

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Checks the shape of a clouds.yaml for one OpenStack project authenticated by an application credential. */
export function checkCloudsYaml(text: string): CloudsYamlCheck {
  const fail = (key: ActionWords["key"], values: ActionWords["values"] = {}): CloudsYamlCheck => ({
    ok: false,
    words: { key, values },
  });
  if (!text.trim()) return fail("cloudsYamlEmpty");
  if (new TextEncoder().encode(text).length > MAX_CLOUDS_YAML_BYTES) {
    return fail("cloudsYamlTooLarge", { kb: MAX_CLOUDS_YAML_BYTES / 1024 });
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    // Our own message with the line only: the parser's would quote the file, secret and all.
    const line = text.slice(0, error.pos[0]).split("\n").length;
    return line ? fail("cloudsYamlNotYamlLine", { line }) : fail("cloudsYamlNotYaml");
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 0 });
  } catch {
    return fail("cloudsYamlAliases");
  }
  if (!isMap(root) || !isMap(root.clouds)) return fail("cloudsYamlNoClouds");
  const names = Object.keys(root.clouds);
  if (names.length !== 1) {
    return fail("cloudsYamlOneCloud", { count: names.length });
  }
  const [cloudName] = names as [string];
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,62})$/.test(cloudName)) {
    return fail("cloudsYamlCloudName");
  }
  const cloud = root.clouds[cloudName];
  if (!isMap(cloud) || !isMap(cloud.auth)) return fail("cloudsYamlNoAuth", { cloud: cloudName });
  const auth = cloud.auth;
  const authType = cloud.auth_type ?? auth.auth_type;
  if (
    "password" in auth ||
    "password" in cloud ||
    authType === "password" ||
    authType === "v3password" ||
    "username" in auth
  ) {
    return fail("cloudsYamlPassword");
  }
  if (authType !== "v3applicationcredential") {
    return fail("cloudsYamlAuthType", { cloud: cloudName });
  }
  const authUrl = auth.auth_url;
  let url: URL | undefined;
  try {
    url = typeof authUrl === "string" ? new URL(authUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:" || url.username || url.password) {
    return fail("cloudsYamlAuthUrl", { cloud: cloudName });
  }
  for (const key of ["application_credential_id", "application_credential_secret"] as const) {
    const v = auth[key];
    if (typeof v !== "string" || !v.trim()) return fail("cloudsYamlMissing", { cloud: cloudName, key });
  }
  const region = cloud.region_name;
  if (region !== undefined && typeof region !== "string") {
    return fail("cloudsYamlRegion", { cloud: cloudName });
  }
  // Origin and path only: a query string is no place for a token, but it must not reach the audit log either.
  return {
    ok: true,
    summary: { cloudName, authUrl: `${url.origin}${url.pathname}`, region: region ?? null },
  };
}

/**
 * The credentials form and its action. The shape check ({@link checkCloudsYaml}) runs in the
 * action, inside its audit row, so a refused upload is recorded like any other attempt.
 */
export const rotateCloudCredentialsInput = z.object({
  team: z.string(),
  cloudsYaml: z
    .string()
    .min(1, say("pasteCloudsYaml"))
    .max(MAX_CLOUDS_YAML_BYTES, say("cloudsYamlTooLarge", { kb: MAX_CLOUDS_YAML_BYTES / 1024 })),
});
export type RotateCloudCredentialsInput = z.infer<typeof rotateCloudCredentialsInput>;

/**
 * The shape check of an uploaded clouds.yaml, run before the team's `openstack` Secret is written.
 * Only application credentials pass: a password in clear is refused. Messages never quote the
 * file (it holds a secret): they name the key or line only.
 */
import { parseDocument } from "yaml";
import { z } from "zod";

/** Largest clouds.yaml accepted; real ones are well under 2 KB. */
export const MAX_CLOUDS_YAML_BYTES = 16 * 1024;

/** What may be shown and audited about a valid clouds.yaml: nothing secret. */
export type CloudsYamlSummary = { cloudName: string; authUrl: string; region: string | null };

export type CloudsYamlCheck = { ok: true; summary: CloudsYamlSummary } | { ok: false; message: string };

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const PASSWORD_MESSAGE =
  "This clouds.yaml holds a password. Upload an application credential instead (openstack application credential create): auth_type v3applicationcredential with application_credential_id and application_credential_secret.";

/** Checks the shape of a clouds.yaml for one OpenStack project authenticated by an application credential. */
export function checkCloudsYaml(text: string): CloudsYamlCheck {
  const fail = (message: string): CloudsYamlCheck => ({ ok: false, message });
  if (!text.trim()) return fail("Paste or choose a clouds.yaml.");
  if (new TextEncoder().encode(text).length > MAX_CLOUDS_YAML_BYTES) {
    return fail(`A clouds.yaml is at most ${MAX_CLOUDS_YAML_BYTES / 1024} KB; this one is larger.`);
  }
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    // Our own message with the line only: the parser's would quote the file, secret and all.
    const line = text.slice(0, error.pos[0]).split("\n").length;
    return fail(`This is not valid YAML${line ? ` (line ${line})` : ""}. Fix the file and upload it again.`);
  }
  let root: unknown;
  try {
    root = doc.toJS({ maxAliasCount: 0 });
  } catch {
    return fail("This YAML uses aliases or tags a clouds.yaml does not need. Upload a plain clouds.yaml.");
  }
  if (!isMap(root) || !isMap(root.clouds)) return fail("A clouds.yaml starts with a `clouds:` map.");
  const names = Object.keys(root.clouds);
  if (names.length !== 1) {
    return fail(
      `The file must describe exactly one cloud (it has ${names.length}): the team namespace belongs to one OpenStack project.`,
    );
  }
  const [cloudName] = names as [string];
  if (!/^[A-Za-z0-9]([A-Za-z0-9._-]{0,62})$/.test(cloudName)) {
    return fail("The cloud's name may hold letters, digits, '.', '_' and '-' only (at most 63).");
  }
  const cloud = root.clouds[cloudName];
  if (!isMap(cloud) || !isMap(cloud.auth)) return fail(`clouds.${cloudName} needs an \`auth:\` map.`);
  const auth = cloud.auth;
  const authType = cloud.auth_type ?? auth.auth_type;
  if (
    "password" in auth ||
    "password" in cloud ||
    authType === "password" ||
    authType === "v3password" ||
    "username" in auth
  ) {
    return fail(PASSWORD_MESSAGE);
  }
  if (authType !== "v3applicationcredential") {
    return fail(`clouds.${cloudName}.auth_type must be v3applicationcredential (an application credential).`);
  }
  const authUrl = auth.auth_url;
  let url: URL | undefined;
  try {
    url = typeof authUrl === "string" ? new URL(authUrl) : undefined;
  } catch {
    url = undefined;
  }
  if (url?.protocol !== "https:" || url.username || url.password) {
    return fail(`clouds.${cloudName}.auth.auth_url must be the https:// URL of the project's Keystone.`);
  }
  for (const key of ["application_credential_id", "application_credential_secret"] as const) {
    const v = auth[key];
    if (typeof v !== "string" || !v.trim())
      return fail(`clouds.${cloudName}.auth.${key} is missing or empty.`);
  }
  const region = cloud.region_name;
  if (region !== undefined && typeof region !== "string") {
    return fail(`clouds.${cloudName}.region_name must be text.`);
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
    .min(1, "Paste or choose a clouds.yaml.")
    .max(MAX_CLOUDS_YAML_BYTES, `A clouds.yaml is at most ${MAX_CLOUDS_YAML_BYTES / 1024} KB.`),
});
export type RotateCloudCredentialsInput = z.infer<typeof rotateCloudCredentialsInput>;

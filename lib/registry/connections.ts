import type { z } from "zod";
import type { Db } from "@/db/client.ts";
import {
  getRegistryConnection,
  type RegistryConnection,
  upsertRegistryConnection,
} from "@/db/queries/registry-connections.ts";
import { seedDemoTeams } from "@/db/seed.ts";
import { encryptSecret } from "@/lib/crypto.ts";
import { ActionError, says } from "@/lib/errors.ts";
import { type RegistryConnectionInput, registryConnectionInput } from "@/lib/validation/registry.ts";

/** A connection as {@link registryConnectionInput} leaves it after parsing. */
export type RegistryConnectionSettings = z.output<typeof registryConnectionInput>;

/**
 * Stores a team's registry connection. The secret is encrypted bound to the team id (a row moved
 * to another team cannot be decrypted) and is write-only: `undefined` keeps the stored one, `null`
 * removes it. Nothing is fetched from the URL. `key` defaults to `KAAS_ENCRYPTION_KEY`.
 *
 * A stored secret was given for one registry: when the URL's origin changes, a token realm is
 * added or the connection becomes insecure, it must be given again (or removed), else an
 * {@link ActionError} on `secret`, so it is never sent where the admin did not set it for.
 */
export async function saveRegistryConnection(
  db: Db,
  args: { teamId: string; connection: RegistryConnectionSettings; actor: string; key?: Buffer },
): Promise<RegistryConnection> {
  const { teamId, connection: c } = args;
  if (c.secret === undefined) {
    const current = await getRegistryConnection(db, teamId);
    // Anything that would send the stored secret somewhere it was not set for: another registry,
    // a newly approved token realm, or plain http.
    const widened =
      current?.hasSecret &&
      (new URL(current.url).origin !== new URL(c.url).origin ||
        c.tokenRealms.some((r) => !current.tokenRealms.includes(r)) ||
        (c.insecure && !current.insecure));
    if (widened) {
      throw new ActionError(says("secretAgain"), { secret: says("secretAgainField") });
    }
  }
  return upsertRegistryConnection(db, {
    teamId,
    kind: c.kind,
    url: c.url,
    repositoryPrefix: c.kind === "oci" ? (c.repositoryPrefix ?? null) : null,
    harborProject: c.kind === "harbor" ? (c.harborProject ?? null) : null,
    username: c.username,
    insecure: c.insecure,
    tokenRealms: c.tokenRealms,
    updatedBy: args.actor,
    ...(c.secret === undefined
      ? {}
      : { secretEncrypted: c.secret === null ? null : encryptSecret(c.secret, teamId, args.key) }),
  });
}

/**
 * Points team-a and team-b at the demo registry (`KAAS_DEMO_REGISTRY_URL`), each scoped to its
 * own prefix, with the accounts from `KAAS_DEMO_REGISTRY_TEAM_A_USERNAME` / `…_PASSWORD` (and
 * `TEAM_B`). Upserts the demo teams first; safe to run repeatedly. Returns nothing when the URL is
 * not set.
 */
export async function seedDemoRegistryConnections(
  db: Db,
  env: Record<string, string | undefined> = process.env,
): Promise<RegistryConnection[]> {
  const url = env.KAAS_DEMO_REGISTRY_URL;
  if (!url) return [];
  const out: RegistryConnection[] = [];
  for (const team of await seedDemoTeams(db)) {
    const key = team.slug.toUpperCase().replace(/-/g, "_");
    const input: RegistryConnectionInput = {
      kind: "oci",
      url,
      repositoryPrefix: `${team.slug}/`,
      username: env[`KAAS_DEMO_REGISTRY_${key}_USERNAME`] ?? null,
      // The local world's registry answers plain http on loopback (the world also sets
      // KAAS_REGISTRY_ALLOW_PRIVATE=1); a real deployment's demo URL is https and stays secure.
      insecure: url.startsWith("http:"),
      secret: env[`KAAS_DEMO_REGISTRY_${key}_PASSWORD`] ?? null,
    };
    out.push(
      await saveRegistryConnection(db, {
        teamId: team.id,
        connection: registryConnectionInput.parse(input),
        actor: "demo-seed",
      }),
    );
  }
  return out;
}

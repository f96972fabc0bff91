import { eq } from "drizzle-orm";
import { z } from "zod";
import { encryptSecret } from "../../lib/crypto.ts";
import type { Db } from "../client.ts";
import { registryConnections, teams } from "../schema.ts";
import { insertAuditEvent } from "./audit.ts";

/** A connection as admins and pages may see it: everything but the secret. */
export type RegistryConnection = {
  id: string;
  teamId: string;
  kind: "oci" | "harbor";
  url: string;
  repositoryPrefix: string | null;
  harborProject: string | null;
  username: string | null;
  hasSecret: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
};

const publicColumns = {
  id: registryConnections.id,
  teamId: registryConnections.teamId,
  kind: registryConnections.kind,
  url: registryConnections.url,
  repositoryPrefix: registryConnections.repositoryPrefix,
  harborProject: registryConnections.harborProject,
  username: registryConnections.username,
  secretEncrypted: registryConnections.secretEncrypted,
  createdAt: registryConnections.createdAt,
  updatedAt: registryConnections.updatedAt,
  updatedBy: registryConnections.updatedBy,
};

function toPublic(
  row: { secretEncrypted: string | null } & Omit<RegistryConnection, "hasSecret">,
): RegistryConnection {
  const { secretEncrypted, ...rest } = row;
  return { ...rest, hasSecret: secretEncrypted !== null };
}

const COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";

/** What an admin sets; shared by the (coming) admin form and {@link upsertRegistryConnection}. */
export const registryConnectionInputSchema = z
  .object({
    kind: z.enum(["oci", "harbor"]),
    url: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .refine((u) => {
        const parsed = new URL(u);
        return !parsed.username && !parsed.password && !parsed.search && !parsed.hash;
      }, "the URL must not carry credentials, a query or a fragment")
      .transform((u) => u.replace(/\/+$/, "")),
    repositoryPrefix: z
      .string()
      .trim()
      .transform((p) => p.replace(/\/+$/, ""))
      .pipe(z.string().regex(new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`), "not a repository prefix"))
      .transform((p) => `${p}/`)
      .optional(),
    harborProject: z
      .string()
      .trim()
      .regex(/^[a-z0-9]+(?:[._-][a-z0-9]+)*$/, "not a Harbor project name")
      .max(255)
      .optional(),
    username: z.string().min(1).max(255).nullable(),
    /** Plaintext; `undefined` keeps the stored secret, `null` removes it. */
    secret: z.string().min(1).max(4096).nullable().optional(),
  })
  .refine((c) => (c.kind === "oci" ? !!c.repositoryPrefix : !!c.harborProject), {
    message: "an OCI connection needs a repository prefix, a Harbor connection a project",
  });
export type RegistryConnectionInput = z.input<typeof registryConnectionInputSchema>;

/** The team's connection without its secret, or undefined. */
export async function getRegistryConnection(db: Db, teamId: string): Promise<RegistryConnection | undefined> {
  const [row] = await db
    .select(publicColumns)
    .from(registryConnections)
    .where(eq(registryConnections.teamId, teamId))
    .limit(1);
  return row ? toPublic(row) : undefined;
}

/**
 * The team's connection with its encrypted secret: only for the server code that opens the
 * connection (lib/registry). Never pass the result to a client component.
 */
export async function getRegistryConnectionForUse(
  db: Db,
  teamId: string,
): Promise<(RegistryConnection & { secretEncrypted: string | null }) | undefined> {
  const [row] = await db
    .select(publicColumns)
    .from(registryConnections)
    .where(eq(registryConnections.teamId, teamId))
    .limit(1);
  return row ? { ...toPublic(row), secretEncrypted: row.secretEncrypted } : undefined;
}

/**
 * Creates or replaces the team's registry connection, encrypting the secret (bound to the team
 * id), and records an audit row in the same transaction. Validates with
 * {@link registryConnectionInputSchema}; throws its ZodError on bad input. `key` defaults to
 * `KAAS_ENCRYPTION_KEY`.
 */
export async function upsertRegistryConnection(
  db: Db,
  args: { teamId: string; input: RegistryConnectionInput; actor: string; key?: Buffer },
): Promise<RegistryConnection> {
  const c = registryConnectionInputSchema.parse(args.input);
  const secret =
    c.secret === undefined
      ? undefined
      : c.secret === null
        ? null
        : encryptSecret(c.secret, args.teamId, args.key);
  const values = {
    teamId: args.teamId,
    kind: c.kind,
    url: c.url,
    repositoryPrefix: c.kind === "oci" ? (c.repositoryPrefix ?? null) : null,
    harborProject: c.kind === "harbor" ? (c.harborProject ?? null) : null,
    username: c.username,
    updatedBy: args.actor,
    updatedAt: new Date(),
    ...(secret !== undefined ? { secretEncrypted: secret } : {}),
  };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(registryConnections)
      .values(values)
      .onConflictDoUpdate({ target: registryConnections.teamId, set: values })
      .returning(publicColumns);
    if (!row) throw new Error("upsertRegistryConnection: no row returned");
    const [team] = await tx
      .select({ slug: teams.slug })
      .from(teams)
      .where(eq(teams.id, args.teamId))
      .limit(1);
    await insertAuditEvent(tx, {
      actor: args.actor,
      teamSlug: team?.slug ?? null,
      action: "registry_connection.upsert",
      targetKind: "RegistryConnection",
      targetName: c.url,
      outcome: "allowed",
      // Never the secret: only whether one is set.
      details: { kind: c.kind, username: c.username, secretChanged: secret !== undefined },
    });
    return toPublic(row);
  });
}

import "server-only";
import { eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { registryConnections } from "../schema.ts";

/** A connection as admins and pages may see it: everything but the secret. */
export type RegistryConnection = {
  id: string;
  teamId: string;
  kind: "oci" | "harbor";
  url: string;
  repositoryPrefix: string | null;
  harborProject: string | null;
  username: string | null;
  /** Plain http allowed to the registry's own host. */
  insecure: boolean;
  /** Approved token realm origins besides the registry's own. */
  tokenRealms: string[];
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
  insecure: registryConnections.insecure,
  tokenRealms: registryConnections.tokenRealms,
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

/** A connection row as {@link upsertRegistryConnection} writes it: the secret already encrypted. */
export type RegistryConnectionValues = Omit<
  RegistryConnection,
  "id" | "hasSecret" | "createdAt" | "updatedAt"
> & {
  /** Omitted: the stored secret stays; null: removed. */
  secretEncrypted?: string | null;
};

/** Creates or replaces the team's registry connection (one per team). */
export async function upsertRegistryConnection(
  db: Db,
  values: RegistryConnectionValues,
): Promise<RegistryConnection> {
  const row = { ...values, updatedAt: new Date() };
  const [saved] = await db
    .insert(registryConnections)
    .values(row)
    .onConflictDoUpdate({ target: registryConnections.teamId, set: row })
    .returning(publicColumns);
  if (!saved) throw new Error("upsertRegistryConnection: no row returned");
  return toPublic(saved);
}

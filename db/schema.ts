import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

// RFC 1123 label, as Kubernetes requires for namespace names; slugs follow it so a slug can name things.
const K8S_NAME = "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** Why: Kubernetes holds a team's namespace and RBAC, but not its display name, OIDC groups per role or node quota. */
export const teams = pgTable(
  "teams",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    slug: text("slug").notNull().unique(),
    displayName: text("display_name").notNull(),
    namespace: text("namespace").notNull().unique(),
    adminGroups: text("admin_groups").array().notNull().default(sql`'{}'::text[]`),
    memberGroups: text("member_groups").array().notNull().default(sql`'{}'::text[]`),
    viewerGroups: text("viewer_groups").array().notNull().default(sql`'{}'::text[]`),
    /** Null means unlimited. */
    maxWorkerNodes: integer("max_worker_nodes"),
    createdAt: createdAt(),
    archivedAt: timestamp("archived_at", { withTimezone: true }),
  },
  (t) => [
    check("teams_slug_k8s_name", sql`${t.slug} ~ ${sql.raw(`'${K8S_NAME}'`)}`),
    check("teams_namespace_k8s_name", sql`${t.namespace} ~ ${sql.raw(`'${K8S_NAME}'`)}`),
    check("teams_max_worker_nodes_nonnegative", sql`${t.maxWorkerNodes} >= 0`),
  ],
);

/** Why: Auth.js cookies carry only this row's id, so a session can be revoked server-side at any time. */
export const authSessions = pgTable(
  "auth_sessions",
  {
    id: text("id").primaryKey(),
    subject: text("subject").notNull(),
    // Nullable: an OIDC issuer need not release email or name; identity rests on `subject`.
    email: text("email"),
    name: text("name"),
    groups: text("groups").array().notNull().default(sql`'{}'::text[]`),
    idToken: text("id_token"),
    refreshToken: text("refresh_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    // The IdP's own names for the user and the sign-in, which a back-channel logout token carries.
    idpSubject: text("idp_subject"),
    idpSessionId: text("idp_session_id"),
    // When groups and validity were last confirmed by the IdP (sign-in or refresh).
    identityRefreshedAt: timestamp("identity_refreshed_at", { withTimezone: true }).notNull().defaultNow(),
    // Single flight: a process claims the refresh (a random token and when) before it spends the
    // refresh token, so no two processes ever send the same one.
    refreshClaim: text("refresh_claim"),
    refreshClaimedAt: timestamp("refresh_claimed_at", { withTimezone: true }),
    createdAt: createdAt(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    /** Why the session ended early: signed-out, revoked-by-admin, idp-refused, idp-logout, identity-expired. */
    endedReason: text("ended_reason"),
  },
  (t) => [
    index("auth_sessions_subject_idx").on(t.subject),
    index("auth_sessions_idp_session_idx").on(t.idpSessionId),
  ],
);

/** Why: who did what to which team, including refusals; Kubernetes audit logs are not visible to team admins. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    // Millisecond precision so an (at, id) paging cursor survives a round trip through a JS Date exactly.
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    actor: text("actor").notNull(),
    actorEmail: text("actor_email"),
    /** Null for platform actions. */
    teamSlug: text("team_slug"),
    action: text("action").notNull(),
    targetKind: text("target_kind").notNull(),
    targetName: text("target_name"),
    /**
     * `attempted` is committed before the change is made and replaced by its outcome after; a row
     * left `attempted` means the console stopped while the change was in flight (it may have happened).
     */
    outcome: text("outcome", { enum: ["attempted", "allowed", "refused", "failed"] }).notNull(),
    /** Never secrets. */
    details: jsonb("details").$type<Record<string, unknown>>(),
    requestId: text("request_id"),
    /** Whether the change came from the console's pages or through the API (a token). */
    via: text("via", { enum: ["console", "api"] })
      .notNull()
      .default("console"),
  },
  (t) => [
    index("audit_events_team_at_idx").on(t.teamSlug, t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    // The platform-wide log (every team) pages by the same keyset without a team prefix.
    index("audit_events_at_idx").on(t.at.desc().nullsFirst(), t.id.desc().nullsFirst()),
    index("audit_events_actor_idx").on(t.actor),
    index("audit_events_action_idx").on(t.action),
    check("audit_events_outcome", sql`${t.outcome} in ('attempted', 'allowed', 'refused', 'failed')`),
  ],
);

export type Team = typeof teams.$inferSelect;
export type NewTeam = typeof teams.$inferInsert;
export type AuthSession = typeof authSessions.$inferSelect;
export type NewAuthSession = typeof authSessions.$inferInsert;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type NewAuditEvent = typeof auditEvents.$inferInsert;
export type AuditOutcome = AuditEvent["outcome"];

/**
 * Why: the registry a team browses is set by an admin, never by a user's URL; its credentials are
 * stored only encrypted (lib/crypto.ts, AES-256-GCM bound to the team id).
 */
export const registryConnections = pgTable(
  "registry_connections",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .unique()
      .references(() => teams.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["oci", "harbor"] }).notNull(),
    /** Base URL, http(s), without credentials. */
    url: text("url").notNull(),
    /** For `oci`: the team's repositories are those under this prefix (`team-a/`). */
    repositoryPrefix: text("repository_prefix"),
    /** For `harbor`: the team's project; its repositories are `<project>/…`. */
    harborProject: text("harbor_project"),
    /** A user or a Harbor robot account (`robot$<project>+<name>`); null for anonymous access. */
    username: text("username"),
    /** Password or robot secret, encrypted; never selected except to open a connection. */
    secretEncrypted: text("secret_encrypted"),
    /** Plain http allowed (the local world's registry); credentials then never leave the registry's host. */
    insecure: boolean("insecure").notNull().default(false),
    /** Token realm origins an admin approved besides the registry's own; the robot's credentials go there. */
    tokenRealms: text("token_realms").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: text("updated_by").notNull(),
  },
  (t) => [
    check("registry_connections_kind", sql`${t.kind} in ('oci', 'harbor')`),
    check("registry_connections_url_http", sql`${t.url} ~ '^https?://'`),
    check(
      "registry_connections_scope",
      sql`(${t.kind} = 'oci' and ${t.repositoryPrefix} is not null) or (${t.kind} = 'harbor' and ${t.harborProject} is not null)`,
    ),
  ],
);

export type RegistryConnectionRow = typeof registryConnections.$inferSelect;

/** Why: a team's saved create-form settings; Kubernetes has no place for a cluster that does not exist yet. */
export const clusterPresets = pgTable(
  "cluster_presets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    /** The create form's values without the cluster name (validated on save and again on use). */
    values: jsonb("values").$type<Record<string, unknown>>().notNull(),
    createdBy: text("created_by").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("cluster_presets_team_name").on(t.teamId, t.name)],
);

export type ClusterPreset = typeof clusterPresets.$inferSelect;

/**
 * Why: which ClusterClasses or whole cluster stacks a platform admin offers a team; Kubernetes
 * only knows which classes exist in the namespace. A team without rows is offered every class in
 * its namespace, as before this table existed.
 */
export const teamOfferedClasses = pgTable(
  "team_offered_classes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    /** `class`: one ClusterClass by name; `stack`: every release of a cluster stack (`inmemory-scs-1-35`). */
    kind: text("kind", { enum: ["class", "stack"] }).notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    unique("team_offered_classes_team_kind_name").on(t.teamId, t.kind, t.name),
    check("team_offered_classes_kind", sql`${t.kind} in ('class', 'stack')`),
  ],
);

export type TeamOfferedClass = typeof teamOfferedClasses.$inferSelect;

/**
 * Why: personal access tokens let scripts and the `kaas` CLI act as a user on one team; Kubernetes
 * knows nothing of them. Only the SHA-256 of the secret is kept (the token is shown once).
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    teamId: uuid("team_id")
      .notNull()
      .references(() => teams.id, { onDelete: "cascade" }),
    /** The OIDC subject the token acts as. */
    subject: text("subject").notNull(),
    name: text("name").notNull(),
    /** sha-256 (hex) of the whole token. */
    secretHash: text("secret_hash").notNull().unique(),
    /** The token's first characters, to recognise it in lists (and to look it up). */
    displayPrefix: text("display_prefix").notNull(),
    /** At most the creator's role in the team when it was made; the API server decides too. */
    role: text("role", { enum: ["viewer", "member", "admin"] }).notNull(),
    /** Whether it may be used for platform-admin pages and actions (only platform admins make one). */
    platform: boolean("platform").notNull().default(false),
    /** The user's groups when the token was made: later use gets at most these. */
    groups: text("groups").array().notNull().default(sql`'{}'::text[]`),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    index("api_tokens_prefix_idx").on(t.displayPrefix),
    index("api_tokens_subject_idx").on(t.subject),
    check("api_tokens_role", sql`${t.role} in ('viewer', 'member', 'admin')`),
  ],
);

export type ApiToken = typeof apiTokens.$inferSelect;

/**
 * Why: a client that retries a POST (a timeout, a dropped connection) must not create twice; the
 * first answer is kept for 24 h per caller, route and `Idempotency-Key`.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    subject: text("subject").notNull(),
    route: text("route").notNull(),
    key: text("key").notNull(),
    /** sha-256 of the request body: the same key with another body is refused. */
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    body: jsonb("body").$type<unknown>(),
    createdAt: createdAt(),
  },
  (t) => [unique("idempotency_keys_subject_route_key").on(t.subject, t.route, t.key)],
);

/**
 * The API's response shapes as zod schemas: the OpenAPI document is generated from them (with
 * `additionalProperties: false`, so a field the code sends but the document does not name fails
 * the contract test). Request bodies use the forms' own schemas in lib/validation/.
 */
import { z } from "zod";
import { TEAM_ROLES } from "@/lib/teams/roles.ts";
import { workerPool } from "@/lib/validation/cluster.ts";

const dateTime = z.string().describe("RFC 3339 date-time");

export const problemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })),
  })
  .meta({ id: "Problem", description: "RFC 9457 problem details, with field errors by request path." });

export const teamSchema = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    namespace: z.string(),
    role: z.enum(TEAM_ROLES),
    maxWorkerNodes: z.number().int().nullable(),
  })
  .meta({ id: "Team" });

export const teamListSchema = z.object({ teams: z.array(teamSchema) });

export const classOfferSchema = z
  .object({
    name: z.string(),
    stack: z.string().nullable(),
    release: z.string().nullable(),
    versions: z.array(z.string()),
    workerClasses: z.array(z.object({ name: z.string(), description: z.string().nullable() })),
    variables: z.array(
      z.object({
        name: z.string(),
        required: z.boolean(),
        group: z.string(),
        schema: z.record(z.string(), z.unknown()).describe("the variable's OpenAPI v3 schema"),
      }),
    ),
    ready: z.boolean(),
  })
  .meta({ id: "ClassOffer" });

export const classListSchema = z.object({ classes: z.array(classOfferSchema) });

const policySchema = z.object({
  status: z.enum(["compliant", "due-soon", "non-compliant", "unknown"]),
  reason: z.string(),
});

export const clusterSummarySchema = z
  .object({
    uid: z.string(),
    name: z.string(),
    namespace: z.string(),
    className: z.string(),
    version: z.string(),
    phase: z.string(),
    controlPlane: z.object({ ready: z.number().int(), desired: z.number().int() }),
    workers: z.object({ ready: z.number().int(), desired: z.number().int() }),
    createdAt: dateTime.nullable(),
    deleting: z.boolean(),
    problem: z.string().nullable(),
    health: z.enum(["ready", "degraded", "progressing", "failing"]),
    since: dateTime.nullable(),
    reason: z.string().nullable(),
    versionPolicy: policySchema.describe("the SCS Kubernetes version policy's verdict (scs-0210-v2)"),
  })
  .meta({ id: "ClusterSummary" });

export const clusterListSchema = z.object({
  clusters: z.array(clusterSummarySchema),
  nextCursor: z.string().nullable().describe("pass as `cursor` for the next page; null on the last"),
});

export const conditionSchema = z.object({
  type: z.string(),
  status: z.enum(["True", "False", "Unknown"]),
  reason: z.string().optional(),
  message: z.string().optional(),
  severity: z.string().optional(),
  lastTransitionTime: z.string().optional(),
});

export const clusterDetailSchema = z
  .object({
    cluster: clusterSummarySchema,
    fingerprint: z
      .string()
      .describe("the topology's fingerprint: send it as If-Match to scale or upgrade (also the ETag)"),
    topology: z.record(z.string(), z.unknown()).describe("spec.topology as the API server holds it"),
    conditions: z.array(conditionSchema),
    scale: z
      .object({ controlPlaneReplicas: z.number().int(), workers: z.array(workerPool) })
      .describe("the current scale, in the shape the scale operation takes: change it and send it back"),
  })
  .meta({ id: "ClusterDetail" });

export const previewSchema = z
  .object({
    dryRun: z.literal(true),
    yaml: z.string().describe("the manifest the API server accepted in its dry run"),
    command: z.string().describe("the kubectl equivalent"),
    fileName: z.string(),
    namespace: z.string().describe("the team's namespace the cluster goes to"),
    addons: z
      .object({ labels: z.record(z.string(), z.string()), annotations: z.record(z.string(), z.string()) })
      .describe("the add-on labels and annotations the manifest carries (listed on their own)"),
    kaas: z
      .object({ yaml: z.string(), command: z.string(), fileName: z.string() })
      .describe("this request as a file for `kaas clusters create -f`, and the command"),
  })
  .meta({ id: "CreatePreview" });

export const createdSchema = z.object({ name: z.string() }).meta({ id: "Created" });

export const reviewSchema = z
  .object({
    dryRun: z.boolean(),
    diff: z.array(z.object({ kind: z.enum(["same", "add", "del"]), text: z.string() })),
    kubectl: z
      .array(z.string())
      .describe(
        "the kubectl equivalent: the same merge patch of spec.topology (add-ons: kubectl label and annotate)",
      ),
  })
  .meta({ id: "ChangeReview" });

export const deletedSchema = z.object({ name: z.string(), dryRun: z.boolean() }).meta({ id: "Deleted" });

export const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: dateTime,
    actor: z.string(),
    actorEmail: z.string().nullable(),
    teamSlug: z.string().nullable(),
    action: z.string(),
    targetKind: z.string(),
    targetName: z.string().nullable(),
    outcome: z.enum(["attempted", "allowed", "refused", "failed"]),
    details: z.record(z.string(), z.unknown()).nullable(),
    requestId: z.string().nullable(),
    via: z.enum(["console", "api"]),
  })
  .meta({ id: "AuditEvent" });

export const auditPageSchema = z.object({
  events: z.array(auditEventSchema),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
});

export const cliSignInSchema = z
  .object({
    issuer: z.string().describe("the OIDC issuer the console trusts"),
    clientId: z.string().describe("the issuer's public client for the CLI (device authorization grant)"),
    scope: z.string().describe("the scope to request"),
    audience: z.string().describe("the `aud` the console requires of access tokens"),
  })
  .meta({ id: "CliSignIn" });

const scanSummarySchema = z
  .object({
    status: z.string(),
    severity: z.string().optional().describe("the highest severity found, as Harbor names it"),
    total: z.number().int().optional(),
    fixable: z.number().int().optional(),
    counts: z.record(z.string(), z.number().int()).describe("count per severity"),
    scannedAt: z.string().optional(),
    startedAt: z.string().optional(),
    percent: z.number().optional(),
    scanner: z.string().optional(),
  })
  .meta({ id: "ScanSummary", description: "Harbor's vulnerability scan overview (Harbor registries only)" });

const pagingFields = {
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int().optional().describe("absent when the registry does not say"),
  hasNext: z.boolean(),
  examined: z
    .object({ rows: z.number().int(), more: z.boolean() })
    .optional()
    .describe("with `severity`: how many rows the console read to filter, and whether there were more"),
};

export const repositoryPageSchema = z
  .object({
    repositories: z.array(
      z
        .object({
          name: z.string(),
          tagCount: z.number().int().optional(),
          artifactCount: z.number().int().optional(),
          pullCount: z.number().int().optional(),
          updatedAt: z.string().optional().describe("last push (Harbor)"),
          scan: scanSummarySchema.optional(),
          newest: z
            .string()
            .optional()
            .describe("the newest artifact's tag or digest (Harbor), which `scan` is of"),
        })
        .meta({ id: "Repository" }),
    ),
    ...pagingFields,
  })
  .meta({ id: "RepositoryPage" });

export const tagPageSchema = z
  .object({
    tags: z.array(
      z
        .object({
          tags: z
            .array(z.string())
            .describe("one tag (OCI registries), or every tag of the artifact (Harbor)"),
          digest: z.string().optional(),
          mediaType: z.string().optional(),
          size: z
            .number()
            .int()
            .optional()
            .describe("bytes: config plus compressed layers (summed over an index)"),
          platforms: z.array(z.string()),
          created: z.string().optional(),
          pushed: z.string().optional(),
          pulled: z.string().optional(),
          scan: scanSummarySchema.optional(),
          problem: z.string().optional().describe("why the row's details could not be read"),
        })
        .meta({ id: "Tag" }),
    ),
    ...pagingFields,
  })
  .meta({ id: "TagPage" });

export const apiTokenSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().describe("the token's first characters, to recognise it"),
    role: z.enum(TEAM_ROLES).describe("the most the token allows in the team"),
    platform: z.boolean(),
    createdAt: dateTime,
    expiresAt: dateTime,
    lastUsedAt: dateTime.nullable(),
    revokedAt: dateTime.nullable(),
  })
  .meta({ id: "ApiToken" });

export const apiTokenListSchema = z.object({ tokens: z.array(apiTokenSchema) });

export const apiTokenMadeSchema = z
  .object({
    token: z.string().describe("the token itself: shown this once, stored only hashed"),
    prefix: z.string(),
    name: z.string(),
  })
  .meta({ id: "ApiTokenMade" });

export const apiTokenRevokedSchema = z.object({ name: z.string() }).meta({ id: "ApiTokenRevoked" });

export const adminTeamSchema = z
  .object({
    slug: z.string(),
    displayName: z.string(),
    namespace: z.string(),
    adminGroups: z.array(z.string()),
    memberGroups: z.array(z.string()),
    viewerGroups: z.array(z.string()),
    maxWorkerNodes: z.number().int().nullable().describe("the node quota; null: no limit"),
    maxClusters: z.number().int().nullable().describe("the cluster quota (its ResourceQuota); null: none"),
    clusters: z.number().int().describe("clusters in the team's namespace now"),
  })
  .meta({ id: "AdminTeam" });

export const adminTeamListSchema = z
  .object({ teams: z.array(adminTeamSchema) })
  .meta({ id: "AdminTeamList" });

export const teamCreatedSchema = z
  .object({
    slug: z.string(),
    quotaReady: z.boolean().describe("whether quota admission enforces the cluster quota yet"),
  })
  .meta({ id: "TeamCreated" });

export const teamArchivedSchema = z.object({ slug: z.string() }).meta({ id: "TeamArchived" });

export const teamQuotasSetSchema = z
  .object({ quotaReady: z.boolean().describe("whether quota admission enforces the new cluster quota yet") })
  .meta({ id: "TeamQuotasSet" });

export const teamGroupsSetSchema = z.object({ slug: z.string() }).meta({ id: "TeamGroupsSet" });

export const sessionsEndedSchema = z
  .object({
    ended: z.number().int().describe("console sessions ended"),
    tokens: z.number().int().describe("personal access tokens revoked"),
  })
  .meta({ id: "SessionsEnded" });

export const classesOfferedSchema = z.object({ slug: z.string() }).meta({ id: "TeamClassesSet" });

export const classCopiedSchema = z
  .object({ templates: z.array(z.string()).describe("the templates copied with the class") })
  .meta({ id: "ClassCopied" });

export const teamAddonsSetSchema = z
  .object({ added: z.array(z.string()), removed: z.array(z.string()), updated: z.array(z.string()) })
  .meta({ id: "TeamAddonsSet" });

export const registryConnectionSavedSchema = z
  .object({
    robot: z
      .object({
        checked: z.boolean().describe("whether Harbor said what the account may do"),
        warnings: z.array(z.string()).describe("what the account may do beyond reading the team's project"),
      })
      .nullable()
      .describe("Harbor only: the saved account's permissions; null for OCI registries or when unknown"),
  })
  .meta({ id: "RegistryConnectionSaved" });

import "server-only";
import { z } from "zod";
import { getDb } from "@/db/client.ts";
import { InvalidAuditCursorError, listAuditEvents } from "@/db/queries/audit.ts";
import { platformAction, type TeamActionContext, teamAction, userAction } from "@/lib/actions/safe-action.ts";
import { changeClusterAddon } from "@/lib/addons/cluster-addons.ts";
import {
  adminTeamList,
  archiveTeam,
  copyTeamClusterClass,
  createTeam,
  endUserSessions,
  saveTeamRegistryConnection,
  setTeamGroups,
  setTeamOfferedAddons,
  setTeamOfferedClasses,
  setTeamQuotas,
} from "@/lib/admin/teams.ts";
import { auditFilterFor, auditScopeForRequest } from "@/lib/audit/access.ts";
import { oidcSettings } from "@/lib/auth/config.ts";
import { clusterStatusRow } from "@/lib/capi/cluster-health.ts";
import { poolsOf } from "@/lib/capi/cluster-manifest.ts";
import { conditionsOf } from "@/lib/capi/cluster-summary.ts";
import { policyInEnglish } from "@/lib/capi/in-english.ts";
import { topologyFingerprint } from "@/lib/capi/topology-fingerprint.ts";
import { evaluateVersionPolicy, type KubernetesVersions } from "@/lib/capi/version-policy.ts";
import { loadKubernetesVersions } from "@/lib/capi/versions-file.ts";
import { removeCluster, scaleCluster, upgradeCluster } from "@/lib/clusters/change.ts";
import { createTeamCluster, previewClusterCreate } from "@/lib/clusters/create.ts";
import { issueKubeconfig } from "@/lib/clusters/kubeconfig.ts";
import { offersFor } from "@/lib/clusters/offers.ts";
import { ActionError } from "@/lib/errors.ts";
import { english } from "@/lib/i18n/english.ts";
import { getCluster, teamClusters } from "@/lib/k8s/clusters.ts";
import type { Cluster } from "@/lib/k8s/types.ts";
import { logger } from "@/lib/logger.ts";
import { listRepositories, listTags, teamRegistry } from "@/lib/registry/browse.ts";
import { repositoryNameSchema } from "@/lib/registry/names.ts";
import type { Paged } from "@/lib/registry/types.ts";
import { myTeams } from "@/lib/teams/membership.ts";
import { roleAtLeast } from "@/lib/teams/roles.ts";
import { makeApiToken, ownApiTokens, revokeOwnApiToken } from "@/lib/tokens/personal-tokens.ts";
import { addonId } from "@/lib/validation/addon-choice.ts";
import { clusterAddonInput, teamAddonsInput } from "@/lib/validation/addons.ts";
import {
  archiveTeamInput,
  copyClassInput,
  createTeamInput,
  endSessionsInput,
  offeredClassesInput,
  teamGroupsInput,
  teamQuotasInput,
} from "@/lib/validation/admin.ts";
import { createApiTokenInput, revokeApiTokenInput } from "@/lib/validation/api-tokens.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";
import {
  clusterName,
  createClusterInput,
  deleteClusterInput,
  scaleClusterInput,
  upgradeClusterInput,
} from "@/lib/validation/cluster.ts";
import { saveRegistryConnectionInput } from "@/lib/validation/registry.ts";
import { repositoryListQuerySchema, tagListQuerySchema } from "@/lib/validation/registry-browse.ts";
import { PRIVATE, problem, problemOf } from "./problem.ts";
import type { ApiRoute } from "./route.ts";
import * as S from "./schemas.ts";

const READ = { write: false };
const WRITE = { write: true };

const teamSlug = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/)
  .describe("the team's slug");
const teamParams = z.object({ team: teamSlug });
const clusterParams = z.object({ team: teamSlug, name: clusterName.describe("the cluster's name") });
const dryRunQuery = z.object({
  dryRun: z
    .enum(["true", "false"])
    .optional()
    .describe("true: the API server checks the change and nothing is changed (nor audited)"),
});

const IF_MATCH = {
  name: "If-Match" as const,
  required: true,
  description:
    "the cluster's `fingerprint` (its ETag) from GET: refused with 412 when the topology changed since",
};
const IDEMPOTENCY_KEY = {
  name: "Idempotency-Key" as const,
  required: false,
  description:
    "a retry with the same key (within 24 h) gets the first answer; the same key with another body answers 422",
};

function policyOf(versions: KubernetesVersions | null, version: string) {
  if (!versions) return { status: "unknown" as const, reason: "The version data could not be read." };
  const p = policyInEnglish(evaluateVersionPolicy(version, versions, Date.now()));
  return { status: p.status, reason: p.reason };
}

function versionData(): KubernetesVersions | null {
  try {
    return loadKubernetesVersions();
  } catch (err) {
    logger.warn({ event: "api.versions", err: (err as Error).message }, "version data unreadable");
    return null;
  }
}

function clusterRow(c: Cluster, versions: KubernetesVersions | null) {
  // The API does not read add-on releases yet (#17), so it names no add-on problems rather than
  // an empty list that would read as "none".
  const { addonProblems: _unread, ...row } = clusterStatusRow(c);
  return { ...row, versionPolicy: policyOf(versions, row.version) };
}

// The chain's actions the routes run: the same domain functions as the pages' server actions.

const listTeams = userAction({
  schema: z.object({}),
  name: "api.teams.list",
  run: async ({ user }) => ({
    teams: (await myTeams(user)).map((t) => ({
      slug: t.slug,
      displayName: t.displayName,
      namespace: t.namespace,
      role: t.role,
      maxWorkerNodes: t.maxWorkerNodes,
    })),
  }),
});

const listClasses = teamAction({
  schema: teamParams,
  name: "api.classes.list",
  needs: "viewer",
  run: async ({ user, team }) => ({
    classes: (await offersFor(user, team)).map((o) => ({
      name: o.name,
      stack: o.stack,
      release: o.release,
      versions: o.versions,
      workerClasses: o.workerClasses,
      variables: o.variables.map((v) => ({
        name: v.name,
        required: v.required,
        group: v.group,
        schema: v.schema as Record<string, unknown>,
      })),
      ready: o.ready,
    })),
  }),
});

const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(100).describe("page size (1 to 500)"),
  cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
});

const listClusters = teamAction({
  schema: teamParams.extend(listQuery.shape),
  name: "api.clusters.list",
  needs: "viewer",
  run: async ({ user, team, input }) => {
    const after = input.cursor ? Buffer.from(input.cursor, "base64url").toString() : "";
    const all = (await teamClusters(user.identity, team.namespace))
      .filter((c) => c.metadata.name > after)
      .sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
    const page = all.slice(0, input.limit);
    const versions = versionData();
    const last = page.at(-1);
    return {
      clusters: page.map((c) => clusterRow(c, versions)),
      nextCursor:
        all.length > page.length && last ? Buffer.from(last.metadata.name).toString("base64url") : null,
    };
  },
});

const getOne = teamAction({
  schema: clusterParams,
  name: "api.clusters.get",
  needs: "viewer",
  run: async ({ user, team, input }) => {
    const c = await getCluster(user.identity, team.namespace, input.name);
    return {
      cluster: clusterRow(c, versionData()),
      fingerprint: topologyFingerprint(c.spec.topology),
      topology: (c.spec.topology ?? {}) as Record<string, unknown>,
      // Named fields only: conditions carry whatever a controller adds, the contract says what we send.
      conditions: conditionsOf(c).map((x) => ({
        type: x.type,
        status: x.status,
        ...(x.reason !== undefined ? { reason: x.reason } : {}),
        ...(x.message !== undefined ? { message: x.message } : {}),
        ...(x.severity !== undefined ? { severity: x.severity } : {}),
        ...(x.lastTransitionTime !== undefined ? { lastTransitionTime: x.lastTransitionTime } : {}),
      })),
      scale: { controlPlaneReplicas: c.spec.topology?.controlPlane?.replicas ?? 0, workers: poolsOf(c) },
    };
  },
});

const previewCreate = teamAction({
  schema: createClusterInput,
  name: "api.clusters.preview",
  needs: "member",
  run: async (ctx) => ({ dryRun: true as const, ...(await previewClusterCreate(ctx, ctx.input)) }),
});

const create = teamAction({
  schema: createClusterInput,
  name: "api.clusters.create",
  needs: "member",
  run: (ctx) => createTeamCluster(ctx, ctx.input),
});

/**
 * A change the API runs for real or as a dry run (`?dryRun=true`), as the pair of chain actions the
 * route picks from: the member role, and `dryRun` echoed in the answer beside the change's review.
 */
function changeActions<S extends z.ZodType<{ team: string }>, R extends object>(
  schema: S,
  name: string,
  change: (ctx: TeamActionContext<z.infer<S>>, mode: { dryRun: boolean }) => Promise<R>,
) {
  const action = (dryRun: boolean) =>
    teamAction({
      schema,
      name,
      needs: "member",
      run: async (ctx) => ({ dryRun, ...(await change(ctx, { dryRun })) }),
    });
  return { true: action(true), false: action(false) };
}

const scaleActions = changeActions(scaleClusterInput, "api.clusters.scale", (ctx, mode) =>
  scaleCluster(ctx, ctx.input, mode),
);
const upgradeActions = changeActions(upgradeClusterInput, "api.clusters.upgrade", (ctx, mode) =>
  upgradeCluster(ctx, ctx.input, mode),
);
const removeActions = changeActions(deleteClusterInput, "api.clusters.delete", (ctx, mode) =>
  removeCluster(ctx, ctx.input.name, mode),
);
const addonActions = changeActions(clusterAddonInput, "api.clusters.addon", (ctx, mode) =>
  changeClusterAddon(ctx, ctx.input, mode),
);
const clusterAddonParams = clusterParams.extend({
  addon: addonId.describe("the add-on's id in the catalog"),
});

const kubeconfigQuery = z.object({
  type: z
    .enum(["oidc", "admin"])
    .optional()
    .describe("oidc (kubelogin, no credential; the default where the cluster has OIDC settings) or admin"),
});

const kubeconfig = teamAction({
  schema: clusterParams.extend(kubeconfigQuery.shape),
  name: "api.clusters.kubeconfig",
  needs: "viewer",
  run: (ctx) => {
    // A token capped below admin gets no cluster-admin credential, whatever its user may read.
    if (ctx.input.type === "admin" && ctx.user.token && !roleAtLeast(ctx.team.role, "admin"))
      throw new ActionError("This token does not allow the admin kubeconfig.", {}, {}, "forbidden");
    return issueKubeconfig(ctx, ctx.input.name, ctx.input.type ?? null);
  },
});

// The registry pages' own queries and domain functions (lib/registry/browse.ts), one page at a time.

const repositoryParams = teamParams.extend({
  repository: repositoryNameSchema.describe(
    "the repository's full name, URL-encoded (`team-a%2Fapp`); its slashes may also stay as they are",
  ),
});

/** The team's registry, opened; a team without a connection has no registry to read. */
async function registryOf(teamId: string) {
  const reg = await teamRegistry(getDb(), teamId);
  if (!reg) throw new ActionError("This team has no registry connection.", {}, {}, "not_found");
  return reg;
}

const paged = <T>({ items, ...page }: Paged<T>) => page;

const listRepositoryPage = teamAction({
  schema: teamParams.extend(repositoryListQuerySchema.shape),
  name: "api.registry.repositories",
  needs: "viewer",
  run: async ({ team, input }) => {
    const page = await listRepositories(await registryOf(team.id), input);
    return { repositories: page.items, ...paged(page) };
  },
});

const listTagPage = teamAction({
  schema: repositoryParams.extend(tagListQuerySchema.shape),
  name: "api.registry.tags",
  needs: "viewer",
  run: async ({ team, input }) => {
    const page = await listTags(await registryOf(team.id), input.repository, input);
    // The API says a row's problem in English; pages translate the catalog words.
    const tags = page.items.map(({ problem, ...row }) =>
      problem ? { ...row, problem: english(`registryProblems.${problem.key}`, problem.values) } : row,
    );
    return { tags, ...paged(page) };
  },
});

/**
 * The repository named by the tags route's catch-all path (`…/repositories/<name>/tags`): the
 * name URL-encoded in one segment, or with its slashes as they are.
 */
function repositoryOfPath(path: string | undefined): string | null {
  if (!path?.endsWith("/tags")) return null;
  const name = path.slice(0, -"/tags".length);
  try {
    return decodeURIComponent(name);
  } catch {
    return null;
  }
}

// Personal access tokens: the tokens page's own rules (lib/tokens/personal-tokens.ts). Only the
// user's own sign-in manages them (`needs: "session"`): a personal access token cannot.

const listTokens = teamAction({
  schema: teamParams,
  name: "api.tokens.list",
  needs: "session",
  run: async (ctx) => ({
    tokens: (await ownApiTokens(ctx)).map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.displayPrefix,
      role: t.role,
      platform: t.platform,
      createdAt: t.createdAt.toISOString(),
      expiresAt: t.expiresAt.toISOString(),
      lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
      revokedAt: t.revokedAt?.toISOString() ?? null,
    })),
  }),
});

const makeToken = teamAction({
  schema: createApiTokenInput,
  name: "api.tokens.create",
  needs: "session",
  run: (ctx) => makeApiToken(ctx, ctx.input),
});

const revokeToken = teamAction({
  schema: revokeApiTokenInput,
  name: "api.tokens.revoke",
  needs: "session",
  run: (ctx) => revokeOwnApiToken(ctx, ctx.input),
});

const tokenParams = teamParams.extend({ id: z.uuid().describe("the token's id") });
const revokeQuery = z.object({
  name: z.string().max(60).describe("the token's name, as confirmation (the tokens page asks for it too)"),
});

const auditQuerySchema = z.object({
  person: z.string().max(256).optional().describe("events of this actor (`oidc:alice`) or email"),
  cluster: z.string().max(256).optional(),
  action: z.string().max(256).optional().describe("e.g. cluster.create"),
  outcome: z.enum(["attempted", "allowed", "refused", "failed"]).optional(),
  cursor: z.string().max(256).optional(),
  dir: z.enum(["older", "newer"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50).optional(),
});

/** Path parameters and the query as one object, for schemas that read both. */
const paramsAndQuery = (params: Record<string, string>, query: URLSearchParams) => ({
  ...Object.fromEntries(query),
  ...params,
});

// Platform administration: the admin pages' operations, run by the same functions (lib/admin).

const adminTeams = platformAction({
  schema: z.object({}),
  name: "api.admin.teams.list",
  run: async (ctx) => ({ teams: await adminTeamList(ctx) }),
});
const adminCreateTeam = platformAction({
  schema: createTeamInput,
  name: "api.admin.teams.create",
  run: createTeam,
});
const adminArchiveTeam = platformAction({
  schema: archiveTeamInput,
  name: "api.admin.teams.archive",
  run: archiveTeam,
});
const adminTeamQuotas = platformAction({
  schema: teamQuotasInput,
  name: "api.admin.teams.quotas",
  run: setTeamQuotas,
});
const adminTeamGroups = platformAction({
  schema: teamGroupsInput,
  name: "api.admin.teams.groups",
  run: async (ctx) => {
    await setTeamGroups(ctx);
    return { slug: ctx.input.team };
  },
});
const adminOfferedClasses = platformAction({
  schema: offeredClassesInput,
  name: "api.admin.teams.classes",
  run: async (ctx) => {
    await setTeamOfferedClasses(ctx);
    return { slug: ctx.input.team };
  },
});
const adminCopyClass = platformAction({
  schema: copyClassInput,
  name: "api.admin.teams.classes.copy",
  run: copyTeamClusterClass,
});
const adminTeamAddons = platformAction({
  schema: teamAddonsInput,
  name: "api.admin.teams.addons",
  run: setTeamOfferedAddons,
});
const adminRegistryConnection = platformAction({
  schema: saveRegistryConnectionInput,
  name: "api.admin.teams.registry",
  run: async (ctx) => ({ robot: await saveTeamRegistryConnection(ctx) }),
});
const adminEndSessions = platformAction({
  schema: endSessionsInput,
  name: "api.admin.sessions.end",
  run: endUserSessions,
});

const subjectParams = z.object({
  subject: z.string().min(1).max(256).describe("the user's OIDC username (their sessions' subject)"),
});

/** The KaaS API, version 1: every operation, its handler and its documentation. */
export const V1_ROUTES: ApiRoute[] = [
  {
    method: "GET",
    path: "/auth/cli",
    operationId: "cliSignIn",
    tag: "auth",
    summary: "How a terminal signs in: the identity provider, its public client and the scope to ask for",
    description:
      "For `kaas login`: start the device authorization grant (RFC 8628) at the issuer's " +
      "`device_authorization_endpoint` with this client and scope, then send the access token as a bearer token. " +
      "Answers without a session or token; it names nothing secret.",
    public: true,
    ok: { status: 200, schema: S.cliSignInSchema, description: "the sign-in settings" },
    problems: [],
    handle: async () => {
      const s = oidcSettings();
      return {
        ok: true,
        data: { issuer: s.issuer, clientId: s.cliClientId, scope: s.cliScope, audience: s.apiAudience },
      };
    },
  },
  {
    method: "GET",
    path: "/teams",
    operationId: "listTeams",
    tag: "teams",
    summary: "The teams you belong to, with your role in each",
    description: "With a token: only the token's team, with at most the token's role.",
    ok: { status: 200, schema: S.teamListSchema, description: "your teams" },
    problems: [],
    handle: () => listTeams({}, READ),
  },
  {
    method: "GET",
    path: "/teams/{team}/classes",
    operationId: "listClasses",
    tag: "clusters",
    summary: "Cluster classes offered to the team, with versions, worker classes and variables",
    params: teamParams,
    ok: { status: 200, schema: S.classListSchema, description: "the offered classes" },
    problems: [403, 404, 502],
    handle: ({ params }) => listClasses(params, READ),
  },
  {
    method: "GET",
    path: "/teams/{team}/clusters",
    operationId: "listClusters",
    tag: "clusters",
    summary: "The team's clusters with health and version-policy verdict, by name, paged",
    params: teamParams,
    query: listQuery,
    ok: { status: 200, schema: S.clusterListSchema, description: "one page of clusters" },
    problems: [403, 404, 422, 502],
    handle: ({ params, query }) => listClusters(paramsAndQuery(params, query), READ),
  },
  {
    method: "POST",
    path: "/teams/{team}/clusters",
    operationId: "createCluster",
    tag: "clusters",
    summary: "Create a cluster from an offered class",
    description:
      "Checked against the class's variables, the team's node quota and, as you, by the API server. " +
      "With `?dryRun=true` answers the manifest the API server accepted, creating nothing.",
    params: teamParams,
    query: dryRunQuery,
    body: createClusterInput,
    dryRun: true,
    headers: [IDEMPOTENCY_KEY],
    ok: { status: 201, schema: S.createdSchema, description: "created (Cluster API provisions it next)" },
    dryRunOk: S.previewSchema,
    okHeaders: ["Location"],
    problems: [400, 403, 404, 409, 415, 422, 502],
    handle: ({ params, body, dryRun }) =>
      (dryRun ? previewCreate : create)({ ...body, team: params.team }, WRITE),
  },
  {
    method: "GET",
    path: "/teams/{team}/clusters/{name}",
    operationId: "getCluster",
    tag: "clusters",
    summary: "One cluster: summary, health, topology, conditions and the fingerprint for changes",
    params: clusterParams,
    ok: { status: 200, schema: S.clusterDetailSchema, description: "the cluster" },
    okHeaders: ["ETag"],
    problems: [403, 404, 422, 502],
    handle: ({ params }) => getOne(params, READ),
  },
  {
    method: "DELETE",
    path: "/teams/{team}/clusters/{name}",
    operationId: "deleteCluster",
    tag: "clusters",
    summary: "Delete a cluster (Cluster API tears it down in the background)",
    params: clusterParams,
    query: dryRunQuery,
    dryRun: true,
    ok: { status: 202, schema: S.deletedSchema, description: "deletion accepted" },
    dryRunOk: S.deletedSchema,
    problems: [403, 404, 409, 422, 502],
    handle: ({ params, dryRun }) =>
      removeActions[`${dryRun}`]({ ...params, confirmName: params.name }, WRITE),
  },
  {
    method: "POST",
    path: "/teams/{team}/clusters/{name}/scale",
    operationId: "scaleCluster",
    tag: "clusters",
    summary: "Scale the control plane and worker pools (pools added or removed too)",
    description:
      "The body is the whole desired scale: control plane replicas and every worker pool. " +
      "Guarded by `If-Match`; answers the diff of the topology.",
    params: clusterParams,
    query: dryRunQuery,
    body: scaleClusterInput,
    hidden: ["base"],
    dryRun: true,
    headers: [IF_MATCH, IDEMPOTENCY_KEY],
    ok: { status: 200, schema: S.reviewSchema, description: "scaled: the topology's diff" },
    dryRunOk: S.reviewSchema,
    problems: [400, 403, 404, 409, 412, 415, 422, 428, 502],
    handle: ({ params, body, ifMatch, dryRun }) => {
      if (!ifMatch) return Promise.resolve(preconditionRequired());
      return scaleActions[`${dryRun}`]({ ...body, ...params, base: ifMatch }, WRITE);
    },
  },
  {
    method: "POST",
    path: "/teams/{team}/clusters/{name}/upgrade",
    operationId: "upgradeCluster",
    tag: "clusters",
    summary: "Upgrade the Kubernetes version (and class, for a new cluster stack release)",
    description: "Only along an upgrade path the team's offered classes allow. Guarded by `If-Match`.",
    params: clusterParams,
    query: dryRunQuery,
    body: upgradeClusterInput,
    hidden: ["base"],
    dryRun: true,
    headers: [IF_MATCH, IDEMPOTENCY_KEY],
    ok: { status: 200, schema: S.reviewSchema, description: "upgrading: the topology's diff" },
    dryRunOk: S.reviewSchema,
    problems: [400, 403, 404, 409, 412, 415, 422, 428, 502],
    handle: ({ params, body, ifMatch, dryRun }) => {
      if (!ifMatch) return Promise.resolve(preconditionRequired());
      return upgradeActions[`${dryRun}`]({ ...body, ...params, base: ifMatch }, WRITE);
    },
  },
  {
    method: "PUT",
    path: "/teams/{team}/clusters/{name}/addons/{addon}",
    operationId: "setClusterAddon",
    tag: "clusters",
    summary: "Enable, disable or reconfigure one of the team's offered add-ons on a cluster",
    description:
      "The body is the add-on's whole wish: `enabled` and its settings (the catalog's keys). " +
      "Enabling needs what the add-on requires enabled on the same cluster; disabling is refused " +
      "while an enabled add-on needs it. Answers the diff of the cluster's add-on label and " +
      "annotations and the kubectl commands that do the same.",
    params: clusterAddonParams,
    query: dryRunQuery,
    body: clusterAddonInput,
    dryRun: true,
    ok: { status: 200, schema: S.reviewSchema, description: "changed: the diff of the add-on metadata" },
    dryRunOk: S.reviewSchema,
    problems: [400, 403, 404, 409, 415, 422, 502],
    handle: ({ params, body, dryRun }) => addonActions[`${dryRun}`]({ ...body, ...params }, WRITE),
  },
  {
    method: "GET",
    path: "/teams/{team}/clusters/{name}/kubeconfig",
    operationId: "getKubeconfig",
    tag: "clusters",
    summary: "A kubeconfig: OIDC (kubelogin) by default, admin where the API server allows; audited",
    params: clusterParams,
    query: kubeconfigQuery,
    ok: {
      status: 200,
      schema: z.string(),
      contentType: "application/yaml",
      description: "the kubeconfig file",
    },
    problems: [403, 404, 409, 422, 502],
    handle: async ({ params, query }) => {
      const result = await kubeconfig(paramsAndQuery(params, query), READ);
      if (!result.ok) return result;
      return {
        response: new Response(result.data.text, {
          headers: {
            ...PRIVATE,
            "content-type": "application/yaml; charset=utf-8",
            "content-disposition": `attachment; filename="${result.data.fileName}"`,
            "x-content-type-options": "nosniff",
          },
        }),
      };
    },
  },
  {
    method: "GET",
    path: "/teams/{team}/audit",
    operationId: "listAudit",
    tag: "audit",
    summary: "The team's audit log, newest first, paged by cursor and filtered",
    params: teamParams,
    query: auditQuerySchema,
    ok: { status: 200, schema: S.auditPageSchema, description: "one page of events" },
    problems: [400, 404, 422],
    handle: async ({ params, query }) => {
      const parsed = teamParams.safeParse(params);
      if (!parsed.success) return { response: problem(404, "Team not found.") };
      const access = await auditScopeForRequest({ team: parsed.data.team });
      if (!access.ok) {
        return {
          ok: false,
          kind: access.status === 401 ? "unauthenticated" : "not_found",
          formError: access.status === 401 ? "Sign in, or send a valid API token." : "Team not found.",
          fieldErrors: {},
        };
      }
      const checked = auditQuerySchema.safeParse(Object.fromEntries(query));
      if (!checked.success) {
        return {
          response: problemOf({
            ok: false,
            kind: "invalid",
            formError: "Some query parameters are not valid.",
            fieldErrors: Object.fromEntries(checked.error.issues.map((i) => [i.path.join("."), i.message])),
          }),
        };
      }
      try {
        const page = await listAuditEvents(
          getDb(),
          auditFilterFor(access.scope, parseAuditQuery(query), checked.data.limit ?? 50),
        );
        return { ok: true, data: page };
      } catch (err) {
        if (err instanceof InvalidAuditCursorError)
          return { response: problem(400, "The cursor is not one this API gave out.") };
        throw err;
      }
    },
  },
  ...registryRoutes(),
  ...tokenRoutes(),
  ...adminRoutes(),
];

function tokenRoutes(): ApiRoute[] {
  const description =
    "With your own sign-in only (a console session, or an OIDC access token such as `kaas login` gets); a personal access token is refused.";
  return [
    {
      method: "GET",
      path: "/teams/{team}/tokens",
      operationId: "listTokens",
      tag: "tokens",
      summary: "Your personal access tokens for the team, newest first, revoked ones included",
      description,
      params: teamParams,
      ok: { status: 200, schema: S.apiTokenListSchema, description: "your tokens (never their secrets)" },
      problems: [403, 404],
      handle: ({ params }) => listTokens(params, READ),
    },
    {
      method: "POST",
      path: "/teams/{team}/tokens",
      operationId: "createToken",
      tag: "tokens",
      summary:
        "Make a personal access token for the team, at most your role; the token is in this answer only",
      description: `${description} Platform tokens are made on the console's tokens page.`,
      params: teamParams,
      body: createApiTokenInput,
      ok: { status: 201, schema: S.apiTokenMadeSchema, description: "made: keep the token now" },
      problems: [400, 403, 404, 415, 422],
      handle: ({ params, body }) => makeToken({ ...body, team: params.team }, WRITE),
    },
    {
      method: "DELETE",
      path: "/teams/{team}/tokens/{id}",
      operationId: "revokeToken",
      tag: "tokens",
      summary: "Revoke one of your tokens: refused at once from then on",
      description,
      params: tokenParams,
      query: revokeQuery,
      ok: { status: 200, schema: S.apiTokenRevokedSchema, description: "revoked" },
      problems: [403, 404, 409, 422],
      handle: ({ params, query }) => {
        const name = query.get("name") ?? "";
        return revokeToken({ team: params.team, id: params.id, name, confirmName: name }, WRITE);
      },
    },
  ];
}

function adminRoutes(): ApiRoute[] {
  const description =
    "Platform admins only: a console session, or a personal access token made for the platform (an OIDC access token from kaas login is refused). " +
    "Other sessions get 404 (as the admin pages answer), other bearer tokens 403.";
  const groups =
    "Groups are the IdP's group names, separated by commas or spaces, as the admin form takes them.";
  return [
    {
      method: "GET",
      path: "/admin/teams",
      operationId: "adminListTeams",
      tag: "admin",
      summary: "Every active team with its groups, quotas and cluster count",
      description,
      ok: { status: 200, schema: S.adminTeamListSchema, description: "the teams" },
      problems: [403, 404, 502],
      handle: () => adminTeams({}, READ),
    },
    {
      method: "POST",
      path: "/admin/teams",
      operationId: "adminCreateTeam",
      tag: "admin",
      summary: "Create a team: its namespace, role bindings to its groups, cluster quota and record",
      description: `${description} ${groups} An archived team of the same slug comes back.`,
      body: createTeamInput,
      ok: { status: 201, schema: S.teamCreatedSchema, description: "created" },
      problems: [400, 403, 404, 409, 415, 422, 502],
      handle: ({ body }) => adminCreateTeam(body, WRITE),
    },
    {
      method: "DELETE",
      path: "/admin/teams/{team}",
      operationId: "adminArchiveTeam",
      tag: "admin",
      summary: "Archive a team without clusters: nobody keeps access; its namespace and history stay",
      description,
      params: teamParams,
      ok: { status: 200, schema: S.teamArchivedSchema, description: "archived" },
      problems: [403, 404, 409, 422, 502],
      handle: ({ params }) => adminArchiveTeam({ team: params.team, confirm: params.team }, WRITE),
    },
    {
      method: "PUT",
      path: "/admin/teams/{team}/quotas",
      operationId: "adminSetTeamQuotas",
      tag: "admin",
      summary: "Set the team's cluster quota (a ResourceQuota) and node quota; null: no limit",
      description,
      params: teamParams,
      body: teamQuotasInput,
      ok: { status: 200, schema: S.teamQuotasSetSchema, description: "set" },
      problems: [400, 403, 404, 409, 415, 422, 502],
      handle: ({ params, body }) => adminTeamQuotas({ ...body, team: params.team }, WRITE),
    },
    {
      method: "PUT",
      path: "/admin/teams/{team}/groups",
      operationId: "adminSetTeamGroups",
      tag: "admin",
      summary: "Map IdP groups to the team's roles (its role bindings and record)",
      description: `${description} ${groups}`,
      params: teamParams,
      body: teamGroupsInput,
      ok: { status: 200, schema: S.teamGroupsSetSchema, description: "set" },
      problems: [400, 403, 404, 409, 415, 422, 502],
      handle: ({ params, body }) => adminTeamGroups({ ...body, team: params.team }, WRITE),
    },
    {
      method: "PUT",
      path: "/admin/teams/{team}/classes",
      operationId: "adminSetTeamClasses",
      tag: "admin",
      summary: "Choose the classes and cluster stacks the team is offered (none chosen: all)",
      description,
      params: teamParams,
      body: offeredClassesInput,
      ok: { status: 200, schema: S.classesOfferedSchema, description: "set" },
      problems: [400, 403, 404, 415, 422],
      handle: ({ params, body }) => adminOfferedClasses({ ...body, team: params.team }, WRITE),
    },
    {
      method: "POST",
      path: "/admin/teams/{team}/classes/copy",
      operationId: "adminCopyClass",
      tag: "admin",
      summary: "Copy a ClusterClass and its templates from another namespace into the team's",
      description: `${description} Refused (nothing copied) when the team's namespace holds one of them with another spec.`,
      params: teamParams,
      body: copyClassInput,
      ok: { status: 200, schema: S.classCopiedSchema, description: "copied" },
      problems: [400, 403, 404, 409, 415, 422, 502],
      handle: ({ params, body }) => adminCopyClass({ ...body, team: params.team }, WRITE),
    },
    {
      method: "PUT",
      path: "/admin/teams/{team}/addons",
      operationId: "adminSetTeamAddons",
      tag: "admin",
      summary: "Choose the add-ons of the platform's catalog the team is offered",
      description: `${description} An add-on taken away is uninstalled from the team's clusters.`,
      params: teamParams,
      body: teamAddonsInput,
      ok: { status: 200, schema: S.teamAddonsSetSchema, description: "set" },
      problems: [400, 403, 404, 409, 415, 422, 502],
      handle: ({ params, body }) => adminTeamAddons({ ...body, team: params.team }, WRITE),
    },
    {
      method: "PUT",
      path: "/admin/teams/{team}/registry",
      operationId: "adminSaveRegistryConnection",
      tag: "admin",
      summary: "Set the team's registry connection; the secret is write-only (left out: kept, null: removed)",
      description: `${description} The URL is the platform's to choose; the console never fetches a URL a team member gives.`,
      params: teamParams,
      body: saveRegistryConnectionInput,
      ok: { status: 200, schema: S.registryConnectionSavedSchema, description: "saved" },
      problems: [400, 403, 404, 415, 422, 502],
      handle: ({ params, body }) => adminRegistryConnection({ ...body, team: params.team }, WRITE),
    },
    {
      method: "DELETE",
      path: "/admin/users/{subject}/sessions",
      operationId: "adminEndSessions",
      tag: "admin",
      summary: "End every console session of a user and revoke their personal access tokens",
      description,
      params: subjectParams,
      ok: { status: 200, schema: S.sessionsEndedSchema, description: "ended" },
      problems: [403, 404, 422],
      handle: ({ params }) => adminEndSessions({ subject: params.subject }, WRITE),
    },
  ];
}

function registryRoutes(): ApiRoute[] {
  return [
    {
      method: "GET",
      path: "/teams/{team}/registry/repositories",
      operationId: "listRepositories",
      tag: "registry",
      summary:
        "The team's repositories in its registry, searched, sorted and paged as the registry page does",
      description:
        "Sorting by push time or pulls, and `severity=high`, need a Harbor registry; an unknown value falls back to the default.",
      params: teamParams,
      query: repositoryListQuerySchema,
      ok: { status: 200, schema: S.repositoryPageSchema, description: "one page of repositories" },
      problems: [403, 404, 502],
      handle: ({ params, query }) => listRepositoryPage(paramsAndQuery(params, query), READ),
    },
    {
      method: "GET",
      path: "/teams/{team}/registry/repositories/{repository}/tags",
      operationId: "listTags",
      tag: "registry",
      summary: "One page of a repository's tags with digest, size, platforms and times (and Harbor's scan)",
      params: repositoryParams,
      query: tagListQuerySchema,
      ok: { status: 200, schema: S.tagPageSchema, description: "one page of tags" },
      problems: [403, 404, 422, 502],
      handle: async ({ params, query }) => {
        const repository = repositoryOfPath(params.path);
        if (repository === null)
          return { response: problem(404, "No such API operation: see /api/v1/openapi.json.") };
        return listTagPage({ ...Object.fromEntries(query), team: params.team, repository }, READ);
      },
    },
  ];
}

function preconditionRequired() {
  return {
    response: problem(428, "Send If-Match with the cluster's fingerprint (its ETag from GET)."),
  };
}

/** The operation for a method and OpenAPI path. */
export function v1Route(method: ApiRoute["method"], path: string): ApiRoute {
  const route = V1_ROUTES.find((r) => r.method === method && r.path === path);
  if (!route) throw new Error(`no API route ${method} ${path}`);
  return route;
}

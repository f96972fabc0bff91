#!/usr/bin/env node
/**
 * `kaas`: the KaaS Console from a terminal, over its API (/api/v1). Run by the project's Node 24,
 * which runs TypeScript directly. `kaas --help` for the commands.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { addonWishFromFlags, parseKaasArgs, type ScaleState, scaleFromFlags } from "./args.ts";
import { bashCompletion, zshCompletion } from "./completion.ts";
import { configPath, readConfig, writeConfig } from "./config.ts";
import { type Output, print } from "./format.ts";
import { ApiFailure, type Client, call, EXIT, readEvents, send } from "./http.ts";
import { deviceLogin, freshLogin } from "./login.ts";
import { type ClassVariable, variablesFromFlags, variablesHelp } from "./variables.ts";

const HELP = `kaas: KaaS Console from the command line

  kaas login --server URL                       sign in at the console's identity provider (device code)
  kaas login --server URL --token kaas_pat_…   or store a personal access token (API tokens page of your team)
  kaas teams                                    teams you belong to (with a token: its team)
  kaas classes --team T                         cluster classes offered to the team
  kaas clusters list --team T                   clusters with health and version policy
  kaas clusters get NAME --team T
  kaas clusters create -f cluster.yaml --team T [--var NAME=VALUE]… [--dry-run] [--idempotency-key K]
  kaas clusters create NAME --team T --class C [--version V] [--control-plane N] [--pool NAME=REPLICAS]… [--var NAME=VALUE]…
  kaas clusters create --team T --class C --help   the class's variables: type, bounds, default
  kaas clusters scale NAME --team T [--control-plane N] [--pool NAME=REPLICAS]… [--add-pool NAME=REPLICAS:CLASS]…
                    [--remove-pool NAME]… [--autoscale NAME=MIN-MAX|NAME=off]… [--dry-run]
  kaas clusters upgrade NAME --team T --version vX.Y.Z [--class CLASS] [--dry-run]
  kaas clusters delete NAME --team T --yes [--dry-run]
  kaas clusters addon NAME ADDON --team T --enable [--set KEY=VALUE]… | --disable [--dry-run]
                    an offered add-on on or off; --set gives all its settings (the rest: defaults)
  kaas clusters kubeconfig NAME --team T [--type oidc|admin] [--out FILE]
  kaas clusters watch --team T [--timeout SECONDS]
  kaas registry repos --team T [--q TEXT] [--sort name|-name|pushed|-pushed|pulls|-pulls] [--page N]
  kaas registry tags REPOSITORY --team T [--sort name|-name|pushed|-pushed|pulled|-pulled] [--page N]
  kaas tokens list --team T                     your personal access tokens (needs kaas login, not a token)
  kaas tokens create NAME --team T --role viewer|member|admin [--expires-in-days N]   prints the token once
  kaas tokens revoke NAME --team T
  kaas audit --team T [--cluster C] [--action A] [--person P] [--outcome O] [--limit N]

  kaas admin teams                              platform admins: every team with groups, quotas, clusters
  kaas admin teams create SLUG --display-name NAME [--admin-group G]… [--member-group G]… [--viewer-group G]…
                    [--max-clusters N] [--max-nodes N]
  kaas admin teams quotas SLUG --max-clusters N|none --max-nodes N|none
  kaas admin teams archive SLUG --yes           a team without clusters: nobody keeps access
  kaas admin sessions end USER --yes            end a user's console sessions and revoke their tokens
    (admin needs kaas login as a platform admin, or a personal access token made for the platform)

  kaas completion bash|zsh                      shell completion: source <(kaas completion bash)

  -o, --output table|json|yaml   (default table)
  --server, --token              override the stored login (or KAAS_SERVER, KAAS_TOKEN)

Exit codes: 0 done, 1 usage, 2 refused or not found, 3 conflict or stale (changed since read), 4 server unavailable.
cluster.yaml is the API's create body: name, className, version, controlPlaneReplicas, workers[], variables{}.
`;

class Usage extends Error {}

const { values: opt, positionals } = (() => {
  try {
    return parseKaasArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`kaas: ${(err as Error).message}\n\n${HELP}`);
    process.exit(EXIT.usage);
  }
})();

const output = opt.output as Output;

async function client(): Promise<Client> {
  const stored = readConfig();
  // Empty values count as unset (a script exporting KAAS_TOKEN= must not hide the stored login).
  const server = opt.server || process.env.KAAS_SERVER || stored?.server;
  let token = opt.token || process.env.KAAS_TOKEN || stored?.token;
  if (!token && stored?.oidc && server === stored.server) {
    // The device sign-in's access token, refreshed (and stored again) when it expires.
    const { login, refreshed } = await freshLogin(stored.oidc);
    if (refreshed) writeConfig({ server: stored.server, oidc: login });
    token = login.accessToken;
  }
  if (!server || !token) throw new Usage("Not logged in: run kaas login --server URL.");
  return { server, token };
}

function team(): string {
  if (!opt.team) throw new Usage("Name the team: --team SLUG (kaas teams lists yours).");
  return encodeURIComponent(opt.team);
}

function nameArg(i: number, what: string): string {
  const v = positionals[i];
  if (!v) throw new Usage(`Name the ${what}.`);
  return encodeURIComponent(v);
}

const out = (s: string) => process.stdout.write(s);
const dryRun = () => (opt["dry-run"] ? { dryRun: "true" } : {});

type Summary = {
  name: string;
  phase: string;
  health: string;
  className: string;
  version: string;
  controlPlane: { ready: number; desired: number };
  workers: { ready: number; desired: number };
  versionPolicy: { status: string };
};
const summaryRow = (c: Summary) => [
  c.name,
  c.health,
  c.phase,
  c.className,
  c.version,
  `${c.controlPlane.ready}/${c.controlPlane.desired}`,
  `${c.workers.ready}/${c.workers.desired}`,
  c.versionPolicy.status,
];
const SUMMARY_HEADERS = [
  "NAME",
  "HEALTH",
  "PHASE",
  "CLASS",
  "VERSION",
  "CONTROL PLANE",
  "WORKERS",
  "VERSION POLICY",
];

type Review = { dryRun: boolean; diff: { kind: "same" | "add" | "del"; text: string }[] };
function printReview(r: Review, done: string) {
  if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
  for (const l of r.diff) if (l.kind !== "same") out(`${l.kind === "add" ? "+" : "-"} ${l.text}\n`);
  out(r.dryRun ? "Dry run: the API server accepts this; nothing changed.\n" : `${done}\n`);
}

async function login() {
  const server = opt.server;
  if (!server) throw new Usage("kaas login --server URL [--token TOKEN]");
  const origin = new URL(server).origin;
  const token = opt.token || process.env.KAAS_TOKEN;
  // Without a token: the device flow at the console's identity provider, as the user.
  const oidc = token ? undefined : await deviceLogin(origin, (m) => process.stderr.write(m));
  const c = { server: origin, token: token || oidc?.accessToken || "" };
  const { teams } = await call<{ teams: { slug: string; role: string }[] }>(c, "/teams");
  writeConfig(oidc ? { server: origin, oidc } : c);
  out(
    `Logged in to ${c.server} (${teams.map((t) => `${t.slug}: ${t.role}`).join(", ") || "no team"}); saved in ${configPath()}.\n`,
  );
}

async function clusters(c: Client, sub: string | undefined) {
  const t = team();
  switch (sub) {
    case "list":
    case undefined: {
      const page = await call<{ clusters: Summary[] }>(c, `/teams/${t}/clusters`, {
        query: { limit: opt.limit, cursor: opt.cursor },
      });
      return out(
        print(output, page, () => ({ headers: SUMMARY_HEADERS, rows: page.clusters.map(summaryRow) })),
      );
    }
    case "get": {
      const d = await call<{
        cluster: Summary;
        fingerprint: string;
        conditions: { type: string; status: string; reason?: string; message?: string }[];
      }>(c, `/teams/${t}/clusters/${nameArg(2, "cluster")}`);
      if (output !== "table") return out(print(output, d, () => ({ headers: [], rows: [] })));
      out(print(output, d, () => ({ headers: SUMMARY_HEADERS, rows: [summaryRow(d.cluster)] })));
      out(`\nfingerprint (If-Match): ${d.fingerprint}\n\n`);
      return out(
        print("table", d.conditions, () => ({
          headers: ["CONDITION", "STATUS", "REASON", "MESSAGE"],
          rows: d.conditions.map((x) => [x.type, x.status, x.reason ?? "", x.message ?? ""]),
        })),
      );
    }
    case "create": {
      const body = await createBody(c, t);
      const res = await call<Record<string, unknown>>(c, `/teams/${t}/clusters`, {
        method: "POST",
        body,
        query: dryRun(),
        headers: opt["idempotency-key"] ? { "idempotency-key": opt["idempotency-key"] } : {},
      });
      if (output !== "table") return out(print(output, res, () => ({ headers: [], rows: [] })));
      if (res.dryRun) return out(`${res.yaml}\nDry run: the API server accepts this; nothing created.\n`);
      return out(`Cluster ${res.name} created; kaas clusters watch --team ${opt.team} follows it.\n`);
    }
    case "scale": {
      const name = nameArg(2, "cluster");
      const d = await call<{ fingerprint: string; scale: ScaleState }>(c, `/teams/${t}/clusters/${name}`);
      const scale = scaleFromFlags(d.scale, opt);
      if ("error" in scale) throw new Usage(scale.error);
      const r = await call<Review>(c, `/teams/${t}/clusters/${name}/scale`, {
        method: "POST",
        body: scale,
        query: dryRun(),
        headers: { "if-match": `"${d.fingerprint}"` },
      });
      return printReview(r, `Cluster ${decodeURIComponent(name)} scaling.`);
    }
    case "upgrade": {
      const name = nameArg(2, "cluster");
      if (!opt.version) throw new Usage("kaas clusters upgrade NAME --team T --version vX.Y.Z [--class C]");
      const d = await call<{ fingerprint: string; cluster: { className: string } }>(
        c,
        `/teams/${t}/clusters/${name}`,
      );
      const r = await call<Review>(c, `/teams/${t}/clusters/${name}/upgrade`, {
        method: "POST",
        body: { version: opt.version, className: opt.class ?? d.cluster.className },
        query: dryRun(),
        headers: { "if-match": `"${d.fingerprint}"` },
      });
      return printReview(r, `Cluster ${decodeURIComponent(name)} upgrading to ${opt.version}.`);
    }
    case "delete": {
      const name = nameArg(2, "cluster");
      if (!opt.yes && !opt["dry-run"])
        throw new Usage(`Deleting ${decodeURIComponent(name)} cannot be undone: add --yes.`);
      const r = await call<{ name: string; dryRun: boolean }>(c, `/teams/${t}/clusters/${name}`, {
        method: "DELETE",
        query: dryRun(),
      });
      if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
      return out(
        r.dryRun
          ? `Dry run: the API server would delete ${r.name}.\n`
          : `Cluster ${r.name} is being deleted.\n`,
      );
    }
    case "addon": {
      const name = nameArg(2, "cluster");
      const addon = nameArg(3, "add-on");
      const wish = addonWishFromFlags(opt);
      if ("error" in wish) throw new Usage(wish.error);
      const r = await call<Review>(c, `/teams/${t}/clusters/${name}/addons/${addon}`, {
        method: "PUT",
        body: wish,
        query: dryRun(),
      });
      const which = decodeURIComponent(addon);
      return printReview(
        r,
        `${which} ${wish.enabled ? "enabled" : "disabled"} on ${decodeURIComponent(name)}; the add-on provider installs or removes it.`,
      );
    }
    case "kubeconfig": {
      const res = await send(c, `/teams/${t}/clusters/${nameArg(2, "cluster")}/kubeconfig`, {
        query: { type: opt.type },
      });
      const text = await res.text();
      if (opt.out) {
        writeFileSync(opt.out, text, { mode: 0o600 });
        return out(`Kubeconfig written to ${opt.out}.\n`);
      }
      return out(text);
    }
    case "watch":
      return watch(c);
    default:
      throw new Usage(`Unknown: kaas clusters ${sub}`);
  }
}

type Offer = {
  name: string;
  versions: string[];
  workerClasses: { name: string }[];
  variables: ClassVariable[];
};

/** The class offered to the team under `name`, or a usage error naming those that are. */
async function offeredClass(c: Client, t: string, name: string): Promise<Offer> {
  const { classes } = await call<{ classes: Offer[] }>(c, `/teams/${t}/classes`);
  const offer = classes.find((x) => x.name === name);
  if (!offer)
    throw new Usage(`No class ${name} for this team; offered: ${classes.map((x) => x.name).join(", ")}`);
  return offer;
}

/**
 * The create body: the file's (`-f`), or one built from flags with the class's defaults (first
 * offered version, one pool of its first worker class); `--var` values over either, read by the
 * types the class declares.
 */
async function createBody(c: Client, t: string): Promise<Record<string, unknown>> {
  let body: Record<string, unknown>;
  if (opt.file) {
    const text = opt.file === "-" ? readFileSync(0, "utf8") : readFileSync(opt.file, "utf8");
    const parsed = parseYaml(text) as unknown;
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed))
      throw new Usage(`${opt.file} is not a cluster: a mapping of name, className, version, …`);
    body = parsed as Record<string, unknown>;
    if (!opt.var?.length) return body;
  } else {
    const name = positionals[2] ?? opt.name;
    if (!name || !opt.class)
      throw new Usage(
        "kaas clusters create -f cluster.yaml --team T, or kaas clusters create NAME --team T --class C",
      );
    body = { name, className: opt.class };
  }
  const className = typeof body.className === "string" ? body.className : (opt.class ?? "");
  const offer = await offeredClass(c, t, className);
  if (!opt.file) {
    const workerClass = offer.workerClasses[0]?.name ?? "";
    const pools = (opt.pool ?? ["md-0=1"]).map((p) => {
      const m = /^([^=]+)=(\d+)$/.exec(p);
      if (!m) throw new Usage(`--pool NAME=REPLICAS, not ${p}`);
      return { name: m[1], class: workerClass, replicas: Number(m[2]) };
    });
    body = {
      ...body,
      version: opt.version ?? offer.versions[0],
      controlPlaneReplicas: Number(opt["control-plane"] ?? 1),
      workers: pools,
    };
  }
  const vars = variablesFromFlags(
    opt.var ?? [],
    offer.variables,
    (body.variables ?? {}) as Record<string, unknown>,
  );
  if ("error" in vars) throw new Usage(vars.error);
  return { ...body, variables: vars.variables };
}

/** The live stream as a table that changes in place (a terminal), or one line per change (a pipe). */
async function watch(c: Client) {
  const { teams } = await call<{ teams: { slug: string; namespace: string }[] }>(c, "/teams");
  const t = teams.find((x) => x.slug === opt.team);
  if (!t) throw new ApiFailure(404, "Team not found.");
  type Obj = {
    metadata: { uid: string; name: string; deletionTimestamp?: string };
    spec?: { topology?: { version?: string; classRef?: { name?: string }; class?: string } };
    status?: {
      phase?: string;
      controlPlane?: { readyReplicas?: number; desiredReplicas?: number };
      workers?: { readyReplicas?: number; desiredReplicas?: number };
    };
  };
  const rows = new Map<string, string[]>();
  const line = (o: Obj) => [
    o.metadata.name,
    o.metadata.deletionTimestamp ? "Deleting" : (o.status?.phase ?? "Pending"),
    o.spec?.topology?.version ?? "",
    `${o.status?.controlPlane?.readyReplicas ?? 0}/${o.status?.controlPlane?.desiredReplicas ?? 0}`,
    `${o.status?.workers?.readyReplicas ?? 0}/${o.status?.workers?.desiredReplicas ?? 0}`,
  ];
  const headers = ["NAME", "PHASE", "VERSION", "CONTROL PLANE", "WORKERS"];
  const tty = process.stdout.isTTY;
  const redraw = () => {
    const sorted = [...rows.values()].sort((a, b) => (a[0] ?? "").localeCompare(b[0] ?? ""));
    out(`\x1b[H\x1b[2J${print("table", null, () => ({ headers, rows: sorted }))}`);
  };
  const changed = (cells: string[], type: string) => {
    if (tty) return redraw();
    out(`${new Date().toISOString()}  ${type.padEnd(8)}  ${cells.join("  ")}\n`);
  };
  const abort = new AbortController();
  const seconds = Number(opt.timeout ?? 0);
  if (seconds > 0) setTimeout(() => abort.abort(), seconds * 1000).unref();
  process.on("SIGINT", () => abort.abort());
  try {
    await readEvents(
      c,
      "/stream",
      { kinds: "clusters", namespaces: t.namespace },
      (event, data) => {
        if (event === "snapshot") {
          const snap = JSON.parse(data) as { items: Obj[] };
          rows.clear();
          for (const o of snap.items) rows.set(o.metadata.uid, line(o));
          if (tty) redraw();
          else for (const r of rows.values()) out(`${new Date().toISOString()}  listed    ${r.join("  ")}\n`);
        } else if (event === "change") {
          const ch = JSON.parse(data) as { type: string; object: Obj };
          const cells = line(ch.object);
          if (ch.type === "DELETED") rows.delete(ch.object.metadata.uid);
          else rows.set(ch.object.metadata.uid, cells);
          changed(cells, ch.type.toLowerCase());
        } else if (event === "end") {
          process.stderr.write("kaas: the console ended the stream (signed out or identity changed).\n");
        }
      },
      abort.signal,
    );
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  }
}

type RepositoryRow = {
  name: string;
  tagCount?: number;
  artifactCount?: number;
  updatedAt?: string;
  scan?: { severity?: string; status: string };
};
type TagRow = {
  tags: string[];
  digest?: string;
  size?: number;
  platforms: string[];
  pushed?: string;
  created?: string;
  scan?: { severity?: string; status: string };
  problem?: string;
};
type RegistryPage = { page: number; hasNext: boolean; total?: number };

async function registry(c: Client, sub: string | undefined) {
  const t = team();
  const more = (p: RegistryPage) => {
    if (p.hasNext && output === "table") out(`(more: --page ${p.page + 1})\n`);
  };
  switch (sub) {
    case "repos":
    case undefined: {
      const p = await call<RegistryPage & { repositories: RepositoryRow[] }>(
        c,
        `/teams/${t}/registry/repositories`,
        {
          query: { q: opt.q, sort: opt.sort, page: opt.page },
        },
      );
      out(
        print(output, p, () => ({
          headers: ["REPOSITORY", "TAGS", "ARTIFACTS", "LAST PUSH", "SCAN"],
          rows: p.repositories.map((r) => [
            r.name,
            r.tagCount ?? "",
            r.artifactCount ?? "",
            r.updatedAt ?? "",
            r.scan ? (r.scan.severity ?? r.scan.status) : "",
          ]),
        })),
      );
      return more(p);
    }
    case "tags": {
      const repo = positionals[2];
      if (!repo) throw new Usage("kaas registry tags REPOSITORY --team T (kaas registry repos lists them)");
      const p = await call<RegistryPage & { tags: TagRow[] }>(
        c,
        `/teams/${t}/registry/repositories/${encodeURIComponent(repo)}/tags`,
        { query: { sort: opt.sort, page: opt.page } },
      );
      out(
        print(output, p, () => ({
          headers: ["TAGS", "DIGEST", "SIZE", "PLATFORMS", "PUSHED", "SCAN"],
          rows: p.tags.map((r) => [
            r.tags.join(","),
            r.digest ? r.digest.slice(0, 19) : (r.problem ?? ""),
            r.size ?? "",
            r.platforms.join(","),
            r.pushed ?? r.created ?? "",
            r.scan ? (r.scan.severity ?? r.scan.status) : "",
          ]),
        })),
      );
      return more(p);
    }
    default:
      throw new Usage(`Unknown: kaas registry ${sub}`);
  }
}

type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  role: string;
  platform: boolean;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
};

async function tokens(c: Client, sub: string | undefined) {
  const t = team();
  switch (sub) {
    case "list":
    case undefined: {
      const r = await call<{ tokens: TokenRow[] }>(c, `/teams/${t}/tokens`);
      return out(
        print(output, r, () => ({
          headers: ["NAME", "PREFIX", "ROLE", "EXPIRES", "LAST USED", "STATUS"],
          rows: r.tokens.map((x) => [
            x.name,
            `${x.prefix}…`,
            x.role,
            x.expiresAt,
            x.lastUsedAt ?? "never",
            x.revokedAt ? "revoked" : Date.parse(x.expiresAt) < Date.now() ? "expired" : "active",
          ]),
        })),
      );
    }
    case "create": {
      const name = positionals[2] ?? opt.name;
      if (!name || !opt.role)
        throw new Usage("kaas tokens create NAME --team T --role viewer|member|admin [--expires-in-days N]");
      const made = await call<{ token: string; prefix: string; name: string }>(c, `/teams/${t}/tokens`, {
        method: "POST",
        body: { name, role: opt.role, expiresInDays: Number(opt["expires-in-days"] ?? 30), platform: false },
      });
      if (output !== "table") return out(print(output, made, () => ({ headers: [], rows: [] })));
      process.stderr.write(`Token ${made.name} made; it is shown only now:\n`);
      return out(`${made.token}\n`);
    }
    case "revoke": {
      const name = positionals[2] ?? opt.name;
      if (!name) throw new Usage("kaas tokens revoke NAME --team T");
      const { tokens: mine } = await call<{ tokens: TokenRow[] }>(c, `/teams/${t}/tokens`);
      const token = mine.find((x) => x.name === name && !x.revokedAt);
      if (!token) throw new ApiFailure(404, `You have no active token ${name} in this team.`);
      const r = await call<{ name: string }>(c, `/teams/${t}/tokens/${token.id}`, {
        method: "DELETE",
        query: { name },
      });
      if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
      return out(`Token ${r.name} revoked.\n`);
    }
    default:
      throw new Usage(`Unknown: kaas tokens ${sub}`);
  }
}

type AdminTeam = {
  slug: string;
  displayName: string;
  namespace: string;
  adminGroups: string[];
  memberGroups: string[];
  viewerGroups: string[];
  maxClusters: number | null;
  maxWorkerNodes: number | null;
  clusters: number;
};

/** A quota flag: a number, or `none` for no limit (the API's empty value). */
function quotaFlag(flag: "max-clusters" | "max-nodes"): string | number {
  const v = opt[flag];
  if (v === undefined || v === "none") return "";
  if (!/^\d+$/.test(v)) throw new Usage(`--${flag} takes a number or none, not ${v}`);
  return Number(v);
}

/** Platform administration (`/api/v1/admin`): teams and users' sessions. */
async function admin(c: Client, sub: string | undefined) {
  const action = positionals[2];
  const target = positionals[3];
  const slug = () => {
    if (!target) throw new Usage(`Name the team: kaas admin teams ${action} SLUG`);
    return target;
  };
  if (sub === "teams" && (action === undefined || action === "list")) {
    const r = await call<{ teams: AdminTeam[] }>(c, "/admin/teams");
    const limit = (n: number | null) => (n === null ? "none" : n);
    return out(
      print(output, r, () => ({
        headers: [
          "TEAM",
          "NAME",
          "NAMESPACE",
          "CLUSTERS",
          "MAX CLUSTERS",
          "MAX NODES",
          "ADMINS",
          "MEMBERS",
          "VIEWERS",
        ],
        rows: r.teams.map((t) => [
          t.slug,
          t.displayName,
          t.namespace,
          t.clusters,
          limit(t.maxClusters),
          limit(t.maxWorkerNodes),
          t.adminGroups.join(","),
          t.memberGroups.join(","),
          t.viewerGroups.join(","),
        ]),
      })),
    );
  }
  if (sub === "teams" && action === "create") {
    const team = slug();
    if (!opt["display-name"]) throw new Usage("kaas admin teams create SLUG --display-name NAME …");
    const r = await call<{ slug: string; quotaReady: boolean }>(c, "/admin/teams", {
      method: "POST",
      body: {
        slug: team,
        displayName: opt["display-name"],
        adminGroups: (opt["admin-group"] ?? []).join(","),
        memberGroups: (opt["member-group"] ?? []).join(","),
        viewerGroups: (opt["viewer-group"] ?? []).join(","),
        maxClusters: quotaFlag("max-clusters"),
        maxWorkerNodes: quotaFlag("max-nodes"),
      },
    });
    if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
    return out(`Team ${r.slug} created${r.quotaReady ? "" : " (its cluster quota is not enforced yet)"}.\n`);
  }
  if (sub === "teams" && action === "quotas") {
    const team = slug();
    if (opt["max-clusters"] === undefined || opt["max-nodes"] === undefined)
      throw new Usage("kaas admin teams quotas SLUG --max-clusters N|none --max-nodes N|none");
    const r = await call<{ quotaReady: boolean }>(c, `/admin/teams/${encodeURIComponent(team)}/quotas`, {
      method: "PUT",
      body: { maxClusters: quotaFlag("max-clusters"), maxWorkerNodes: quotaFlag("max-nodes") },
    });
    if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
    return out(`Quotas of ${team} set${r.quotaReady ? "" : " (the cluster quota is not enforced yet)"}.\n`);
  }
  if (sub === "teams" && action === "archive") {
    const team = slug();
    if (!opt.yes) throw new Usage(`Archiving ${team} ends everyone's access to it: add --yes.`);
    const r = await call<{ slug: string }>(c, `/admin/teams/${encodeURIComponent(team)}`, {
      method: "DELETE",
    });
    if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
    return out(`Team ${r.slug} archived.\n`);
  }
  if (sub === "sessions" && action === "end") {
    if (!target) throw new Usage("kaas admin sessions end USER --yes");
    if (!opt.yes) throw new Usage(`Ending ${target}'s sessions signs them out everywhere: add --yes.`);
    const r = await call<{ ended: number; tokens: number }>(
      c,
      `/admin/users/${encodeURIComponent(target)}/sessions`,
      { method: "DELETE" },
    );
    if (output !== "table") return out(print(output, r, () => ({ headers: [], rows: [] })));
    return out(`Ended ${r.ended} session(s) and revoked ${r.tokens} token(s) of ${target}.\n`);
  }
  throw new Usage("kaas admin teams [list|create|quotas|archive] …, or kaas admin sessions end USER --yes");
}

/** Words for shell completion: the user's teams, or a team's clusters; nothing on any failure. */
async function complete(what: string | undefined) {
  const c = await client();
  if (what === "teams") {
    const r = await call<{ teams: { slug: string }[] }>(c, "/teams");
    return out(`${r.teams.map((x) => x.slug).join("\n")}\n`);
  }
  if (what === "clusters" && opt.team) {
    const r = await call<{ clusters: { name: string }[] }>(c, `/teams/${team()}/clusters`, {
      query: { limit: "500" },
    });
    return out(`${r.clusters.map((x) => x.name).join("\n")}\n`);
  }
}

async function audit(c: Client) {
  const page = await call<{
    events: {
      at: string;
      actor: string;
      action: string;
      targetName: string | null;
      outcome: string;
      via: string;
    }[];
    nextCursor: string | null;
  }>(c, `/teams/${team()}/audit`, {
    query: {
      cluster: opt.cluster,
      action: opt.action,
      person: opt.person,
      outcome: opt.outcome,
      limit: opt.limit,
      cursor: opt.cursor,
    },
  });
  out(
    print(output, page, () => ({
      headers: ["TIME", "WHO", "VIA", "ACTION", "TARGET", "OUTCOME"],
      rows: page.events.map((e) => [
        e.at,
        e.actor,
        e.via === "api" ? "API" : "console",
        e.action,
        e.targetName ?? "",
        e.outcome,
      ]),
    })),
  );
  if (page.nextCursor && output === "table") out(`(more: --cursor ${page.nextCursor})\n`);
}

async function main(): Promise<number> {
  const [cmd0, sub0] = positionals;
  if (cmd0 === "completion") {
    if (sub0 === "bash") out(bashCompletion());
    else if (sub0 === "zsh") out(zshCompletion());
    else throw new Usage("kaas completion bash|zsh");
    return EXIT.ok;
  }
  if (cmd0 === "clusters" && sub0 === "create" && opt.help && opt.class) {
    const offer = await offeredClass(await client(), team(), opt.class);
    out(variablesHelp(offer.name, offer.variables));
    return EXIT.ok;
  }
  if (opt.help || positionals.length === 0) {
    out(HELP);
    return opt.help ? EXIT.ok : EXIT.usage;
  }
  if (!["table", "json", "yaml"].includes(output)) throw new Usage("-o is table, json or yaml");
  const [cmd, sub] = positionals;
  if (cmd === "login") {
    await login();
    return EXIT.ok;
  }
  const c = await client();
  switch (cmd) {
    case "teams": {
      const r = await call<{
        teams: { slug: string; displayName: string; role: string; namespace: string }[];
      }>(c, "/teams");
      out(
        print(output, r, () => ({
          headers: ["TEAM", "NAME", "ROLE", "NAMESPACE"],
          rows: r.teams.map((x) => [x.slug, x.displayName, x.role, x.namespace]),
        })),
      );
      return EXIT.ok;
    }
    case "classes": {
      const r = await call<{
        classes: {
          name: string;
          versions: string[];
          workerClasses: { name: string }[];
          variables: unknown[];
        }[];
      }>(c, `/teams/${team()}/classes`);
      out(
        print(output, r, () => ({
          headers: ["CLASS", "VERSIONS", "WORKER CLASSES", "VARIABLES"],
          rows: r.classes.map((x) => [
            x.name,
            x.versions.join(","),
            x.workerClasses.map((w) => w.name).join(","),
            x.variables.length,
          ]),
        })),
      );
      return EXIT.ok;
    }
    case "clusters":
      await clusters(c, sub);
      return EXIT.ok;
    case "registry":
      await registry(c, sub);
      return EXIT.ok;
    case "tokens":
      await tokens(c, sub);
      return EXIT.ok;
    case "audit":
      await audit(c);
      return EXIT.ok;
    case "admin":
      await admin(c, sub);
      return EXIT.ok;
    case "__complete":
      await complete(sub);
      return EXIT.ok;
    default:
      throw new Usage(`Unknown command ${cmd}`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof Usage) {
      process.stderr.write(`kaas: ${err.message}\n`);
      process.exit(EXIT.usage);
    }
    if (err instanceof ApiFailure) {
      process.stderr.write(`kaas: ${err.message}${err.status ? ` (HTTP ${err.status})` : ""}\n`);
      for (const e of err.errors) process.stderr.write(`  ${e.path}: ${e.message}\n`);
      process.exit(err.exitCode);
    }
    process.stderr.write(`kaas: ${(err as Error).message}\n`);
    process.exit(EXIT.unavailable);
  },
);

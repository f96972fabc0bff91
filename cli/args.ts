/**
 * The `kaas` command line: its options, the parser, and the scale flags read against the cluster
 * as it is. Kept apart from kaas.ts (which runs on import) so tests can parse the lines the console
 * prints (cli/commands.ts) with the very parser the CLI uses.
 */
import { parseArgs } from "node:util";

export const KAAS_OPTIONS = {
  help: { type: "boolean", short: "h" },
  output: { type: "string", short: "o", default: "table" },
  server: { type: "string" },
  token: { type: "string" },
  team: { type: "string", short: "t" },
  file: { type: "string", short: "f" },
  "dry-run": { type: "boolean" },
  yes: { type: "boolean", short: "y" },
  type: { type: "string" },
  out: { type: "string" },
  "control-plane": { type: "string" },
  pool: { type: "string", multiple: true },
  "add-pool": { type: "string", multiple: true },
  "remove-pool": { type: "string", multiple: true },
  autoscale: { type: "string", multiple: true },
  version: { type: "string" },
  class: { type: "string" },
  var: { type: "string", multiple: true },
  name: { type: "string" },
  q: { type: "string" },
  sort: { type: "string" },
  page: { type: "string" },
  role: { type: "string" },
  "expires-in-days": { type: "string" },
  "idempotency-key": { type: "string" },
  cluster: { type: "string" },
  action: { type: "string" },
  person: { type: "string" },
  outcome: { type: "string" },
  limit: { type: "string" },
  cursor: { type: "string" },
  timeout: { type: "string" },
  "display-name": { type: "string" },
  "max-clusters": { type: "string" },
  "max-nodes": { type: "string" },
  "admin-group": { type: "string", multiple: true },
  "member-group": { type: "string", multiple: true },
  "viewer-group": { type: "string", multiple: true },
  enable: { type: "boolean" },
  disable: { type: "boolean" },
  set: { type: "string", multiple: true },
} as const;

/** Parses a `kaas` argument list (without `node kaas.ts`); throws on unknown options. */
export function parseKaasArgs(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, options: KAAS_OPTIONS });
}

export type KaasOptions = ReturnType<typeof parseKaasArgs>["values"];

/** A worker pool as the API's cluster detail (`scale.workers`) and scale body have it. */
export type ScalePool = {
  name: string;
  class: string;
  replicas: number;
  autoscaling: { min: number; max: number } | null;
  labels: Record<string, string>;
  taints: { key: string; value: string; effect: string }[];
};
export type ScaleState = { controlPlaneReplicas: number; workers: ScalePool[] };

const COUNT = /^\d+$/;

/**
 * The scale body: the cluster's current scale with the flags applied. `--pool NAME=N` sets an
 * existing pool's replicas, `--add-pool NAME=N:CLASS` adds one (no labels or taints),
 * `--remove-pool NAME` drops one, `--autoscale NAME=MIN-MAX|off` sets or clears its autoscaler
 * bounds. Returns a message for the user on a malformed or unknown pool.
 */
export function scaleFromFlags(
  current: ScaleState,
  flags: Pick<KaasOptions, "control-plane" | "pool" | "add-pool" | "remove-pool" | "autoscale">,
): ScaleState | { error: string } {
  const scale = structuredClone(current);
  const known = () => scale.workers.map((w) => w.name).join(", ") || "none";
  const cp = flags["control-plane"];
  if (cp !== undefined) {
    if (!COUNT.test(cp)) return { error: `--control-plane takes a number, not ${cp}` };
    scale.controlPlaneReplicas = Number(cp);
  }
  for (const name of flags["remove-pool"] ?? []) {
    if (!scale.workers.some((w) => w.name === name)) return { error: `No worker pool ${name}: ${known()}` };
    scale.workers = scale.workers.filter((w) => w.name !== name);
  }
  for (const p of flags.pool ?? []) {
    const m = /^([^=]+)=(\d+)$/.exec(p);
    if (!m) return { error: `--pool NAME=REPLICAS, not ${p}` };
    const pool = scale.workers.find((w) => w.name === m[1]);
    if (!pool)
      return { error: `No worker pool ${m[1]}: ${known()} (--add-pool NAME=REPLICAS:CLASS adds one)` };
    pool.replicas = Number(m[2]);
  }
  for (const p of flags["add-pool"] ?? []) {
    const m = /^([^=]+)=(\d+):(.+)$/.exec(p);
    if (!m?.[1] || !m[3]) return { error: `--add-pool NAME=REPLICAS:CLASS, not ${p}` };
    if (scale.workers.some((w) => w.name === m[1])) return { error: `Worker pool ${m[1]} exists already` };
    scale.workers.push({
      name: m[1],
      class: m[3],
      replicas: Number(m[2]),
      autoscaling: null,
      labels: {},
      taints: [],
    });
  }
  for (const a of flags.autoscale ?? []) {
    const m = /^([^=]+)=(?:(\d+)-(\d+)|off)$/.exec(a);
    if (!m) return { error: `--autoscale NAME=MIN-MAX or NAME=off, not ${a}` };
    const pool = scale.workers.find((w) => w.name === m[1]);
    if (!pool) return { error: `No worker pool ${m[1]}: ${known()}` };
    pool.autoscaling = m[2] === undefined ? null : { min: Number(m[2]), max: Number(m[3]) };
  }
  return scale;
}

/** The body of `PUT …/addons/{addon}`: the add-on's whole wish. */
export type AddonWish = { enabled: boolean; settings: Record<string, string> };

/**
 * `kaas clusters addon` flags as the add-on's wish: exactly one of `--enable` and `--disable`;
 * `--set KEY=VALUE` (repeatable, only with `--enable`) gives its settings, all of them: a setting
 * left out takes the catalog's default. Returns a message for the user on a malformed line.
 */
export function addonWishFromFlags(
  flags: Pick<KaasOptions, "enable" | "disable" | "set">,
): AddonWish | { error: string } {
  if (!flags.enable === !flags.disable) return { error: "Say --enable or --disable." };
  const settings: Record<string, string> = {};
  for (const pair of flags.set ?? []) {
    const at = pair.indexOf("=");
    if (at < 1) return { error: `--set KEY=VALUE, not ${pair}` };
    settings[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (flags.disable && Object.keys(settings).length) return { error: "--set goes with --enable." };
  return { enabled: flags.enable === true, settings };
}

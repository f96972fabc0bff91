/**
 * The `kaas` lines the console prints beside its kubectl equivalents, built from the values a panel
 * applies. Pure and free of Node APIs (the pages import it); cli/commands.test.ts parses every line
 * with the CLI's own parser (cli/args.ts), so a printed line is one the CLI accepts.
 */
import { shellWord } from "../lib/shell.ts";
import type { ScalePool, ScaleState } from "./args.ts";

const line = (...words: string[]) => ["kaas", ...words.map(shellWord)].join(" ");

/** `kaas clusters create -f FILE`: the file is the review step's "Download NAME.kaas.yaml". */
export function kaasCreateCommand(team: string, file: string): string {
  return line("clusters", "create", "-f", file, "--team", team);
}

/** Pool fields the scale flags cannot carry: labels and taints. */
const extras = (p: ScalePool) => JSON.stringify([p.labels, p.taints]);

/**
 * `kaas clusters scale` for the change from `before` to `after` (only what changed), or null when
 * the change sets labels or taints, which the CLI's flags do not carry (the kubectl line does).
 */
export function kaasScaleCommand(
  team: string,
  name: string,
  before: ScaleState,
  after: ScaleState,
): string | null {
  const words = ["clusters", "scale", name, "--team", team];
  if (after.controlPlaneReplicas !== before.controlPlaneReplicas)
    words.push("--control-plane", String(after.controlPlaneReplicas));
  const old = new Map(before.workers.map((p) => [p.name, p]));
  const kept = new Set(after.workers.map((p) => p.name));
  for (const p of before.workers) if (!kept.has(p.name)) words.push("--remove-pool", p.name);
  for (const p of after.workers) {
    const was = old.get(p.name);
    if (!was) {
      if (p.taints.length || Object.keys(p.labels).length) return null;
      words.push("--add-pool", `${p.name}=${p.replicas}:${p.class}`);
    } else {
      if (extras(p) !== extras(was) || p.class !== was.class) return null;
      if (p.replicas !== was.replicas) words.push("--pool", `${p.name}=${p.replicas}`);
    }
    const a = p.autoscaling;
    if (JSON.stringify(a) !== JSON.stringify(was?.autoscaling ?? null))
      words.push("--autoscale", `${p.name}=${a ? `${a.min}-${a.max}` : "off"}`);
  }
  return line(...words);
}

/** `kaas clusters upgrade` to the version (and class) the panel applies. */
export function kaasUpgradeCommand(
  team: string,
  name: string,
  target: { version: string; className: string },
): string {
  return line(
    "clusters",
    "upgrade",
    name,
    "--team",
    team,
    "--version",
    target.version,
    "--class",
    target.className,
  );
}

/** `kaas clusters delete`: `--yes` stands for typing the name. */
export function kaasDeleteCommand(team: string, name: string): string {
  return line("clusters", "delete", name, "--team", team, "--yes");
}

/** `kaas clusters kubeconfig` of the given type into NAME.kubeconfig. */
export function kaasKubeconfigCommand(team: string, name: string, type: "oidc" | "admin"): string {
  return line("clusters", "kubeconfig", name, "--team", team, "--type", type, "--out", `${name}.kubeconfig`);
}

/** `kaas clusters addon`: enabling with every setting the panel applies, or disabling. */
export function kaasAddonCommand(
  team: string,
  name: string,
  addon: string,
  wish: { enabled: boolean; settings: Record<string, string> },
): string {
  const words = ["clusters", "addon", name, addon, "--team", team, wish.enabled ? "--enable" : "--disable"];
  if (wish.enabled) for (const [k, v] of Object.entries(wish.settings)) words.push("--set", `${k}=${v}`);
  return line(...words);
}

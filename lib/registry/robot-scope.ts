import type { Messages, Translatable } from "@/lib/i18n/english.ts";
import type { TeamRegistry } from "./browse.ts";
import { RegistryError } from "./errors.ts";
import type { HarborRobot } from "./harbor.ts";

/** What the console found out about a Harbor connection's account. */
export type RobotScope = {
  /** Whether Harbor told the console what the account may do. */
  checked: boolean;
  /** Sentences for the admin: each thing the account may do beyond reading the team's project. */
  warnings: RobotWarning[];
};

/** A warning about a registry account as catalog words (`robotWarnings`), said in the admin's language. */
export type RobotWarning = Translatable<keyof Messages["robotWarnings"]>;

const warn = (key: RobotWarning["key"], values: RobotWarning["values"] = {}): RobotWarning => ({
  key,
  values,
});

// Actions that change a registry; `read`, `list` and `pull` only look.
const WRITES = new Set(["push", "create", "update", "delete", "*", "operate", "stop"]);
const CONTENT = new Set(["repository", "artifact", "tag", "artifact-label", "*"]);

/** What of push, delete and change `actions` allow, as the catalog's select value (`push_delete`). */
function canText(actions: Set<string>): string | undefined {
  const can: string[] = [];
  if (actions.has("push") || actions.has("create") || actions.has("*")) can.push("push");
  if (actions.has("delete") || actions.has("*")) can.push("delete");
  if (actions.has("update")) can.push("change");
  return can.length ? can.join("_") : undefined;
}

/** The warnings for a robot account as Harbor lists it (`GET /robots`). */
export function robotWarnings(robot: HarborRobot, project: string): RobotWarning[] {
  const warnings: RobotWarning[] = [];
  if (robot.level === "system") warnings.push(warn("system"));
  const others = new Set<string>();
  let everyProject = false;
  const own = new Set<string>();
  for (const p of robot.permissions ?? []) {
    const inProject = p.kind === "project" && p.namespace === project;
    if (!inProject && (p.namespace === "*" || p.namespace === "/")) everyProject = true;
    else if (!inProject) others.add(p.namespace ?? "?");
    for (const a of p.access ?? []) {
      if (a.effect === "deny") continue;
      if (inProject && CONTENT.has(a.resource ?? "") && WRITES.has(a.action ?? "")) own.add(a.action ?? "");
    }
  }
  const can = canText(own);
  if (can) warnings.push(warn("canWrite", { can, project }));
  // Every project covers the named ones.
  if (everyProject) warnings.push(warn("everyProject", { project }));
  else if (others.size)
    warnings.push(warn("otherProjects", { project, projects: [...others].sort().join(", ") }));
  return warnings;
}

/**
 * Reads, as the connection's own account, what it may do: its robot entry (`GET /robots`, with
 * each permission's project and actions) when Harbor lets it list robots, else its permissions in
 * the team's project (`GET /users/current/permissions`). Never throws: a Harbor that says nothing
 * gives `checked: false` and one warning saying so.
 */
export async function inspectRobot(reg: TeamRegistry, username: string | null): Promise<RobotScope> {
  const harbor = reg.harbor;
  if (!harbor) return { checked: false, warnings: [] };
  if (!username)
    return {
      checked: false,
      warnings: [warn("noAccount")],
    };
  const short = username.replace(/^robot\$/, "");
  const term = short.split("+").at(-1) ?? short;
  try {
    const page = await harbor.client.robots(term);
    const robot = page.items.find((r) => r.name === username || r.name === short);
    if (robot) return { checked: true, warnings: robotWarnings(robot, harbor.project) };
  } catch (err) {
    if (
      !(err instanceof RegistryError) ||
      (err.kind !== "forbidden" && err.kind !== "unauthorized" && err.kind !== "not_found")
    )
      return unreadable();
  }
  try {
    const project = await harbor.client.project(harbor.project);
    const permissions = await harbor.client.currentPermissions(`/project/${project.project_id}`);
    const actions = new Set(
      permissions.filter((p) => CONTENT.has(p.resource ?? "")).map((p) => p.action ?? ""),
    );
    const can = canText(actions);
    return {
      checked: true,
      warnings: [
        ...(can ? [warn("canWrite", { can, project: harbor.project })] : []),
        warn("robotsNotListed"),
      ],
    };
  } catch {
    return unreadable();
  }
}

function unreadable(): RobotScope {
  return {
    checked: false,
    warnings: [warn("unreadable")],
  };
}

import type { TeamRegistry } from "./browse.ts";
import { RegistryError } from "./errors.ts";
import type { HarborRobot } from "./harbor.ts";

/** What the console found out about a Harbor connection's account. */
export type RobotScope = {
  /** Whether Harbor told the console what the account may do. */
  checked: boolean;
  /** Sentences for the admin: each thing the account may do beyond reading the team's project. */
  warnings: string[];
};

// Actions that change a registry; `read`, `list` and `pull` only look.
const WRITES = new Set(["push", "create", "update", "delete", "*", "operate", "stop"]);
const CONTENT = new Set(["repository", "artifact", "tag", "artifact-label", "*"]);

function canText(actions: Set<string>): string | undefined {
  const can: string[] = [];
  if (actions.has("push") || actions.has("create") || actions.has("*")) can.push("push");
  if (actions.has("delete") || actions.has("*")) can.push("delete");
  if (actions.has("update")) can.push("change");
  return can.length ? can.join(" and ") : undefined;
}

/** The warnings for a robot account as Harbor lists it (`GET /robots`). */
export function robotWarnings(robot: HarborRobot, project: string): string[] {
  const warnings: string[] = [];
  if (robot.level === "system")
    warnings.push("This is a system robot account: Harbor lets it act beyond the team's project.");
  const others = new Set<string>();
  const own = new Set<string>();
  for (const p of robot.permissions ?? []) {
    const inProject = p.kind === "project" && p.namespace === project;
    if (!inProject)
      others.add(p.namespace === "*" || p.namespace === "/" ? "every project" : (p.namespace ?? "?"));
    for (const a of p.access ?? []) {
      if (a.effect === "deny") continue;
      if (inProject && CONTENT.has(a.resource ?? "") && WRITES.has(a.action ?? "")) own.add(a.action ?? "");
    }
  }
  const can = canText(own);
  if (can)
    warnings.push(`The account can ${can} images in ${project}: the console only needs to pull and read.`);
  if (others.size)
    warnings.push(
      `The account reaches other projects than ${project}: ${[...others].sort().join(", ")}. Give the team an account of its own project only.`,
    );
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
      warnings: ["The connection has no account: Harbor allows anonymous pulls only from public projects."],
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
        ...(can
          ? [`The account can ${can} images in ${harbor.project}: the console only needs to pull and read.`]
          : []),
        "Harbor does not let this account list robot accounts, so whether it reaches other projects was not checked.",
      ],
    };
  } catch {
    return unreadable();
  }
}

function unreadable(): RobotScope {
  return {
    checked: false,
    warnings: [
      "Harbor did not say what this account may do: check in Harbor that it can only pull from the team's project.",
    ],
  };
}

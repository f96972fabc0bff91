import { afterEach, describe, expect, it } from "vitest";
import { english } from "@/lib/i18n/english.ts";
import { loadHarborDocument } from "../../tests/harbor/document.ts";
import { harborFixture } from "../../tests/harbor/fixture.ts";
import { type HarborTestServer, startHarborTestServer } from "../../tests/harbor/server.ts";
import { createTeamRegistry } from "./browse.ts";
import { inspectRobot, type RobotWarning, robotWarnings } from "./robot-scope.ts";

/** The warnings as the English catalog words them. */
const inEnglish = (warnings: RobotWarning[]) =>
  warnings.map((w) => english(`robotWarnings.${w.key}`, w.values));

// Robot accounts as Harbor's API document describes them (Robot, RobotPermission, Access), served
// by the tests' loopback server; no Harbor runs here.
const doc = loadHarborDocument();
const ROBOT = { username: "robot$team-a+console", password: "robot-secret" };
const pull = [
  { resource: "repository", action: "pull" },
  { resource: "artifact", action: "read" },
];

let server: HarborTestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function scopeOf(opts: {
  permissions: Record<string, unknown>[];
  robotsForbidden?: boolean;
  own?: Record<string, unknown>[];
}) {
  const data = harborFixture(doc, {
    project: "team-a",
    robot: { name: ROBOT.username, permissions: opts.permissions },
  });
  data.robotsForbidden = opts.robotsForbidden;
  if (opts.own) data.permissions["/project/7"] = opts.own;
  server = await startHarborTestServer({ doc, data, credentials: ROBOT });
  const reg = createTeamRegistry({
    key: "robot",
    kind: "harbor",
    url: server.url,
    harborProject: "team-a",
    credentials: ROBOT,
    insecure: true,
    allowPrivate: true,
  });
  const scope = await inspectRobot(reg, ROBOT.username);
  expect(server.checks.flatMap((c) => c.problems)).toEqual([]);
  return scope;
}

describe("the robot account's reach", () => {
  it("warns when the account can push and delete in the team's project", async () => {
    const scope = await scopeOf({
      permissions: [
        {
          kind: "project",
          namespace: "team-a",
          access: [
            ...pull,
            { resource: "repository", action: "push" },
            { resource: "artifact", action: "delete" },
          ],
        },
      ],
    });
    expect({ ...scope, warnings: inEnglish(scope.warnings) }).toEqual({
      checked: true,
      warnings: [
        "The account can push and delete images in team-a: the console only needs to pull and read.",
      ],
    });
  });

  it("warns when the account reaches other projects, naming them", async () => {
    const scope = await scopeOf({
      permissions: [
        { kind: "project", namespace: "team-a", access: pull },
        { kind: "project", namespace: "team-b", access: pull },
      ],
    });
    expect(inEnglish(scope.warnings)).toEqual([
      "The account reaches other projects than team-a: team-b. Give the team an account of its own project only.",
    ]);
  });

  it("falls back to the account's own permissions when it may not list robots, and says what it could not check", async () => {
    const scope = await scopeOf({
      permissions: [],
      robotsForbidden: true,
      own: [
        { resource: "repository", action: "pull" },
        { resource: "repository", action: "push" },
      ],
    });
    expect(scope.checked).toBe(true);
    expect(inEnglish(scope.warnings)).toEqual([
      "The account can push images in team-a: the console only needs to pull and read.",
      "Harbor does not let this account list robot accounts, so whether it reaches other projects was not checked.",
    ]);
  });

  it("says so when Harbor tells nothing", async () => {
    const scope = await scopeOf({ permissions: [], robotsForbidden: true });
    expect({ ...scope, warnings: inEnglish(scope.warnings) }).toEqual({
      checked: false,
      warnings: [
        "Harbor did not say what this account may do: check in Harbor that it can only pull from the team's project.",
      ],
    });
  });

  it("flags a system robot for every project", () => {
    expect(
      inEnglish(
        robotWarnings(
          {
            name: "robot$ci",
            level: "system",
            permissions: [{ kind: "project", namespace: "*", access: pull }],
          },
          "team-a",
        ),
      ),
    ).toEqual([
      "This is a system robot account: Harbor lets it act beyond the team's project.",
      "The account reaches other projects than team-a: every project. Give the team an account of its own project only.",
    ]);
  });
});

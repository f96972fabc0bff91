import { describe, expect, it } from "vitest";
import { addonWishFromFlags, parseKaasArgs, type ScaleState, scaleFromFlags } from "./args.ts";
import {
  kaasAddonCommand,
  kaasCreateCommand,
  kaasDeleteCommand,
  kaasKubeconfigCommand,
  kaasScaleCommand,
  kaasUpgradeCommand,
} from "./commands.ts";

/** Splits a printed line as a POSIX shell would (plain words and single-quoted ones). */
function shellSplit(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (const m of line.matchAll(re))
    words.push(m[1] !== undefined ? m[1].replaceAll(`'\\''`, "'") : (m[2] ?? ""));
  return words;
}

/** The line as the CLI reads it: `kaas` dropped, then the CLI's own parser. */
function parsed(line: string) {
  const [program, ...argv] = shellSplit(line);
  expect(program).toBe("kaas");
  return parseKaasArgs(argv);
}

const pool = (name: string, replicas: number, extra: Partial<ScaleState["workers"][number]> = {}) => ({
  name,
  class: "default-worker",
  replicas,
  autoscaling: null,
  labels: {},
  taints: [],
  ...extra,
});

const BEFORE: ScaleState = {
  controlPlaneReplicas: 1,
  workers: [pool("md-0", 2), pool("md-1", 1, { autoscaling: { min: 1, max: 4 } }), pool("gpu", 1)],
};

describe("kaas scale line", () => {
  it("says only what changed, and the CLI's flags turn the cluster into what the panel applies", () => {
    const after: ScaleState = {
      controlPlaneReplicas: 3,
      workers: [
        pool("md-0", 5, { autoscaling: { min: 2, max: 6 } }),
        pool("md-1", 1),
        pool("big", 2, { class: "large-worker" }),
      ],
    };
    const line = kaasScaleCommand("team-a", "web-prod", BEFORE, after);
    expect(line).toBe(
      "kaas clusters scale web-prod --team team-a --control-plane 3 --remove-pool gpu --pool md-0=5 " +
        "--autoscale md-0=2-6 --autoscale md-1=off --add-pool big=2:large-worker",
    );
    const { values, positionals } = parsed(line ?? "");
    expect(positionals).toEqual(["clusters", "scale", "web-prod"]);
    expect(values.team).toBe("team-a");
    expect(scaleFromFlags(BEFORE, values)).toEqual(after);
  });

  it("is the bare command when nothing changed (the API then answers that there is nothing to change)", () => {
    const line = kaasScaleCommand("team-a", "web-prod", BEFORE, structuredClone(BEFORE));
    expect(line).toBe("kaas clusters scale web-prod --team team-a");
    expect(scaleFromFlags(BEFORE, parsed(line ?? "").values)).toEqual(BEFORE);
  });

  it("is null when labels or taints change, which the CLI's flags cannot carry", () => {
    const labelled = { ...BEFORE, workers: [...BEFORE.workers, pool("new", 1, { labels: { tier: "gpu" } })] };
    expect(kaasScaleCommand("team-a", "web-prod", BEFORE, labelled)).toBeNull();
    const tainted = {
      ...BEFORE,
      workers: BEFORE.workers.map((p, i) =>
        i === 0 ? { ...p, taints: [{ key: "k", value: "v", effect: "NoSchedule" }] } : p,
      ),
    };
    expect(kaasScaleCommand("team-a", "web-prod", BEFORE, tainted)).toBeNull();
  });

  it("refuses flags naming a pool the cluster does not have, or malformed ones", () => {
    expect(scaleFromFlags(BEFORE, { pool: ["nope=2"] })).toEqual({
      error: expect.stringContaining("No worker pool nope"),
    });
    expect(scaleFromFlags(BEFORE, { "add-pool": ["md-0=1:x"] })).toEqual({
      error: "Worker pool md-0 exists already",
    });
    expect(scaleFromFlags(BEFORE, { autoscale: ["md-0=3"] })).toEqual({
      error: expect.stringContaining("--autoscale NAME=MIN-MAX"),
    });
    expect(scaleFromFlags(BEFORE, { "control-plane": "three" })).toEqual({
      error: expect.stringContaining("--control-plane takes a number"),
    });
  });
});

describe("kaas lines of the other panels", () => {
  it("upgrade names the version and class the panel applies", () => {
    const { values, positionals } = parsed(
      kaasUpgradeCommand("team-a", "web-prod", { version: "v1.34.2", className: "scs-1-34-v1" }),
    );
    expect(positionals).toEqual(["clusters", "upgrade", "web-prod"]);
    expect(values).toMatchObject({ team: "team-a", version: "v1.34.2", class: "scs-1-34-v1" });
  });

  it("delete confirms with --yes, create reads the downloaded file, kubeconfig writes a file of its type", () => {
    expect(parsed(kaasDeleteCommand("team-a", "web-prod"))).toMatchObject({
      positionals: ["clusters", "delete", "web-prod"],
      values: { team: "team-a", yes: true },
    });
    expect(parsed(kaasCreateCommand("team-a", "web-prod.kaas.yaml"))).toMatchObject({
      positionals: ["clusters", "create"],
      values: { team: "team-a", file: "web-prod.kaas.yaml" },
    });
    expect(parsed(kaasKubeconfigCommand("team-a", "web-prod", "admin"))).toMatchObject({
      positionals: ["clusters", "kubeconfig", "web-prod"],
      values: { team: "team-a", type: "admin", out: "web-prod.kubeconfig" },
    });
  });

  it("quotes a word the shell would split, and the CLI reads it back whole", () => {
    const line = kaasUpgradeCommand("team a", "x", { version: "v1.34.2", className: "it's" });
    expect(line).toContain("--team 'team a'");
    expect(parsed(line).values).toMatchObject({ team: "team a", class: "it's" });
  });
});

describe("kaas addon line", () => {
  it("carries the panel's wish, settings with spaces and quotes included, back through the CLI's parser", () => {
    const wish = { enabled: true, settings: { email: "ops@example.com", note: "it's a 'test' = yes" } };
    const line = kaasAddonCommand("team-a", "web-prod", "letsencrypt", wish);
    const { values, positionals } = parsed(line);
    expect(positionals).toEqual(["clusters", "addon", "web-prod", "letsencrypt"]);
    expect(values.team).toBe("team-a");
    expect(addonWishFromFlags(values)).toEqual(wish);
  });

  it("disables without settings", () => {
    const line = kaasAddonCommand("team-a", "web-prod", "traefik", { enabled: false, settings: { x: "1" } });
    expect(line).toBe("kaas clusters addon web-prod traefik --team team-a --disable");
    expect(addonWishFromFlags(parsed(line).values)).toEqual({ enabled: false, settings: {} });
  });

  it("refuses a line that says neither, both, or settings with --disable", () => {
    expect(addonWishFromFlags({})).toEqual({ error: "Say --enable or --disable." });
    expect(addonWishFromFlags({ enable: true, disable: true })).toEqual({
      error: "Say --enable or --disable.",
    });
    expect(addonWishFromFlags({ disable: true, set: ["a=b"] })).toEqual({
      error: "--set goes with --enable.",
    });
    expect(addonWishFromFlags({ enable: true, set: ["=b"] })).toEqual({ error: "--set KEY=VALUE, not =b" });
    expect(addonWishFromFlags({ enable: true, set: ["a=b=c"] })).toEqual({
      enabled: true,
      settings: { a: "b=c" },
    });
  });
});

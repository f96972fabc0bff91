/**
 * What the demo and the README tell a newcomer to type runs as printed, on a machine whose PATH
 * has no kubectl: `npm run kubectl -- …` uses the one the plane's build made.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, test } from "vitest";
import { repoRoot } from "@/dev/world.ts";

const exec = promisify(execFile);

/** Every `npm run kubectl -- …` the README and the demo print. */
function printedKubectlCommands(): string[] {
  const texts = [
    readFileSync(join(repoRoot, "README.md"), "utf8"),
    readFileSync(join(repoRoot, "dev", "demo.ts"), "utf8").replace(
      /\$\{kubectlCommand\("([^"]+)"\)\}/g,
      "npm run kubectl -- $1",
    ),
    readFileSync(join(repoRoot, "dev", "plane", "plane.ts"), "utf8").replace(
      /\$\{kubectlCommand\("([^"]+)"\)\}/g,
      "npm run kubectl -- $1",
    ),
  ];
  return [
    ...new Set(
      texts.flatMap((t) =>
        [...t.matchAll(/npm run kubectl -- ([^`\n)]+?)(?=`|\s\s|\n|\))/g)].map((m) => (m[1] ?? "").trim()),
      ),
    ),
  ];
}

test("no printed command calls a bare kubectl with the plane's kubeconfig", () => {
  for (const file of ["README.md", "dev/demo.ts", "dev/plane/plane.ts"]) {
    expect(readFileSync(join(repoRoot, file), "utf8"), file).not.toMatch(/(^|[`\s])kubectl --kubeconfig/m);
  }
});

test("every printed `npm run kubectl -- …` runs without kubectl on PATH", async () => {
  const commands = printedKubectlCommands();
  expect(commands).toContain("get clusters -A");
  // A PATH of node, npm and a shell only (this machine may have a kubectl in /usr/bin; a fresh one has none).
  const bin = mkdtempSync(join(tmpdir(), "kaas-path-"));
  const which = async (tool: string) => (await exec("sh", ["-c", `command -v ${tool}`])).stdout.trim();
  for (const tool of ["npm", "sh", "env"]) symlinkSync(await which(tool), join(bin, tool));
  symlinkSync(process.execPath, join(bin, "node"));
  const path = bin;
  expect(
    (
      await exec(join(bin, "sh"), ["-c", "command -v kubectl || echo none"], {
        env: { PATH: path, NODE_ENV: "test" },
      })
    ).stdout.trim(),
  ).toBe("none");
  for (const args of commands) {
    const r = await exec(join(bin, "npm"), ["run", "--silent", "kubectl", "--", ...args.split(" ")], {
      cwd: repoRoot,
      env: {
        NODE_ENV: "test",
        PATH: path,
        HOME: process.env.HOME ?? "/root",
        ...(process.env.KAAS_PLANE_DIR ? { KAAS_PLANE_DIR: process.env.KAAS_PLANE_DIR } : {}),
      },
    });
    expect(r.stdout, args).toMatch(/\S/);
    console.log(`$ npm run kubectl -- ${args}\n${r.stdout.split("\n").slice(0, 4).join("\n")}`);
  }
  rmSync(bin, { recursive: true, force: true });
});

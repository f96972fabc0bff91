import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "yaml";

/** What the CLI tests ran and answered, printed at their end for the record (credentials masked). */
export const transcript: string[] = [];

/** Tokens and kubeconfigs never go into the record. */
function masked(args: string[], stdout: string, stderr: string, code: number | null): string[] {
  const shown = args.map((a, i) => (args[i - 1] === "--token" ? "<token>" : a)).join(" ");
  const out = stdout.includes("kind: Config") ? `<kubeconfig, ${stdout.length} bytes>\n` : stdout;
  return [`$ kaas ${shown}   # exit ${code}`, out.replace(/kaas_pat_\S+/g, "<token>") + stderr];
}

/** A CLI run that may still be going: its output so far, a wait for a line, and its end. */
export type RunningKaas = {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stdout or stderr. */
  waitFor: (pattern: RegExp, timeoutMs?: number) => Promise<RegExpMatchArray>;
  done: Promise<{ code: number; stdout: string; stderr: string }>;
};

/** Starts the CLI as a user would (the project's Node runs the TypeScript directly). */
export function startKaas(args: string[], env: Record<string, string>): RunningKaas {
  const child = spawn(process.execPath, [join(process.cwd(), "cli", "kaas.ts"), ...args], {
    env: { ...process.env, KAAS_SERVER: "", KAAS_TOKEN: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  const waiters: (() => void)[] = [];
  const changed = () => {
    for (const w of waiters.splice(0)) w();
  };
  child.stdout?.on("data", (d: Buffer) => {
    stdout += d.toString();
    changed();
  });
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
    changed();
  });
  const done = new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    child.on("exit", (code, signal) => {
      if (signal) stderr += `(ended by ${signal})\n`;
      transcript.push(...masked(args, stdout, stderr, code));
      resolve({ code: code ?? 1, stdout, stderr });
      changed();
    });
  });
  const waitFor = (pattern: RegExp, timeoutMs = 30_000) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`kaas ${args.join(" ")}: no ${pattern} in ${timeoutMs} ms:\n${stdout}${stderr}`)),
        timeoutMs,
      );
      const check = () => {
        const m = pattern.exec(stdout) ?? pattern.exec(stderr);
        if (m) {
          clearTimeout(timer);
          resolve(m);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(new Error(`kaas ${args.join(" ")} ended without ${pattern}:\n${stdout}${stderr}`));
        } else waiters.push(check);
      };
      check();
    });
  return { child, output: () => ({ stdout, stderr }), waitFor, done };
}

/** Runs the CLI to its end. */
export function kaas(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return startKaas(args, env).done;
}

/**
 * Writes the file `kaas clusters create -f` reads (what the review step's "Download NAME.kaas.yaml"
 * gives): one control plane and one worker of the class's default worker class. Returns its path.
 */
export function clusterFile(
  dir: string,
  cluster: { name: string; className: string; version?: string },
): string {
  const file = join(dir, `${cluster.name}.kaas.yaml`);
  writeFileSync(
    file,
    stringify({
      ...cluster,
      controlPlaneReplicas: 1,
      workers: [{ name: "md-0", class: "default-worker", replicas: 1 }],
    }),
  );
  return file;
}

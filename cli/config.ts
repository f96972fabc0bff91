import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** What `kaas login` keeps: the console's URL and a personal access token. */
export type CliConfig = { server: string; token: string };

/** `$XDG_CONFIG_HOME/kaas/config.json`, else `~/.config/kaas/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "kaas", "config.json");
}

/** The stored config, or null when there is none (or it is unreadable). */
export function readConfig(path = configPath()): CliConfig | null {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<CliConfig>;
    return typeof value.server === "string" && typeof value.token === "string"
      ? { server: value.server, token: value.token }
      : null;
  } catch {
    return null;
  }
}

/** Stores the config readable by the user only (0600, in a 0700 folder): it holds a credential. */
export function writeConfig(config: CliConfig, path = configPath()): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

/** An OIDC sign-in of `kaas login` (device flow): the tokens and where to refresh them. */
export type OidcLogin = {
  issuer: string;
  clientId: string;
  tokenEndpoint: string;
  accessToken: string;
  refreshToken: string | null;
  /** When the access token expires, in milliseconds since the epoch. */
  expiresAt: number;
};

/** What `kaas login` keeps: the console's URL and a personal access token, or an OIDC sign-in. */
export type CliConfig = { server: string; token?: string; oidc?: OidcLogin };

/** `$XDG_CONFIG_HOME/kaas/config.json`, else `~/.config/kaas/config.json`. */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || join(homedir(), ".config");
  return join(base, "kaas", "config.json");
}

function oidcLogin(v: unknown): OidcLogin | undefined {
  const o = v as Partial<OidcLogin> | undefined;
  return o &&
    typeof o.issuer === "string" &&
    typeof o.clientId === "string" &&
    typeof o.tokenEndpoint === "string" &&
    typeof o.accessToken === "string" &&
    typeof o.expiresAt === "number"
    ? {
        issuer: o.issuer,
        clientId: o.clientId,
        tokenEndpoint: o.tokenEndpoint,
        accessToken: o.accessToken,
        refreshToken: typeof o.refreshToken === "string" ? o.refreshToken : null,
        expiresAt: o.expiresAt,
      }
    : undefined;
}

/** The stored config, or null when there is none (or it is unreadable). */
export function readConfig(path = configPath()): CliConfig | null {
  try {
    const value = JSON.parse(readFileSync(path, "utf8")) as Partial<CliConfig>;
    if (typeof value.server !== "string") return null;
    const oidc = oidcLogin(value.oidc);
    if (oidc) return { server: value.server, oidc };
    return typeof value.token === "string" ? { server: value.server, token: value.token } : null;
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

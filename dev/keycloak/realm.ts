/**
 * The `kaas` realm Keycloak imports at start: `realm-kaas.json` (clients, scopes, token and session
 * lifetimes, events) plus what varies per start or must stay one list with the dev IdP: the demo
 * users come from `DEMO_USERS`, and the console's secret, redirect URIs and back-channel logout URL
 * are filled in here.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CONSOLE_PORTS, DEMO_USERS, type DemoUser } from "../idp/idp.ts";

/** The realm the console signs in to. */
export const REALM = "kaas";
/** The console's confidential client. */
export const CONSOLE_CLIENT_ID = "kaas-console";
/** The public client for a command-line tool (device authorization grant). */
export const CLI_CLIENT_ID = "kaas-cli";

const CALLBACK_PATH = "/api/auth/callback/oidc";
const BACKCHANNEL_PATH = "/api/auth/backchannel-logout";

/** What {@link realmForImport} fills into the realm file. */
export interface RealmOptions {
  /** The console client's secret. */
  clientSecret: string;
  /** Port of the console that should receive back-channel logouts (default 3000). */
  consolePort?: number;
  /** Overrides the back-channel logout URL built from `consolePort`. */
  backchannelLogoutUrl?: string;
  /** Access token lifetime in seconds (default: the file's 60). */
  accessTokenLifespan?: number;
  /** Redirect URIs on top of the console's ports on localhost and 127.0.0.1. */
  redirectUris?: string[];
}

type ClientRep = {
  clientId: string;
  secret?: string;
  redirectUris?: string[];
  attributes?: Record<string, string>;
};
type UserRep = {
  username: string;
  enabled: boolean;
  email: string;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  requiredActions: string[];
  realmRoles: string[];
  credentials: { type: "password"; value: string; temporary: false }[];
  groups: string[];
};
/** The parts of Keycloak's RealmRepresentation this module touches; the rest passes through. */
export type RealmRep = {
  realm: string;
  accessTokenLifespan?: number;
  clients: ClientRep[];
  users?: UserRep[];
  groups?: { name: string }[];
  [key: string]: unknown;
};

/** The realm file as committed (valid on its own: console on port 3000, dev secret, no users). */
export function realmFile(): RealmRep {
  return JSON.parse(readFileSync(join(import.meta.dirname, "realm-kaas.json"), "utf8")) as RealmRep;
}

/** The realm to import: the file, the demo users, and this start's client settings. */
export function realmForImport(opts: RealmOptions): RealmRep {
  const realm = realmFile();
  if (opts.accessTokenLifespan !== undefined) {
    if (!Number.isInteger(opts.accessTokenLifespan) || opts.accessTokenLifespan < 10)
      throw new Error("keycloak: accessTokenLifespan must be a whole number of seconds, at least 10");
    realm.accessTokenLifespan = opts.accessTokenLifespan;
  }

  const consolePort = opts.consolePort ?? 3000;
  const backchannel = opts.backchannelLogoutUrl ?? `http://localhost:${consolePort}${BACKCHANNEL_PATH}`;
  if (!/^https?:\/\/[^\s#]+$/.test(backchannel))
    throw new Error("keycloak: the back-channel logout URL must be an http(s) URL");

  const ports = [...new Set([...CONSOLE_PORTS, consolePort])];
  const origins = ports.flatMap((port) => ["localhost", "127.0.0.1"].map((h) => `http://${h}:${port}`));
  const extra = opts.redirectUris ?? [];
  for (const uri of extra) {
    if (!/^https?:\/\/[^\s#]+$/.test(uri)) throw new Error("keycloak: redirect URIs must be http(s) URLs");
  }

  const consoleClient = client(realm, CONSOLE_CLIENT_ID);
  consoleClient.secret = opts.clientSecret;
  consoleClient.redirectUris = [...new Set([...origins.map((o) => `${o}${CALLBACK_PATH}`), ...extra])];
  consoleClient.attributes = {
    ...consoleClient.attributes,
    // Keycloak keeps several post-logout redirect URIs in one attribute, separated by "##".
    "post.logout.redirect.uris": [
      ...new Set([...origins, ...extra.map((u) => new URL(u).origin)].map((o) => `${o}/*`)),
    ].join("##"),
    "backchannel.logout.url": backchannel,
  };

  const known = new Set((realm.groups ?? []).map((g) => g.name));
  realm.users = DEMO_USERS.map((u) => userRep(u, known));
  return realm;
}

function client(realm: RealmRep, clientId: string): ClientRep {
  const found = realm.clients.find((c) => c.clientId === clientId);
  if (!found) throw new Error(`keycloak: realm-kaas.json lacks the client ${clientId}`);
  return found;
}

function userRep(u: DemoUser, knownGroups: Set<string>): UserRep {
  for (const g of u.groups) {
    if (!knownGroups.has(g))
      throw new Error(`keycloak: realm-kaas.json lacks the group ${g} of ${u.username}`);
  }
  // Keycloak's default user profile requires first and last name; without them the first sign-in
  // stops at an "update your profile" page.
  const [firstName = u.username, ...rest] = u.name.split(" ");
  return {
    username: u.username,
    enabled: true,
    email: u.email,
    emailVerified: true,
    firstName,
    lastName: rest.join(" ") || u.username,
    requiredActions: [],
    // An imported user gets only the roles it names; the default role carries offline_access.
    realmRoles: ["default-roles-kaas"],
    credentials: [{ type: "password", value: u.password, temporary: false }],
    // Top-level groups by path: "/team-a".
    groups: u.groups.map((g) => `/${g}`),
  };
}

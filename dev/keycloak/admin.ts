/**
 * A small client of Keycloak's admin REST API for tests: what an operator does to a user at the
 * identity provider (groups, enabled, sessions) and the realm's event log to count grants. Signs in
 * to the master realm as the bootstrap admin (`admin-cli`, password grant).
 */

/** What the admin client needs of a running Keycloak. */
export interface KeycloakAdminTarget {
  url: string;
  realm: string;
  admin: { username: string; password: string };
}

/** A user as the admin API returns it (the fields tests use). */
export interface KeycloakUser {
  id: string;
  username: string;
  enabled: boolean;
  email?: string;
}

/** A group as the admin API returns it. */
export interface KeycloakGroup {
  id: string;
  name: string;
  path: string;
}

/** A user session as the admin API returns it. */
export interface KeycloakSession {
  id: string;
  username: string;
  start: number;
  lastAccess: number;
  clients: Record<string, string>;
}

/** A login event (`GET /admin/realms/{realm}/events`). */
export interface KeycloakEvent {
  time: number;
  type: string;
  realmId: string;
  clientId?: string;
  userId?: string;
  sessionId?: string;
  error?: string;
  details?: Record<string, string>;
}

/** Filters of {@link KeycloakAdmin.events}. */
export interface EventQuery {
  /** One type or several (e.g. `REFRESH_TOKEN`, `REFRESH_TOKEN_ERROR`). */
  type?: string | string[];
  /** A username; resolved to the user's id. */
  user?: string;
  client?: string;
  /** Most events returned (default 1000). */
  max?: number;
}

/** An admin API answer other than 2xx. Carries Keycloak's error text, never a token. */
export class KeycloakAdminError extends Error {
  readonly status: number;
  readonly path: string;
  constructor(status: number, path: string, detail: string) {
    super(`keycloak admin: ${path} answered ${status}${detail ? `: ${detail}` : ""}`);
    this.status = status;
    this.path = path;
  }
}

/** Typed calls on one realm of one Keycloak. */
export class KeycloakAdmin {
  private token?: { value: string; expiresAt: number };
  private readonly groupIds = new Map<string, string>();
  private readonly kc: KeycloakAdminTarget;

  constructor(kc: KeycloakAdminTarget) {
    this.kc = kc;
  }

  /** The user with exactly this username; throws when there is none. */
  async findUser(username: string): Promise<KeycloakUser> {
    const users = await this.call<KeycloakUser[]>(
      "GET",
      `/users?${new URLSearchParams({ username, exact: "true", briefRepresentation: "true" })}`,
    );
    const user = users.find((u) => u.username === username);
    if (!user) throw new Error(`keycloak admin: no user ${username} in realm ${this.kc.realm}`);
    return user;
  }

  /** The names of the user's groups. */
  async userGroups(username: string): Promise<string[]> {
    const user = await this.findUser(username);
    const groups = await this.call<KeycloakGroup[]>("GET", `/users/${enc(user.id)}/groups`);
    return groups.map((g) => g.name);
  }

  /** Adds the user to the top-level group of this name. */
  async addToGroup(username: string, group: string): Promise<void> {
    const [user, groupId] = await Promise.all([this.findUser(username), this.groupId(group)]);
    await this.call("PUT", `/users/${enc(user.id)}/groups/${enc(groupId)}`);
  }

  /** Removes the user from the top-level group of this name. */
  async removeFromGroup(username: string, group: string): Promise<void> {
    const [user, groupId] = await Promise.all([this.findUser(username), this.groupId(group)]);
    await this.call("DELETE", `/users/${enc(user.id)}/groups/${enc(groupId)}`);
  }

  /** Enables or disables the user (a disabled user can neither sign in nor refresh). */
  async setEnabled(username: string, enabled: boolean): Promise<void> {
    const user = await this.findUser(username);
    await this.call("PUT", `/users/${enc(user.id)}`, { enabled });
  }

  /**
   * Ends every session of the user at Keycloak; Keycloak sends a back-channel logout to each client
   * of those sessions that has a `backchannel.logout.url`.
   */
  async logoutUser(username: string): Promise<void> {
    const user = await this.findUser(username);
    await this.call("POST", `/users/${enc(user.id)}/logout`);
  }

  /** The user's current (online) sessions. */
  async sessions(username: string): Promise<KeycloakSession[]> {
    const user = await this.findUser(username);
    return this.call<KeycloakSession[]>("GET", `/users/${enc(user.id)}/sessions`);
  }

  /** The user's offline sessions for one client. */
  async offlineSessions(username: string, clientId: string): Promise<KeycloakSession[]> {
    const [user, client] = await Promise.all([this.findUser(username), this.clientUuid(clientId)]);
    return this.call<KeycloakSession[]>("GET", `/users/${enc(user.id)}/offline-sessions/${enc(client)}`);
  }

  /** The realm's stored login events, newest first, filtered by type, user and client. */
  async events(query: EventQuery = {}): Promise<KeycloakEvent[]> {
    const params = new URLSearchParams({ max: String(query.max ?? 1000) });
    const types = query.type === undefined ? [] : ([] as string[]).concat(query.type);
    for (const t of types) params.append("type", t);
    if (query.user) params.set("user", (await this.findUser(query.user)).id);
    if (query.client) params.set("client", query.client);
    return this.call<KeycloakEvent[]>("GET", `/events?${params}`);
  }

  /** Deletes the realm's stored login events. */
  async clearEvents(): Promise<void> {
    await this.call("DELETE", "/events");
  }

  /** A client's representation (attributes included). */
  async client(
    clientId: string,
  ): Promise<{ id: string; clientId: string; attributes: Record<string, string> }> {
    const id = await this.clientUuid(clientId);
    return this.call("GET", `/clients/${enc(id)}`);
  }

  private async clientUuid(clientId: string): Promise<string> {
    const found = await this.call<{ id: string; clientId: string }[]>(
      "GET",
      `/clients?${new URLSearchParams({ clientId })}`,
    );
    const client = found.find((c) => c.clientId === clientId);
    if (!client) throw new Error(`keycloak admin: no client ${clientId}`);
    return client.id;
  }

  private async groupId(name: string): Promise<string> {
    const cached = this.groupIds.get(name);
    if (cached) return cached;
    const groups = await this.call<KeycloakGroup[]>(
      "GET",
      `/groups?${new URLSearchParams({ search: name, exact: "true", briefRepresentation: "true" })}`,
    );
    const group = groups.find((g) => g.name === name && g.path === `/${name}`);
    if (!group) throw new Error(`keycloak admin: no top-level group ${name}`);
    this.groupIds.set(name, group.id);
    return group.id;
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 10_000) return this.token.value;
    const res = await fetch(`${this.kc.url}/realms/master/protocol/openid-connect/token`, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "password",
        client_id: "admin-cli",
        username: this.kc.admin.username,
        password: this.kc.admin.password,
      }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await res.json().catch(() => ({}))) as {
      access_token?: string;
      expires_in?: number;
      error?: string;
    };
    if (!res.ok || !body.access_token)
      throw new KeycloakAdminError(res.status, "master token", body.error ?? "no access token");
    this.token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 60) * 1000 };
    return body.access_token;
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.kc.url}/admin/realms/${enc(this.kc.realm)}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) {
      let detail = "";
      try {
        const parsed = JSON.parse(text) as { error?: string; errorMessage?: string };
        detail = parsed.errorMessage ?? parsed.error ?? "";
      } catch {
        // not JSON: leave the body out
      }
      throw new KeycloakAdminError(res.status, `${method} ${path.split("?")[0]}`, detail);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}

function enc(s: string): string {
  return encodeURIComponent(s);
}

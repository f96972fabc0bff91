/**
 * How a signed-in user appears to the management cluster: `oidc:<user>` with groups
 * `oidc:<group>`, the same prefixes the workload clusters' OIDC settings use.
 */
export type KubeIdentity = { user: string; groups: string[] };

/** Prefixes for users and groups (`KAAS_USER_PREFIX`, `KAAS_GROUP_PREFIX`; default `oidc:`). */
export function identityPrefixes(): { user: string; group: string } {
  return { user: process.env.KAAS_USER_PREFIX ?? "oidc:", group: process.env.KAAS_GROUP_PREFIX ?? "oidc:" };
}

/**
 * Refuses to start with prefixes under which the console could not vouch for a subject: an empty
 * prefix would make every Kubernetes user and group (`system:masters` too) look like one of the
 * identity provider's, and a `system:` prefix is the API server's own. Throws with what to set.
 */
export function checkIdentityPrefixes(p = identityPrefixes()): void {
  for (const [name, value] of [
    ["KAAS_USER_PREFIX", p.user],
    ["KAAS_GROUP_PREFIX", p.group],
  ] as const) {
    if (!value || value.startsWith("system:"))
      throw new Error(
        `${name} is ${value ? `"${value}"` : "empty"}: set it to the prefix the management cluster's OIDC authenticator gives the identity provider's ${name === "KAAS_USER_PREFIX" ? "users" : "groups"} (for example "oidc:"), never empty and never under "system:".`,
      );
  }
}

/** The impersonated identity of a user with the given OIDC username and groups. */
export function kubeIdentity(username: string, groups: readonly string[]): KubeIdentity {
  const p = identityPrefixes();
  return { user: `${p.user}${username}`, groups: groups.map((g) => `${p.group}${g}`) };
}

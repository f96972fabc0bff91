/**
 * How a signed-in user appears to the management cluster: `oidc:<user>` with groups
 * `oidc:<group>`, the same prefixes the workload clusters' OIDC settings use.
 */
export type KubeIdentity = { user: string; groups: string[] };

/** Prefixes for users and groups (`KAAS_USER_PREFIX`, `KAAS_GROUP_PREFIX`; default `oidc:`). */
export function identityPrefixes(): { user: string; group: string } {
  return { user: process.env.KAAS_USER_PREFIX ?? "oidc:", group: process.env.KAAS_GROUP_PREFIX ?? "oidc:" };
}

/** The impersonated identity of a user with the given OIDC username and groups. */
export function kubeIdentity(username: string, groups: readonly string[]): KubeIdentity {
  const p = identityPrefixes();
  return { user: `${p.user}${username}`, groups: groups.map((g) => `${p.group}${g}`) };
}

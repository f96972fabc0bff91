import type { CurrentUser } from "@/lib/auth/session.ts";

/**
 * OIDC groups (without the `oidc:` prefix) whose members are platform operators:
 * `KAAS_PLATFORM_ADMIN_GROUPS`, comma-separated, default `platform-admins`.
 */
export function platformAdminGroups(env: Record<string, string | undefined> = process.env): string[] {
  return (env.KAAS_PLATFORM_ADMIN_GROUPS ?? "platform-admins")
    .split(",")
    .map((g) => g.trim())
    .filter(Boolean);
}

/**
 * Whether the user is a platform operator. This only decides which console pages they reach; what
 * they may change on the management cluster is decided by the API server through the
 * `kaas:platform-admin` ClusterRole bound to the same groups (deploy/chart/files/cluster-roles.yaml).
 */
export function isPlatformAdmin(user: Pick<CurrentUser, "groups">): boolean {
  const admins = platformAdminGroups();
  return user.groups.some((g) => admins.includes(g));
}

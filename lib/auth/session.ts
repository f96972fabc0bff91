import "server-only";
import { cookies, headers } from "next/headers";
import { decode } from "next-auth/jwt";
import { cache } from "react";
import { getDb } from "@/db/client.ts";
import { findActiveApiToken, latestSessionGroups, TOKEN_PREFIX } from "@/db/queries/api-tokens.ts";
import { type ActiveSession, type EndedReason, sessionEndReason } from "@/db/queries/sessions.ts";
import { claimGroups, claimString, sameGroups } from "@/lib/auth/claims.ts";
import { type KubeIdentity, kubeIdentity } from "@/lib/k8s/identity.ts";
import { logger } from "@/lib/logger.ts";
import { platformAdminGroups } from "@/lib/platform.ts";
import type { TeamRole } from "@/lib/teams/roles.ts";
import { oidcSettings } from "./config.ts";
import { freshSession } from "./freshness.ts";
import { verifyAccessToken } from "./idp.ts";

/** What a personal access token limits its caller to: one team, at most one role, the platform only if made for it. */
export type TokenGrant = { id: string; teamId: string; role: TeamRole; platform: boolean };

/** The signed-in user as the console's server code uses it. */
export type CurrentUser = {
  /** The session row's id; for a personal access token `pat:<token id>`, for an OIDC access token `oidc:<jti>`. */
  sessionId: string;
  subject: string;
  name: string;
  email: string | null;
  groups: string[];
  identity: KubeIdentity;
  /** How the request came in: the console's pages (session cookie) or the API (a bearer token). */
  via: "console" | "api";
  /** Set for a personal access token: the limits it was made with. */
  token: TokenGrant | null;
};

const COOKIE_NAMES = ["__Secure-authjs.session-token", "authjs.session-token"];

function toUser(s: ActiveSession): CurrentUser {
  return {
    sessionId: s.id,
    subject: s.subject,
    name: s.name ?? s.subject,
    email: s.email,
    groups: s.groups,
    identity: kubeIdentity(s.subject, s.groups),
    via: "console",
    token: null,
  };
}

/** The `Authorization: Bearer …` credential, or null when the request carries none. */
export function bearerOf(h: Headers): string | null {
  const auth = h.get("authorization");
  if (!auth) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
  return m?.[1] ?? "";
}

/**
 * A personal access token's user. Groups are those of the user's latest session (which follows the
 * IdP), never more than the token was made with; a token not made for the platform drops the
 * platform-admin groups, so neither the console nor the API server treats it as a platform admin.
 */
async function tokenUser(raw: string): Promise<CurrentUser | null> {
  if (!raw.startsWith(TOKEN_PREFIX)) return null;
  const db = getDb();
  const token = await findActiveApiToken(db, raw);
  if (!token) return null;
  const madeWith = new Set(token.groups);
  const platform = new Set(platformAdminGroups());
  const groups = (await latestSessionGroups(db, token.subject)).filter(
    (g) => madeWith.has(g) && (token.platform || !platform.has(g)),
  );
  return {
    sessionId: `pat:${token.id}`,
    subject: token.subject,
    name: token.subject,
    email: null,
    groups,
    identity: kubeIdentity(token.subject, groups),
    via: "api",
    token: { id: token.id, teamId: token.teamId, role: token.role, platform: token.platform },
  };
}

/** Three base64url parts: a JWS, as OIDC access tokens for the API are. */
const JWT_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * An OIDC access token's user (the `kaas` CLI after `kaas login`'s device flow): verified against
 * the configured issuer's keys (lib/auth/idp.ts), with the subject and groups read the way a
 * sign-in reads them, so the API server sees the same impersonated identity as a browser session.
 * Such a token carries no team or role cap (`token: null`); it never reaches platform-admin actions,
 * which over the API take a personal token made for the platform (lib/actions/safe-action.ts
 * `platformAdmission`).
 */
export async function accessTokenUser(raw: string): Promise<CurrentUser | null> {
  if (!JWT_SHAPE.test(raw)) return null;
  let claims: Record<string, unknown>;
  try {
    ({ claims } = await verifyAccessToken(raw));
  } catch (err) {
    // The reason only (expired, audience, signature): never the token.
    logger.info(
      { event: "auth.access_token.refused", reason: (err as Error).message },
      "access token refused",
    );
    return null;
  }
  const s = oidcSettings();
  const subject = claimString(claims, s.usernameClaim) ?? String(claims.sub);
  const groups = claimGroups(claims, s.groupsClaim);
  return {
    sessionId: `oidc:${claimString(claims, "jti") ?? subject}`,
    subject,
    name: claimString(claims, "name") ?? claimString(claims, "preferred_username") ?? subject,
    email: claimString(claims, "email") ?? null,
    groups,
    identity: kubeIdentity(subject, groups),
    via: "api",
    token: null,
  };
}

/** The user a bearer credential stands for: a personal access token, or an OIDC access token. */
function bearerUser(raw: string): Promise<CurrentUser | null> {
  return raw.startsWith(TOKEN_PREFIX) ? tokenUser(raw) : accessTokenUser(raw);
}

/**
 * The current user: from `Authorization: Bearer kaas_pat_…` (or an OIDC access token for the API) when the request carries one (a wrong,
 * expired or revoked token is nobody, never a fallback to the cookie), else from the session
 * cookie, checked against the database on every request (revoked, expired or IdP-refused
 * sessions yield null), with groups no older than `KAAS_IDENTITY_REFRESH`. Cached per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
  const bearer = bearerOf(await headers());
  if (bearer !== null) return bearer ? bearerUser(bearer) : null;
  const sid = await cookieSessionId();
  if (!sid) return null;
  // Refreshed at the IdP first when the identity is due (lib/auth/freshness.ts).
  const active = await freshSession(getDb(), sid);
  return active ? toUser(active) : null;
});

/** The session id the request's Auth.js cookie carries, if it decodes. */
async function cookieSessionId(): Promise<string | undefined> {
  const jar = await cookies();
  for (const name of COOKIE_NAMES) {
    const raw = jar.get(name)?.value;
    if (!raw) continue;
    const secret = process.env.AUTH_SECRET;
    if (!secret) throw new Error("AUTH_SECRET is not set");
    const token = await decode({ token: raw, secret, salt: name }).catch(() => null);
    return typeof token?.sid === "string" ? token.sid : undefined;
  }
  return undefined;
}

/** Why the session this browser still holds a cookie for was ended, if it was (for the sign-in page). */
export async function endedSessionReason(): Promise<EndedReason | undefined> {
  const sid = await cookieSessionId();
  return sid ? sessionEndReason(getDb(), sid) : undefined;
}

/**
 * Whether a user resolved earlier (an open stream's) is still who they were: their session or
 * token still valid, with the same groups.
 */
export async function identityState(
  user: CurrentUser,
  bearer: string | null,
): Promise<"active" | "signed-out" | "identity-changed"> {
  if (user.via === "api") {
    // Expired, revoked or no longer valid tokens end the stream as a signed-out session does.
    const now = bearer ? await bearerUser(bearer) : null;
    if (!now) return "signed-out";
    return sameGroups(now.groups, user.groups) ? "active" : "identity-changed";
  }
  const now = await freshSession(getDb(), user.sessionId);
  if (!now) return "signed-out";
  return sameGroups(now.groups, user.groups) ? "active" : "identity-changed";
}

import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { cache } from "react";
import { getDb } from "@/db/client.ts";
import { type ActiveSession, type EndedReason, sessionEndReason } from "@/db/queries/sessions.ts";
import { type KubeIdentity, kubeIdentity } from "@/lib/k8s/identity.ts";
import { freshSession } from "./freshness.ts";

/** The signed-in user as the console's server code uses it. */
export type CurrentUser = {
  sessionId: string;
  subject: string;
  name: string;
  email: string | null;
  groups: string[];
  identity: KubeIdentity;
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
  };
}

/**
 * The current user, read from the session cookie and checked against the database on every
 * request (revoked, expired or IdP-refused sessions yield null), with groups no older than
 * `KAAS_IDENTITY_REFRESH`. Cached per request.
 */
export const currentUser = cache(async (): Promise<CurrentUser | null> => {
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

import NextAuth from "next-auth";
import { getDb } from "@/db/client.ts";
import { createSession, getActiveSession, revokeSession } from "@/db/queries/sessions.ts";
import { logger } from "@/lib/logger.ts";
import { claimGroups, claimString } from "./claims.ts";
import { authConfig, oidcSettings, sessionMaxAge } from "./config.ts";
import { sealRefreshToken } from "./tokens.ts";

/**
 * Auth.js with revocable sessions: the encrypted cookie carries only the id of a row in
 * `auth_sessions`; every request checks that row, so deleting or revoking it signs the user out
 * at once, and the OIDC tokens never leave the server.
 */
export const { handlers, auth, signIn, signOut } = NextAuth({
  ...authConfig,
  callbacks: {
    ...authConfig.callbacks,
    async jwt({ token, account, profile }) {
      const db = getDb();
      if (account && profile) {
        const s = oidcSettings();
        const subject = claimString(profile, s.usernameClaim) ?? String(profile.sub);
        const session = await createSession(db, {
          subject,
          email: claimString(profile, "email") ?? null,
          name: claimString(profile, "name") ?? claimString(profile, "preferred_username") ?? subject,
          groups: claimGroups(profile, s.groupsClaim),
          idToken: account.id_token ?? null,
          refreshToken: sealRefreshToken(account.refresh_token, subject),
          accessTokenExpiresAt: account.expires_at ? new Date(account.expires_at * 1000) : null,
          // What a back-channel logout token names: the IdP's subject and its sign-in session.
          idpSubject: claimString(profile, "sub") ?? null,
          idpSessionId: claimString(profile, "sid") ?? null,
          expiresAt: new Date(Date.now() + sessionMaxAge * 1000),
        });
        logger.info({ event: "auth.sign_in", subject }, "user signed in");
        return { sid: session.id };
      }
      const sid = typeof token.sid === "string" ? token.sid : undefined;
      if (!sid) return null;
      const active = await getActiveSession(db, sid);
      return active ? { sid } : null;
    },
    async session({ session, token }) {
      const sid = typeof token.sid === "string" ? token.sid : "";
      const active = sid ? await getActiveSession(getDb(), sid) : undefined;
      return {
        ...session,
        user: {
          ...session.user,
          id: active?.subject ?? "",
          name: active?.name ?? null,
          email: active?.email ?? "",
        },
      };
    },
  },
  events: {
    async signOut(message) {
      const sid =
        "token" in message && typeof message.token?.sid === "string" ? message.token.sid : undefined;
      if (sid) await revokeSession(getDb(), sid);
    },
  },
});

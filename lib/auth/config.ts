import type { NextAuthConfig } from "next-auth";
import { authRedirect } from "./callback.ts";

/** OIDC settings from the environment; see README "Configuration". */
export function oidcSettings() {
  return {
    issuer: process.env.OIDC_ISSUER ?? "http://127.0.0.1:4400",
    clientId: process.env.OIDC_CLIENT_ID ?? "kaas-console",
    clientSecret: process.env.OIDC_CLIENT_SECRET ?? "kaas-console-dev-secret",
    groupsClaim: process.env.OIDC_GROUPS_CLAIM ?? "groups",
    usernameClaim: process.env.OIDC_USERNAME_CLAIM ?? "sub",
    scope: process.env.OIDC_SCOPE ?? "openid profile email groups offline_access",
    /** The `aud` an access token must name to be accepted by the API (`OIDC_API_AUDIENCE`). */
    apiAudience: process.env.OIDC_API_AUDIENCE ?? "kaas-api",
    /** The IdP's public client the `kaas` CLI signs in with (device authorization grant). */
    cliClientId: process.env.OIDC_CLI_CLIENT_ID ?? "kaas-cli",
    cliScope: process.env.OIDC_CLI_SCOPE ?? "openid profile email groups offline_access",
  };
}

/** How long a console session lives, in seconds (`KAAS_SESSION_MAX_AGE`, default 8 hours). */
export const sessionMaxAge = Number(process.env.KAAS_SESSION_MAX_AGE ?? 8 * 3600);

/**
 * The part of the Auth.js configuration without database access: the provider and the pages.
 * The session's truth is the database row whose id the cookie carries (lib/auth/index.ts).
 */
export const authConfig = {
  trustHost: true,
  // `Secure` (and the `__Secure-` prefix) whenever the public URL is https, stated here rather than
  // left to Auth.js's guess from each request's protocol, which a TLS-terminating proxy hides. With
  // an http AUTH_URL (local dev) Auth.js still decides per request.
  ...(process.env.AUTH_URL?.startsWith("https:") ? { useSecureCookies: true } : {}),
  pages: { signIn: "/login", error: "/login" },
  // Auth.js has its own rule for callback URLs (form field, query, cookie); one rule decides every
  // destination, so ours replaces it.
  callbacks: { redirect: authRedirect },
  session: { strategy: "jwt", maxAge: sessionMaxAge },
  providers: [
    {
      id: "oidc",
      name: process.env.OIDC_DISPLAY_NAME ?? "company account",
      type: "oidc",
      issuer: oidcSettings().issuer,
      clientId: oidcSettings().clientId,
      clientSecret: oidcSettings().clientSecret,
      checks: ["pkce", "state", "nonce"],
      authorization: { params: { scope: oidcSettings().scope } },
      profile(profile) {
        return {
          id: String(profile.sub),
          name: typeof profile.name === "string" ? profile.name : null,
          email: typeof profile.email === "string" ? profile.email : null,
        };
      },
    },
  ],
} satisfies NextAuthConfig;

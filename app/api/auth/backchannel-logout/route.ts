import { getDb } from "@/db/client.ts";
import { endSessionsFromIdp } from "@/db/queries/sessions.ts";
import { verifyLogoutToken } from "@/lib/auth/idp.ts";
import { logger } from "@/lib/logger.ts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };
const refuse = (description: string) =>
  Response.json(
    { error: "invalid_request", error_description: description },
    { status: 400, headers: NO_STORE },
  );

/**
 * OIDC back-channel logout: the IdP posts a signed `logout_token` when a user's IdP session ends
 * (signed out there, ended by an admin, disabled), and the matching console sessions end at once,
 * open streams and pending actions included. Called server to server, so it carries no Origin and
 * no session; the token's signature, issuer and audience are its whole authority.
 */
export async function POST(req: Request): Promise<Response> {
  if (!(req.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded")) {
    return refuse("expected an application/x-www-form-urlencoded body");
  }
  const body = await req.text();
  if (body.length > 16_384) return refuse("body too large");
  const token = new URLSearchParams(body).get("logout_token");
  if (!token) return refuse("logout_token is missing");
  let target: Awaited<ReturnType<typeof verifyLogoutToken>>;
  try {
    target = await verifyLogoutToken(token);
  } catch (err) {
    logger.warn(
      { event: "auth.backchannel_logout.refused", err: (err as Error).message },
      "logout token refused",
    );
    return refuse("the logout token is not valid");
  }
  const ended = await endSessionsFromIdp(getDb(), target);
  logger.info(
    { event: "auth.backchannel_logout", ended, by: target.sid ? "sid" : "sub" },
    "sessions ended by the identity provider",
  );
  return new Response(null, { status: 200, headers: NO_STORE });
}

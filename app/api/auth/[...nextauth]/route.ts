import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/index.ts";
import { originCheck, takeSignIn, tooManyRequests } from "@/lib/limits/index.ts";

export const { GET } = handlers;

/**
 * Auth.js's POSTs (sign-in, sign-out), with sign-in attempts limited per client address (each one
 * starts an OIDC flow, so a flood would load the identity provider on our behalf), and our Origin
 * check on top of Auth.js's CSRF token, as for every mutating route. The console's own pages never
 * post here (they sign in and out through server actions), so only foreign clients are refused.
 */
export async function POST(req: NextRequest): Promise<Response> {
  if (req.nextUrl.pathname.startsWith("/api/auth/signin")) {
    const v = takeSignIn(req.headers);
    if (!v.ok) {
      return tooManyRequests(
        v.retryAfterSeconds,
        "too_many_sign_ins",
        `Too many sign-in attempts from your address; try again in ${v.retryAfterSeconds} seconds.`,
      );
    }
  }
  const wrongOrigin = originCheck(req.headers);
  if (wrongOrigin) {
    return Response.json(
      { error: "bad_origin", message: wrongOrigin },
      { status: 403, headers: { "cache-control": "private, no-store" } },
    );
  }
  return handlers.POST(req);
}

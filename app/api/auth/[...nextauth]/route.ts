import type { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/index.ts";
import { takeSignIn, tooManyRequests } from "@/lib/limits/index.ts";

export const { GET } = handlers;

/**
 * Auth.js's POSTs (sign-in, sign-out, CSRF-checked by Auth.js itself), with sign-in attempts
 * limited per client address: each one starts an OIDC flow, so a flood would load the identity
 * provider and the state-cookie store on our behalf.
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
  return handlers.POST(req);
}

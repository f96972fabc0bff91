import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeCallbackPath } from "@/lib/auth/callback.ts";
import { oidcSettings } from "@/lib/auth/config.ts";
import { signIn } from "@/lib/auth/index.ts";
import { currentUser, endedSessionReason } from "@/lib/auth/session.ts";
import { originCheck, takeSignIn } from "@/lib/limits/index.ts";

export const metadata: Metadata = { title: "Sign in" };

const ERRORS: Record<string, string> = {
  OAuthSignin: "The identity provider could not be reached. Try again in a minute.",
  OAuthCallback: "Signing in did not complete. Please try again.",
  AccessDenied: "Access was denied by the identity provider.",
  Configuration: "Sign-in is not configured correctly. Tell your platform team.",
  Origin: "That sign-in request came from another site and was refused. Sign in from this page.",
};

/** Why the session this browser held ended, in words (signing out oneself needs no explanation). */
const ENDED: Record<string, string> = {
  "idp-logout": "You were signed out by your identity provider.",
  "idp-refused":
    "Your identity provider no longer accepts your sign-in (your account may have been disabled, or your session there ended). Sign in again.",
  "revoked-by-admin": "A platform admin ended your sessions. Sign in again.",
  "identity-expired":
    "Your sign-in could not be confirmed with your identity provider in time. Sign in again.",
};

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentUser()) redirect(callbackUrl);
  const errorKey = typeof params.error === "string" ? params.error : undefined;
  const retry = typeof params.retry === "string" ? Number.parseInt(params.retry, 10) : Number.NaN;
  const error =
    errorKey === "TooManyAttempts"
      ? `Too many sign-in attempts from your address; try again in ${Number.isFinite(retry) && retry > 0 ? retry : 60} seconds.`
      : errorKey
        ? (ERRORS[errorKey] ?? "Signing in failed. Please try again.")
        : undefined;
  const provider = process.env.OIDC_DISPLAY_NAME ?? "company account";
  const endedReason = await endedSessionReason();
  const ended = endedReason ? ENDED[endedReason] : undefined;

  async function login() {
    "use server";
    // Outside the action chain (there is no session yet), so the same checks are made here.
    const h = await headers();
    const back = (q: Record<string, string>) =>
      `/login?${new URLSearchParams({ ...q, callbackUrl }).toString()}`;
    if (originCheck(h)) redirect(back({ error: "Origin" }));
    const v = takeSignIn(h);
    if (!v.ok) redirect(back({ error: "TooManyAttempts", retry: String(v.retryAfterSeconds) }));
    await signIn("oidc", { redirectTo: callbackUrl });
  }

  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-2xl font-semibold">KaaS Console</h1>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">
          Self-service Kubernetes clusters for your team. Sign in with your {provider}.
        </p>
        {ended && !error ? (
          <p
            role="status"
            data-testid="session-ended"
            className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
          >
            {ended}
          </p>
        ) : null}
        {error ? (
          <p
            role="alert"
            className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
          >
            {error}
          </p>
        ) : null}
        <form action={login} className="mt-6">
          <button
            type="submit"
            className="w-full rounded-md bg-sky-600 px-4 py-2 font-medium text-white hover:bg-sky-700 focus-visible:outline-2"
          >
            Sign in
          </button>
        </form>
        <p className="mt-4 text-xs text-slate-500">
          Identity provider: {new URL(oidcSettings().issuer).host}
        </p>
      </div>
    </main>
  );
}

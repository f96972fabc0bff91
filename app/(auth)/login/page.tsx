import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { LanguageSwitcher } from "@/components/console/language-switcher.tsx";
import { safeCallbackPath } from "@/lib/auth/callback.ts";
import { oidcSettings } from "@/lib/auth/config.ts";
import { signIn } from "@/lib/auth/index.ts";
import { currentUser, endedSessionReason } from "@/lib/auth/session.ts";
import { originCheck, takeSignIn } from "@/lib/limits/index.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("login"))("title") };
}

const ERRORS = ["OAuthSignin", "OAuthCallback", "AccessDenied", "Configuration", "Origin"] as const;
/** Why the session this browser held ended (signing out oneself needs no explanation). */
const ENDED = ["idp-logout", "idp-refused", "revoked-by-admin", "identity-expired"] as const;

function isOneOf<T extends string>(list: readonly T[], value: string | undefined | null): value is T {
  return value != null && (list as readonly string[]).includes(value);
}

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
  const t = await getTranslations("login");
  const error =
    errorKey === "TooManyAttempts"
      ? t("tooManyAttempts", { seconds: Number.isFinite(retry) && retry > 0 ? retry : 60 })
      : errorKey
        ? isOneOf(ERRORS, errorKey)
          ? t(`errors.${errorKey}`)
          : t("failed")
        : undefined;
  const provider = process.env.OIDC_DISPLAY_NAME ?? t("defaultProvider");
  const endedReason = await endedSessionReason();
  const ended = isOneOf(ENDED, endedReason) ? t(`ended.${endedReason}`) : undefined;

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
        <div className="flex items-start justify-between gap-2">
          <h1 className="text-2xl font-semibold">KaaS Console</h1>
          <LanguageSwitcher />
        </div>
        <p className="mt-2 text-sm text-slate-600 dark:text-slate-400">{t("intro", { provider })}</p>
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
            {t("signIn")}
          </button>
        </form>
        <p className="mt-4 text-xs text-slate-500">
          {t("identityProvider", { host: new URL(oidcSettings().issuer).host })}
        </p>
      </div>
    </main>
  );
}

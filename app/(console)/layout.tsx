import Link from "next/link";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/console/language-switcher.tsx";
import { TeamSwitcher } from "@/components/console/team-switcher.tsx";
import { ThemeToggle } from "@/components/console/theme-toggle.tsx";
import { Providers } from "@/components/providers.tsx";
import { getDb } from "@/db/client.ts";
import { getSessionTokens } from "@/db/queries/sessions.ts";
import { endSessionUrl } from "@/lib/auth/idp.ts";
import { signOut } from "@/lib/auth/index.ts";
import { currentUser } from "@/lib/auth/session.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { myTeams, requireUser } from "@/lib/teams/membership.ts";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const teams = await myTeams(user);
  const t = await getTranslations();

  async function logout() {
    "use server";
    // RP-initiated logout: end the session here, then at the IdP, which sends the browser back.
    // Read again here: the action must not trust a session id carried through the page.
    const me = await currentUser();
    const tokens = me ? await getSessionTokens(getDb(), me.sessionId) : undefined;
    await signOut({ redirect: false });
    const origin = process.env.AUTH_URL ? new URL(process.env.AUTH_URL).origin : undefined;
    const atIdp = origin ? await endSessionUrl(tokens?.idToken ?? null, `${origin}/`) : null;
    redirect(atIdp ?? "/login");
  }

  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-7xl items-center gap-4 px-4 py-3">
          <Link href="/" className="font-semibold">
            {t("app.name")}
          </Link>
          <TeamSwitcher teams={teams.map((t) => ({ slug: t.slug, name: t.displayName, role: t.role }))} />
          <Link href="/status" className="text-sm text-slate-600 hover:underline dark:text-slate-300">
            {t("header.status")}
          </Link>
          <div className="ml-auto flex items-center gap-3">
            {isPlatformAdmin(user) ? (
              <Link href="/admin" className="text-sm text-sky-700 underline dark:text-sky-400">
                {t("header.admin")}
              </Link>
            ) : null}
            <LanguageSwitcher />
            <ThemeToggle />
            <span
              className="text-sm text-slate-600 dark:text-slate-300"
              data-testid="current-user"
              data-i18n-ignore
            >
              {user.name}
            </span>
            <form action={logout}>
              <button
                type="submit"
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800"
              >
                {t("header.signOut")}
              </button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">
        <Providers>{children}</Providers>
      </main>
    </div>
  );
}

import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { myTeams, requireUser } from "@/lib/teams/membership.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("noTeam"))("title") };
}

export default async function NoTeamPage() {
  const user = await requireUser("/no-team");
  const [first] = await myTeams(user);
  if (first) redirect(`/teams/${encodeURIComponent(first.slug)}/clusters`);
  const t = await getTranslations("noTeam");
  const contact = process.env.KAAS_SUPPORT_CONTACT ?? t("defaultContact");
  return (
    <section className="mx-auto max-w-xl rounded-xl border border-slate-200 bg-white p-8 dark:border-slate-800 dark:bg-slate-900">
      <h1 className="text-xl font-semibold">{t("heading")}</h1>
      <p className="mt-3 text-slate-600 dark:text-slate-300">
        {t.rich("signedInAs", {
          name: user.name,
          email: user.email ? ` (${user.email})` : "",
          strong: (chunks) => <strong data-i18n-ignore>{chunks}</strong>,
        })}
      </p>
      <p className="mt-3 text-slate-600 dark:text-slate-300">{t("askAdmin", { contact })}</p>
      <p className="mt-4 text-sm text-slate-500" data-testid="user-groups">
        {t("groups", { groups: user.groups.length ? user.groups.join(", ") : t("noGroups") })}
      </p>
    </section>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditLog } from "@/components/audit/audit-log.tsx";
import { getDb } from "@/db/client.ts";
import { listAuditActions } from "@/db/queries/audit.ts";
import { auditFilterFor, readAuditPage } from "@/lib/audit/access.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("audit"))("title") };
}

const PAGE_SIZE = 50;

export default async function TeamAuditPage({
  params,
  searchParams,
}: {
  params: Promise<{ team: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { team: slug } = await params;
  // Members of the team only; platform admins read every team's log under /admin/audit.
  const { team } = await requireTeam(slug);
  const query = parseAuditQuery(await searchParams);
  const scope = { kind: "team" as const, team: team.slug };
  const db = getDb();
  const path = `/teams/${team.slug}/audit`;
  const page = await readAuditPage(db, auditFilterFor(scope, { ...query, team: undefined }, PAGE_SIZE));
  const actions = await listAuditActions(db, scope);
  const t = await getTranslations("audit");
  return (
    <section>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500">{t("teamIntro", { team: team.displayName })}</p>
      </div>
      <AuditLog
        page={page}
        query={query}
        path={path}
        csvPath={`/api/teams/${team.slug}/audit.csv`}
        actions={actions}
      />
    </section>
  );
}

import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { AuditLog } from "@/components/audit/audit-log.tsx";
import { getDb } from "@/db/client.ts";
import { listAuditActions } from "@/db/queries/audit.ts";
import { listTeams } from "@/db/queries/teams.ts";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import { auditFilterFor, readAuditPage } from "@/lib/audit/access.ts";
import { parseAuditQuery } from "@/lib/validation/audit.ts";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations();
  return { title: `${t("audit.title")} · ${t("admin.title")}` };
}

export default async function PlatformAuditPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePlatformAdmin("/admin/audit");
  const query = parseAuditQuery(await searchParams);
  const db = getDb();
  const [page, actions, teams] = await Promise.all([
    readAuditPage(db, auditFilterFor({ kind: "all" }, query, 50)),
    listAuditActions(db, { kind: "all" }),
    listTeams(db, { includeArchived: true }),
  ]);
  const t = await getTranslations("audit");
  return (
    <section>
      <div className="mb-4">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        <p className="text-sm text-slate-500">{t("platformIntro")}</p>
      </div>
      <AuditLog
        page={page}
        query={query}
        path="/admin/audit"
        csvPath="/api/admin/audit.csv"
        actions={actions}
        teams={teams.map((t) => ({ slug: t.slug, displayName: t.displayName }))}
      />
    </section>
  );
}

import { auditCsvDownload } from "@/lib/audit/csv-response.ts";

export const dynamic = "force-dynamic";

/** The team's audit log as CSV with the page's filters; members of the team or platform admins. */
export async function GET(req: Request, ctx: { params: Promise<{ team: string }> }): Promise<Response> {
  const { team } = await ctx.params;
  return auditCsvDownload(req, { team }, `audit-${team}.csv`);
}

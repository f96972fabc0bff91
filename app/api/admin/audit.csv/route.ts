import { auditCsvDownload } from "@/lib/audit/csv-response.ts";

export const dynamic = "force-dynamic";

/** Every team's and the platform's audit log as CSV, with the page's filters; platform admins only. */
export async function GET(req: Request): Promise<Response> {
  return auditCsvDownload(req, { platform: true }, "audit-all.csv");
}

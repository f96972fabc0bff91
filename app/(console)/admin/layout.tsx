import { getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import { TabNav } from "@/components/ui/tab-nav.tsx";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";

// "Teams" is the section's front page: it stays current on a team's own page, not on the others.
const TABS = [
  { href: "/admin", key: "teams", sections: ["/admin/teams"] },
  { href: "/admin/registry", key: "registries" },
  { href: "/admin/audit", key: "audit" },
] as const;

/**
 * Platform admins only: everyone else gets a real 404 before anything streams. Each page, action
 * and route handler below checks again itself.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePlatformAdmin("/admin");
  const t = await getTranslations("admin.nav");
  return (
    <>
      <TabNav label={t("label")} tabs={TABS.map(({ key, ...tab }) => ({ ...tab, label: t(key) }))} />
      {children}
    </>
  );
}

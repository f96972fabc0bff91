import type { ReactNode } from "react";
import { TabNav } from "@/components/ui/tab-nav.tsx";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";

// "Teams" is the section's front page: it stays current on a team's own page, not on the others.
const TABS = [
  { href: "/admin", label: "Teams", sections: ["/admin/teams"] },
  { href: "/admin/registry", label: "Registries" },
  { href: "/admin/audit", label: "Audit log" },
];

/**
 * Platform admins only: everyone else gets a real 404 before anything streams. Each page, action
 * and route handler below checks again itself.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePlatformAdmin("/admin");
  return (
    <>
      <TabNav label="Platform admin" tabs={TABS} />
      {children}
    </>
  );
}

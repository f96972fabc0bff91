import type { ReactNode } from "react";
import { requirePlatformAdmin } from "@/lib/admin/require-platform-admin.ts";
import { AdminNav } from "./_components/admin-nav.tsx";

/**
 * Platform admins only: everyone else gets a real 404 before anything streams. Each page, action
 * and route handler below checks again itself.
 */
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requirePlatformAdmin("/admin");
  return (
    <>
      <AdminNav />
      {children}
    </>
  );
}

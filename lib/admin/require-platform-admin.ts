import "server-only";
import { notFound } from "next/navigation";
import type { CurrentUser } from "@/lib/auth/session.ts";
import { isPlatformAdmin } from "@/lib/platform.ts";
import { requireUser } from "@/lib/teams/membership.ts";

/** For admin pages: the signed-in platform admin; anyone else gets a 404. */
export async function requirePlatformAdmin(callbackUrl: string): Promise<CurrentUser> {
  const user = await requireUser(callbackUrl);
  if (!isPlatformAdmin(user)) notFound();
  return user;
}

import { randomUUID } from "node:crypto";
import { getDb } from "@/db/client.ts";
import { STATUS_OF_KIND } from "@/lib/api/problem.ts";
import { type AuditedChange, audited } from "@/lib/audit/audited.ts";
import { issueKubeconfig, KubeconfigRefusal } from "@/lib/clusters/kubeconfig.ts";
import { teamForRequest } from "@/lib/teams/membership.ts";
import { roleAtLeast } from "@/lib/teams/roles.ts";

export const dynamic = "force-dynamic";

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const PRIVATE = { "cache-control": "private, no-store" };

const refuse = (status: number, error: string, message: string) =>
  Response.json({ error, message }, { status, headers: PRIVATE });

/** The file itself: never cached, never shown inline, never sniffed into something else. */
function download(text: string, filename: string): Response {
  return new Response(text, {
    headers: {
      "content-type": "application/yaml; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "private, no-store, max-age=0",
      pragma: "no-cache",
      "x-content-type-options": "nosniff",
    },
  });
}

/**
 * A kubeconfig of one cluster for the console's pages (`?type=oidc|admin`): see
 * {@link issueKubeconfig}, which `/api/v1/…/kubeconfig` shares. The kubeconfig goes into this
 * response only: never logged, never in audit details.
 */
export async function GET(req: Request, ctx: { params: Promise<{ team: string; name: string }> }) {
  const { team: slug, name } = await ctx.params;
  const access = await teamForRequest(slug);
  if (!access.ok) {
    return refuse(access.status, access.status === 401 ? "unauthorized" : "not_found", "Sign in again.");
  }
  // Another site may start a download in the user's browser: a credential leaves only for our pages.
  if (req.headers.get("sec-fetch-site") === "cross-site") {
    return refuse(403, "forbidden", "Download the kubeconfig from the console's cluster page.");
  }
  if (!NAME.test(name)) return refuse(400, "bad_request", "Not a cluster name.");
  const { user, team } = access;
  const requested = new URL(req.url).searchParams.get("type");
  if (requested !== null && requested !== "oidc" && requested !== "admin") {
    return refuse(400, "bad_request", "type is oidc or admin.");
  }
  // A token capped below admin gets no cluster-admin credential, whatever its user may read.
  if (requested === "admin" && user.token && !roleAtLeast(team.role, "admin")) {
    return refuse(403, "forbidden", "This token does not allow the admin kubeconfig.");
  }
  const actor = { user: user.identity.user, email: user.email, requestId: randomUUID(), via: user.via };
  const teamActor = {
    user,
    team,
    audited: <T>(change: Omit<AuditedChange, "teamSlug">, write: () => Promise<T>) =>
      audited(getDb(), actor, { ...change, teamSlug: team.slug }, write),
  };
  try {
    const issued = await issueKubeconfig(teamActor, name, requested);
    return download(issued.text, issued.fileName);
  } catch (err) {
    if (err instanceof KubeconfigRefusal) return refuse(STATUS_OF_KIND[err.kind], err.code, err.message);
    throw err;
  }
}

import type { Metadata } from "next";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { getDb } from "@/db/client.ts";
import { listPresets } from "@/db/queries/presets.ts";
import { addonOffersFor } from "@/lib/addons/catalog.ts";
import type { AddonOffer } from "@/lib/capi/addon-catalog.ts";
import type { ClassOffer } from "@/lib/capi/class-catalog.ts";
import { clusterWorkerNodes } from "@/lib/capi/cluster-manifest.ts";
import { offersFor } from "@/lib/clusters/offers.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { listClusters } from "@/lib/k8s/clusters.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { CreateClusterForm } from "./_components/create-cluster-form.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("newCluster"))("title") };
}

export default async function NewClusterPage({ params }: { params: Promise<{ team: string }> }) {
  const { team: slug } = await params;
  const { user, team } = await requireTeam(slug);
  let offers: ClassOffer[] = [];
  let addonOffers: AddonOffer[] = [];
  let used = 0;
  let error: UserError | null = null;
  const presets = (await listPresets(getDb(), team.id)).map((p) => ({ name: p.name, values: p.values }));
  try {
    const [o, clusters, a] = await Promise.all([
      offersFor(user, team),
      listClusters(user.identity, team.namespace),
      // The catalog of the team found among the user's memberships.
      addonOffersFor(team.namespace),
    ]);
    offers = o;
    addonOffers = a;
    used = clusters.reduce((n, c) => n + clusterWorkerNodes(c), 0);
  } catch (err) {
    error = userErrorFrom(err);
  }
  const t = await getTranslations("newCluster");
  return (
    <section className="space-y-4">
      <nav aria-label={t("breadcrumb")} className="text-sm text-slate-500">
        <Link href={`/teams/${team.slug}/clusters`} className="underline">
          {t("clusters")}
        </Link>{" "}
        / {t("title")}
      </nav>
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      {team.role === "viewer" ? (
        <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100">
          {t("viewer", { team: team.displayName })}
        </p>
      ) : null}
      {error ? (
        <ErrorPanel error={error} />
      ) : (
        <CreateClusterForm
          team={team.slug}
          offers={offers}
          nodeQuota={{ limit: team.maxWorkerNodes ?? null, used }}
          presets={presets}
          addonOffers={addonOffers}
        />
      )}
    </section>
  );
}

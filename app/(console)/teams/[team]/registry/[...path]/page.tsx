import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { getDb } from "@/db/client.ts";
import { userErrorFrom } from "@/lib/errors.ts";
import { logger } from "@/lib/logger.ts";
import { type TeamRegistry, teamRegistry } from "@/lib/registry/browse.ts";
import { firstValue, parseRegistryPath, tagListQuerySchema } from "@/lib/registry/names.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { ListSkeleton } from "../_components/list-skeleton.tsx";
import { ManifestDetail } from "../_components/manifest-detail.tsx";
import { NotConfigured, RegistryHeading } from "../_components/registry-heading.tsx";
import { TagList } from "../_components/tag-list.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registry"))("title") };
}

/**
 * /teams/<team>/registry/<repository…> (its tags) and …/<repository…>/-/<tag or digest> (one
 * manifest). The path is checked against the team's prefix before anything is fetched, and before
 * anything streams, so a repository outside the team is a real 404.
 */
export default async function RegistryPathPage({
  params,
  searchParams,
}: {
  params: Promise<{ team: string; path: string[] }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { team: slug, path } = await params;
  const { team } = await requireTeam(slug);
  let reg: TeamRegistry | null;
  try {
    reg = await teamRegistry(getDb(), team.id);
  } catch (err) {
    const error = userErrorFrom(err);
    logger.error(
      { event: "registry.open", team: slug, err: (err as Error).message },
      "opening the registry failed",
    );
    return <ErrorPanel error={error} />;
  }
  if (!reg) return <NotConfigured />;
  const t = await getTranslations("registry");
  const target = parseRegistryPath(reg.prefix, path);
  if (!target) notFound();

  if (target.kind === "repository") {
    const raw = await searchParams;
    const query = tagListQuerySchema.parse({
      sort: firstValue(raw.sort),
      page: firstValue(raw.page),
      severity: firstValue(raw.severity),
    });
    return (
      <section>
        <RegistryHeading team={team.slug} crumbs={[]} title={target.repository} />
        <Suspense key={JSON.stringify(query)} fallback={<ListSkeleton label={t("loading.tags")} />}>
          <TagList team={team.slug} reg={reg} repository={target.repository} query={query} />
        </Suspense>
      </section>
    );
  }
  return (
    <Suspense fallback={<ListSkeleton label={t("loading.manifest")} />}>
      <ManifestDetail
        team={team.slug}
        reg={reg}
        repository={target.repository}
        reference={target.reference}
      />
    </Suspense>
  );
}

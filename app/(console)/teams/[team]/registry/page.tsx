import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { Suspense } from "react";
import { getDb } from "@/db/client.ts";
import { teamRegistry } from "@/lib/registry/browse.ts";
import { firstValue, repositoryListQuerySchema } from "@/lib/registry/names.ts";
import { requireTeam } from "@/lib/teams/membership.ts";
import { ListSkeleton } from "./_components/list-skeleton.tsx";
import { RepositoryList } from "./_components/repository-list.tsx";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("registry"))("title") };
}

/** /teams/<team>/registry: the team's repositories (search, sort, paged on the server). */
export default async function RegistryPage({
  params,
  searchParams,
}: {
  params: Promise<{ team: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { team: slug } = await params;
  const { team } = await requireTeam(slug);
  const raw = await searchParams;
  const query = repositoryListQuerySchema.parse({
    q: firstValue(raw.q),
    sort: firstValue(raw.sort),
    page: firstValue(raw.page),
    severity: firstValue(raw.severity),
  });
  // Looked up here (pages reach the database, their components do not) and awaited by the list
  // inside the Suspense boundary, so a failure shows in the list's place as before. The list
  // attaches its handler only when it renders: until then a rejection must not count as unhandled.
  const registry = teamRegistry(getDb(), team.id);
  registry.catch(() => {});
  const t = await getTranslations("registry");
  return (
    <Suspense key={JSON.stringify(query)} fallback={<ListSkeleton label={t("loading.repositories")} />}>
      <RepositoryList team={team} query={query} registry={registry} />
    </Suspense>
  );
}

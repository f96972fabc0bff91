import { z } from "zod";

/**
 * Query parameters of the registry pages. Sort orders by `pushed` and `pulled` need Harbor's push
 * and pull times (the plain OCI API has none); `severity=high` keeps what Harbor's scanner found
 * critical or high. Anything else falls back to the default rather than failing the page.
 */
const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const severity = z.enum(["high"]).optional().catch(undefined);

export const repositoryListQuerySchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  sort: z.enum(["name", "-name", "pushed", "-pushed", "pulls", "-pulls"]).catch("name"),
  page,
  severity,
});
export type RepositoryListQuery = z.infer<typeof repositoryListQuerySchema>;

export const tagListQuerySchema = z.object({
  sort: z.enum(["name", "-name", "pushed", "-pushed", "pulled", "-pulled"]).catch("name"),
  page,
  severity,
});
export type TagListQuery = z.infer<typeof tagListQuerySchema>;

/** The platform admin's registry overview: all repositories read, or those critical or high. */
export const registryOverviewQuerySchema = z.object({ severity });

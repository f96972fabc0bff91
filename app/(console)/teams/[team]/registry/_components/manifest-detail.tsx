import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { ScanBadge } from "@/components/registry/scan-badge.tsx";
import { CopyButton } from "@/components/ui/copy-button.tsx";
import { ErrorPanel } from "@/components/ui/error-panel.tsx";
import { RelativeTime } from "@/components/ui/relative-time.tsx";
import { useMessage } from "@/components/ui/use-message.ts";
import { type UserError, userErrorFrom } from "@/lib/errors.ts";
import { formatBytes } from "@/lib/format.ts";
import { logger } from "@/lib/logger.ts";
import { manifestView, type TeamRegistry } from "@/lib/registry/browse.ts";
import { isDigest, registryHref } from "@/lib/registry/names.ts";
import type { ManifestView, PlatformView } from "@/lib/registry/types.ts";
import { KeyValues } from "./key-values.tsx";
import { RegistryHeading } from "./registry-heading.tsx";

/** A tag or digest: its manifest per platform, layers, labels, referrers and pull references. */
export async function ManifestDetail({
  team,
  reg,
  repository,
  reference,
}: {
  team: string;
  reg: TeamRegistry;
  repository: string;
  reference: string;
}) {
  let view: ManifestView | null = null;
  let error: UserError | null = null;
  try {
    view = await manifestView(reg, repository, reference);
  } catch (err) {
    error = userErrorFrom(err);
    logger.warn(
      {
        event: "registry.manifest",
        team,
        repository,
        reference,
        code: error.code,
        err: (err as Error).message,
      },
      "reading a manifest failed",
    );
  }
  const title = isDigest(reference) ? `${repository}@${reference}` : `${repository}:${reference}`;
  const heading = (
    <RegistryHeading
      team={team}
      crumbs={[{ label: repository, href: registryHref(team, repository) }]}
      title={title}
    />
  );
  if (error || !view) {
    return (
      <section>
        {heading}
        <ErrorPanel error={error ?? userErrorFrom(null)} />
      </section>
    );
  }
  return <ManifestBody team={team} kind={reg.kind} view={view} />;
}

/** The manifest page's content for a view already read: rendered by the page and by tests. */
export function ManifestBody({
  team,
  kind,
  view,
}: {
  team: string;
  kind: "oci" | "harbor";
  view: ManifestView;
}) {
  const t = useTranslations("registry.manifest");
  const tr = useTranslations("registry");
  const problem = useMessage("registryProblems");
  const repository = view.repository;
  const title = isDigest(view.reference)
    ? `${repository}@${view.reference}`
    : `${repository}:${view.reference}`;
  const heading = (
    <RegistryHeading
      team={team}
      crumbs={[{ label: repository, href: registryHref(team, repository) }]}
      title={title}
    />
  );
  return (
    <section className="space-y-6">
      {heading}
      <PullReferences pull={view.pull} />
      <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm" data-testid="manifest-summary">
        <dt className="text-slate-500">{t("digest")}</dt>
        <dd className="font-mono text-xs break-all" data-testid="manifest-digest">
          {view.digest}
        </dd>
        <dt className="text-slate-500">{t("mediaType")}</dt>
        <dd className="font-mono text-xs break-all">{view.mediaType}</dd>
        <dt className="text-slate-500">{t("kind")}</dt>
        <dd>
          {view.kind === "index"
            ? t("index", { count: view.platforms.length + view.omittedPlatforms })
            : view.kind === "image"
              ? t("image")
              : t("notShown")}
        </dd>
        <dt className="text-slate-500">{t("size")}</dt>
        <dd className="tabular-nums">{formatBytes(view.manifestSize)}</dd>
        {view.pushed ? (
          <>
            <dt className="text-slate-500">{t("pushed")}</dt>
            <dd>
              <RelativeTime at={view.pushed} testId="manifest-pushed" />
            </dd>
          </>
        ) : null}
        {kind === "harbor" ? (
          <>
            <dt className="text-slate-500">{t("lastPulled")}</dt>
            <dd>{view.pulled ? <RelativeTime at={view.pulled} testId="manifest-pulled" /> : tr("never")}</dd>
            <dt className="text-slate-500">{tr("columns.vulnerabilities")}</dt>
            <dd>
              <ScanBadge scan={view.scan} detail />
            </dd>
          </>
        ) : null}
      </dl>
      {view.kind === "unsupported" ? (
        <div
          role="note"
          data-testid="manifest-unsupported"
          className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          <p className="font-medium">{t("unsupported")}</p>
          {view.reason ? <p className="mt-1">{problem(view.reason)}</p> : null}
        </div>
      ) : null}
      <div>
        <h2 className="mb-2 text-lg font-semibold">{t("annotations")}</h2>
        <KeyValues
          entries={view.annotations}
          caption={t("annotations")}
          empty={t("noAnnotations")}
          testId="manifest-annotations"
        />
      </div>
      {view.platforms.map((p) => (
        <Platform key={p.digest} team={team} repository={repository} platform={p} />
      ))}
      {view.omittedPlatforms > 0 ? (
        <p className="text-sm text-slate-500">{t("moreEntries", { count: view.omittedPlatforms })}</p>
      ) : null}
      <Referrers team={team} repository={repository} referrers={view.referrers} />
    </section>
  );
}

function PullReferences({ pull }: { pull: ManifestView["pull"] }) {
  const t = useTranslations("registry.pull");
  const rows = [
    ...(pull.byTag ? [{ what: "tag" as const, ref: pull.byTag }] : []),
    { what: "digest" as const, ref: pull.byDigest },
  ];
  return (
    <div className="rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <h2 className="mb-2 text-lg font-semibold">{t("title")}</h2>
      <ul className="space-y-2 text-sm">
        {rows.map(({ what, ref }) => (
          <li key={what} className="space-y-1" data-testid={`pull-by-${what}`}>
            <div className="flex flex-wrap items-center gap-2">
              <span className="w-20 text-slate-500">{t(`by.${what}`)}</span>
              <code className="font-mono text-xs break-all" data-testid={`pull-command-by-${what}`}>
                docker pull {ref}
              </code>
              <CopyButton
                text={`docker pull ${ref}`}
                label={t(`copyPull.${what}`)}
                what={`docker pull ${ref}`}
              >
                {t("copy")}
              </CopyButton>
            </div>
            <div className="flex flex-wrap items-center gap-2">
              <span className="w-20 text-slate-500">{t("reference")}</span>
              <code className="font-mono text-xs break-all" data-testid={`pull-reference-by-${what}`}>
                {ref}
              </code>
              <CopyButton text={ref} label={t(`copyReference.${what}`)} what={ref}>
                {t("copy")}
              </CopyButton>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Platform({
  team,
  repository,
  platform: p,
}: {
  team: string;
  repository: string;
  platform: PlatformView;
}) {
  const t = useTranslations("registry.manifest");
  const problem = useMessage("registryProblems");
  const format = useFormatter();
  return (
    <section
      aria-label={t("platform", { platform: p.platform })}
      data-testid="platform"
      data-platform={p.platform}
      data-digest={p.digest}
      data-size={p.size ?? ""}
      className="rounded-lg border border-slate-200 p-4 dark:border-slate-800"
    >
      <h2 className="text-lg font-semibold">{p.platform}</h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
        <dt className="text-slate-500">{t("digest")}</dt>
        <dd className="font-mono text-xs break-all">
          <Link href={registryHref(team, repository, p.digest)} className="hover:underline">
            {p.digest}
          </Link>
        </dd>
        <dt className="text-slate-500">{t("layerSize")}</dt>
        <dd className="tabular-nums" data-testid="platform-size">
          {p.size !== undefined
            ? `${formatBytes(p.size)} (${t("bytes", { bytes: format.number(p.size) })})`
            : "–"}
        </dd>
        <dt className="text-slate-500">{t("created")}</dt>
        <dd>{p.created ? <time dateTime={p.created}>{p.created}</time> : "–"}</dd>
        {p.author ? (
          <>
            <dt className="text-slate-500">{t("author")}</dt>
            <dd data-i18n-ignore>{p.author}</dd>
          </>
        ) : null}
        {p.artifactType ? (
          <>
            <dt className="text-slate-500">{t("artifactType")}</dt>
            <dd className="font-mono text-xs">{p.artifactType}</dd>
          </>
        ) : null}
      </dl>
      {p.problem ? (
        <p className="mt-2 text-sm text-amber-700 dark:text-amber-300">{problem(p.problem)}</p>
      ) : null}
      <h3 className="mt-4 mb-1 font-medium">{t("labels")}</h3>
      <KeyValues entries={p.labels} caption={t("labels")} empty={t("noLabels")} testId="platform-labels" />
      {Object.keys(p.annotations).length > 0 ? (
        <>
          <h3 className="mt-4 mb-1 font-medium">{t("annotations")}</h3>
          <KeyValues
            entries={p.annotations}
            caption={t("annotations")}
            empty={t("noAnnotations")}
            testId="platform-annotations"
          />
        </>
      ) : null}
      <h3 className="mt-4 mb-1 font-medium">{t("layers")}</h3>
      {p.layers.length === 0 ? (
        <p className="text-sm text-slate-500">{t("noLayers")}</p>
      ) : (
        <table className="w-full text-left text-sm" data-testid="layer-table">
          <thead>
            <tr className="text-slate-500">
              <th scope="col" className="py-1 pr-4 font-medium">
                #
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                {t("digest")}
              </th>
              <th scope="col" className="py-1 pr-4 font-medium">
                {t("mediaType")}
              </th>
              <th scope="col" className="py-1 font-medium">
                {t("layerSize")}
              </th>
            </tr>
          </thead>
          <tbody>
            {p.layers.map((l, i) => (
              <tr
                // Layers may repeat (the same blob twice), so the position is part of the key.
                // biome-ignore lint/suspicious/noArrayIndexKey: layers are an ordered list, never reordered
                key={`${i}-${l.digest}`}
                data-testid="layer-row"
                className="border-t border-slate-200 dark:border-slate-800"
              >
                <td className="py-1 pr-4 tabular-nums">{i + 1}</td>
                <td className="py-1 pr-4 font-mono text-xs break-all">{l.digest}</td>
                <td className="py-1 pr-4 font-mono text-xs break-all">{l.mediaType}</td>
                <td className="py-1 tabular-nums">{formatBytes(l.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {p.omittedLayers > 0 ? (
        <p className="text-sm text-slate-500">{t("moreLayers", { count: p.omittedLayers })}</p>
      ) : null}
    </section>
  );
}

function Referrers({
  team,
  repository,
  referrers,
}: {
  team: string;
  repository: string;
  referrers: ManifestView["referrers"];
}) {
  const t = useTranslations("registry.referrers");
  const problem = useMessage("registryProblems");
  return (
    <div data-testid="referrers">
      <h2 className="mb-2 text-lg font-semibold">{t("title")}</h2>
      {"problem" in referrers ? (
        <p className="text-sm text-amber-700 dark:text-amber-300">{problem(referrers.problem)}</p>
      ) : referrers.items.length === 0 ? (
        <p className="text-sm text-slate-500">{referrers.source === "none" ? t("noneNoApi") : t("none")}</p>
      ) : (
        <ul className="space-y-1 text-sm">
          {referrers.items.map((r) => (
            <li key={r.digest} className="flex flex-wrap gap-2">
              <span className="font-mono text-xs">{r.artifactType ?? r.mediaType}</span>
              <Link
                href={registryHref(team, repository, r.digest)}
                className="font-mono text-xs hover:underline"
              >
                {r.digest}
              </Link>
              <span className="text-slate-500">{formatBytes(r.size)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

import { useTranslations } from "next-intl";
import { isHttpUrl } from "@/lib/registry/media.ts";

/**
 * Labels or annotations from an image: untrusted text, rendered as text. A value becomes a link
 * only when it is an http(s) URL, and then without referrer or opener.
 */
export function KeyValues({
  entries,
  caption,
  empty,
  testId,
}: {
  entries: Record<string, string>;
  caption: string;
  /** Said when there are none. */
  empty: string;
  testId: string;
}) {
  const t = useTranslations("registry.keyValues");
  const rows = Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (rows.length === 0) return <p className="text-sm text-slate-500">{empty}</p>;
  return (
    <table className="w-full text-left text-sm" data-testid={testId}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr className="text-slate-500">
          <th scope="col" className="py-1 pr-4 font-medium">
            {t("key")}
          </th>
          <th scope="col" className="py-1 font-medium">
            {t("value")}
          </th>
        </tr>
      </thead>
      {/* An image's own labels and annotations: data. */}
      <tbody data-i18n-ignore>
        {rows.map(([key, value]) => (
          <tr key={key} data-key={key} className="border-t border-slate-200 align-top dark:border-slate-800">
            <td className="py-1 pr-4 font-mono text-xs break-all">{key}</td>
            <td className="py-1 break-all whitespace-pre-wrap">
              {isHttpUrl(value) ? (
                <a
                  href={value}
                  rel="noopener noreferrer nofollow"
                  target="_blank"
                  className="text-sky-700 underline dark:text-sky-300"
                >
                  {value}
                </a>
              ) : (
                value
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

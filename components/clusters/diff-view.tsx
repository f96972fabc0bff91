import type { DiffLine } from "@/lib/diff.ts";

/** A line diff of what a change does, as the API server accepted it in a dry run. */
export function DiffView({ diff }: { diff: DiffLine[] }) {
  return (
    <pre
      data-testid="change-diff"
      // Scrolls when long: focusable so a keyboard can scroll it.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-xs text-slate-100"
    >
      {diff.map((l, i) => (
        <div
          // Lines of one diff never reorder.
          // biome-ignore lint/suspicious/noArrayIndexKey: static rendering of a diff
          key={i}
          className={
            l.kind === "add"
              ? "bg-emerald-900/60 text-emerald-200"
              : l.kind === "del"
                ? "bg-red-900/60 text-red-200"
                : ""
          }
        >
          {l.kind === "add" ? "+ " : l.kind === "del" ? "- " : "  "}
          {l.text}
        </div>
      ))}
    </pre>
  );
}

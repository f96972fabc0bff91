"use client";

import { useTranslations } from "next-intl";

/** Toggles dark mode and remembers the choice (public/theme-init.js applies it on load). */
export function ThemeToggle() {
  const t = useTranslations("header");
  return (
    <button
      type="button"
      aria-label={t("toggleDarkMode")}
      className="rounded-md px-2 py-1 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
      onClick={() => {
        const dark = document.documentElement.classList.toggle("dark");
        try {
          localStorage.setItem("theme", dark ? "dark" : "light");
        } catch {
          // storage may be disabled; the toggle still works for this page
        }
      }}
    >
      ◐
    </button>
  );
}

import { NextIntlClientProvider } from "next-intl";
import type { ReactElement } from "react";
import en from "../../../lib/i18n/messages/en.json" with { type: "json" };

/** A component as the console renders it for an English reader (the pages' provider, outside Next). */
export function inEnglish(element: ReactElement): ReactElement {
  return (
    <NextIntlClientProvider locale="en" messages={en} timeZone="UTC">
      {element}
    </NextIntlClientProvider>
  );
}

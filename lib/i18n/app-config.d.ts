import type { Locale } from "./locales.ts";
import type messages from "./messages/en.json";

// Message keys and locales are type-checked against the English catalog: a `t("…")` with a key
// that is not in it fails `npm run typecheck`.
declare module "next-intl" {
  interface AppConfig {
    Locale: Locale;
    Messages: typeof messages;
  }
}

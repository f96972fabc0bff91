import type { Page } from "@playwright/test";
import { type Catalog, flattenMessages } from "../../lib/i18n/catalog.ts";
import de from "../../lib/i18n/messages/de.json" with { type: "json" };
import en from "../../lib/i18n/messages/en.json" with { type: "json" };

/**
 * English words that never belong in a German page of the console. Not German words too ("in",
 * "an", "was", "Status", "Cluster" and its genitive "Clusters", "Team", "Token", "Registry",
 * "Version", "Filter", "Upgrade", "Download", "Add-on" are), nor names of things the console shows as
 * data. Hyphenated words count whole ("Add-on-Provider" is not "on"). A hard-coded English label that never reached a catalog is caught
 * here; a catalog value shown in English (a missing `t`) by the phrase check.
 */
export const ENGLISH_WORDS = new Set(
  `the and or your you with this that these from are is were has have been ago yes of to for by on at
   not no none never all any new create created delete deleted save saved cancel added remove removed
   edit loading sign signed members member settings ready failing progressing degraded compliant
   unknown failed filters clear show hide copy copied when who what which there here only
   more yet nothing back next previous search action actions outcome nodes replicas machines scale
   upgrading please try again found allowed refused role roles since pending running`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Phrases of the English catalog that German says differently, without their placeholders; not
 * those German uses too, elsewhere ("Filter" is a German button and an English label).
 */
function englishPhrases(): string[] {
  const german = flattenMessages(de as Catalog);
  const germanValues = new Set(german.values());
  const phrases = new Set<string>();
  for (const [key, message] of flattenMessages(en as Catalog)) {
    if (german.get(key) === message || germanValues.has(message)) continue;
    // Static stretches between placeholders and tags; short ones ("{n} of {m}") say too little.
    for (const part of message.split(/\{[^{}]*\}|<\/?\w+>|[{}]/)) {
      const p = part.trim().replace(/\s+/g, " ");
      if (p.length >= 8 && /\s/.test(p)) phrases.add(p);
      else if (p.length >= 4 && p === message.trim()) phrases.add(p);
    }
  }
  return [...phrases];
}

const PHRASES = englishPhrases();

const phraseIn = (text: string) => PHRASES.find((p) => text === p || (p.includes(" ") && text.includes(p)));

export type Finding = { text: string; where: string; why: string };

/**
 * The English a German page shows: visible text nodes and the `aria-label`, `title`, `placeholder`
 * and `alt` a person meets, outside `code`, `pre` and `[data-i18n-ignore]` (untrusted data: names,
 * messages of the API server), checked against the English catalog and {@link ENGLISH_WORDS}.
 */
export async function untranslatedText(page: Page): Promise<Finding[]> {
  const { out: texts, title } = await page.evaluate(() => {
    // `data-i18n-ignore="title"` marks only an element's title as data (a condition message on
    // hover); any other value the whole element.
    const IGNORED =
      'script, style, noscript, template, code, pre, [data-i18n-ignore]:not([data-i18n-ignore="title"])';
    const out: { text: string; where: string }[] = [];
    const label = (el: Element) =>
      `${el.tagName.toLowerCase()}${el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : ""}`;
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const text = (n.textContent ?? "").replace(/\s+/g, " ").trim();
      if (!el || !text || el.closest(IGNORED)) continue;
      // Options count while their select is closed; other text only when it is rendered.
      if (!el.closest("option") && !el.checkVisibility()) continue;
      out.push({ text, where: label(el) });
    }
    for (const el of document.body.querySelectorAll("[aria-label], [title], [placeholder], [alt]")) {
      if (el.closest(IGNORED)) continue;
      for (const attr of ["aria-label", "title", "placeholder", "alt"]) {
        const v = el.getAttribute(attr)?.replace(/\s+/g, " ").trim();
        if (v && el.getAttribute("data-i18n-ignore") !== attr)
          out.push({ text: v, where: `${label(el)}@${attr}` });
      }
    }
    return { out, title: document.title };
  });
  const findings: Finding[] = [];
  // The document title names the page's object on object pages (a cluster's name): only the
  // catalog's phrases are looked for in it.
  const titled = phraseIn(title);
  if (titled) findings.push({ text: title, where: "title", why: `English catalog text “${titled}”` });
  for (const { text, where } of texts) {
    const phrase = phraseIn(text);
    if (phrase) {
      findings.push({ text, where, why: `English catalog text “${phrase}”` });
      continue;
    }
    const word = (text.match(/[A-Za-z][A-Za-z'-]*/g) ?? [])
      .map((w) => w.replace(/['-]+$/g, "").toLowerCase())
      .find((w) => ENGLISH_WORDS.has(w));
    if (word) findings.push({ text, where, why: `English word “${word}”` });
  }
  return findings;
}

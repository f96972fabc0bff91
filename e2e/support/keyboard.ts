/**
 * Keyboard-only helpers for e2e: reach a control with Tab as a person would (never a click), and
 * check the focus is visible wherever it lands.
 */
import { expect, type Locator, type Page } from "@playwright/test";

const focused = (target: Locator) => target.evaluate((el) => el === document.activeElement);

/** Asserts the focused element shows a focus indicator (the :focus-visible outline, ≥ 2px, or a ring). */
export async function expectFocusVisible(page: Page): Promise<void> {
  const f = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { what: "body", visible: false };
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== "none" && Number.parseFloat(s.outlineWidth) >= 2;
    return {
      what: `${el.tagName.toLowerCase()} ${el.getAttribute("aria-label") ?? el.textContent?.trim().slice(0, 40) ?? ""}`,
      visible: el.matches(":focus-visible") && (outline || s.boxShadow !== "none"),
    };
  });
  expect(f.visible, `focus visible on ${f.what}`).toBe(true);
}

/**
 * Presses Tab (or Shift+Tab) until `target` has the focus, checking at each stop that the focus
 * is visible; fails after `max` presses.
 */
export async function tabTo(
  page: Page,
  target: Locator,
  opts: { backwards?: boolean; max?: number } = {},
): Promise<void> {
  await target.waitFor();
  for (let i = 0; i < (opts.max ?? 150); i++) {
    if (await focused(target)) return;
    await page.keyboard.press(opts.backwards ? "Shift+Tab" : "Tab");
    if (await page.evaluate(() => document.activeElement && document.activeElement !== document.body)) {
      await expectFocusVisible(page);
    }
  }
  throw new Error(`Tab never reached ${target}`);
}

/** Moves a focused `<select>` with the arrow keys until it has `value` (a closed select changes in place). */
export async function arrowToOption(page: Page, select: Locator, value: string): Promise<void> {
  const options = await select
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const want = options.indexOf(value);
  expect(want, `option ${value}`).toBeGreaterThanOrEqual(0);
  const at = options.indexOf(await select.inputValue());
  const key = want > at ? "ArrowDown" : "ArrowUp";
  for (let i = 0; i < Math.abs(want - at); i++) await page.keyboard.press(key);
  await expect(select).toHaveValue(value);
}

/** Asserts the focus is inside `container` (a dialog keeps it there). */
export async function expectFocusInside(container: Locator): Promise<void> {
  expect(
    await container.evaluate((el) => el.contains(document.activeElement)),
    "focus inside the dialog",
  ).toBe(true);
}

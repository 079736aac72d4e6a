import type { Page } from '@playwright/test';
import { expect, expectSaved, test } from './fixtures';

/** Presses Tab (or Shift+Tab) until the focused element has this accessible name; fails after 40 steps. */
async function tabTo(page: Page, name: string, backwards = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.getAttribute('aria-label') ?? el?.textContent?.trim() ?? '';
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test('a whole article can be written with the keyboard alone, in a Sorani interface', async ({ page }) => {
  await tabTo(page, 'سۆرانی');
  await page.keyboard.press('Enter');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

  await tabTo(page, 'بابەتی نوێ');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog');
  await expect(dialog).toBeVisible();
  await tabTo(page, 'بادینی');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'بادینی' })).toHaveAttribute('aria-selected', 'true');

  await tabTo(page, 'سەردێڕ');
  await page.keyboard.type('جڤاتا نوونەرێن ئیراقێ');
  await tabTo(page, 'دەق');
  await page.keyboard.type('ب مەرەما برێڤەبرنا کاروبارێن مە.');
  await expectSaved(page);

  // Language tabs move with the arrow keys; in a right-to-left interface the left arrow goes forward.
  await tabTo(page, 'بادینی', true);
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'سۆرانی' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'سۆرانی' })).toHaveAttribute('aria-selected', 'true');

  await tabTo(page, 'کتێبخانە', true);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('link', { name: 'جڤاتا نوونەرێن ئیراقێ' })).toBeVisible();
});

import type { Page } from '@playwright/test';
import { createArticle, expect, expectSaved, NATIVE, SAMPLES, test, writeVersion } from './fixtures';

/**
 * Two windows on one version (two pages of browser mode, as two Electron
 * windows would be): both edit the same shared document, see each other's
 * typing at once, and every edit of both is kept.
 */

const body = (page: Page) => page.getByRole('textbox', { name: 'Body' });

/** The second window: the same article, opened from its address. */
async function secondWindow(page: Page): Promise<Page> {
  const other = await page.context().newPage();
  await other.goto(page.url());
  await expect(body(other)).toHaveText(await body(page).innerText());
  return other;
}

/** Types `words` at the end of the body (or its start), a word at a time. */
async function typeWords(page: Page, words: readonly string[], at: 'end' | 'start' = 'end'): Promise<void> {
  await body(page).click();
  await page.keyboard.press(at === 'end' ? 'Control+End' : 'Control+Home');
  for (const word of words) await page.keyboard.type(at === 'end' ? ` ${word}` : `${word} `, { delay: 15 });
}

const WORDS = {
  en: { a: ['Erbil', 'Duhok', 'Zakho'], b: ['Kirkuk', 'Halabja', 'Ranya'] },
  ckb: { a: ['هەولێر', 'دهۆک', 'زاخۆ'], b: ['کەرکووک', 'هەڵەبجە', 'ڕانیە'] },
  kmr: { a: ['هەولێر', 'دهۆک', 'زاخۆ'], b: ['کەرکووک', 'هەلەبجە', 'رانیە'] },
} as const;

test.describe('two windows on one version', () => {
  for (const lang of ['en', 'ckb', 'kmr'] as const) {
    test(`${NATIVE[lang]}: both type into the same paragraph at once, see each other within a second, and keep every word`, async ({ page }) => {
      await createArticle(page, lang);
      await writeVersion(page, SAMPLES[lang]);
      const other = await secondWindow(page);

      // One word first: it shows up in the other window within a second.
      await typeWords(page, ['—']);
      await expect(body(other)).toContainText('—', { timeout: 1_000 });

      // The same paragraph, at once: one at its start, the other at its end.
      await Promise.all([typeWords(page, WORDS[lang].a, 'start'), typeWords(other, WORDS[lang].b)]);
      for (const window of [page, other]) {
        for (const word of [...WORDS[lang].a, ...WORDS[lang].b]) await expect(body(window)).toContainText(word);
      }
      await expectSaved(page);
      await expectSaved(other);
      // The two windows hold the same text, and so does the library after a reload.
      const text = await body(page).innerText();
      expect(await body(other).innerText()).toBe(text);
      await page.reload();
      await expect(body(page)).toHaveText(text);
      await page.screenshot({ path: `test-results/screens/collaboration-${lang}.png` });
      await other.close();
    });
  }

  test('both type into the headline at once: both words are kept', async ({ page }) => {
    await createArticle(page, 'en');
    await writeVersion(page, SAMPLES.en);
    const other = await secondWindow(page);
    const headline = (p: Page) => p.getByRole('textbox', { name: 'Headline' });
    await headline(page).click();
    await page.keyboard.press('End');
    await headline(other).click();
    // The start of the headline (Home alone goes to the start of the wrapped line).
    await other.keyboard.press('Control+Home');
    await Promise.all([page.keyboard.type(' (updated)', { delay: 15 }), other.keyboard.type('Exclusive: ', { delay: 15 })]);
    const expected = `Exclusive: ${SAMPLES.en.headline} (updated)`;
    await expect(headline(page)).toHaveValue(expected);
    await expect(headline(other)).toHaveValue(expected);
    await expectSaved(page);
    await expectSaved(other);
    await page.reload();
    await expect(headline(page)).toHaveValue(expected);
  });

  test('undo takes back this window’s typing only, never the other window’s', async ({ page }) => {
    await createArticle(page, 'ckb');
    await writeVersion(page, SAMPLES.ckb);
    const other = await secondWindow(page);
    await typeWords(page, ['یەکەم']);
    await expect(body(other)).toContainText('یەکەم');
    await other.waitForTimeout(600);
    await typeWords(other, ['دووەم']);
    await expect(body(page)).toContainText('دووەم');
    // Undo in the first window: its own word goes, the other window's stays, in both windows.
    await body(page).click();
    await page.keyboard.press('Control+z');
    for (const window of [page, other]) {
      await expect(body(window)).not.toContainText('یەکەم');
      await expect(body(window)).toContainText('دووەم');
    }
    // And redo brings it back.
    await page.keyboard.press('Control+Shift+z');
    await expect(body(other)).toContainText('یەکەم');
    await expectSaved(page);
  });

  test('a field undo takes back this window’s typing only', async ({ page }) => {
    await createArticle(page, 'kmr');
    await writeVersion(page, SAMPLES.kmr);
    const other = await secondWindow(page);
    const dateline = (p: Page) => p.getByRole('textbox', { name: 'Dateline' });
    await dateline(page).click();
    await page.keyboard.type('دهۆک');
    await expect(dateline(other)).toHaveValue('دهۆک');
    await page.waitForTimeout(600);
    await dateline(other).click();
    await other.keyboard.press('End');
    await other.keyboard.type('، ١٢ی ئادارێ');
    await expect(dateline(page)).toHaveValue('دهۆک، ١٢ی ئادارێ');
    await dateline(page).click();
    await page.keyboard.press('Control+z');
    await expect(dateline(page)).toHaveValue('، ١٢ی ئادارێ');
    await expect(dateline(other)).toHaveValue('، ١٢ی ئادارێ');
  });
});

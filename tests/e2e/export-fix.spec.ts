import type { Page } from '@playwright/test';
import { createArticle, expect, expectSaved, test } from './fixtures';

/**
 * One-click fixes from the export checks (issue 16): a Sorani article with a
 * sentence end glued to the next word (a warning) and a word-initial ر (a
 * suggestion), fixed from the export dialog, in the English and in the
 * Sorani interface. The fixes land in the editors as ordinary edits: the
 * text changes where it is, is saved, and undo takes it back.
 */

const HEADLINE = 'رۆژی هەینی لە هەولێر';
const BODY = 'باران باری.ئەمڕۆ هەوا ساردە.';

const UI = {
  en: {
    headline: 'Headline',
    body: 'Body',
    export: 'Export',
    dialog: 'Export package',
    fix: 'Fix',
    close: 'Close',
    glued: /No space after the sentence end in “\u2068باری\.ئەمڕۆ\u2069”/,
    reh: /Sorani spells a word-initial r ڕ: “\u2068ڕۆژی\u2069” rather than “\u2068رۆژی\u2069”\./,
    suggestions: '1 suggestion',
    switch: 'English',
  },
  ckb: {
    headline: 'سەردێڕ',
    body: 'دەق',
    export: 'ناردنە دەرەوە',
    dialog: 'ناردنە دەرەوەی پاکێج',
    fix: 'چاککردن',
    close: 'داخستن',
    glued: /لە «\u2068باری\.ئەمڕۆ\u2069»دا دوای کۆتایی ڕستە بۆشایی نییە/,
    reh: /«\u2068رۆژی\u2069» بە ر دەست پێدەکات؛ سۆرانی لە سەرەتای وشەدا ڕ دەنووسێت: \u2068ڕۆژی\u2069\./,
    suggestions: '1 پێشنیار',
    switch: 'سۆرانی',
  },
} as const;

async function switchInterface(page: Page, lang: keyof typeof UI): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: UI[lang].switch, exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'en' ? 'ltr' : 'rtl');
}

for (const lang of ['en', 'ckb'] as const) {
  test(`export: one-click fixes of a glued sentence end and a word-initial ر, saved (${lang} interface)`, async ({ page }) => {
    test.setTimeout(120_000);
    const ui = UI[lang];
    await createArticle(page, 'ckb');
    if (lang !== 'en') await switchInterface(page, lang);
    const headline = page.getByRole('textbox', { name: ui.headline });
    const body = page.getByRole('textbox', { name: ui.body });
    await headline.click();
    await page.keyboard.insertText(HEADLINE);
    await body.click();
    await page.keyboard.insertText(BODY);
    await expectSaved(page);

    await page.getByRole('button', { name: ui.export, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: ui.dialog });
    const glued = dialog.locator('.finding-warning', { hasText: ui.glued });
    const reh = dialog.locator('.finding-suggestion', { hasText: ui.reh });
    await expect(glued).toHaveCount(1);
    await expect(reh).toHaveCount(1);
    await expect(dialog.getByRole('heading', { name: ui.suggestions })).toBeVisible();
    await page.screenshot({ path: `test-results/screens/export-fix-${lang}-before.png`, fullPage: true });

    // The warning's fix: a space after the full stop, in the body; the dialog checks again and the warning is gone.
    await glued.getByRole('button', { name: ui.fix }).click();
    await expect(dialog).toBeVisible();
    await expect(glued).toHaveCount(0);
    await expect(body).toHaveText('باران باری. ئەمڕۆ هەوا ساردە.');

    // The suggestion's fix: ڕ for ر, in the headline field.
    await reh.getByRole('button', { name: ui.fix }).click();
    await expect(reh).toHaveCount(0);
    await expect(headline).toHaveValue('ڕۆژی هەینی لە هەولێر');
    await expect(dialog.locator('.finding-suggestion')).toHaveCount(0);
    await page.screenshot({ path: `test-results/screens/export-fix-${lang}-after.png`, fullPage: true });
    await dialog.getByRole('button', { name: ui.close }).click();
    await expect(dialog).toBeHidden();
    await expectSaved(page);

    // Both were saved: a reload shows the fixed text.
    await page.reload();
    await expect(page.getByRole('textbox', { name: ui.headline })).toHaveValue('ڕۆژی هەینی لە هەولێر');
    await expect(page.getByRole('textbox', { name: ui.body })).toHaveText('باران باری. ئەمڕۆ هەوا ساردە.');
  });
}

test('export: a fix is an ordinary edit, undone by the editor and the field', async ({ page }) => {
  test.setTimeout(120_000);
  await createArticle(page, 'ckb');
  const headline = page.getByRole('textbox', { name: 'Headline' });
  const body = page.getByRole('textbox', { name: 'Body' });
  await headline.click();
  await page.keyboard.insertText(HEADLINE);
  await body.click();
  await page.keyboard.insertText(BODY);
  await expectSaved(page);
  // Chromium's word breaker splits at the full stop, Node's does not: both count the glued words as two.
  await expect(page.getByRole('tabpanel').getByText(/words ·/)).toHaveText('5 words · 28 characters');

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export package' });
  await dialog.locator('.finding-warning', { hasText: UI.en.glued }).getByRole('button', { name: 'Fix' }).click();
  await expect(body).toHaveText('باران باری. ئەمڕۆ هەوا ساردە.');
  await dialog.locator('.finding-suggestion', { hasText: UI.en.reh }).getByRole('button', { name: 'Fix' }).click();
  await expect(headline).toHaveValue('ڕۆژی هەینی لە هەولێر');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await body.click();
  await page.keyboard.press('Control+z');
  await expect(body).toHaveText(BODY);
  await headline.click();
  // The field's own undo (its document's, not the browser's): the fix was a step of its own, the typing before it stays.
  await page.keyboard.press('Control+z');
  await expect(headline).toHaveValue(HEADLINE);
  await expectSaved(page);

  // The undos are edits of the documents like the fixes: the library has the text as it was typed.
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(HEADLINE);
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(BODY);
});

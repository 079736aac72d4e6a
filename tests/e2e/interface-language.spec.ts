import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createArticle, expect, SAMPLES, test, writeVersion } from './fixtures';

const SWITCH = { en: 'English', ckb: 'سۆرانی', kmr: 'بادینی' } as const;
/** The "New article" button in each interface language, as in the locale files. */
const NEW_ARTICLE = { en: 'New article', ckb: 'بابەتی نوێ', kmr: 'بابەتەکێ نوی' } as const;

async function switchInterface(page: Page, lang: keyof typeof SWITCH): Promise<void> {
  await page.getByRole('navigation').getByRole('button', { name: SWITCH[lang], exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', lang === 'en' ? 'ltr' : 'rtl');
  await expect(page.getByRole('button', { name: NEW_ARTICLE[lang] }).or(page.getByRole('tablist'))).toBeVisible();
}

/** Visible interface text with Latin words: anything but the article's own text and the switcher's "English". */
async function englishLeftIn(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const words: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest('[contenteditable], [lang="en"], textarea, input, time') || parent.closest('[hidden]')) continue;
      if (getComputedStyle(parent).display === 'none') continue;
      words.push(...(node.textContent?.match(/[A-Za-z]{3,}/g) ?? []));
    }
    return words;
  });
}

async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${screen}`).toEqual([]);
}

test.describe('the interface language', () => {
  test('switches at once, mirrors for Kurdish, and is kept at the next start', async ({ page }) => {
    await switchInterface(page, 'ckb');
    await expect(page.locator('html')).toHaveAttribute('lang', 'ckb');
    await expect(page.getByRole('searchbox', { name: 'گەڕان لە بابەتەکان' })).toBeVisible();
    expect(await englishLeftIn(page)).toEqual([]);

    // The toolbar is mirrored: "New article" sits on the left, the title on the right.
    const title = await page.getByRole('heading', { level: 1 }).boundingBox();
    const button = await page.getByRole('button', { name: NEW_ARTICLE.ckb }).boundingBox();
    expect(title!.x).toBeGreaterThan(button!.x);

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('button', { name: NEW_ARTICLE.ckb })).toBeVisible();

    await switchInterface(page, 'kmr');
    await expect(page.locator('html')).toHaveAttribute('lang', 'kmr-Arab');
    expect(await englishLeftIn(page)).toEqual([]);
    await switchInterface(page, 'en');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });

  test('switching keeps text that is not saved yet, and the article language stays its own', async ({ page }) => {
    await createArticle(page, 'en');
    await page.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.type('Typed just before switching');
    await switchInterface(page, 'ckb');
    const body = page.getByRole('textbox', { name: 'دەق' });
    await expect(body).toHaveText('Typed just before switching');
    // The English version stays left-to-right inside the mirrored interface.
    await expect(body).toHaveAttribute('dir', 'ltr');
    await expect(page.locator('p[role="status"].save-status')).toHaveText('پاشەکەوت کرا');
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'دەق' })).toHaveText('Typed just before switching');
  });

  test('Kurdish interfaces write numbers and dates in the chosen digits', async ({ page }) => {
    await createArticle(page, 'ckb');
    await writeVersion(page, SAMPLES.ckb);
    await switchInterface(page, 'ckb');
    const counts = page.getByRole('tabpanel').getByText(/وشە/);
    await expect(counts).toContainText('11 وشە');
    await page.getByRole('group', { name: 'ژمارەکان' }).getByRole('button', { name: '١٢٣' }).click();
    await expect(counts).toContainText('١١ وشە');
    await page.getByRole('button', { name: 'کتێبخانە' }).click();
    await expect(page.getByText('١ بابەت')).toBeVisible();
    const when = await page.locator('time').first().textContent();
    expect(when).toMatch(/^[٠-٩]+ی (کانوونی دووەم|شوبات|ئازار|نیسان|ئایار|حوزەیران|تەمووز|ئاب|ئەیلوول|تشرینی یەکەم|تشرینی دووەم|کانوونی یەکەم)ی [٠-٩]{4}، [٠-٩]{2}:[٠-٩]{2}$/);
  });

  for (const lang of ['en', 'ckb', 'kmr'] as const) {
    test(`every screen in the ${lang} interface: screenshots and no serious accessibility violation`, async ({ page }) => {
      await createArticle(page, 'ckb');
      await writeVersion(page, SAMPLES.ckb);
      await page.getByRole('tab', { name: 'English' }).click();
      await writeVersion(page, SAMPLES.en);
      await switchInterface(page, lang);
      await page.screenshot({ path: `test-results/screens/ui-${lang}-article.png`, fullPage: true });
      await expectAccessible(page, `${lang} article`);

      // The translation workspace (English beside the Sorani source) and the export dialog with its findings.
      await page.getByRole('button', { name: { en: 'Translate', ckb: 'وەرگێڕان', kmr: 'وەرگێران' }[lang], exact: true }).click();
      await expect(page.locator('tr.segment-row.active')).toBeVisible();
      await page.screenshot({ path: `test-results/screens/ui-${lang}-translate.png`, fullPage: true });
      await expectAccessible(page, `${lang} translation workspace`);
      await page.getByRole('button', { name: { en: 'Article', ckb: 'بابەت', kmr: 'بابەت' }[lang], exact: true }).click();
      await page.getByRole('button', { name: { en: 'Export', ckb: 'ناردنە دەرەوە', kmr: 'هنارتن' }[lang], exact: true }).click();
      await expect(page.locator('.export-dialog .findings').first()).toBeVisible();
      await page.screenshot({ path: `test-results/screens/ui-${lang}-export.png` });
      await expectAccessible(page, `${lang} export dialog`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: { en: 'Library', ckb: 'کتێبخانە', kmr: 'پەرتووکخانە' }[lang] }).click();
      await expect(page.getByRole('table')).toBeVisible();
      await page.screenshot({ path: `test-results/screens/ui-${lang}-library.png` });
      await expectAccessible(page, `${lang} library`);

      await page.getByRole('link', { name: { en: 'Glossary', ckb: 'فەرهەنگۆک', kmr: 'فەرهەنگۆک' }[lang] }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText({ en: 'Glossary', ckb: 'فەرهەنگۆک', kmr: 'فەرهەنگۆک' }[lang]);
      await page.screenshot({ path: `test-results/screens/ui-${lang}-glossary.png` });
      await expectAccessible(page, `${lang} glossary`);
      await page.goBack();
      await expect(page.getByRole('table')).toBeVisible();

      await page.getByRole('button', { name: NEW_ARTICLE[lang] }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await page.screenshot({ path: `test-results/screens/ui-${lang}-new-article.png` });
      await expectAccessible(page, `${lang} new article dialog`);
      await page.keyboard.press('Escape');

      await page.getByRole('button', { name: { en: 'Trash', ckb: 'سەبەتەی خۆڵ', kmr: 'سەلکا گلێشی' }[lang] }).click();
      await page.screenshot({ path: `test-results/screens/ui-${lang}-trash.png` });
      await expectAccessible(page, `${lang} trash`);
    });
  }
});

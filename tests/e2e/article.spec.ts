import { createArticle, expect, expectSaved, NATIVE, SAMPLES, test, writeVersion } from './fixtures';

test.describe('writing an article', () => {
  for (const lang of ['en', 'ckb', 'kmr'] as const) {
    test(`create, type, reload: the ${lang} article is still there`, async ({ page }) => {
      await createArticle(page, lang);
      const body = page.getByRole('textbox', { name: 'Body' });
      const dir = lang === 'en' ? 'ltr' : 'rtl';
      await expect(body).toHaveAttribute('dir', dir);

      await writeVersion(page, SAMPLES[lang]);
      await page.screenshot({ path: `test-results/screens/article-${lang}.png` });
      await page.reload();

      await expect(page.getByRole('tab', { name: NATIVE[lang] })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES[lang].headline);
      await expect(body).toHaveText(SAMPLES[lang].body);
      await expect(body).toHaveAttribute('dir', dir);
      // A right-to-left paragraph stays right-to-left even when it starts with digits or a Latin word.
      if (dir === 'rtl') await expect(body.locator('p').first()).toHaveCSS('direction', 'rtl');

      await page.getByRole('button', { name: 'Library' }).click();
      await expect(page.getByRole('link', { name: SAMPLES[lang].headline })).toBeVisible();
    });
  }

  test('each language version is written and kept separately', async ({ page }) => {
    await createArticle(page, 'en');
    await writeVersion(page, SAMPLES.en);
    await page.getByRole('tab', { name: NATIVE.ckb }).click();
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveAttribute('dir', 'rtl');
    await writeVersion(page, SAMPLES.ckb);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.ckb.headline);
    await page.getByRole('tab', { name: NATIVE.en }).click();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.en.body);

    await page.getByRole('button', { name: 'Library' }).click();
    const row = page.getByRole('row').filter({ hasText: SAMPLES.en.headline });
    const badges = row.getByRole('list', { name: 'Languages present' }).getByRole('listitem');
    await expect(badges.locator('span[lang]')).toHaveText(['English', 'سۆرانی']);
    // The Sorani version was written, not translated: none of the English segments is done in it.
    await expect(badges.locator('.badge-progress')).toHaveText(['0/2']);
  });

  test('undo in the body takes back the typing', async ({ page }) => {
    await createArticle(page, 'ckb');
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await page.keyboard.type('سڵاو');
    await expect(body).toHaveText('سڵاو');
    await page.keyboard.press('Control+z');
    await expect(body).toHaveText('');
  });
});

test('dateline, byline, standfirst and publication date are kept', async ({ page }) => {
  await createArticle(page, 'en');
  await page.getByRole('textbox', { name: 'Dateline' }).fill('SULAIMANI [Kurdistan Region]');
  await page.getByRole('textbox', { name: 'Byline' }).fill('Zhyan News Network');
  await page.getByRole('textbox', { name: 'Standfirst' }).fill('Iraq will still ask for U.S. trainers and military intelligence gathering.');
  const date = page.getByRole('group', { name: 'Publication date' });
  await date.getByRole('textbox', { name: 'Day' }).fill('25');
  await date.getByRole('combobox', { name: 'Month' }).selectOption({ label: 'July' });
  await date.getByRole('textbox', { name: 'Year' }).fill('2021');
  await page.getByLabel('State').selectOption({ label: 'In review' });
  await expectSaved(page);
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Dateline' })).toHaveValue('SULAIMANI [Kurdistan Region]');
  await expect(page.getByRole('textbox', { name: 'Byline' })).toHaveValue('Zhyan News Network');
  await expect(page.getByRole('textbox', { name: 'Standfirst' })).toHaveValue('Iraq will still ask for U.S. trainers and military intelligence gathering.');
  await expect(date.getByRole('textbox', { name: 'Day' })).toHaveValue('25');
  await expect(date.getByRole('combobox', { name: 'Month' })).toHaveValue('7');
  await expect(date.getByRole('textbox', { name: 'Year' })).toHaveValue('2021');
  await expect(page.getByLabel('State')).toHaveValue('review');
});

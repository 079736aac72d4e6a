import { createArticle, expect, SAMPLES, test, writeVersion } from './fixtures';

test.describe('the library', () => {
  test('search finds articles in every language, Kurdish typed with Arabic letters too', async ({ page }) => {
    for (const lang of ['en', 'ckb', 'kmr'] as const) {
      await page.goto(page.url().replace(/#.*$/, '') + '#/');
      await createArticle(page, lang);
      await writeVersion(page, SAMPLES[lang]);
      await page.getByRole('button', { name: 'Library' }).click();
    }
    const search = page.getByRole('searchbox', { name: 'Search articles' });

    await search.fill('Kadhimi');
    await expect(page.locator('.article-table').getByRole('link')).toHaveText([SAMPLES.en.headline]);

    // "پارێزگاي" typed on an Arabic keyboard (ي U+064A) finds Kurdish "پارێزگای" (ی U+06CC).
    await search.fill('پارێزگاي');
    await expect(page.locator('.article-table').getByRole('link')).toHaveText([SAMPLES.ckb.headline]);

    // Arabic kaf ك finds Kurdish ک inside a longer, suffixed word.
    await search.fill('کاروبار'.replace('ک', 'ك'));
    await expect(page.locator('.article-table').getByRole('link')).toHaveText([SAMPLES.kmr.headline]);

    await search.fill('no such words anywhere');
    await expect(page.getByText('No article matches')).toBeVisible();
    await page.screenshot({ path: 'test-results/screens/library-search.png' });

    await search.fill('');
    await expect(page.locator('.article-table').getByRole('link')).toHaveCount(3);
    await page.screenshot({ path: 'test-results/screens/library.png' });
  });

  test('delete moves an article to the trash, and Undo brings it back', async ({ page }) => {
    await createArticle(page, 'ckb');
    await writeVersion(page, SAMPLES.ckb);
    await page.getByRole('button', { name: 'Library' }).click();
    const link = page.getByRole('link', { name: SAMPLES.ckb.headline });
    await expect(link).toBeVisible();

    await page.getByRole('button', { name: 'Delete' }).click();
    await expect(link).toHaveCount(0);
    await expect(page.getByText('No articles yet')).toBeVisible();

    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(link).toBeVisible();
    await page.reload();
    await expect(page.getByRole('link', { name: SAMPLES.ckb.headline })).toBeVisible();
  });

  test('a trashed article can be restored from the trash view', async ({ page }) => {
    await createArticle(page, 'en');
    await writeVersion(page, SAMPLES.en);
    await page.getByRole('button', { name: 'Library' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Trash' }).click();
    await expect(page.getByRole('cell', { name: SAMPLES.en.headline, exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Restore' }).click();
    await expect(page.getByText('The trash is empty.')).toBeVisible();
    await page.getByRole('button', { name: 'Articles' }).click();
    await expect(page.getByRole('link', { name: SAMPLES.en.headline })).toBeVisible();
  });
});

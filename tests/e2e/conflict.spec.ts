import { createArticle, expect, expectSaved, SAMPLES, test, writeVersion } from './fixtures';

test.describe('two windows on one version', () => {
  test('the stale save gets the conflict choice; keeping a copy overwrites nothing', async ({ page, context }) => {
    await createArticle(page, 'en');
    await writeVersion(page, SAMPLES.en);
    const articleUrl = page.url();

    const other = await context.newPage();
    await other.goto(articleUrl);
    await expect(other.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);

    // The first window saves a newer revision…
    await page.getByRole('textbox', { name: 'Headline' }).click();
    await page.keyboard.press('End');
    await page.keyboard.type(' (first window)');
    await expectSaved(page);

    // …so the second window's save is based on a stale revision.
    await other.getByRole('textbox', { name: 'Body' }).click();
    await other.keyboard.press('Control+End');
    await other.keyboard.type(' Second window text.');
    const dialog = other.getByRole('alertdialog', { name: 'This version was changed elsewhere' });
    await expect(dialog).toBeVisible();
    await other.screenshot({ path: 'test-results/screens/conflict.png' });

    await dialog.getByRole('button', { name: 'Keep mine as a copy' }).click();
    await expect(other.getByRole('textbox', { name: 'Body' })).toHaveText(`${SAMPLES.en.body} Second window text.`);
    await expect(other.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.en.headline);
    await expect(other).not.toHaveURL(articleUrl);

    // The first window's text is intact.
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(`${SAMPLES.en.headline} (first window)`);
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(SAMPLES.en.body);
  });

  test('reloading after a conflict shows the other window\'s text', async ({ page, context }) => {
    await createArticle(page, 'kmr');
    await writeVersion(page, SAMPLES.kmr);
    const other = await context.newPage();
    await other.goto(page.url());
    await expect(other.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.kmr.headline);

    await page.getByRole('textbox', { name: 'Dateline' }).fill('دهۆک');
    await expectSaved(page);

    await other.getByRole('textbox', { name: 'Dateline' }).fill('هەولێر');
    const dialog = other.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Reload their version' }).click();
    await expect(other.getByRole('textbox', { name: 'Dateline' })).toHaveValue('دهۆک');
    await expect(other.getByRole('alertdialog')).toHaveCount(0);
  });
});

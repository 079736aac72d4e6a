import { createArticle, expect, expectSaved, test } from './fixtures';

test.describe('the body editor', () => {
  test('toolbar and shortcuts make subheadings, quotes, lists, bold and links that survive a reload', async ({ page }) => {
    await createArticle(page, 'en');
    const body = page.getByRole('textbox', { name: 'Body' });
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    await body.click();

    await page.keyboard.type('The talks in Washington');
    await toolbar.getByRole('button', { name: 'Subheading', exact: true }).click();
    await expect(toolbar.getByRole('button', { name: 'Subheading', exact: true })).toHaveAttribute('aria-pressed', 'true');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Iraq will still ask for ');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('U.S. trainers');
    await page.keyboard.press('Control+b');
    await page.keyboard.type('.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Shift+Digit8');
    await page.keyboard.type('Nineveh');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Kirkuk');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter'); // an empty item ends the list
    await page.keyboard.press('Control+Shift+Digit9');
    await page.keyboard.type('There is no need for any foreign combat forces on Iraqi soil.');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Read the interview');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Control+k');
    const dialog = page.getByRole('dialog', { name: 'Link' });
    await dialog.getByRole('textbox', { name: 'Link address' }).fill('javascript:alert(1)');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    // An address with a user name and password is refused too (shared/links.ts).
    await dialog.getByRole('textbox', { name: 'Link address' }).fill('https://user:pass@apnews.com/');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(dialog.getByRole('alert')).toBeVisible();
    await dialog.getByRole('textbox', { name: 'Link address' }).fill('https://apnews.com/');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await expect(body.getByRole('link', { name: 'Read the interview' })).toHaveAttribute('href', 'https://apnews.com/');
    await expectSaved(page);

    await page.reload();
    await expect(body.locator('h2')).toHaveText('The talks in Washington');
    await expect(body.locator('strong, b').first()).toHaveText('U.S. trainers');
    await expect(body.locator('ul > li')).toHaveText(['Nineveh', 'Kirkuk']);
    await expect(body.locator('blockquote')).toHaveText('There is no need for any foreign combat forces on Iraqi soil.');
    await expect(body.getByRole('link', { name: 'Read the interview' })).toHaveAttribute('href', 'https://apnews.com/');
    await page.screenshot({ path: 'test-results/screens/editor-blocks-en.png' });
  });

  test('a Sorani body is right-to-left from the first keystroke, and one block can be set left-to-right', async ({ page }) => {
    await createArticle(page, 'ckb');
    const body = page.getByRole('textbox', { name: 'Body' });
    await expect(body).toHaveCSS('direction', 'rtl');
    await body.click();
    await page.keyboard.type('ISIS هێشتا لە عێراق چالاکە.');
    const first = body.locator('p').first();
    await expect(first).toHaveCSS('direction', 'rtl');
    await expect(first).toHaveCSS('text-align', 'start');
    await page.keyboard.press('Enter');
    await page.keyboard.type('There is no need for any foreign combat forces.');
    await page.keyboard.press('Control+Shift+KeyX');
    const second = body.locator('p').nth(1);
    await expect(second).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('button', { name: 'Left-to-right block' })).toHaveAttribute('aria-pressed', 'true');
    await expectSaved(page);

    await page.reload();
    await expect(body.locator('p').nth(1)).toHaveAttribute('dir', 'ltr');
    await expect(body.locator('p').first()).toHaveCSS('direction', 'rtl');
    await page.screenshot({ path: 'test-results/screens/editor-direction-ckb.png' });
  });

  test('Kurdish typed with Arabic letters is normalised as it is typed, English never', async ({ page }) => {
    await createArticle(page, 'kmr');
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await page.keyboard.type('دهوكى ســــڵاو');
    await expect(body).toHaveText('دهوکی سڵاو');
    await page.getByRole('textbox', { name: 'Headline' }).click();
    await page.keyboard.type('كوردستان');
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue('کوردستان');
    await expectSaved(page);
    await page.reload();
    await expect(body).toHaveText('دهوکی سڵاو');

    await page.getByRole('tab', { name: 'English' }).click();
    await page.getByRole('textbox', { name: 'Body' }).click();
    await page.keyboard.type('quoted كوردي');
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText('quoted كوردي');
  });
});

test('word and character counts are right for Sorani text with a ZWNJ and a number', async ({ page }) => {
  await createArticle(page, 'ckb');
  await page.getByRole('textbox', { name: 'Body' }).click();
  // Five words: the ZWNJ inside the second one does not split it, and "2,500" is one word.
  await page.keyboard.type('سەربازی پێش\u200Cکەوتن 2,500 لە عێراق');
  await expect(page.getByRole('tabpanel').getByText(/words ·/)).toHaveText('5 words · 31 characters');
});

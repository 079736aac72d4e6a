import type { Page } from '@playwright/test';
import { createArticle, expect, expectSaved, test } from './fixtures';

/** Puts HTML and plain text on the system clipboard and pastes it with Ctrl+V, as a user does. */
async function paste(page: Page, html: string, text: string): Promise<void> {
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate(
    async ([h, t]) => {
      await navigator.clipboard.write([
        new ClipboardItem({ 'text/html': new Blob([h], { type: 'text/html' }), 'text/plain': new Blob([t], { type: 'text/plain' }) }),
      ]);
    },
    [html, text] as const,
  );
  await page.keyboard.press('Control+v');
}

test.describe('paste', () => {
  test('a news page keeps its structure; scripts, handlers and unsafe links do not survive', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await createArticle(page, 'en');
    await page.getByRole('textbox', { name: 'Body' }).click();
    await paste(
      page,
      `<h2>Strategic dialogue</h2><p onclick="alert(1)">Iraq will still ask for <b>U.S. trainers</b>, <a href="https://apnews.com/">the AP</a> reported.</p>
       <script>window.__pwned = 1</script><img src="x" onerror="window.__pwned = 2">
       <ul><li>Nineveh</li><li>Kirkuk</li></ul><blockquote>There is no need for any foreign combat forces.</blockquote>
       <p><a href="javascript:window.__pwned=3">click here</a></p><iframe srcdoc="<script>parent.__pwned=4</script>"></iframe>`,
      'Strategic dialogue',
    );
    const body = page.getByRole('textbox', { name: 'Body' });
    await expect(body.locator('h2')).toHaveText('Strategic dialogue');
    await expect(body.locator('ul > li')).toHaveText(['Nineveh', 'Kirkuk']);
    await expect(body.locator('blockquote')).toHaveText('There is no need for any foreign combat forces.');
    await expect(body.getByRole('link', { name: 'the AP' })).toHaveAttribute('href', 'https://apnews.com/');
    await expect(body.getByText('click here')).toBeVisible();
    await expect(body.locator('a[href^="javascript"], img, iframe, script, [onclick]')).toHaveCount(0);
    await expectSaved(page);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Body' }).locator('ul > li')).toHaveText(['Nineveh', 'Kirkuk']);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('Sorani pasted with Arabic letters is normalised, says how much, and one undo restores it', async ({ page }) => {
    await createArticle(page, 'ckb');
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    const pasted = 'كوردستاني ســـڵاو، ISIS هێشتا لە عێراق چالاکە';
    await paste(page, `<p>${pasted}</p>`, pasted);
    await expect(body).toHaveText('کوردستانی سڵاو، ISIS هێشتا لە عێراق چالاکە');
    await expect(page.getByText('5 characters of the pasted text were changed to their Kurdish form.', { exact: false })).toBeVisible();
    await page.keyboard.press('Control+z');
    await expect(body).toHaveText(pasted);
    await page.keyboard.press('Control+Shift+z');
    await expect(body).toHaveText('کوردستانی سڵاو، ISIS هێشتا لە عێراق چالاکە');
    await expectSaved(page);
    await page.reload();
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText('کوردستانی سڵاو، ISIS هێشتا لە عێراق چالاکە');
    await expect(page.getByRole('textbox', { name: 'Body' }).locator('p').first()).toHaveCSS('direction', 'rtl');
  });
});

import { largePackage } from '../large-package';
import { expect, test } from './fixtures';

/**
 * A large package's import (issue 18 §4) shows how far it is: the import's
 * worker reports each step, and the status in the library names them (and
 * fills a bar while the file is handed over). Every change of the status is
 * recorded by a MutationObserver, so no step shown is missed however fast
 * it passes; React may show two steps in one render, so the steps seen must
 * be in order, not all of them.
 */
const PHASES = ['Reading the file', 'Unpacking', 'Checking every file', 'Checking the article', 'Checking the images', 'Writing the images', 'Saving to the library'];

test('the import of a large package says which step it is at, in order', async ({ page }) => {
  const { zip } = largePackage(4, 6 * 1024 * 1024);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seenPhases: string[] }).seenPhases = seen;
    new MutationObserver(() => {
      const text = document.querySelector('.import-phase')?.textContent?.trim();
      if (text && seen.at(-1) !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByLabel('Qelem package file').setInputFiles({ name: 'large.zip', mimeType: 'application/zip', buffer: zip });
  await expect(page.getByRole('status').filter({ hasText: 'Importing “large.zip”' })).toBeVisible();
  await expect(page.getByText(/imported\.$/)).toBeVisible({ timeout: 60_000 });
  const seen = await page.evaluate(() => (window as unknown as { seenPhases: string[] }).seenPhases);
  expect(seen.length).toBeGreaterThan(0);
  const order = seen.map((text) => PHASES.indexOf(text));
  expect(order.every((index) => index >= 0)).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  await expect(page.getByRole('status').filter({ hasText: 'Importing' })).toHaveCount(0);
});

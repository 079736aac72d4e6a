import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { signIn, startBrowserMode } from '../browser-mode';
import { createArticle, expect, expectSaved, SAMPLES, test, writeVersion } from './fixtures';

/**
 * A reporter sends an untranslated story to a translator as a working copy;
 * both go on working on their own laptops; the translator's package comes
 * back and is merged: the translation and the translator's fix appear, the
 * reporter's own edits stay, and a toast says what changed.
 */

/** Exports a working copy from the article screen; its path on disk. */
async function exportWorkingCopy(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export package' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export working copy' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/-working-copy\.zip$/);
  await expect(dialog.getByText(/^Package ready: .*-working-copy\.zip/)).toBeVisible();
  const path = join(mkdtempSync(join(tmpdir(), 'qelem-working-copy-')), file.suggestedFilename());
  await file.saveAs(path);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return path;
}

async function importFile(page: Page, path: string): Promise<void> {
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByLabel('Qelem package file').setInputFiles(path);
}

test('a working copy travels to another library and back, and the edits of both sides are merged', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // The reporter: an English story, untranslated (the checks would block a publish-ready export).
  await createArticle(page, 'en');
  await writeVersion(page, SAMPLES.en);
  const outgoing = await exportWorkingCopy(page);

  const translatorDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-translator-'));
  const translatorHost = await startBrowserMode(resolve('out/main/web.js'), translatorDir);
  const context = await browser.newContext();
  try {
    const translator = await context.newPage();
    await signIn(translator, translatorHost.url);
    await translator.getByLabel('Qelem package file').setInputFiles(outgoing);
    await expect(translator.getByText(`“${SAMPLES.en.headline}” imported.`)).toBeVisible();
    // The translator writes the Sorani version and fixes a word of the English one.
    await translator.getByRole('tab', { name: 'سۆرانی' }).click();
    await writeVersion(translator, SAMPLES.ckb);
    await translator.getByRole('tab', { name: 'English' }).click();
    const body = translator.getByRole('textbox', { name: 'Body' });
    await body.click();
    await translator.keyboard.press('Control+End');
    await translator.keyboard.type(' (AP)');
    await expectSaved(translator);
    const returning = await exportWorkingCopy(translator);

    // Meanwhile the reporter changed the headline.
    await page.getByRole('textbox', { name: 'Headline' }).click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' (updated)');
    await expectSaved(page);

    await importFile(page, returning);
    // Names in the other script are isolated (FSI … PDI) inside the sentence.
    await expect(page.getByRole('status').getByText(`Merged into “\u2068${SAMPLES.en.headline} (updated)\u2069”: new versions: \u2068سۆرانی\u2069; 0 paragraphs added, 1 changed, 0 fields changed.`)).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(`${SAMPLES.en.headline} (updated)`);
    await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(`${SAMPLES.en.body} (AP)`);
    await page.getByRole('tab', { name: 'سۆرانی' }).click();
    await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SAMPLES.ckb.headline);
    await page.screenshot({ path: 'test-results/screens/package-merged.png' });

    // The same package again: nothing new.
    await importFile(page, returning);
    await expect(page.getByRole('status').getByText(`“\u2068${SAMPLES.en.headline} (updated)\u2069” already holds everything this package holds: nothing changed.`)).toBeVisible();
  } finally {
    await context.close();
    const exited = new Promise((ok) => translatorHost.child.once('exit', ok));
    translatorHost.child.kill('SIGTERM');
    await exited;
    rmSync(translatorDir, { recursive: true, force: true });
  }
});

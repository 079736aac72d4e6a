import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from '@playwright/test';
import { signIn, startBrowserMode } from '../browser-mode';
import { createArticle, expect, expectSaved, test } from './fixtures';

const ENGLISH = {
  headline: "Iraq doesn't need U.S. combat troops on its soil: Iraqi PM al-Kadhimi",
  dateline: 'SULAIMANI [Kurdistan Region]',
  paragraphs: ['Iraqi Prime Minister Mustafa al-Kadhimi said 2,500 American troops remain.', 'At the White House, the two leaders are expected to'],
};
const TRANSLATIONS = {
  ckb: ['سەرۆک وەزیرانی عێراق: پێویستمان بە هێزی جەنگیی ئەمریکا نییە', 'سلێمانی [هەرێمی کوردستان]', 'مستەفا کازمی وتی 2,500 سەربازی ئەمریکی ماونەتەوە.', 'لە کۆشکی سپی، چاوەڕوان دەکرێت هەردوو سەرکردە'],
  kmr: ['سەرۆک وەزیرێن عیراقێ: پێدڤی ب هێزێن شەڕکەرێن ئەمریکی نینە', 'سلێمانی [هەرێما کوردستانێ]', 'مستەفا کازمی گۆت 2,500 لەشکەرێن ئەمریکی مانە.', 'ل کۆشکا سپی، دهێتە چاڤەرێکرن هەردوو سەرکردە'],
} as const;

/** Translates every row of the open workspace, in order, marking each done. */
async function translateAll(page: Page, to: 'ckb' | 'kmr') {
  await page.getByRole('combobox', { name: 'Into' }).selectOption(to);
  await expect(page.locator('tr.segment-row.active').getByRole('textbox')).toBeFocused();
  for (const text of TRANSLATIONS[to]) {
    await page.keyboard.insertText(text);
    await page.keyboard.press('Control+Enter');
  }
  await expect(page.getByText('4 of 4 segments done')).toBeVisible();
  await expectSaved(page);
}

test('export: the checks block an untranslated article and lead to each spot; warnings accepted with a note; the package imports into another library as the same article', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await createArticle(page, 'en');
  await page.getByRole('textbox', { name: 'Headline' }).fill(ENGLISH.headline);
  await page.getByRole('textbox', { name: 'Dateline' }).fill(ENGLISH.dateline);
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.insertText(ENGLISH.paragraphs[0]!);
  await page.keyboard.press('Enter');
  await page.keyboard.insertText(ENGLISH.paragraphs[1]!);
  await expectSaved(page);

  // Nothing translated yet: the missing versions block the export.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Export package' });
  await expect(dialog.getByRole('heading', { name: '2 errors block the export' })).toBeVisible();
  await expect(dialog.locator('.finding-error .finding-message')).toHaveText(['There is no version in this language.', 'There is no version in this language.']);
  await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Translate' }).click();
  await translateAll(page, 'ckb');
  await translateAll(page, 'kmr');
  await page.getByRole('button', { name: 'Article' }).click();

  // Now only warnings: the English paragraph published unfinished (and its translations, which stop the same way).
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.locator('.finding-error')).toHaveCount(0);
  // The quoted ending is bidi-isolated in the sentence (FSI … PDI around it).
  const unfinished = dialog.locator('.finding-warning', { hasText: /^EnglishThe paragraph stops without closing punctuation \(“…\u2068to\u2069”\)\./ });
  await expect(unfinished).toHaveCount(1);
  await expect(dialog.getByRole('button', { name: 'Export', exact: true })).toBeDisabled();
  // Go to: the dialog closes and the paragraph gets the caret.
  await unfinished.getByRole('button', { name: 'Go to' }).click();
  await expect(dialog).toBeHidden();
  const body = page.getByRole('textbox', { name: 'Body' });
  await expect(body.locator('p').nth(1)).toHaveClass(/jump-target/);
  await expect(body).toBeFocused();

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog.getByRole('checkbox', { name: 'Export with these warnings' }).check();
  await dialog.getByRole('textbox', { name: /^Note/ }).fill('The paragraph ran unfinished in the original; kept as published.');
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.zip$/);
  await expect(dialog.getByText(/^Package ready: .*\.zip \(\d+ KB\)/)).toBeVisible();
  await expect(dialog.getByText('1 earlier export')).toBeVisible();
  const packagePath = join(mkdtempSync(join(tmpdir(), 'qelem-package-')), file.suggestedFilename());
  await file.saveAs(packagePath);
  await page.screenshot({ path: 'test-results/screens/export-dialog.png', fullPage: true });
  await dialog.getByRole('button', { name: 'Close' }).click();

  // The same library already holds the article, and everything in the package: a merge that changes nothing.
  await page.getByRole('button', { name: 'Library' }).click();
  await page.getByLabel('Qelem package file').setInputFiles(packagePath);
  await expect(page.getByText(`“\u2068${ENGLISH.headline}\u2069” already holds everything this package holds: nothing changed.`)).toBeVisible();
  // A file that is no package at all, and one cut short.
  await page.getByLabel('Qelem package file').setInputFiles({ name: 'notes.zip', mimeType: 'application/zip', buffer: Buffer.from('These are notes, not a zip archive. '.repeat(20)) });
  await expect(page.getByText('This file is not a Qelem package.')).toBeVisible();
  await page.getByLabel('Qelem package file').setInputFiles({ name: 'cut.zip', mimeType: 'application/zip', buffer: readFileSync(packagePath).subarray(0, 4_000) });
  await expect(page.getByText(/^The package is damaged: /)).toBeVisible();
  await expect(page.locator('.article-table tbody tr')).toHaveCount(1);

  // Another library: the package comes in as the same article, translations and their states included.
  const otherDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-other-'));
  const other = await startBrowserMode(resolve('out/main/web.js'), otherDir);
  try {
    // Its own browser context, held to its own host as the fixture holds the first page to the first.
    const secondContext = await browser.newContext();
    const otherOrigin = other.origin;
    const foreign: string[] = [];
    secondContext.on('request', (request) => {
      if (!request.url().startsWith(otherOrigin) && request.url() !== other.url && !/^(data|blob):/.test(request.url())) foreign.push(request.url());
    });
    const second = await secondContext.newPage();
    await signIn(second, other.url);
    await second.getByLabel('Qelem package file').setInputFiles(packagePath);
    await expect(second.getByText(`“${ENGLISH.headline}” imported.`)).toBeVisible();
    await expect(second.getByRole('textbox', { name: 'Headline' })).toHaveValue(ENGLISH.headline);
    await second.getByRole('button', { name: 'Translate' }).click();
    await expect(second.getByText('4 of 4 segments done')).toBeVisible();
    await expect(second.locator('tr.segment-row .state-badge')).toHaveText(['Done', 'Done', 'Done', 'Done']);
    await secondContext.close();
    expect(foreign, 'requests that left the second loopback host').toEqual([]);
  } finally {
    const exited = new Promise((ok) => other.child.once('exit', ok));
    other.child.kill('SIGTERM');
    await exited;
    rmSync(otherDir, { recursive: true, force: true });
  }
});

test('Copy HTML puts each language on the clipboard as HTML, isolated runs and all', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await createArticle(page, 'ckb');
  await page.getByRole('textbox', { name: 'Headline' }).fill('ISIS هێشتا لە عێراق چالاکە');
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.type('2,500 سەربازی (U.S.) ماونەتەوە.');
  // A picture in the body: on the clipboard it is named as in the package, never by this machine's address.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Insert image' }).click();
  await (await chooser).setFiles('tests/fixtures/images/photo-640x400.jpg');
  await expect(page.getByRole('textbox', { name: 'Body' }).locator('figure img')).toBeVisible();
  await expectSaved(page);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('button', { name: 'Copy سۆرانی' }).click();
  await expect(page.getByText('The سۆرانی HTML is on the clipboard.')).toBeVisible();
  // As a CMS pasting it reads it: the clipboard's own HTML, not a copy sanitised again on the way out.
  const html = await page.evaluate(async () => {
    // Chromium's read option for the raw HTML (not in TypeScript's DOM types yet).
    const read = navigator.clipboard.read as (options: { unsanitized: string[] }) => Promise<ClipboardItems>;
    const [item] = await read.call(navigator.clipboard, { unsanitized: ['text/html'] });
    return item ? await (await item.getType('text/html')).text() : '';
  });
  writeFileSync(test.info().outputPath('copied-ckb.html'), html);
  expect(html).toContain('<article lang="ckb" dir="rtl">');
  expect(html).toContain('<h1><span dir="ltr">ISIS</span> هێشتا لە عێراق چالاکە</h1>');
  expect(html).toMatch(/<span dir="ltr">[^<]*U\.S\.[^<]*<\/span>/);
  expect(html).toMatch(/<img src="media\/[0-9a-f]{64}\.jpg"/);
  expect(html).not.toContain('127.0.0.1');
  expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
});

test('a long list of findings shows its first 300 and says how many more, instead of jamming the window', async ({ page, qelem }) => {
  const paragraph = (text: string) => ({ type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: [{ type: 'text', version: 1, text, format: 0, detail: 0, mode: 'normal', style: '' }] });
  const call = async (method: string, input: unknown) => {
    const response = await fetch(`${qelem.origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${qelem.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
    return ((await response.json()) as { value: { id: string } }).value;
  };
  const { id } = await call('createArticle', { sourceLang: 'en' });
  // 2,000 paragraphs that stop unfinished: a warning each.
  const children = Array.from({ length: 2_000 }, (_, i) => paragraph(`Paragraph ${i + 1} stops without its full stop`));
  await call('saveVersion', { id, lang: 'en', baseRevision: 1, content: { headline: 'Long', standfirst: '', dateline: 'ERBIL', byline: '', leadImageCaption: '', leadImageAlt: '', body: { root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children } } } });
  await page.goto(`${qelem.origin}/#/article/${id}`);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByText('1,700 more are not listed: fix these first, then check again.')).toBeVisible();
  await expect(dialog.locator('li.finding-warning')).toHaveCount(300);
});

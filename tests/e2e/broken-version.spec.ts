import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * A version whose saved body the editor cannot show (issue 18 §1, §8): a line
 * break straight in the root, written into the library behind the API's back
 * (the API refuses it now; an older build or a hand-edited file may still
 * hold one). Opening the article used to leave the window blank until a
 * reload; now that version's panel says so in the interface language, offers
 * its revisions and its text, and the other versions, the library and the
 * interface switch go on working.
 */

async function api<T>(origin: string, token: string, method: string, input: unknown): Promise<T> {
  const response = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

const text = (t: string) => ({ type: 'text', version: 1, text: t, format: 0, detail: 0, mode: 'normal', style: '' });
const paragraph = (t: string) => ({ type: 'paragraph', version: 1, direction: null, format: '', indent: 0, textFormat: 0, textStyle: '', children: [text(t)] });
const body = (dir: 'ltr' | 'rtl', ...children: unknown[]) => ({ root: { type: 'root', version: 1, direction: dir, format: '', indent: 0, children } });
const content = (headline: string, b: unknown) => ({ headline, standfirst: '', dateline: '', byline: '', leadImageCaption: '', leadImageAlt: '', body: b });

const HEADLINE = 'Iraq does not need US combat troops';
const FIRST = 'Prime Minister Mustafa al-Kadhimi said his country no longer needs American combat forces.';
const KEPT = 'The words of this version are still here.';
const SORANI = { headline: 'عێراق پێویستی بە هێزی جەنگیی ئەمریکا نییە', body: 'سەرۆک وەزیرانی عێراق ڕایگەیاند کە وڵاتەکەی پێویستی بە هێزی ئەمریکا نییە.' };

/** An English article (two revisions) with a Sorani version, whose English body is then broken in the library file. */
async function brokenArticle(origin: string, token: string, libraryDir: string): Promise<string> {
  const { id } = await api<{ id: string }>(origin, token, 'createArticle', { sourceLang: 'en' });
  await api(origin, token, 'saveVersion', { id, lang: 'en', baseRevision: 1, content: content(HEADLINE, body('ltr', paragraph(FIRST))) });
  await api(origin, token, 'saveVersion', { id, lang: 'en', baseRevision: 2, content: content(HEADLINE, body('ltr', paragraph(FIRST), paragraph(KEPT))) });
  await api(origin, token, 'saveVersion', { id, lang: 'ckb', baseRevision: 0, content: content(SORANI.headline, body('rtl', paragraph(SORANI.body))) });
  const db = new DatabaseSync(join(libraryDir, 'qelem.db'));
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    const broken = body('ltr', paragraph(KEPT), { type: 'linebreak', version: 1 });
    db.prepare("UPDATE versions SET body = ? WHERE article_id = ? AND lang = 'en'").run(JSON.stringify(broken), id);
  } finally {
    db.close();
  }
  return id;
}

async function switchInterface(page: Page, name: string, dir: 'ltr' | 'rtl') {
  await page.getByRole('navigation').getByRole('button', { name, exact: true }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', dir);
}

test('a version the editor cannot show says so in its panel, in each interface language; the rest works, and a revision brings it back', async ({ page, qelem }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const id = await brokenArticle(qelem.origin, qelem.token, qelem.libraryDir);
  await page.goto(`${qelem.origin}/#/article/${id}`);

  // English: the panel says what happened, lists the revisions, and shows the saved text.
  const panel = page.getByRole('tabpanel', { name: 'English' });
  await expect(panel.getByRole('alert')).toContainText('The English version cannot be shown.');
  await expect(panel.getByRole('alert')).toContainText('Nothing was changed');
  await expect(panel.getByRole('listitem')).toHaveCount(3);
  await expect(panel.getByRole('listitem').first()).toContainText('Revision 3');
  await expect(panel.getByRole('listitem').first()).toContainText('current');
  await expect(panel.getByRole('button', { name: 'Restore revision 2' })).toBeVisible();
  await expect(panel.getByRole('textbox', { name: 'The saved text' })).toHaveValue(new RegExp(`^${HEADLINE}\\n\\n${KEPT}`));
  await page.screenshot({ path: 'test-results/screens/broken-version-en.png', fullPage: true });

  // The other versions and the rest of the window go on working.
  await page.getByRole('tab', { name: 'سۆرانی' }).click();
  await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(SORANI.headline);
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(SORANI.body);
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await expect(page.getByRole('link', { name: HEADLINE })).toBeVisible();

  // Sorani and Badini interfaces: the same, in their words.
  await switchInterface(page, 'سۆرانی', 'rtl');
  await page.goto(`${qelem.origin}/#/article/${id}/en`);
  const soraniPanel = page.getByRole('tabpanel', { name: 'English' });
  await expect(soraniPanel.getByRole('alert')).toContainText('وەشانی English نیشان نادرێت.');
  await expect(soraniPanel.getByRole('button', { name: 'گەڕاندنەوەی گۆڕانکاریی ژمارە 2' })).toBeVisible();
  await expect(soraniPanel.getByRole('textbox', { name: 'دەقە پاشەکەوتکراوەکە' })).toHaveValue(new RegExp(KEPT));
  await page.screenshot({ path: 'test-results/screens/broken-version-ckb.png', fullPage: true });
  await switchInterface(page, 'بادینی', 'rtl');
  const badiniPanel = page.getByRole('tabpanel', { name: 'English' });
  await expect(badiniPanel.getByRole('alert')).toContainText('وەشانا English نائێتە نیشاندان.');
  await expect(badiniPanel.getByRole('button', { name: 'زڤراندنا گوهۆڕینا ژمارە 2' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/broken-version-kmr.png', fullPage: true });
  await switchInterface(page, 'English', 'ltr');

  // Restoring revision 2 makes it the current one again (revision 4): the editor is back with its text.
  await page.getByRole('tabpanel', { name: 'English' }).getByRole('button', { name: 'Restore revision 2' }).click();
  await expect(page.getByText('Revision 2 of the English version is back, as a new revision.')).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Body' })).toHaveText(FIRST);
  await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(HEADLINE);
  expect(errors).toEqual([]);
});

test('a screen that fails says so, and the library and the interface switch still work', async ({ page, qelem }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const id = await brokenArticle(qelem.origin, qelem.token, qelem.libraryDir);
  // The translation workspace reads the English source block by block (and gives its blocks their segment ids
  // first, a save the broken English body cannot pass): the screen cannot be shown.
  await page.goto(`${qelem.origin}/#/article/${id}/translate/ckb`);
  await expect(page.getByRole('alert')).toContainText('This screen could not be shown.');
  await page.screenshot({ path: 'test-results/screens/broken-screen-en.png', fullPage: true });
  await switchInterface(page, 'سۆرانی', 'rtl');
  await expect(page.getByRole('alert')).toContainText('ئەم پەڕەیە نیشان نەدرا.');
  await page.getByRole('button', { name: 'گەڕانەوە بۆ کتێبخانە' }).click();
  await expect(page.getByRole('link', { name: HEADLINE })).toBeVisible();
  await switchInterface(page, 'English', 'ltr');
  expect(errors).toEqual([]);
});

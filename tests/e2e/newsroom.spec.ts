import type { Locator, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { articleDocName, LIBRARY_DOC, versionDocName } from '../../shared/collab/doc-names';
import { checkPackage } from '../../electron/package/package-reader';
import { expect, expectSaved, test } from './fixtures';
import { canonical, fieldsOf, libraryState, Newsroom, type Desk } from './newsroom-helpers';

/**
 * The newsroom, as three people use it: a reporter, a translator and an
 * editor, each on a desk of their own (browser mode on a library of its
 * own, the newsroom set with --server/--token), one newsroom server on
 * loopback. One story goes through every step of issue 15's proof.
 */

const STORY = {
  headline: 'بارانی بەهار گەیشتە هەولێر',
  paragraphs: ['هەولێر - بارانێکی زۆر لە شەوی ڕابردوودا باری.', 'ئاوی ڕووبارەکان بەرز بووەوە و جووتیاران دڵخۆشن.'],
};

const body = (page: Page) => page.getByRole('textbox', { name: 'Body' });
const rows = (page: Page) => page.locator('tr.segment-row');
const stateOf = (row: Locator) => row.locator('.state-badge');

/** The library's row of an article, by its headline. */
const rowOf = (page: Page, headline: string) => page.locator('.article-table tbody tr', { hasText: headline });

async function openArticle(page: Page, headline: string): Promise<void> {
  await page.getByRole('link', { name: headline }).click();
  await expect(page.getByRole('textbox', { name: 'Headline' })).toHaveValue(headline);
}

async function toLibrary(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Library' }).click();
  await expect(page.getByRole('button', { name: 'New article' })).toBeVisible();
}

/** Every desk's copy of a document and the server's are the same document. */
async function expectConverged(room: Newsroom, desks: readonly Desk[], name: string): Promise<void> {
  await expect
    .poll(() => new Set([...desks.map((desk) => canonical(libraryState(desk.libraryDir, name))), canonical(room.storedState(name))]).size, { timeout: 20_000, message: `${name} the same everywhere` })
    .toBe(1);
  expect(canonical(room.storedState(name))).not.toBe('');
}

test('a reporter, a translator and an editor on one story through the newsroom', async ({ browser }) => {
  test.setTimeout(300_000);
  const room = await Newsroom.create({ rojan: 'reporter', dilan: 'translator', hawre: 'editor' });
  try {
    const reporter = await room.desk(browser, 'rojan', 'reporter');
    const translator = await room.desk(browser, 'dilan', 'translator');
    const editor = await room.desk(browser, 'hawre', 'editor');
    const { page: r } = reporter;
    const { page: tr } = translator;
    const { page: ed } = editor;

    // 1. The reporter writes a Sorani story with the server down; it is there, unsynced, and reaches the others when it starts.
    await expect(r.getByRole('button', { name: 'Newsroom: offline' })).toBeVisible({ timeout: 10_000 });
    await r.getByRole('button', { name: 'New article' }).click();
    await r.getByRole('dialog', { name: 'New article' }).getByRole('button', { name: 'سۆرانی' }).click();
    await r.getByRole('textbox', { name: 'Headline' }).click();
    await r.keyboard.type(STORY.headline);
    await body(r).click();
    await r.keyboard.type(STORY.paragraphs[0]!);
    await r.keyboard.press('Enter');
    await r.keyboard.type(STORY.paragraphs[1]!);
    await expectSaved(r);
    await toLibrary(r);
    await expect(rowOf(r, STORY.headline).locator('.sync-state')).toHaveText('Not synced yet');
    await r.screenshot({ path: 'test-results/screens/newsroom-offline-en.png' });

    await room.start();
    const started = Date.now();
    await expect(rowOf(tr, STORY.headline)).toBeVisible({ timeout: 5_000 });
    await expect(rowOf(ed, STORY.headline)).toBeVisible({ timeout: Math.max(1, 5_000 - (Date.now() - started)) });
    await expect(rowOf(r, STORY.headline).locator('.sync-state')).toHaveText('Synced', { timeout: 10_000 });
    await expect(r.getByRole('button', { name: 'Newsroom: connected' })).toBeVisible();

    // 4. The translator cannot type into the source: read-only, with the reason.
    await openArticle(tr, STORY.headline);
    await expect(tr.getByRole('note')).toHaveText('You can read the source but not change it: translators write the translations.');
    await expect(body(tr)).toHaveAttribute('contenteditable', 'false');
    await expect(tr.getByRole('textbox', { name: 'Headline' })).not.toBeEditable();
    await body(tr).click();
    await tr.keyboard.type('نابێت');
    await expect(body(tr)).not.toContainText('نابێت');
    await tr.screenshot({ path: 'test-results/screens/newsroom-read-only-en.png' });

    // 2. The translator translates into English while the reporter edits paragraph 2: that row turns "Source changed" live.
    await tr.getByRole('button', { name: 'Translate' }).click();
    await expect(rows(tr)).toHaveCount(3);
    await expect(tr.getByRole('textbox', { name: 'Translation: Headline' })).toBeFocused();
    for (const text of ['Spring rain reaches Erbil', 'ERBIL - Heavy rain fell last night.', 'Rivers rose and farmers are glad.']) {
      await tr.keyboard.insertText(text);
      await tr.keyboard.press('Control+Enter');
    }
    await expect(tr.getByText('3 of 3 segments done')).toBeVisible();
    await expectSaved(tr);

    await openArticle(r, STORY.headline);
    await body(r).locator('p').nth(1).click();
    await r.keyboard.press('End');
    await r.keyboard.type(' بەفر نەباری.');
    await expect(stateOf(rows(tr).nth(2))).toHaveText('Source changed', { timeout: 5_000 });
    await expect(rows(tr).nth(2).locator('.stale-diff ins')).toContainText('بەفر نەباری');
    await expect(stateOf(rows(tr).nth(1))).toHaveText('Done');
    await tr.screenshot({ path: 'test-results/screens/newsroom-source-changed-en.png', fullPage: true });

    // 3. The reporter and the editor type into the same paragraph at once; presence shows each to the other.
    await openArticle(ed, STORY.headline);
    await expect(r.getByRole('list', { name: 'Also in this article' })).toContainText('\u2068hawre\u2069, editor');
    await expect(ed.getByRole('list', { name: 'Also in this article' })).toContainText('\u2068rojan\u2069, reporter');
    await body(ed).locator('p').first().click();
    await ed.keyboard.press('End');
    await body(r).locator('p').first().click();
    await r.keyboard.press('Home');
    // The other's caret, with their name, in the body.
    await expect(r.locator('.collab-cursors .q-collab-name')).toHaveText('hawre');
    await expect(ed.locator('.collab-cursors .q-collab-name')).toHaveText('rojan');
    await r.screenshot({ path: 'test-results/screens/newsroom-presence-ckb-body.png' });
    await Promise.all([r.keyboard.type('نوێ: ', { delay: 20 }), ed.keyboard.type(' (ئاژانس)', { delay: 20 })]);
    for (const page of [r, ed]) {
      await expect(body(page).locator('p').first()).toHaveText(`نوێ: ${STORY.paragraphs[0]} (ئاژانس)`);
      await expectSaved(page);
    }
    const ckb = (id: string) => versionDocName(id, 'ckb');
    const articleId = await idFromScreen(r);
    await expectConverged(room, [reporter, translator, editor], ckb(articleId));

    // 5. The server is killed while all three type; it comes back; every acknowledged edit is there and all converge.
    await rows(tr).first().locator('.target-cell').click();
    await tr.getByRole('textbox', { name: 'Translation: Headline' }).click();
    await tr.keyboard.press('End');
    await r.keyboard.press('Control+End');
    await ed.getByRole('textbox', { name: 'Headline' }).click();
    await ed.keyboard.press('End');
    const typing = Promise.all([
      r.keyboard.type(' هەواڵی دوایی.', { delay: 40 }),
      ed.keyboard.type(' - نوێکراوە', { delay: 40 }),
      tr.keyboard.type(' (updated)', { delay: 40 }),
    ]);
    await r.waitForTimeout(150);
    await room.kill();
    await typing;
    for (const page of [r, ed, tr]) await expectSaved(page);
    await room.start();
    for (const name of [ckb(articleId), versionDocName(articleId, 'en'), articleDocName(articleId), LIBRARY_DOC]) {
      await expectConverged(room, [reporter, translator, editor], name);
    }
    const server = new TextDecoder().decode(room.storedState(ckb(articleId))!);
    for (const word of ['هەواڵی دوایی.', 'نوێکراوە', 'نوێ: ', '(ئاژانس)', 'بەفر نەباری.']) expect(server, word).toContain(word);
    expect(fieldsOf(room.storedState(versionDocName(articleId, 'en')))?.headline).toBe('Spring rain reaches Erbil (updated)');

    // 6. The editor exports; the package passes the package checks.
    await toLibrary(ed);
    await openArticle(ed, `${STORY.headline} - نوێکراوە`);
    await ed.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = ed.getByRole('dialog', { name: 'Export package' });
    const download = ed.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Export working copy' }).click();
    const file = await download;
    const path = await file.path();
    const checked = checkPackage(new Uint8Array(readFileSync(path)));
    expect(checked.article.id).toBe(articleId);
    expect(Object.keys(checked.article.versions).sort()).toEqual(['ckb', 'en']);
    expect(checked.article.versions.ckb?.headline).toBe(`${STORY.headline} - نوێکراوە`);

    for (const desk of [reporter, translator, editor]) expect(desk.foreign, `${desk.name}: requests off the desk's own host`).toEqual([]);
  } finally {
    await room.close();
  }
});

/** The article id the article screen shows in its address. */
async function idFromScreen(page: Page): Promise<string> {
  const match = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(page.url());
  if (!match) throw new Error(`no article id in ${page.url()}`);
  return match[0];
}

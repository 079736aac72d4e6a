import type { Locator, Page } from '@playwright/test';
import { readFixture } from '../shared-fixtures';
import { createArticle, expect, expectSaved, test } from './fixtures';

/** The seed article's headline and its first paragraphs, as a reporter would have typed them. */
function seed(count: number) {
  const lines = readFixture('seed-article-en.txt')
    .split('\n')
    .map((line) => line.replace(/\u00a0/g, ' ').trim())
    .filter((line) => line !== '');
  const start = lines.findIndex((line) => line.startsWith('SULAIMANI [Kurdistan Region]'));
  return { headline: lines[1]!, paragraphs: lines.slice(start, start + count) };
}

/** Real Sorani news sentences, standing in for the translator's work. */
function soraniLines(count: number): string[] {
  return readFixture('sorani-news-sample.txt')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 40)
    .slice(0, count);
}

async function writeEnglish(page: Page, headline: string, paragraphs: readonly string[]) {
  await createArticle(page, 'en');
  await page.getByRole('textbox', { name: 'Headline' }).fill(headline);
  await page.getByRole('textbox', { name: 'Body' }).click();
  for (const [i, paragraph] of paragraphs.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.insertText(paragraph);
  }
  await expectSaved(page);
}

const rows = (page: Page) => page.locator('tr.segment-row');

/** Translate → the workspace, ready when the open row's translation has the caret (keys typed sooner would be lost). */
async function openWorkspace(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Translate' }).click();
  const active = page.locator('tr.segment-row.active');
  await expect(active).toBeVisible();
  // An orphaned row opens with nothing to type into.
  if ((await active.getByRole('textbox').count()) > 0) await expect(active.getByRole('textbox')).toBeFocused();
}
const stateOf = (row: Locator) => row.locator('.state-badge');

test('translating the seed article into Sorani: missing → draft → done, stale after a source edit with the diff, all kept over a reload and in the library', async ({ page }) => {
  const { headline, paragraphs } = seed(3);
  const sorani = soraniLines(3);
  await writeEnglish(page, headline, paragraphs);

  await openWorkspace(page);
  await expect(page.getByRole('columnheader', { name: 'سۆرانی' })).toBeVisible();
  // Headline and three paragraphs: four rows, all missing, the first one open.
  await expect(rows(page)).toHaveCount(4);
  await expect(page.getByText('0 of 4 segments done')).toBeVisible();
  for (const row of await rows(page).all()) await expect(stateOf(row)).toHaveText('Missing');

  const headlineTarget = page.getByRole('textbox', { name: 'Translation: Headline' });
  await expect(headlineTarget).toBeFocused();
  await page.keyboard.type('سەرۆک وەزیرانی عێراق: پێویستمان بە هێزی جەنگیی ئەمریکا نییە');
  await expect(stateOf(rows(page).nth(0))).toHaveText('Draft');
  await page.keyboard.press('Control+Enter');
  await expect(stateOf(rows(page).nth(0))).toHaveText('Done');

  // Ctrl+Enter moved on to the first paragraph: its editor has the caret.
  for (const [i, text] of sorani.slice(0, 2).entries()) {
    const row = rows(page).nth(i + 1);
    await expect(row).toHaveClass(/active/);
    await expect(row.getByRole('textbox')).toBeFocused();
    await page.keyboard.type(text.slice(0, 60));
    await expect(stateOf(row)).toHaveText('Draft');
    await page.keyboard.press('Control+Enter');
    await expect(stateOf(row)).toHaveText('Done');
  }
  await expect(page.getByText('3 of 4 segments done')).toBeVisible();
  await expect(stateOf(rows(page).nth(3))).toHaveText('Missing');
  await expectSaved(page);
  await page.screenshot({ path: 'test-results/screens/translate-en-ckb.png', fullPage: true });

  // The reporter changes the first paragraph of the English source.
  await page.getByRole('button', { name: 'Article' }).click();
  await page.getByRole('tab', { name: 'English' }).click();
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.locator('p').first().click();
  await page.keyboard.press('End');
  await page.keyboard.type(' He spoke in Baghdad on Sunday.');
  await expectSaved(page);

  await openWorkspace(page);
  const changed = rows(page).nth(1);
  await expect(stateOf(changed)).toHaveText('Source changed');
  await expect(changed.locator('.stale-diff ins')).toContainText('He spoke in Baghdad on Sunday.');
  await expect(stateOf(rows(page).nth(0))).toHaveText('Done');
  await expect(stateOf(rows(page).nth(2))).toHaveText('Done');
  await expect(page.getByText('2 of 4 segments done')).toBeVisible();

  await page.reload();
  await expect(rows(page)).toHaveCount(4);
  await expect(rows(page).locator('.state-badge')).toHaveText(['Done', 'Source changed', 'Done', 'Missing']);
  await expect(rows(page).nth(2).locator('.target-cell')).toContainText(sorani[1]!.slice(0, 60));

  // Alt+Shift+↓ jumps over finished rows to the next unfinished one; Alt+↑ steps back one row.
  await rows(page).nth(0).locator('.target-cell').click();
  await page.keyboard.press('Alt+Shift+ArrowDown');
  await expect(rows(page).nth(1)).toHaveClass(/active/);
  await page.keyboard.press('Alt+Shift+ArrowDown');
  await expect(rows(page).nth(3)).toHaveClass(/active/);
  await page.keyboard.press('Alt+ArrowUp');
  await expect(rows(page).nth(2)).toHaveClass(/active/);

  // Marking the stale one done again records the new source; an editor then approves it.
  await rows(page).nth(1).locator('.target-cell').click();
  await page.keyboard.press('Control+Enter');
  await expect(stateOf(rows(page).nth(1))).toHaveText('Done');
  await expect(rows(page).nth(1).locator('.stale-diff')).toHaveCount(0);
  await rows(page).nth(1).locator('.target-cell').click();
  await page.keyboard.press('Control+Shift+Enter');
  await expect(stateOf(rows(page).nth(1))).toHaveText('Approved');
  await expect(rows(page).nth(2)).toHaveClass(/active/);

  // Ctrl+Shift+S copies the source into the last, missing row: a draft to translate over.
  await rows(page).nth(3).locator('.target-cell').click();
  await page.keyboard.press('Control+Shift+KeyS');
  await expect(rows(page).nth(3).getByRole('textbox')).toHaveText(paragraphs[2]!);
  await expect(stateOf(rows(page).nth(3))).toHaveText('Draft');
  // Undo in the row takes the copy back.
  await page.keyboard.press('Control+Z');
  await expect(stateOf(rows(page).nth(3))).toHaveText('Missing');
  await expectSaved(page);

  await page.getByRole('button', { name: 'Article' }).click();
  await page.getByRole('button', { name: 'Library' }).click();
  const badge = page.locator('.language-badges li', { hasText: 'سۆرانی' });
  await expect(badge.locator('.badge-progress')).toHaveText('3/4');
  await expect(badge.locator('.badge-progress')).toHaveAttribute('title', '3 of 4 segments done, 0 with a changed source');
});

test('a paragraph added to the source is missing at its place; an emptied one leaves its translation orphaned', async ({ page }) => {
  const { headline, paragraphs } = seed(2);
  await writeEnglish(page, headline, paragraphs);
  await openWorkspace(page);
  await page.keyboard.type('سەردێڕ');
  await page.keyboard.press('Control+Enter');
  await page.keyboard.type('بڕگەی یەکەم');
  await page.keyboard.press('Control+Enter');
  await page.keyboard.type('بڕگەی دووەم');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('3 of 3 segments done')).toBeVisible();
  await expectSaved(page);

  await page.getByRole('button', { name: 'Article' }).click();
  await page.getByRole('tab', { name: 'English' }).click();
  const body = page.getByRole('textbox', { name: 'Body' });
  // A new paragraph between the two, then the first one emptied.
  await body.locator('p').first().click();
  await page.keyboard.press('End');
  await page.keyboard.press('Enter');
  await page.keyboard.type('A new paragraph in the middle.');
  // Its whole text selected (Home/End only reach the ends of a wrapped line), then deleted.
  await body.locator('p').first().click();
  await body.locator('p').first().evaluate((p) => window.getSelection()!.selectAllChildren(p));
  await page.keyboard.press('Backspace');
  await expect(body.locator('p').first()).toHaveText('');
  await expectSaved(page);

  await openWorkspace(page);
  await expect(rows(page).locator('.state-badge')).toHaveText(['Done', 'Orphaned', 'Missing', 'Done']);
  await expect(rows(page).nth(1).locator('.target-cell')).toContainText('بڕگەی یەکەم');
  await rows(page).nth(1).getByRole('button', { name: 'Delete translation' }).click();
  await expect(rows(page).locator('.state-badge')).toHaveText(['Done', 'Missing', 'Done']);
});

test('glossary terms are found in the source and inserted with one shortcut; the glossary exports and imports CSV', async ({ page }) => {
  await page.getByRole('link', { name: 'Glossary' }).click();
  await page.getByRole('button', { name: 'Add term' }).click();
  await page.getByRole('textbox', { name: 'Term in English' }).fill('Mustafa al-Kadhimi');
  // Typed with the Arabic yeh and kaf a Persian keyboard gives: stored in its Kurdish form.
  await page.getByRole('textbox', { name: 'Term in سۆرانی' }).fill('مستەفا كازمي');
  await page.getByRole('textbox', { name: 'Term in بادینی' }).fill('مستەفا کازمی');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('cell', { name: 'مستەفا کازمی' }).first()).toBeVisible();
  await expect(page.getByText('1 term')).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  });
  expect(csv).toContain('Mustafa al-Kadhimi');
  expect(csv).toContain('مستەفا کازمی');

  await page.getByLabel('Glossary CSV file').setInputFiles({
    name: 'terms.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('en,ckb,kmr,note\r\nKurdistan Region,"هەرێمی کوردستان","هەرێما کوردستانێ","the ""Region"""\r\n', 'utf8'),
  });
  await expect(page.getByText('2 terms')).toBeVisible();
  await expect(page.getByRole('cell', { name: 'the "Region"' })).toBeVisible();

  // Edit an entry; delete one and take the deletion back.
  await page.getByRole('button', { name: 'Edit “Kurdistan Region”' }).click();
  await page.getByRole('textbox', { name: 'Note' }).fill('the Region (KRG)');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('cell', { name: 'the Region (KRG)' })).toBeVisible();
  await page.getByRole('button', { name: 'Delete “Mustafa al-Kadhimi”' }).click();
  await expect(page.getByText('1 term')).toBeVisible();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByText('2 terms')).toBeVisible();

  await page.getByRole('button', { name: 'Library' }).click();
  await writeEnglish(page, 'Kadhimi in the Kurdistan Region', ['Iraqi Prime Minister Mustafa al-Kadhimi visited the Kurdistan Region.']);
  await openWorkspace(page);
  await page.keyboard.press('Alt+ArrowDown');
  const row = rows(page).nth(1);
  await expect(row).toHaveClass(/active/);
  await expect(row.locator('mark.glossary-term')).toHaveText(['Mustafa al-Kadhimi', 'Kurdistan Region']);
  await expect(page.locator('.glossary-hit')).toHaveCount(2);
  await page.keyboard.press('Control+Shift+Digit1');
  await page.keyboard.type(' ');
  await page.keyboard.press('Control+Shift+Digit2');
  await expect(row.getByRole('textbox')).toHaveText('مستەفا کازمی هەرێمی کوردستان');
  await page.screenshot({ path: 'test-results/screens/translate-glossary.png', fullPage: true });
  await page.getByRole('button', { name: 'بادینی' }).click();
  await page.goto(page.url().replace(/#.*$/, '#/glossary'));
  await expect(page.getByRole('cell', { name: 'هەرێما کوردستانێ' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/glossary-kmr.png', fullPage: true });
});

test('translation memory offers a fuzzy match with its score and the differences, inserted with Ctrl+1', async ({ page }) => {
  const sentence = 'Iraqi Prime Minister Mustafa al-Kadhimi said that his country no longer needs the American combat forces.';
  const translation = 'سەرۆک وەزیرانی عێراق مستەفا کازمی ڕایگەیاند کە وڵاتەکەی چیتر پێویستی بە هێزە جەنگییەکانی ئەمریکا نییە.';
  await writeEnglish(page, 'First', [sentence]);
  await openWorkspace(page);
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.insertText(translation);
  await page.keyboard.press('Control+Enter');
  await expectSaved(page);

  await page.getByRole('button', { name: 'Article' }).click();
  await page.getByRole('button', { name: 'Library' }).click();
  await writeEnglish(page, 'Second', [sentence.replace('the American combat forces', 'American combat forces')]);
  await openWorkspace(page);
  await page.keyboard.press('Alt+ArrowDown');
  const match = page.locator('.tm-match').first();
  await expect(match.locator('.tm-score')).toHaveText(/^(9\d|8\d) %$/);
  await expect(match.locator('del')).toHaveText('the ');
  await expect(match.locator('.tm-target')).toHaveText(translation);
  await page.keyboard.press('Control+Digit1');
  await expect(rows(page).nth(1).getByRole('textbox')).toHaveText(translation);
  await expect(stateOf(rows(page).nth(1))).toHaveText('Draft');
});

test('Badini is translated from a finished Sorani version, Sorani beside Badini, in a Kurdish interface', async ({ page }) => {
  await createArticle(page, 'ckb');
  const lines = soraniLines(2);
  await page.getByRole('textbox', { name: 'Headline' }).fill('ISIS هێشتا لە عێراق چالاکە');
  await page.getByRole('textbox', { name: 'Body' }).click();
  await page.keyboard.insertText(lines[0]!);
  await page.keyboard.press('Enter');
  await page.keyboard.insertText('2,500 سەربازی (U.S.) ماونەتەوە.');
  await expectSaved(page);

  // English from Sorani first, finished.
  await openWorkspace(page);
  await expect(page.getByRole('combobox', { name: 'From' })).toHaveValue('ckb');
  for (const text of ['ISIS is still active in Iraq', 'A roadside bomb hit the convoy.', '2,500 U.S. soldiers remain.']) {
    await page.keyboard.type(text);
    await page.keyboard.press('Control+Enter');
  }
  await expect(page.getByText('3 of 3 segments done')).toBeVisible();
  await expectSaved(page);

  await page.getByRole('button', { name: 'بادینی' }).click(); // interface language
  await page.getByRole('combobox', { name: 'بۆ' }).selectOption('kmr');
  const from = page.getByRole('combobox', { name: 'ژ' });
  await expect(from).toHaveValue('ckb');
  await expect(from.locator('option')).toHaveText(['English', 'سۆرانی']);
  await page.keyboard.type('داعش هێشتا ل عیراقێ چالاکە');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

  // In a right-to-left interface the source column is on the right, the translation on the left.
  const sourceBox = await rows(page).nth(0).locator('.source-cell').boundingBox();
  const targetBox = await rows(page).nth(0).locator('.target-cell').boundingBox();
  expect(sourceBox!.x).toBeGreaterThan(targetBox!.x);
  // Rows stay level: a source and its translation start on the same line.
  for (const row of await rows(page).all()) {
    const [a, b] = await Promise.all([row.locator('.source-cell').boundingBox(), row.locator('.target-cell').boundingBox()]);
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(1);
  }
  await expectSaved(page);
  await page.screenshot({ path: 'test-results/screens/translate-ckb-kmr.png', fullPage: true });

  await page.getByRole('combobox', { name: 'ژ' }).selectOption('en');
  await expect(page.getByRole('columnheader', { name: 'English' })).toBeVisible();
  await page.screenshot({ path: 'test-results/screens/translate-en-kmr.png', fullPage: true });

  // The same in a Sorani interface, a stale row among them: the English source changes under the Badini translation.
  await page.getByRole('button', { name: 'سۆرانی' }).first().click();
  await expect(page.getByRole('combobox', { name: 'لە' })).toHaveValue('en');
  await page.screenshot({ path: 'test-results/screens/translate-en-kmr-ui-ckb.png', fullPage: true });
});

test('a headline already written in the article view is linked to its source when marked done', async ({ page }) => {
  await writeEnglish(page, 'Iraq does not need U.S. combat troops', ['Iraqi Prime Minister Mustafa al-Kadhimi said so on Monday.']);
  await page.getByRole('tab', { name: 'سۆرانی' }).click();
  await page.getByRole('textbox', { name: 'Headline' }).fill('عێراق پێویستی بە هێزی جەنگیی ئەمریکا نییە');
  await expectSaved(page);
  await openWorkspace(page);
  const headline = rows(page).nth(0);
  await expect(headline.getByRole('textbox')).toHaveValue('عێراق پێویستی بە هێزی جەنگیی ئەمریکا نییە');
  await expect(stateOf(headline)).toHaveText('Missing');
  await page.keyboard.press('Control+Enter');
  await expect(stateOf(headline)).toHaveText('Done');
  await expect(page.getByText('1 of 2 segments done')).toBeVisible();
});

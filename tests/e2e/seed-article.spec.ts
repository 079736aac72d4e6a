import { readFixture } from '../shared-fixtures';
import { createArticle, expect, expectSaved, test } from './fixtures';

/** The real published article: headline, dateline paragraph, quotes, and the paragraph published unfinished. */
function seedArticle() {
  const lines = readFixture('seed-article-en.txt')
    .split('\n')
    .map((line) => line.replace(/\u00a0/g, ' ').trim())
    .filter((line) => line !== '');
  const headline = lines[1]!;
  const start = lines.findIndex((line) => line.startsWith('SULAIMANI [Kurdistan Region]'));
  const unfinished = lines.findIndex((line) => line.endsWith('the two leaders are expected to'));
  return { headline, paragraphs: lines.slice(start, unfinished + 2) };
}

test('the seed article typed in English keeps its paragraphs, quotes and the unfinished paragraph', async ({ page }) => {
  const { headline, paragraphs } = seedArticle();
  expect(paragraphs.length).toBeGreaterThan(10);
  await createArticle(page, 'en');
  await page.getByRole('textbox', { name: 'Headline' }).fill(headline);
  await page.getByRole('textbox', { name: 'Dateline' }).fill('SULAIMANI [Kurdistan Region]');
  await page.getByRole('textbox', { name: 'Byline' }).fill('Zhyan News Network');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  for (const [i, paragraph] of paragraphs.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.insertText(paragraph);
  }
  await expectSaved(page);
  await page.screenshot({ path: 'test-results/screens/seed-article-en.png', fullPage: true });
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Body' }).locator('p')).toHaveText(paragraphs);
  await expect(page.getByRole('textbox', { name: 'Body' }).getByText('the two leaders are expected to', { exact: false })).toBeVisible();
});

test('in an RTL paragraph, Latin names and numbers keep their order and the final stop sits on the left', async ({ page }) => {
  await createArticle(page, 'ckb');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  const sentence = 'ISIS هێشتا لە عێراق چالاکە و 2,500 سەربازی (U.S.) ماونەتەوە.';
  await page.keyboard.type(sentence);
  await expect(body).toHaveText(sentence);

  const boxes = await body.locator('p').first().evaluate((p) => {
    const text = p.textContent ?? '';
    // The paragraph's text may be split over several text nodes (a Latin run is a node of its own).
    const rectAt = (index: number, length: number) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      const range = document.createRange();
      let offset = 0;
      for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
        const end = offset + node.data.length;
        if (index >= offset && index < end) range.setStart(node, index - offset);
        if (index + length > offset && index + length <= end) range.setEnd(node, index + length - offset);
        offset = end;
      }
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right };
    };
    const rectOf = (needle: string, last = false) => rectAt(last ? text.lastIndexOf(needle) : text.indexOf(needle), needle.length);
    const block = p.getBoundingClientRect();
    const s = text.indexOf('S.)');
    return {
      block: { left: block.left, right: block.right },
      isis: rectOf('ISIS'),
      number: rectOf('2,500'),
      stop: rectOf('.', true),
      us: rectOf('U.S.'),
      open: rectOf('('),
      close: rectOf(')'),
      letterS: rectAt(s, 1),
      stopAfterS: rectAt(s + 1, 1),
    };
  });
  // The paragraph starts on the right with "ISIS", though its first strong letter is Latin.
  expect(boxes.block.right - boxes.isis.right).toBeLessThan(20);
  // The closing full stop is the leftmost thing on the line.
  expect(boxes.stop.left - boxes.block.left).toBeLessThan(boxes.number.left - boxes.block.left);
  // The stop of "U.S." stays after the S, reading left to right ("U.S.", not ".U.S").
  expect(boxes.stopAfterS.left).toBeGreaterThanOrEqual(boxes.letterS.right - 1);
  // "(U.S.)" keeps its brackets around it, mirrored in RTL.
  expect(boxes.open.left).toBeGreaterThan(boxes.us.right - 1);
  expect(boxes.close.right).toBeLessThan(boxes.us.left + 1);
  await page.screenshot({ path: 'test-results/screens/rtl-mixed-ckb.png' });
});

test('a Badini article with Latin runs renders right to left and survives a reload', async ({ page }) => {
  await createArticle(page, 'kmr');
  const body = page.getByRole('textbox', { name: 'Body' });
  await body.click();
  const lines = readFixture('badini-news-sample.txt').split('\n').filter((l) => l.trim()).slice(0, 3);
  const typed = [`${lines[0]} (KDP)`, `UN: ${lines[1]}`, lines[2]!];
  for (const [i, line] of typed.entries()) {
    if (i > 0) await page.keyboard.press('Enter');
    await page.keyboard.insertText(line);
  }
  await expectSaved(page);
  await page.reload();
  const paragraphs = page.getByRole('textbox', { name: 'Body' }).locator('p');
  await expect(paragraphs).toHaveCount(3);
  for (let i = 0; i < 3; i++) await expect(paragraphs.nth(i)).toHaveCSS('direction', 'rtl');
  await page.screenshot({ path: 'test-results/screens/badini-mixed.png' });
});

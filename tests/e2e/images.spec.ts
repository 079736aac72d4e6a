import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { createArticle, expect, expectSaved, NATIVE, test } from './fixtures';

const IMAGES = 'tests/fixtures/images';
const PHOTO = join(IMAGES, 'photo-640x400.jpg');
const CREDIT = 'AP Photo/Khalid Mohammed';

/** Clicks a button that opens a file picker and picks `file` in it, as a user does. */
async function pickFile(page: Page, button: Locator, file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await button.click();
  await (await chooser).setFiles(file);
}

/** The image loaded for real: the browser decoded the file the host served. */
async function expectLoaded(img: Locator, width: number): Promise<void> {
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(width);
}

/** Types into a field like a user: click, then keystrokes (so normalisation runs as it does for typing). */
async function typeInto(field: Locator, text: string): Promise<void> {
  await field.click();
  await field.page().keyboard.type(text);
}

const mediaFiles = (libraryDir: string) => readdirSync(join(libraryDir, 'media')).sort();

test.describe('images in the body', () => {
  test('insert with the file picker into a Sorani article, write caption, alt text and credit; all kept after a reload', async ({ page, qelem }) => {
    await createArticle(page, 'ckb');
    const body = page.getByRole('textbox', { name: 'Body' });
    await typeInto(body, 'ISIS هێشتا لە عێراق چالاکە');

    await test.step('pick the photo', async () => {
      await pickFile(page, page.getByRole('button', { name: 'Insert image' }), PHOTO);
      await expectLoaded(body.locator('figure img'), 640);
      await expect(body.locator('figure img')).toHaveAttribute('width', '640');
      await expect(body.locator('figure img')).toHaveAttribute('height', '400');
      // The image comes after the paragraph the caret was in.
      await expect(body.locator(':scope > *').nth(0)).toHaveText('ISIS هێشتا لە عێراق چالاکە');
      expect(mediaFiles(qelem.libraryDir)).toHaveLength(1);
    });

    const figure = body.locator('figure');
    await test.step('write its words in Sorani (Arabic-keyboard letters become Kurdish), and a Latin credit', async () => {
      const caption = figure.getByRole('textbox', { name: 'Caption' });
      await typeInto(caption, 'پردی سلێماني لە شەودا');
      await expect(caption).toHaveValue('پردی سلێمانی لە شەودا');
      await expect(caption).toHaveAttribute('lang', 'ckb');
      await expect(caption).toHaveCSS('direction', 'rtl');
      await typeInto(figure.getByRole('textbox', { name: 'Alt text' }), 'پردێکی ڕووناک بە سەر ڕووبارێکدا');
      const credit = figure.getByRole('textbox', { name: 'Credit' });
      await typeInto(credit, CREDIT);
      await expect(credit).toHaveAttribute('dir', 'auto');
      await expect(credit).toHaveCSS('direction', 'ltr');
      await expectSaved(page);
    });

    await test.step('reload: the image, its words and its place are kept', async () => {
      await page.reload();
      const reloaded = page.getByRole('textbox', { name: 'Body' }).locator('figure');
      await expectLoaded(reloaded.locator('img'), 640);
      await expect(reloaded.locator('img')).toHaveAttribute('alt', 'پردێکی ڕووناک بە سەر ڕووبارێکدا');
      await expect(reloaded.getByRole('textbox', { name: 'Caption' })).toHaveValue('پردی سلێمانی لە شەودا');
      await expect(reloaded.getByRole('textbox', { name: 'Alt text' })).toHaveValue('پردێکی ڕووناک بە سەر ڕووبارێکدا');
      await expect(reloaded.getByRole('textbox', { name: 'Credit' })).toHaveValue(CREDIT);
    });
  });

  test('an image file dropped on the body is imported and inserted', async ({ page }) => {
    await createArticle(page, 'en');
    const body = page.getByRole('textbox', { name: 'Body' });
    await typeInto(body, 'Before the picture.');
    const file = readFileSync(join(IMAGES, 'photo-480x320.webp')).toString('base64');
    const dataTransfer = await page.evaluateHandle((base64) => {
      const transfer = new DataTransfer();
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      transfer.items.add(new File([bytes], 'erbil.webp', { type: 'image/webp' }));
      return transfer;
    }, file);
    const box = (await body.boundingBox())!;
    const point = { clientX: box.x + box.width / 2, clientY: box.y + box.height - 10 };
    await body.dispatchEvent('dragenter', { dataTransfer, ...point });
    await body.dispatchEvent('dragover', { dataTransfer, ...point });
    await body.dispatchEvent('drop', { dataTransfer, ...point });
    await expectLoaded(body.locator('figure img'), 480);
    await expectSaved(page);
  });

  test('an image pasted from the clipboard is imported and inserted', async ({ page, qelem }) => {
    await createArticle(page, 'kmr');
    const body = page.getByRole('textbox', { name: 'Body' });
    await typeInto(body, 'ل دهۆکێ');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    // A screenshot tool puts a PNG on the clipboard and nothing else.
    await page.evaluate(async () => {
      const canvas = document.createElement('canvas');
      canvas.width = 300;
      canvas.height = 200;
      const g = canvas.getContext('2d')!;
      g.fillStyle = '#7fb2e5';
      g.fillRect(0, 0, 300, 200);
      g.fillStyle = '#c96f3b';
      g.fillRect(100, 60, 100, 80);
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
    });
    await page.keyboard.press('Control+v');
    await expectLoaded(body.locator('figure img'), 300);
    await expect(body.locator('figure img')).toHaveAttribute('height', '200');
    await expect(body.locator('p').first()).toHaveText('ل دهۆکێ');
    expect(mediaFiles(qelem.libraryDir)).toEqual([expect.stringMatching(/^[0-9a-f]{64}\.png$/)]);
  });

  test('a text file named .jpg is refused with a clear message, and nothing is inserted or stored', async ({ page, qelem }) => {
    await createArticle(page, 'ckb');
    const body = page.getByRole('textbox', { name: 'Body' });
    await typeInto(body, 'دەقێک');
    await pickFile(page, page.getByRole('button', { name: 'Insert image' }), {
      name: 'sulaimani.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.from('Sulaimani, 25 July 2021: this is a caption, not a photograph.\n'),
    });
    await expect(page.getByRole('status').getByText('“sulaimani.jpg” is not an image Qelem can use (JPEG, PNG, WebP).')).toBeVisible();
    await expect(body.locator('figure')).toHaveCount(0);
    expect(mediaFiles(qelem.libraryDir)).toEqual([]);
  });

  test('a file over 15 MiB is refused before it is sent', async ({ page, qelem }) => {
    await createArticle(page, 'en');
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/importMedia')) uploads.push(request.url());
    });
    await page.getByRole('textbox', { name: 'Body' }).click();
    await pickFile(page, page.getByRole('button', { name: 'Insert image' }), { name: 'raw.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(16 * 1024 * 1024, 0xff) });
    await expect(page.getByRole('status').getByText('“raw.jpg” is 16 MiB; images can be at most 15 MiB.', { exact: false })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Body' }).locator('figure')).toHaveCount(0);
    expect(uploads).toEqual([]);
    expect(mediaFiles(qelem.libraryDir)).toEqual([]);
  });

  test('the image is selectable: Delete removes it, undo brings it back; Remove image and caption edits undo too', async ({ page }) => {
    await createArticle(page, 'en');
    const body = page.getByRole('textbox', { name: 'Body' });
    await typeInto(body, 'First paragraph.');
    await pickFile(page, page.getByRole('button', { name: 'Insert image' }), join(IMAGES, 'tiny-5x4.png'));
    const figure = body.locator('figure');
    await expect(figure).toHaveCount(1);

    await test.step('click selects it; Delete removes it; Ctrl+Z restores it', async () => {
      await figure.locator('img').click();
      await expect(figure).toHaveClass(/is-selected/);
      await page.keyboard.press('Delete');
      await expect(figure).toHaveCount(0);
      await page.keyboard.press('Control+z');
      await expect(figure).toHaveCount(1);
    });

    await test.step('Backspace on the selected image removes it too', async () => {
      await figure.locator('img').click();
      await page.keyboard.press('Backspace');
      await expect(figure).toHaveCount(0);
      await page.keyboard.press('Control+z');
      await expect(figure).toHaveCount(1);
    });

    await test.step('a caption typed is one undo step', async () => {
      const caption = figure.getByRole('textbox', { name: 'Caption' });
      await typeInto(caption, 'Erbil citadel');
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect(caption).toHaveValue('');
      await page.getByRole('button', { name: 'Redo' }).click();
      await expect(caption).toHaveValue('Erbil citadel');
    });

    await test.step('Remove image takes it out, undo brings it back', async () => {
      await figure.getByRole('button', { name: 'Remove image' }).click();
      await expect(figure).toHaveCount(0);
      await page.getByRole('button', { name: 'Undo' }).click();
      await expect(figure).toHaveCount(1);
      await expect(figure.getByRole('textbox', { name: 'Caption' })).toHaveValue('Erbil citadel');
    });
  });
});

test.describe('lead image', () => {
  test('one picture and credit for the article, a caption and alt text per language; kept after a reload', async ({ page }) => {
    await createArticle(page, 'en');
    const details = page.getByRole('group', { name: 'Lead image' });
    await expect(details.getByText('No lead image yet.')).toBeVisible();

    await test.step('choose the picture and write the credit', async () => {
      await pickFile(page, details.getByRole('button', { name: 'Choose lead image' }), PHOTO);
      await expectLoaded(details.locator('img'), 640);
      await typeInto(details.getByRole('textbox', { name: 'Lead image credit' }), CREDIT);
    });

    await test.step('caption and alt text in English', async () => {
      const panel = page.getByRole('tabpanel', { name: NATIVE.en });
      await typeInto(panel.getByRole('textbox', { name: 'Lead image caption' }), 'The Sulaimani bridge at night');
      await typeInto(panel.getByRole('textbox', { name: 'Lead image alt text' }), 'A lit bridge over a river');
      await expectSaved(page);
    });

    await test.step('and in Sorani, right to left', async () => {
      await page.getByRole('tab', { name: NATIVE.ckb }).click();
      const panel = page.getByRole('tabpanel', { name: NATIVE.ckb });
      const caption = panel.getByRole('textbox', { name: 'Lead image caption' });
      await typeInto(caption, 'پردی سلێمانی لە شەودا');
      await expect(caption).toHaveCSS('direction', 'rtl');
      await typeInto(panel.getByRole('textbox', { name: 'Lead image alt text' }), 'پردێکی ڕووناک');
      await expectSaved(page);
    });

    await test.step('reload', async () => {
      await page.reload();
      const reloaded = page.getByRole('group', { name: 'Lead image' });
      await expectLoaded(reloaded.locator('img'), 640);
      await expect(reloaded.getByRole('textbox', { name: 'Lead image credit' })).toHaveValue(CREDIT);
      await page.getByRole('tab', { name: NATIVE.en }).click();
      await expect(page.getByRole('tabpanel', { name: NATIVE.en }).getByRole('textbox', { name: 'Lead image caption' })).toHaveValue('The Sulaimani bridge at night');
      await page.getByRole('tab', { name: NATIVE.ckb }).click();
      const ckb = page.getByRole('tabpanel', { name: NATIVE.ckb });
      await expect(ckb.getByRole('textbox', { name: 'Lead image caption' })).toHaveValue('پردی سلێمانی لە شەودا');
      await expect(ckb.getByRole('textbox', { name: 'Lead image alt text' })).toHaveValue('پردێکی ڕووناک');
    });

    await test.step('remove it: the caption fields go away with it', async () => {
      await page.getByRole('group', { name: 'Lead image' }).getByRole('button', { name: 'Remove lead image' }).click();
      await expect(page.getByRole('group', { name: 'Lead image' }).getByText('No lead image yet.')).toBeVisible();
      await expect(page.getByRole('textbox', { name: 'Lead image caption' })).toHaveCount(0);
      await page.reload();
      await expect(page.getByRole('group', { name: 'Lead image' }).getByText('No lead image yet.')).toBeVisible();
    });
  });
});

test.describe('screenshots', () => {
  for (const lang of ['en', 'ckb'] as const) {
    test(`an article with a lead image and an image in the body (${lang})`, async ({ page }) => {
      const words = {
        en: { text: 'Iraqi Prime Minister Mustafa al-Kadhimi said that his country no longer needs American combat forces.', caption: 'Protesters gather in Sulaimani on Sunday', alt: 'A crowd in a city square', lead: 'The Sulaimani bridge at night' },
        ckb: { text: 'ISIS هێشتا لە عێراق چالاکە و 2,500 سەربازی ئەمریکی لە عێراقن.', caption: 'خۆپیشاندەران لە سلێمانی کۆبوونەوە', alt: 'خەڵکێکی زۆر لە گۆڕەپانێکی شار', lead: 'پردی سلێمانی لە شەودا' },
      }[lang];
      await createArticle(page, lang);
      const details = page.getByRole('group', { name: 'Lead image' });
      await pickFile(page, details.getByRole('button', { name: 'Choose lead image' }), join(IMAGES, 'photo-480x320.webp'));
      await typeInto(details.getByRole('textbox', { name: 'Lead image credit' }), 'Rudaw/Sartip Othman');
      const panel = page.getByRole('tabpanel', { name: NATIVE[lang] });
      await typeInto(panel.getByRole('textbox', { name: 'Lead image caption' }), words.lead);
      const body = page.getByRole('textbox', { name: 'Body' });
      await typeInto(body, words.text);
      await pickFile(page, page.getByRole('button', { name: 'Insert image' }), PHOTO);
      const figure = body.locator('figure');
      await typeInto(figure.getByRole('textbox', { name: 'Caption' }), words.caption);
      await typeInto(figure.getByRole('textbox', { name: 'Alt text' }), words.alt);
      await typeInto(figure.getByRole('textbox', { name: 'Credit' }), CREDIT);
      await expectSaved(page);
      await expectLoaded(figure.locator('img'), 640);

      if (lang === 'ckb') {
        // Right to left: the caption starts at the right edge of its field, and its field lines up with the image's right edge.
        const caption = figure.getByRole('textbox', { name: 'Caption' });
        const captionBox = (await caption.boundingBox())!;
        const imageBox = (await figure.locator('img').boundingBox())!;
        expect(Math.abs(captionBox.x + captionBox.width - (imageBox.x + imageBox.width))).toBeLessThan(2);
        await expect(caption).toHaveCSS('text-align', 'start');
        await expect(figure.getByRole('textbox', { name: 'Credit' })).toHaveCSS('direction', 'ltr');
      }
      await page.screenshot({ path: `test-results/screens/images-${lang}.png`, fullPage: true });
      await figure.screenshot({ path: `test-results/screens/images-${lang}-figure.png` });

      if (lang === 'ckb') {
        await test.step('the same article in the Sorani interface: everything mirrors', async () => {
          await page.getByRole('navigation').getByRole('button', { name: 'سۆرانی', exact: true }).click();
          await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
          const leadGroup = page.getByRole('group', { name: 'وێنەی سەرەکی' });
          await expect(leadGroup).toBeVisible();
          // The body's accessible name is Sorani now too.
          const figure = page.locator('figure.image-block');
          // The label of the caption sits at the right, like the caption text.
          const label = figure.getByText('ژێرنووس', { exact: true });
          const labelBox = (await label.boundingBox())!;
          const fieldBox = (await figure.getByRole('textbox', { name: 'ژێرنووس' }).boundingBox())!;
          expect(Math.abs(labelBox.x + labelBox.width - (fieldBox.x + fieldBox.width))).toBeLessThan(12);
          await page.screenshot({ path: 'test-results/screens/images-ckb-ui-ckb.png', fullPage: true });
          await leadGroup.screenshot({ path: 'test-results/screens/images-ckb-ui-ckb-lead.png' });
          await figure.screenshot({ path: 'test-results/screens/images-ckb-ui-ckb-figure.png' });
        });
      }
    });
  }
});

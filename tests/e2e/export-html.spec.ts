import type { ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import { webRendition } from '../../electron/package/image-rendition';
import { buildPackage, imagesOf } from '../../electron/package/package';
import { loadPackageFonts } from '../../electron/package/package-css';
import { readZip } from '../../electron/package/zip';
import { readImageHeader } from '../../electron/package/image-header';
import { startBrowserMode } from '../browser-mode';
import { cleanContents, packageDocuments, seedWithImages, sha256, testJpeg, testPng } from '../unit/export-package-fixtures';

/**
 * The exported pages opened straight from disk: a package made through the
 * API of browser mode (a three-language article with a lead picture and a
 * picture in every body), unzipped to a temporary folder, each language's
 * index.html opened as file:// in Chromium. Nothing may be fetched from
 * anywhere but the package's own files, and the CSP must let the package's
 * CSS, fonts and images through. Screenshots: test-results/screens/export-<lang>.png.
 * The seed article (whose translations are not linked, so the checks stop
 * its export) is packaged by the same builder, imported through the API,
 * and its Sorani and Badini pages shot too: export-seed-<lang>.png.
 */

let child: ChildProcess;
let libraryDir: string;
let packageDir: string;
let seedDir: string;
let origin: string;
let token: string;

async function call<T>(method: string, input: unknown): Promise<T> {
  const response = await fetch(`${origin}/api/${method}`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
  const result = (await response.json()) as { ok: true; value: T } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

test.beforeAll(async () => {
  libraryDir = mkdtempSync(join(tmpdir(), 'qelem-e2e-export-'));
  const started = await startBrowserMode(resolve('out/main/web.js'), libraryDir);
  child = started.child;
  origin = started.origin;
  token = started.token;

  const lead = await call<{ sha256: string; width: number; height: number }>('importMedia', { name: 'library.jpg', dataBase64: testJpeg(2000, 1200, 31, 85, 24).toString('base64') });
  const picture = await call<{ sha256: string; width: number; height: number }>('importMedia', { name: 'reading-room.png', dataBase64: testPng(640, 360, 32, 16).toString('base64') });
  const contents = cleanContents({ sha256: picture.sha256, width: picture.width, height: picture.height });
  const { id } = await call<{ id: string }>('createArticle', { sourceLang: 'en' });
  await call('saveVersion', { id, lang: 'en', baseRevision: 1, content: contents.en });
  await call('saveVersion', { id, lang: 'ckb', baseRevision: 0, content: contents.ckb });
  await call('saveVersion', { id, lang: 'kmr', baseRevision: 0, content: contents.kmr });
  await call('updateArticle', {
    id,
    state: 'ready',
    meta: { section: 'Culture', tags: ['Duhok'], place: 'Duhok', publicationDate: '2024-05-06', leadImage: { sha256: lead.sha256, width: lead.width, height: lead.height, credit: 'Zhyan/Rudaw' } },
  });
  const exported = await call<{ dataBase64: string }>('exportArticle', { id, acceptWarnings: false, note: '' });

  packageDir = unzipToTemp(Buffer.from(exported.dataBase64, 'base64'));

  const seed = seedWithImages();
  const bytes = new Map([seed.lead, seed.body].map((b) => [sha256(b), b]));
  const images = imagesOf(seed.article).map((sha) => {
    const data = bytes.get(sha)!;
    const header = readImageHeader(data);
    if (!header.ok) throw new Error('not an image');
    return { sha256: sha, mime: header.mime, width: header.width, height: header.height, data, web: webRendition(data, header.mime, header.width, header.height) };
  });
  const seedZip = buildPackage({
    article: seed.article,
    documents: packageDocuments(seed.article),
    images,
    fonts: loadPackageFonts({ kurdish: true }),
    digits: 'ascii',
    acceptance: { acceptedWarnings: [], note: '', workingCopy: false },
  });
  const imported = await call<{ id: string }>('importPackage', { dataBase64: seedZip.toString('base64') });
  expect(imported.id).toBe(seed.article.id);
  seedDir = unzipToTemp(seedZip);
});

function unzipToTemp(zip: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'qelem-e2e-package-'));
  for (const entry of readZip(zip)) {
    const file = join(dir, entry.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry.data);
  }
  return dir;
}

test.afterAll(async () => {
  if (child) {
    const exited = new Promise((ok) => child.once('exit', ok));
    child.kill('SIGTERM');
    await exited;
  }
  for (const dir of [libraryDir, packageDir, seedDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Opens a page of the package from disk, recording every request and every CSP complaint. */
async function openPage(page: Page, lang: string, dir = packageDir): Promise<{ requests: string[]; violations: string[] }> {
  const requests: string[] = [];
  const violations: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.setViewportSize({ width: 900, height: 1300 });
  await page.goto(pathToFileURL(join(dir, 'data', lang, 'index.html')).href);
  await page.evaluate(() => document.fonts.ready);
  return { requests, violations };
}

for (const [lang, tag, dir, date] of [
  ['ckb', 'ckb', 'rtl', '6ی ئایاری 2024'],
  ['kmr', 'kmr-Arab', 'rtl', '6ی گولانا 2024ێ'],
  ['en', 'en', 'ltr', 'May 6, 2024'],
] as const) {
  test(`the ${lang} page renders from disk with its fonts, images and styles, and fetches nothing else`, async ({ page }) => {
    const { requests, violations } = await openPage(page, lang);
    await expect(page.locator('html')).toHaveAttribute('lang', tag);
    await expect(page.locator('html')).toHaveAttribute('dir', dir);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.locator('time')).toHaveText(date);

    // The style sheet applied (logical padding mirrors with dir), the pictures decoded, the Kurdish face loaded from the package.
    const state = await page.evaluate(() => {
      const images = [...document.images].map((img) => ({ src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0 }));
      const article = getComputedStyle(document.querySelector('article')!);
      const faces = [...document.fonts].filter((face) => face.status === 'loaded').map((face) => `${face.family} ${face.weight}`);
      return { images, maxWidth: article.maxInlineSize, faces, body: getComputedStyle(document.body).fontFamily };
    });
    expect(state.images.length).toBe(2);
    expect(state.images.every((image) => image.loaded), JSON.stringify(state.images)).toBe(true);
    expect(state.maxWidth).not.toBe('none');
    if (dir === 'rtl') expect(state.faces).toContain('Noto Naskh Arabic 400');
    else expect(state.faces).toContain('Noto Sans 400');

    // The language links lead to the other pages, still on disk.
    const links = await page.getByRole('navigation').getByRole('link').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toHaveLength(3);
    for (const href of links) expect(href).toMatch(/^file:\/\/.+\/data\/(en|ckb|kmr)\/index\.html$/);

    expect(requests.filter((url) => !url.startsWith('file://')), 'requests that left file://').toEqual([]);
    expect(violations).toEqual([]);
    mkdirSync('test-results/screens', { recursive: true });
    await page.screenshot({ path: `test-results/screens/export-${lang}.png`, fullPage: true });
  });
}

for (const lang of ['ckb', 'kmr'] as const) {
  test(`the seed article's ${lang} page renders from disk: headings, quote, isolated Latin runs, body picture, link`, async ({ page }) => {
    const { requests, violations } = await openPage(page, lang, seedDir);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 2 })).toBeVisible();
    await expect(page.locator('.body span[dir="ltr"]').first()).toHaveText('The Associated Press');
    const loaded = await page.evaluate(() => [...document.images].map((img) => img.complete && img.naturalWidth > 0));
    expect(loaded.length).toBeGreaterThanOrEqual(lang === 'ckb' ? 2 : 1);
    expect(loaded.every(Boolean)).toBe(true);
    expect(requests.filter((url) => !url.startsWith('file://')), 'requests that left file://').toEqual([]);
    expect(violations).toEqual([]);
    mkdirSync('test-results/screens', { recursive: true });
    await page.screenshot({ path: `test-results/screens/export-seed-${lang}.png`, fullPage: true });
  });
}

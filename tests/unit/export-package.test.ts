// @vitest-environment node
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../shared/article';
import { canonicalJson } from '../../shared/export/ninjs';
import { ExportAcceptanceSchema, packageFileName, type ExportAcceptance } from '../../shared/export/package-format';
import { LANGUAGE_KEYS, language } from '../../shared/languages';
import { verifyBag, parseBagInfo } from '../../electron/package/bagit';
import { isolatedText, PAGE_CSP } from '../../electron/package/article-html';
import { jpegOrientation, orient, resize, webRendition, WEB_RENDITION_WIDTH } from '../../electron/package/image-rendition';
import { ARTICLE_JSON, buildPackage, EXPORT_JSON, imagesOf, originalPath, renditionPath, type PackageImage, type PackageInput } from '../../electron/package/package';
import { FONT_LICENCES } from '../../electron/package/font-licences';
import { loadPackageFonts, PACKAGE_FONT_FAMILIES } from '../../electron/package/package-css';
import { readZip } from '../../electron/package/zip';
import { readImageHeader } from '../../electron/package/image-header';
import { REPO_ROOT } from '../shared-fixtures';
import { packageDocuments, seedWithImages, sha256, testJpeg, testPng, type SeedWithImages } from './export-package-fixtures';

// Images are decoded and encoded in pure JavaScript: seconds, not milliseconds, on a busy machine.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const schemaDir = path.join(REPO_ROOT, 'tests/fixtures/ninjs');
const readJson = (name: string) => JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8')) as Record<string, unknown>;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(readJson('GeoJSON-schema.json'), 'https://geojson.org/schema/GeoJSON.json');
const validateNinjs = ajv.compile(readJson('ninjs-schema_3.1.json'));

const ACCEPTANCE: ExportAcceptance = { acceptedWarnings: [], note: '', workingCopy: false };

let seed: SeedWithImages;
let input: PackageInput;
let zip: Buffer;
let files: Map<string, Buffer>;

function imagesFor(article: Article, bytes: Record<string, Buffer>): PackageImage[] {
  return imagesOf(article).map((sha) => {
    const data = bytes[sha]!;
    const header = readImageHeader(data);
    if (!header.ok) throw new Error('fixture is not an image');
    return { sha256: sha, mime: header.mime, width: header.width, height: header.height, data, web: webRendition(data, header.mime, header.width, header.height) };
  });
}

function seedInput(acceptance: ExportAcceptance = ACCEPTANCE): PackageInput {
  const images = imagesFor(seed.article, { [sha256(seed.lead)]: seed.lead, [sha256(seed.body)]: seed.body });
  return { article: seed.article, documents: packageDocuments(seed.article), images, fonts: loadPackageFonts({ kurdish: true }), digits: 'ascii', acceptance };
}

const text = (name: string) => files.get(name)!.toString('utf8');

beforeAll(() => {
  seed = seedWithImages();
  input = seedInput();
  zip = buildPackage(input);
  files = new Map(readZip(zip).map((entry) => [entry.name, entry.data]));
});

describe('the package of the seed article in three languages', () => {
  it('is a valid BagIt bag with the documented layout', () => {
    const bag = verifyBag([...files].map(([name, data]) => ({ name, data })));
    const lead = sha256(seed.lead);
    const body = sha256(seed.body);
    expect([...files.keys()].filter((name) => !name.startsWith('data/fonts/')).sort()).toEqual(
      [
        'bag-info.txt',
        'bagit.txt',
        'data/ckb/article.ninjs.json',
        'data/ckb/index.html',
        'data/en/article.ninjs.json',
        'data/en/index.html',
        'data/kmr/article.ninjs.json',
        'data/kmr/index.html',
        `data/${originalPath(lead, 'image/jpeg')}`,
        `data/${renditionPath(lead, 'image/jpeg')}`,
        `data/${originalPath(body, 'image/png')}`,
        `data/${ARTICLE_JSON}`,
        `data/${EXPORT_JSON}`,
        'data/qelem/docs/article.yjs',
        'data/qelem/docs/ckb.yjs',
        'data/qelem/docs/en.yjs',
        'data/qelem/docs/kmr.yjs',
        'data/style.css',
        'manifest-sha256.txt',
        'tagmanifest-sha256.txt',
      ].sort(),
    );
    expect([...files.keys()].filter((name) => name.startsWith('data/fonts/')).sort()).toEqual([
      'data/fonts/noto-naskh-arabic-OFL.txt',
      'data/fonts/noto-naskh-arabic-arabic-400-normal.woff2',
      'data/fonts/noto-naskh-arabic-arabic-700-normal.woff2',
      'data/fonts/noto-naskh-arabic-latin-400-normal.woff2',
      'data/fonts/noto-naskh-arabic-latin-700-normal.woff2',
      'data/fonts/noto-sans-OFL.txt',
      'data/fonts/noto-sans-latin-400-normal.woff2',
      'data/fonts/noto-sans-latin-700-normal.woff2',
      'data/fonts/noto-sans-latin-ext-400-normal.woff2',
      'data/fonts/noto-sans-latin-ext-700-normal.woff2',
    ]);
    expect(bag.info).toEqual([
      ['External-Description', seed.article.versions.en!.headline],
      ['Bagging-Date', '2021-07-25'],
      ['External-Identifier', seed.article.id],
      ['Payload-Oxum', expect.stringMatching(/^\d+\.\d+$/)],
      ['Qelem-Package-Format', '2'],
      ['Qelem-Languages', 'en ckb kmr'],
    ]);
  });

  it('gives every language a ninjs 3.1 item that validates against the schema (ajv), linked to the other two and to the picture', () => {
    for (const lang of LANGUAGE_KEYS) {
      const item = JSON.parse(text(`data/${lang}/article.ninjs.json`)) as Record<string, unknown>;
      const valid = validateNinjs(item);
      expect(valid ? [] : validateNinjs.errors?.map((e) => `${lang}${e.instancePath} ${e.message}`)).toEqual([]);
      expect(item.language).toBe(language(lang).tag);
      const associations = item.associations as { rel: string; language?: string; renditions?: { name: string; href: string; width: number }[] }[];
      expect(associations.filter((a) => a.rel === 'translation').map((a) => a.language)).toEqual(LANGUAGE_KEYS.filter((other) => other !== lang).map((other) => language(other).tag));
      const picture = associations.find((a) => a.rel === 'leadImage')!;
      expect(picture.renditions!.map((r) => [r.name, r.href.split('/data/')[1], r.width])).toEqual([
        ['original', originalPath(sha256(seed.lead), 'image/jpeg'), 1800],
        ['web', renditionPath(sha256(seed.lead), 'image/jpeg'), WEB_RENDITION_WIDTH],
      ]);
    }
  });

  it('is byte-identical when built again (fonts read again, the same article parsed afresh)', () => {
    const again = buildPackage({ ...seedInput(), article: JSON.parse(JSON.stringify(seed.article)) as Article });
    expect(again.equals(zip)).toBe(true);
    expect(sha256(again)).toBe(sha256(zip));
  });

  it('holds the Article as canonical JSON, and what the exporter accepted', () => {
    expect(text(`data/${ARTICLE_JSON}`)).toBe(canonicalJson(seed.article));
    expect(ExportAcceptanceSchema.parse(JSON.parse(text(`data/${EXPORT_JSON}`)))).toEqual(ACCEPTANCE);
    const accepted: ExportAcceptance = {
      acceptedWarnings: [{ code: 'paragraph.unfinished', severity: 'warning', lang: 'en', segment: 'abc', params: { ending: 'to' } }],
      note: 'The cut-off paragraph is in the wire copy too. — desk',
      workingCopy: false,
    };
    const withNote = new Map(readZip(buildPackage(seedInput(accepted))).map((e) => [e.name, e.data]));
    expect(JSON.parse(withNote.get(`data/${EXPORT_JSON}`)!.toString('utf8'))).toEqual(accepted);
    expect(parseBagInfo(withNote.get('bag-info.txt')!.toString('utf8'))).toContainEqual(['Qelem-Accepted-Warnings', 'paragraph.unfinished']);
  });

  it('writes each page with lang, dir, a strict CSP, semantic structure, the date in its language and relative links only', () => {
    const expected = {
      en: { tag: 'en', dir: 'ltr', date: 'July 25, 2021' },
      ckb: { tag: 'ckb', dir: 'rtl', date: '25ی تەمووزی 2021' },
      kmr: { tag: 'kmr-Arab', dir: 'rtl', date: '25ی تیرمەها 2021ێ' },
    } as const;
    for (const lang of LANGUAGE_KEYS) {
      const html = text(`data/${lang}/index.html`);
      const version = seed.article.versions[lang]!;
      expect(html).toMatch(new RegExp(`^<!DOCTYPE html>\\n<html lang="${expected[lang].tag}" dir="${expected[lang].dir}">`));
      expect(html).toContain('<meta charset="utf-8">');
      expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`);
      expect(html).toContain(`<time datetime="2021-07-25">${expected[lang].date}</time>`);
      expect(html).toContain('<link rel="stylesheet" href="../style.css">');
      for (const other of LANGUAGE_KEYS) {
        expect(html).toContain(`<link rel="alternate" hreflang="${language(other).tag}" href="../${other}/index.html">`);
        expect(html).toContain(`href="../${other}/index.html"`);
      }
      expect(html).toMatch(/<article>\n<header>\n<h1>.+<\/h1>\n<p class="standfirst">/);
      expect(html).toContain(`<figure class="lead"><img src="../${renditionPath(sha256(seed.lead), 'image/jpeg')}"`);
      expect(html).toContain('width="1600" height="1067"');
      expect(html).toMatch(/<figcaption>.+ <span class="credit" dir="auto">AP Photo\/Khalid Mohammed<\/span><\/figcaption>/);
      expect(html).toContain(`<span class="byline">${isolatedText(version.byline, expected[lang].dir)}</span>`);
      // Nothing is fetched from elsewhere: every src and stylesheet is relative; the only absolute URL is the body's link to AP.
      for (const match of html.matchAll(/(?:src|href)="([^"]*)"/g)) {
        if (match[1] === 'https://apnews.com/article/iraq-kadhimi-interview') continue;
        expect(match[1], lang).toMatch(/^\.\.\/(?:[a-z]+\/index\.html|style\.css|media\/[0-9a-f]{64}(?:\.web)?\.(?:jpg|png))$/);
      }
      expect(html).not.toMatch(/<script|javascript:|@import|url\(/i);
    }
    // The body image in Sorani points into the package's media folder (no rendition: the PNG is narrow).
    expect(text('data/ckb/index.html')).toContain(`<img src="../${originalPath(sha256(seed.body), 'image/png')}"`);
    // Opposite-direction runs are isolated in the body (the editor's runs) and in the fields.
    expect(text('data/ckb/index.html')).toContain('<span dir="ltr">The Associated Press</span>');
    expect(text('data/en/index.html')).not.toContain('<span dir="ltr">');
  });

  it('links fonts from one style sheet with logical properties only', () => {
    const css = text('data/style.css');
    for (const name of [...files.keys()].filter((n) => n.endsWith('.woff2'))) expect(css).toContain(`url(fonts/${path.posix.basename(name)}) format('woff2')`);
    expect(css).toMatch(/unicode-range: U\+0600-06FF/);
    // No physical sides: left/right margins, paddings, borders or floats would not mirror in the Kurdish pages.
    expect(css).not.toMatch(/\b(?:margin|padding|border)-(?:left|right|top|bottom)\b|\b(?:left|right)\s*:|float:|text-align:\s*(?:left|right)/);
  });

  it('carries the fonts the renderer bundles, with the fontsource unicode ranges and licence texts, wherever they are read from', () => {
    const fonts = loadPackageFonts({ kurdish: true });
    for (const family of PACKAGE_FONT_FAMILIES) {
      const root = path.join(REPO_ROOT, 'node_modules', family.npm);
      expect(FONT_LICENCES[family.slug]).toBe(readFileSync(path.join(root, 'LICENSE'), 'utf8'));
      for (const font of fonts.fonts.filter((f) => f.family === family.family)) {
        const css = readFileSync(path.join(root, `${font.weight}.css`), 'utf8');
        const face = css.split('@font-face').find((block) => block.includes(`/${font.file})`))!;
        expect(face, font.file).toContain(`unicode-range: ${font.unicodeRange};`);
        expect(font.data.equals(readFileSync(path.join(root, 'files', font.file))), font.file).toBe(true);
      }
    }
    // The renderer imports these very files (renderer/fonts.ts): 400 and 700, no italic.
    expect(readFileSync(path.join(REPO_ROOT, 'renderer/fonts.ts'), 'utf8')).toMatch(/noto-sans\/400\.css[\s\S]+noto-sans\/700\.css[\s\S]+noto-naskh-arabic\/400\.css[\s\S]+noto-naskh-arabic\/700\.css/);
    // Read from another folder of the same layout: the same package, byte for byte.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'qelem-fonts-'));
    try {
      for (const family of PACKAGE_FONT_FAMILIES) mkdirSync(path.join(dir, family.npm, 'files'), { recursive: true });
      for (const font of fonts.fonts) {
        const family = PACKAGE_FONT_FAMILIES.find((f) => f.family === font.family)!;
        writeFileSync(path.join(dir, family.npm, 'files', font.file), font.data);
      }
      expect(buildPackage({ ...seedInput(), fonts: loadPackageFonts({ kurdish: true, dir }) }).equals(zip)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('leaves the Naskh faces out of an English-only package', () => {
    const english = { ...seed.article, versions: { en: seed.article.versions.en! } };
    const images = imagesFor(english, { [sha256(seed.lead)]: seed.lead, [sha256(seed.body)]: seed.body });
    const names = readZip(buildPackage({ ...input, article: english, images, fonts: loadPackageFonts({ kurdish: false }) })).map((e) => e.name);
    expect(names.filter((n) => n.includes('naskh'))).toEqual([]);
    expect(names).not.toContain('data/ckb/index.html');
  });

  it('writes the unpacked package to test-results/screens/export-seed for a look in a browser', () => {
    const out = path.join(REPO_ROOT, 'test-results/screens/export-seed');
    rmSync(out, { recursive: true, force: true });
    for (const [name, data] of files) {
      mkdirSync(path.dirname(path.join(out, name)), { recursive: true });
      writeFileSync(path.join(out, name), data);
    }
    expect(readFileSync(path.join(out, 'data/ckb/index.html'), 'utf8')).toContain('lang="ckb" dir="rtl"');
  });
});

describe('isolatedText and packageFileName', () => {
  it('isolates Latin runs in Kurdish and Kurdish runs in English, escaping everything', () => {
    expect(isolatedText('ئێستا 2,500 سەربازی U.S. لە عێراقن.', 'rtl')).toBe('ئێستا 2,500 سەربازی <span dir="ltr">U.S.</span> لە عێراقن.');
    expect(isolatedText('Children read <b> in دهۆک.', 'ltr')).toBe('Children read &lt;b&gt; in <span dir="rtl">دهۆک</span>.');
  });

  it('makes a file name any file system takes', () => {
    expect(packageFileName('iraq-does-not-need-us-combat-troops')).toBe('iraq-does-not-need-us-combat-troops.zip');
    expect(packageFileName('../../etc/passwd')).toBe('etc-passwd.zip');
    expect(packageFileName('a:b*c?"<>|\u0000d')).toBe('a-b-c-d.zip');
    expect(packageFileName('هەواڵ 2024')).toBe('هەواڵ-2024.zip');
    expect(packageFileName('...')).toBe('article.zip');
  });
});

describe('web renditions', () => {
  it('scales a wide JPEG to 1600 px and keeps narrow images, WebP and undecodable files as they are', () => {
    const wide = testJpeg(2000, 1000, 3);
    const made = webRendition(wide, 'image/jpeg', 2000, 1000)!;
    expect(made).toMatchObject({ mime: 'image/jpeg', width: 1600, height: 800 });
    expect(readImageHeader(made.data)).toMatchObject({ ok: true, mime: 'image/jpeg', width: 1600, height: 800 });
    expect(webRendition(wide, 'image/jpeg', 2000, 1000)!.data.equals(made.data)).toBe(true);
    expect(webRendition(testJpeg(1600, 900, 3), 'image/jpeg', 1600, 900)).toBeNull();
    const webp = readFileSync(path.join(REPO_ROOT, 'tests/fixtures/images/photo-480x320.webp'));
    expect(webRendition(webp, 'image/webp', 4000, 3000)).toBeNull();
    expect(webRendition(Buffer.from('not really a jpeg'), 'image/jpeg', 2000, 1000)).toBeNull();
  });

  it('keeps PNG as PNG, with alpha only when some pixel is not opaque', () => {
    const opaque = webRendition(testPng(1700, 100, 4), 'image/png', 1700, 100)!;
    expect(opaque).toMatchObject({ mime: 'image/png', width: 1600, height: 94 });
    expect(PNG.sync.read(opaque.data)).toMatchObject({ width: 1600, height: 94, alpha: false });
    const png = new PNG({ width: 1800, height: 4 });
    png.data.fill(0); // transparent black…
    for (let i = 0; i < png.data.length; i += 8) png.data.set([255, 0, 0, 255], i); // …and every other pixel opaque red
    const alpha = webRendition(PNG.sync.write(png), 'image/png', 1800, 4)!;
    const decoded = PNG.sync.read(alpha.data);
    expect(decoded.alpha).toBe(true);
    // Premultiplied averaging: transparent pixels lend no black to the red.
    expect([...decoded.data.subarray(0, 4)]).toEqual([255, 0, 0, expect.any(Number)]);
  });

  it('averages areas when shrinking', () => {
    const data = Uint8Array.from([0, 0, 0, 255, 200, 100, 50, 255, 10, 20, 30, 255, 30, 40, 50, 255]);
    expect([...resize({ data, width: 4, height: 1, opaque: true }, 2, 1).data]).toEqual([100, 50, 25, 255, 20, 30, 40, 255]);
    expect([...resize({ data, width: 4, height: 1, opaque: true }, 1, 1).data]).toEqual([60, 40, 33, 255]);
    // RGB in (as the JPEG decoder gives it), RGBA out.
    const rgb = Uint8Array.from([0, 0, 0, 200, 100, 50, 10, 20, 30, 30, 40, 50]);
    expect([...resize({ data: rgb, width: 4, height: 1, opaque: true, channels: 3 }, 2, 1).data]).toEqual([100, 50, 25, 255, 20, 30, 40, 255]);
  });

  it('turns the pixels upright by the EXIF orientation the rendition no longer carries', () => {
    // A 3 × 2 image: pixel values 1–6 in the red channel, row by row.
    const data = new Uint8Array(3 * 2 * 4);
    for (let i = 0; i < 6; i++) data.set([i + 1, 0, 0, 255], i * 4);
    const red = (p: { data: Uint8Array; width: number }) => [...p.data].filter((_, i) => i % 4 === 0);
    const source = { data, width: 3, height: 2, opaque: true };
    expect(red(orient(source, 1))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(red(orient(source, 3))).toEqual([6, 5, 4, 3, 2, 1]);
    expect(orient(source, 6)).toMatchObject({ width: 2, height: 3 });
    expect(red(orient(source, 6))).toEqual([4, 1, 5, 2, 6, 3]);
    expect(red(orient(source, 8))).toEqual([3, 6, 2, 5, 1, 4]);
    expect(red(orient(source, 2))).toEqual([3, 2, 1, 6, 5, 4]);
  });

  it('reads the orientation of a camera JPEG and turns its rendition', () => {
    // Stored 1000 × 1700, left half black and right half white; Orientation 6 shows it turned a quarter clockwise.
    const width = 1000;
    const height = 1700;
    const pixels = Buffer.alloc(width * height * 4, 255);
    for (let y = 0; y < height; y++) for (let x = 0; x < width / 2; x++) pixels.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
    const stored = jpeg.encode({ data: pixels, width, height }, 90).data;
    // APP1 Exif, little-endian TIFF, IFD0 with one entry: Orientation (0x0112) SHORT = 6.
    const tiff = Buffer.from([0x49, 0x49, 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0]);
    const exif = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, 0, 0]), exif]);
    app1.writeUInt16BE(exif.length + 2, 2);
    const camera = Buffer.concat([stored.subarray(0, 2), app1, stored.subarray(2)]);
    expect(jpegOrientation(camera)).toBe(6);
    expect(jpegOrientation(stored)).toBe(1);
    expect(readImageHeader(camera)).toMatchObject({ ok: true, width: 1700, height: 1000 });

    const made = webRendition(camera, 'image/jpeg', 1700, 1000)!;
    expect(made).toMatchObject({ width: 1600, height: 941 });
    const upright = jpeg.decode(made.data, { useTArray: true });
    expect([upright.width, upright.height]).toEqual([1600, 941]);
    // The stored left half is the top once upright.
    const luma = (row: number) => upright.data[(row * upright.width + 800) * 4]!;
    expect(luma(100)).toBeLessThan(40);
    expect(luma(840)).toBeGreaterThan(215);
  });
});

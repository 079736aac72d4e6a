// @vitest-environment node
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Article, Body } from '../../shared/article';
import { canonicalJson, ninjsDocuments, ninjsItem, ninjsPath, NINJS_SCHEMA_URI, shaUri, type NinjsItem, type NinjsOptions } from '../../shared/export/ninjs';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { bodyToHtml } from '../../shared/render/body-html';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { REPO_ROOT } from '../shared-fixtures';
import { SEED_ARTICLE_ID, SEED_BODY_IMAGE_SHA, SEED_IMAGE_SHA, seedArticle } from './seed-article';

const schemaDir = path.join(REPO_ROOT, 'tests/fixtures/ninjs');
const readJson = (name: string) => JSON.parse(readFileSync(path.join(schemaDir, name), 'utf8')) as Record<string, unknown>;

// The schema's own advice (its README): Ajv2020 with ajv-formats, GeoJSON added under its $id.
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
ajv.addSchema(readJson('GeoJSON-schema.json'), 'https://geojson.org/schema/GeoJSON.json');
const validateNinjs = ajv.compile(readJson('ninjs-schema_3.1.json'));

function expectValid(document: unknown): void {
  const valid = validateNinjs(document);
  expect(valid ? [] : validateNinjs.errors?.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)).toEqual([]);
}

const IMAGES: NinjsOptions['images'] = {
  [SEED_IMAGE_SHA]: {
    original: { path: `media/${SEED_IMAGE_SHA}.jpg`, contentType: 'image/jpeg', width: 4724, height: 3149, bytes: 10_326_191 },
    web: { path: `media/${SEED_IMAGE_SHA}-web.jpg`, contentType: 'image/jpeg', width: 1600, height: 1067, bytes: 398_957 },
  },
  [SEED_BODY_IMAGE_SHA]: { original: { path: `media/${SEED_BODY_IMAGE_SHA}.webp`, contentType: 'image/webp', width: 1024, height: 683, bytes: 88_000 } },
};

let article: Article;
let documents: Partial<Record<LanguageKey, string>>;

beforeAll(() => {
  article = seedArticle();
  documents = ninjsDocuments(article, { images: IMAGES, copyrightHolder: 'Zhyan News Network' });
});

const item = (lang: LanguageKey): NinjsItem => JSON.parse(documents[lang]!) as NinjsItem;

describe('the schema check itself', () => {
  it('refuses what ninjs 3.1 refuses (so a pass means something)', () => {
    expect(validateNinjs({ uri: 'x:y', keywords: ['2.x field'] })).toBe(false);
    expect(validateNinjs({ type: 'text' })).toBe(false); // no uri
    expect(validateNinjs({ uri: 'relative/path' })).toBe(false);
    expect(validateNinjs({ uri: 'x:y', versionCreated: '2021-07-25' })).toBe(false);
    expect(validateNinjs({ uri: 'x:y', associations: [{ uri: 'x:z' }] })).toBe(false); // association without a name
    expect(validateNinjs({ uri: 'x:y', renditions: [{ name: 'web', href: 'media/a.jpg' }] })).toBe(false); // href not absolute
    expect(validateNinjs({ uri: 'x:y' })).toBe(true);
  });

  it.each(['ninjsExSimpleText_3.json', 'tt_text_image_3.json'])('accepts a real ninjs 3.x item from another agency: %s', (name) => {
    expectValid(readJson(`examples/${name}`));
  });
});

describe('ninjs of the seed article in three languages', () => {
  it('writes one document per language, each valid against ninjs-schema_3.1.json', () => {
    expect(Object.keys(documents)).toEqual(['en', 'ckb', 'kmr']);
    for (const lang of LANGUAGE_KEYS) expectValid(JSON.parse(documents[lang]!));
  });

  it('is valid with the defaults too (no image files given, no rights holder) and with a web base', () => {
    for (const options of [{}, { base: 'https://zhyan.example/2021/07/iraq-us-troops/' }]) {
      for (const lang of LANGUAGE_KEYS) expectValid(ninjsItem(article, lang, options));
    }
  });

  it('tags each document with its language, and the text fields of that version', () => {
    const ckb = item('ckb');
    expect(ckb.language).toBe('ckb');
    expect(item('kmr').language).toBe('kmr-Arab');
    expect(item('en').language).toBe('en');
    expect(ckb.headlines).toEqual([{ role: 'main', value: article.versions.ckb!.headline }]);
    expect(ckb.descriptions).toEqual([{ role: 'summary', contentType: 'text/plain', value: article.versions.ckb!.standfirst }]);
    expect(ckb.by).toBe('تۆڕی هەواڵی ژیان');
    expect(ckb.located).toBe('سلێمانی [هەرێمی کوردستان]');
    expect(item('en').located).toBe('SULAIMANI [Kurdistan Region]');
    expect(ckb.slugline).toBe('iraq-does-not-need-us-combat-troops');
    expect(ckb.places).toEqual([{ name: 'Sulaimani' }]);
    expect(ckb.subjects).toEqual([{ name: 'Politics', rel: 'section' }, { name: 'Iraq' }, { name: 'United States' }, { name: 'ISIS' }, { name: 'Mustafa al-Kadhimi' }]);
    expect(ckb.copyrightHolder).toBe('Zhyan News Network');
    expect(ckb.altIds).toEqual([{ role: 'qelem-article-id', value: SEED_ARTICLE_ID }]);
    expect(ckb.standard).toEqual({ name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI });
    expect(ckb.type).toBe('text');
    expect(ckb.pubStatus).toBe('usable');
  });

  it('names each item by its file in the package, and keeps its version number', () => {
    expect(item('en').uri).toBe(`arcp://uuid,${SEED_ARTICLE_ID}/data/en/article.ninjs.json`);
    expect(item('kmr').uri).toBe(`arcp://uuid,${SEED_ARTICLE_ID}/data/${ninjsPath('kmr')}`);
    expect(item('en').version).toBe('7');
    expect(ninjsItem(article, 'ckb', { base: 'https://zhyan.example/a/' }).uri).toBe('https://zhyan.example/a/ckb/article.ninjs.json');
  });

  it('takes its dates from the article: created, published (a day, so 00:00 UTC), this version last changed', () => {
    expect(item('ckb')).toMatchObject({ contentCreated: '2021-07-24T18:20:00.000Z', firstCreated: '2021-07-25T00:00:00Z', versionCreated: '2021-07-25T11:02:40.000Z' });
    const unpublished = { ...article, meta: { ...article.meta, publicationDate: '' as const } };
    expect(ninjsItem(unpublished, 'en').firstCreated).toBeUndefined();
  });

  it('carries the body as HTML (in a div with lang and dir) and as plain text, with counts', () => {
    const ckb = item('ckb');
    const version = article.versions.ckb!;
    const html = bodyToHtml(version.body, { dir: 'rtl', imageSrc: (sha) => `arcp://uuid,${SEED_ARTICLE_ID}/data/${IMAGES[sha]!.original.path}` });
    expect(ckb.bodies![0]).toMatchObject({ role: 'html', contentType: 'text/html', value: `<div lang="ckb" dir="rtl">\n${html}\n</div>` });
    expect(ckb.bodies![0]!.value).toContain('<span dir="ltr">The Associated Press</span>');
    expect(ckb.bodies![0]!.value).toContain(`<img src="arcp://uuid,${SEED_ARTICLE_ID}/data/media/${SEED_BODY_IMAGE_SHA}.webp"`);
    expect(ckb.bodies![1]).toMatchObject({ role: 'text', contentType: 'text/plain', value: bodyToPlainText(version.body) });
    expect(ckb.bodies![1]!.wordCount).toBeGreaterThan(60);
    expect(item('kmr').bodies![0]!.value.startsWith('<div lang="kmr-Arab" dir="rtl">')).toBe(true);
    expect(item('en').bodies![0]!.value).toContain('<a href="https://apnews.com/article/iraq-kadhimi-interview">AP News</a>');
  });

  it('links the other two languages as translation associations, by their uri', () => {
    for (const lang of LANGUAGE_KEYS) {
      const links = item(lang).associations!.filter((a) => a.rel === 'translation');
      const others = LANGUAGE_KEYS.filter((other) => other !== lang);
      expect(links.map((a) => a.uri)).toEqual(others.map((other) => item(other).uri));
      for (const [i, other] of others.entries()) {
        expect(links[i]).toMatchObject({ name: item(other).language, language: item(other).language, type: 'text', version: item(other).version, headlines: item(other).headlines });
      }
    }
  });

  it('adds the lead image as a picture association: caption and alt text in the language, credit, renditions', () => {
    const pictures = LANGUAGE_KEYS.map((lang) => item(lang).associations!.find((a) => a.rel === 'leadImage')!);
    const ckb = pictures[1]!;
    expect(ckb).toMatchObject({ name: 'lead-image', type: 'picture', language: 'ckb', by: 'AP Photo/Khalid Mohammed' });
    expect(ckb.descriptions).toEqual([
      { role: 'caption', contentType: 'text/plain', value: article.versions.ckb!.leadImageCaption },
      { role: 'alt', contentType: 'text/plain', value: article.versions.ckb!.leadImageAlt },
    ]);
    const base = `arcp://uuid,${SEED_ARTICLE_ID}/data/`;
    expect(ckb.renditions).toEqual([
      { name: 'original', href: `${base}media/${SEED_IMAGE_SHA}.jpg`, contentType: 'image/jpeg', width: 4724, height: 3149, sizeInBytes: 10_326_191 },
      { name: 'web', href: `${base}media/${SEED_IMAGE_SHA}-web.jpg`, contentType: 'image/jpeg', width: 1600, height: 1067, sizeInBytes: 398_957 },
    ]);
    // One picture, one identifier, whatever the language.
    expect(new Set(pictures.map((p) => p.uri))).toEqual(new Set([shaUri(SEED_IMAGE_SHA)]));
    expect(pictures[0]!.descriptions![0]!.value).toMatch(/^Iraqi Prime Minister Mustafa al-Kadhimi sits/);
  });

  it('refers to an image without given files by its media path', () => {
    const picture = ninjsItem(article, 'en').associations!.find((a) => a.rel === 'leadImage')!;
    expect(picture.renditions).toEqual([{ name: 'original', href: `arcp://uuid,${SEED_ARTICLE_ID}/data/media/${SEED_IMAGE_SHA}`, width: 4724, height: 3149 }]);
  });
});

describe('canonical JSON', () => {
  it('sorts keys at every level and has no whitespace outside strings', () => {
    const check = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(check);
      else if (value && typeof value === 'object') {
        const keys = Object.keys(value);
        expect(keys).toEqual([...keys].sort());
        Object.values(value).forEach(check);
      }
    };
    for (const lang of LANGUAGE_KEYS) {
      const text = documents[lang]!;
      check(JSON.parse(text));
      expect(text).toBe(JSON.stringify(JSON.parse(text)));
      expect(text.startsWith('{"altIds":')).toBe(true);
    }
  });

  it('is deterministic: a second run, or the article with its keys in another order, gives the same bytes', () => {
    expect(ninjsDocuments(seedArticle(), { images: IMAGES, copyrightHolder: 'Zhyan News Network' })).toEqual(documents);
    const reverse = (value: unknown): unknown =>
      Array.isArray(value) ? value.map(reverse) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverse(v)])) : value;
    expect(ninjsDocuments(reverse(article) as Article, { images: IMAGES, copyrightHolder: 'Zhyan News Network' })).toEqual(documents);
  });

  it('writes what JSON.stringify writes for each value, keys in code-unit order, undefined left out', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x"\n\u2028'], c: { z: undefined, y: -0.5 }, ä: 1, Z: 2 })).toBe('{"Z":2,"a":[true,null,"x\\"\\n\u2028"],"b":1,"c":{"y":-0.5},"ä":1}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(RangeError);
  });
});

describe('ninjs edge cases', () => {
  it('stays valid for an article with empty fields, no image and one version', () => {
    const bare: Article = {
      ...article,
      state: 'draft',
      meta: { section: '', tags: [], place: '', publicationDate: '', leadImage: null },
      versions: { ckb: { ...article.versions.ckb!, headline: '', standfirst: '  ', dateline: '', byline: '', body: { root: { type: 'root', children: [] } } as Body } },
    };
    const bareItem = ninjsItem(bare, 'ckb');
    expectValid(bareItem);
    expect(bareItem).not.toHaveProperty('headlines');
    expect(bareItem).not.toHaveProperty('descriptions');
    expect(bareItem).not.toHaveProperty('associations');
    expect(bareItem).not.toHaveProperty('located');
    expect(bareItem.pubStatus).toBe('withheld');
    expect(() => ninjsItem(bare, 'en')).toThrow(RangeError);
  });

  it('keeps hostile text as text: valid JSON, valid ninjs, no markup in the HTML body', () => {
    const hostile = '"><script>alert(1)</script>\u2028';
    const base = article.versions.en!;
    const evil: Article = {
      ...article,
      slug: 'x',
      meta: { ...article.meta, tags: [hostile], place: hostile, section: hostile },
      versions: {
        en: {
          ...base,
          headline: hostile,
          byline: hostile,
          body: { root: { type: 'root', children: [{ type: 'paragraph', version: 1, children: [{ type: 'text', version: 1, text: hostile }, { type: 'link', version: 1, url: 'javascript:alert(1)', children: [{ type: 'text', version: 1, text: 'x' }] }] }] } } as Body,
        },
      },
    };
    const document = ninjsDocuments(evil).en!;
    const parsed = JSON.parse(document) as NinjsItem;
    expectValid(parsed);
    expect(parsed.headlines![0]!.value).toBe('"><script>alert(1)</script>');
    expect(parsed.bodies![0]!.value).toBe(`<div lang="en" dir="ltr">\n<p>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;\u2028x</p>\n</div>`);
  });

  it('names a picture by RFC 6920 ni: its SHA-256 in unpadded base64url', () => {
    // RFC 6920 §3's example: "Hello World!".
    expect(shaUri(createHash('sha256').update('Hello World!').digest('hex'))).toBe('ni:///sha-256;f4OxZX_x_FO5LcGBSKHWXfwtSx-j1ncoSt3SABJtkGk');
    for (const seed of ['', 'a', 'سڵاو', SEED_IMAGE_SHA]) {
      const digest = createHash('sha256').update(seed).digest();
      expect(shaUri(digest.toString('hex'))).toBe(`ni:///sha-256;${digest.toString('base64url')}`);
    }
    expect(() => shaUri('nothex')).toThrow(RangeError);
  });
});

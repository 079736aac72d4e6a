import { createHash } from 'node:crypto';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { ArticleSchema, versionContent, type Article, type ArticleVersion, type SerializedNode, type VersionContent } from '../../shared/article';
import type { ServiceTable } from '../../shared/api';
import type { ApiResult } from '../../shared/errors';
import { articleDocUpdate } from '../../shared/collab/article-doc';
import { versionDocUpdate } from '../../shared/collab/convert';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { blockLike, copyOfSource, setStatus, setTranslation } from '../../shared/translation/edit-target';
import type { FieldSegment } from '../../shared/translation/segment';
import { segmentsOf } from '../../shared/translation/segments-of';
import { seedArticle, SEED_BODY_IMAGE_SHA, SEED_IMAGE_SHA } from './seed-article';
import { lcg32 } from '../seeded-random';
import { paragraph } from './body-fixtures';

/** Fixtures of the export tests: real images, the seed article showing them, and a small article the checks pass. */

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** A deterministic pseudo-random byte generator (the LCG's high byte): the same seed, the same image bytes. */
function random(seed: number): () => number {
  const next = lcg32(seed >>> 0 || 1);
  return () => next() >>> 24;
}

/** RGBA pixels: a gradient with `noise` (0–255) of per-pixel noise, so the file is as large as a photograph of that size. */
export function noisyPixels(width: number, height: number, seed: number, noise = 48): Buffer {
  const next = random(seed);
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const n = noise > 0 ? next() % noise : 0;
      data[i] = ((x * 255) / width + n) & 255;
      data[i + 1] = ((y * 255) / height + n) & 255;
      data[i + 2] = (((x + y) * 128) / (width + height) + n) & 255;
      data[i + 3] = 255;
    }
  }
  return data;
}

export function testJpeg(width: number, height: number, seed = 1, quality = 85, noise = 48): Buffer {
  return jpeg.encode({ data: noisyPixels(width, height, seed, noise), width, height }, quality).data;
}

export function testPng(width: number, height: number, seed = 2, noise = 48): Buffer {
  const png = new PNG({ width, height });
  png.data = noisyPixels(width, height, seed, noise);
  return PNG.sync.write(png, { colorType: 2 });
}

export interface SeedWithImages {
  article: Article;
  lead: Buffer;
  body: Buffer;
}

/**
 * The seed article with real pictures in place of its placeholder hashes: a
 * JPEG lead image wider than the web rendition and a small PNG in the body.
 */
export function seedWithImages(): SeedWithImages {
  const lead = testJpeg(1800, 1200, 7);
  const body = testPng(320, 200, 8);
  const json = JSON.stringify(seedArticle()).replaceAll(SEED_IMAGE_SHA, sha256(lead)).replaceAll(SEED_BODY_IMAGE_SHA, sha256(body));
  const article = ArticleSchema.parse(JSON.parse(json));
  article.meta.leadImage = { ...article.meta.leadImage!, width: 1800, height: 1200 };
  return { article, lead, body };
}


const ENGLISH: Omit<VersionContent, 'body' | 'fieldLinks'> & { paragraphs: string[] } = {
  headline: 'Duhok opens its first public library for children',
  standfirst: 'The library holds books in Badini, Sorani and English.',
  dateline: 'DUHOK',
  byline: 'Zhyan News Network',
  leadImageCaption: 'Children reading in the new library.',
  leadImageAlt: 'Children at a table with open books',
  paragraphs: ['The library opened on Monday with 4,000 books.', 'It is open every day except Friday.'],
};

const TRANSLATIONS: Record<'ckb' | 'kmr', { fields: Record<FieldSegment, string>; paragraphs: string[] }> = {
  ckb: {
    fields: {
      headline: 'دهۆک یەکەم کتێبخانەی گشتی بۆ منداڵان دەکاتەوە',
      standfirst: 'کتێبخانەکە کتێبی بە بادینی و سۆرانی و ئینگلیزی تێدایە.',
      dateline: 'دهۆک',
      byline: 'تۆڕی هەواڵی ژیان',
      leadImageCaption: 'منداڵان لە کتێبخانە نوێیەکەدا دەخوێننەوە.',
      leadImageAlt: 'منداڵان لە دەوری مێزێک بە کتێبی کراوەوە',
    },
    paragraphs: ['کتێبخانەکە ڕۆژی دووشەممە بە 4,000 کتێبەوە کرایەوە.', 'هەموو ڕۆژێک جگە لە هەینی کراوەیە.'],
  },
  kmr: {
    fields: {
      headline: 'دهۆک ئێکەمین پەرتووکخانەیا گشتی بۆ زارۆکان ڤەدکەت',
      standfirst: 'پەرتووکخانە پەرتووکێن ب بادینی و سۆرانی و ئینگلیزی تێدا هەنە.',
      dateline: 'دهۆک',
      byline: 'تۆڕا نووچەیێن ژیان',
      leadImageCaption: 'زارۆک د پەرتووکخانا نوی دا دخوینن.',
      leadImageAlt: 'زارۆک ل دۆر مێزەکێ دگەل پەرتووکێن ڤەکری',
    },
    paragraphs: ['پەرتووکخانە ل دوشەمبیێ ب 4,000 پەرتووکان هاتە ڤەکرن.', 'هەمی رۆژان ژبلی ئەینیێ یا ڤەکرییە.'],
  },
};

/** The caption and alt text of the body picture, per language (the credit is copied from the source). */
const IMAGE_WORDS = {
  en: { caption: 'The reading room on the first floor.', alt: 'Shelves of books around a reading table' },
  ckb: { caption: 'هۆڵی خوێندنەوە لە نهۆمی یەکەم.', alt: 'ڕەفەی کتێب لە دەوری مێزێکی خوێندنەوە' },
  kmr: { caption: 'هۆلا خواندنێ ل قاتا ئێکێ.', alt: 'رەفکێن پەرتووکان ل دۆر مێزەکا خواندنێ' },
} as const;

/** A picture in the body: an image block as the editor saves it. */
export interface BodyPicture {
  sha256: string;
  width: number;
  height: number;
}

/** The English version of the clean article (body blocks with fixed segment ids), with `picture` after the first paragraph. */
export function cleanEnglish(picture?: BodyPicture): VersionContent {
  const { paragraphs, ...fields } = ENGLISH;
  const children = paragraphs.map((text, i) => paragraph(text, { seg: `para${String(i).padStart(8, '0')}` }));
  if (picture) children.splice(1, 0, { type: 'image', version: 1, ...picture, ...IMAGE_WORDS.en, credit: 'Zhyan/Rudaw', $: { seg: 'picture00001' } });
  return { ...fields, body: { root: { type: 'root', version: 1, direction: 'ltr', format: '', indent: 0, children } }, fieldLinks: {} };
}

/** A translation of `source` made row by row as the workspace makes it, every row done. */
export function cleanTranslation(source: VersionContent, lang: 'ckb' | 'kmr'): VersionContent {
  const { fields, paragraphs } = TRANSLATIONS[lang];
  const order = segmentsOf(source).filter((s) => s.counted);
  let content = versionContent(undefined, 'rtl');
  let block = 0;
  for (const segment of order) {
    if (segment.kind === 'field') {
      content = setTranslation(content, 'en', segment, order, fields[segment.id as FieldSegment]);
    } else {
      const node = source.body.root.children[segment.index] as SerializedNode;
      content = setTranslation(content, 'en', segment, order, [node.type === 'image' ? { ...copyOfSource([node])[0]!, ...IMAGE_WORDS[lang] } : blockLike(node, paragraphs[block++]!)]);
    }
    content = setStatus(content, 'en', segment, 'done');
  }
  return content;
}

/** The clean article as three VersionContents (for saveVersion) and as an Article (for buildPackage). */
export function cleanContents(picture?: BodyPicture): Record<LanguageKey, VersionContent> {
  const en = cleanEnglish(picture);
  return { en, ckb: cleanTranslation(en, 'ckb'), kmr: cleanTranslation(en, 'kmr') };
}

export function asVersion(lang: LanguageKey, content: VersionContent, revision = 1, updatedAt = '2024-05-06T07:08:09.000Z'): ArticleVersion {
  return { ...content, lang, revision, updatedAt };
}

/**
 * Creates the clean article through the service table: three versions saved
 * as the editor saves them, a lead image (and `bodyImage`, shown in every
 * version's body) imported through the media service, metadata and the
 * workflow state. Returns its id and the lead image's bytes.
 */
export async function createCleanArticle(table: ServiceTable, lead: Buffer = testJpeg(1800, 1200, 11), bodyImage?: Buffer): Promise<{ id: string; lead: Buffer }> {
  const value = <T>(result: ApiResult<T>): T => {
    if (!result.ok) throw new Error(`setup failed: ${result.error.message}`);
    return result.value;
  };
  const picture = bodyImage && value(await table.importMedia({ name: 'reading-room', dataBase64: bodyImage.toString('base64') }));
  const contents = cleanContents(picture ? { sha256: picture.sha256, width: picture.width, height: picture.height } : undefined);
  const { id } = value(await table.createArticle({ sourceLang: 'en' }));
  value(await table.saveVersion({ id, lang: 'en', baseRevision: 1, content: contents.en }));
  value(await table.saveVersion({ id, lang: 'ckb', baseRevision: 0, content: contents.ckb }));
  value(await table.saveVersion({ id, lang: 'kmr', baseRevision: 0, content: contents.kmr }));
  const image = value(await table.importMedia({ name: 'library.jpg', dataBase64: lead.toString('base64') }));
  value(
    await table.updateArticle({
      id,
      state: 'ready',
      meta: {
        section: 'Culture',
        tags: ['Duhok', 'Libraries'],
        place: 'Duhok',
        publicationDate: '2024-05-06',
        leadImage: { sha256: image.sha256, width: image.width, height: image.height, credit: 'Zhyan/Rudaw' },
      },
    }),
  );
  return { id, lead };
}

/**
 * The shared documents a package of `article` carries (as exportArticle
 * takes them from the library): each made from the article as it stands,
 * the same way the library makes one from a version saved before documents
 * existed (shared/collab/convert.ts).
 */
export function packageDocuments(article: Article): Map<'article' | LanguageKey, Uint8Array> {
  const documents = new Map<'article' | LanguageKey, Uint8Array>([['article', articleDocUpdate(article)]]);
  for (const lang of LANGUAGE_KEYS) {
    const version = article.versions[lang];
    if (!version) continue;
    const { lang: _lang, revision: _revision, updatedAt: _updatedAt, ...content } = version;
    documents.set(lang, versionDocUpdate(article.id, lang, content));
  }
  return documents;
}

import type { Article, SerializedNode } from '../../shared/article';
import { parseSha256 } from '../../shared/editor/image/image-data';
import { canonicalJson, ninjsDocuments, ninjsPath, type NinjsImage } from '../../shared/export/ninjs';
import { documentPath, PACKAGE_FORMAT, PACKAGE_LIMITS, type ExportAcceptance } from '../../shared/export/package-format';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { MEDIA_EXTENSIONS, type MediaType } from '../../shared/media';
import type { DigitStyle } from '../../shared/settings';
import { articlePage, pagePath, type PageImage } from './article-html';
import { buildBag } from './bagit';
import type { Rendition } from './image-rendition';
import { packageCss, type PackageFonts } from './package-css';
import { writeZip } from './zip';

/**
 * The export package of an article (layout in shared/export/package-format.ts):
 * a pure function of the article, its images (with their web renditions,
 * made beforehand), the fonts, the digit setting and what the exporter
 * accepted. No clock, no randomness, sorted entries and canonical JSON: the
 * same input gives the same bytes.
 */

/** Paths inside data/. */
export const ARTICLE_JSON = 'qelem/article.json';
export const EXPORT_JSON = 'qelem/export.json';
export const STYLE_CSS = 'style.css';

export function originalPath(sha256: string, mime: MediaType): string {
  return `media/${sha256}.${MEDIA_EXTENSIONS[mime]}`;
}

export function renditionPath(sha256: string, mime: MediaType): string {
  return `media/${sha256}.web.${MEDIA_EXTENSIONS[mime]}`;
}

export interface PackageImage {
  sha256: string;
  mime: MediaType;
  /** Displayed size, as the media store records it. */
  width: number;
  height: number;
  data: Uint8Array;
  /** The smaller copy for the pages; null when the original serves (image-rendition.ts says when). */
  web: Rendition | null;
}

export interface PackageInput {
  article: Article;
  /** The shared documents' states: the article's and every version's (what an import merges). */
  documents: ReadonlyMap<'article' | LanguageKey, Uint8Array>;
  /** Every image the article shows (imagesOf), each once. */
  images: readonly PackageImage[];
  fonts: PackageFonts;
  digits: DigitStyle;
  acceptance: ExportAcceptance;
}

/** The package would be larger than PACKAGE_LIMITS.bytes. */
export class PackageTooLargeError extends Error {
  constructor(readonly bytes: number) {
    super(`The package would be ${bytes} bytes; the limit is ${PACKAGE_LIMITS.bytes}.`);
    this.name = 'PackageTooLargeError';
  }
}

/** The SHA-256 of every image the article shows: the lead image and the image blocks of every version, sorted. */
export function imagesOf(article: Article): string[] {
  const found = new Set<string>();
  if (article.meta.leadImage) found.add(article.meta.leadImage.sha256);
  const visit = (node: SerializedNode, depth: number) => {
    if (node.type === 'image') {
      const sha256 = parseSha256(node.sha256);
      if (sha256) found.add(sha256);
    }
    if (depth < 64 && Array.isArray(node.children)) for (const child of node.children) visit(child, depth + 1);
  };
  for (const lang of LANGUAGE_KEYS) {
    const version = article.versions[lang];
    if (version) visit(version.body.root as SerializedNode, 0);
  }
  return [...found].sort();
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The zip of the package. Throws PackageTooLargeError past PACKAGE_LIMITS.bytes. */
export function buildPackage(input: PackageInput): Buffer {
  const { article, images, fonts } = input;
  const payload: { path: string; data: Uint8Array; compress?: boolean }[] = [];

  const pageImages = new Map<string, PageImage>();
  const ninjsImages: Record<string, NinjsImage> = {};
  for (const image of [...images].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1))) {
    const original = originalPath(image.sha256, image.mime);
    payload.push({ path: original, data: image.data, compress: false });
    ninjsImages[image.sha256] = { original: { path: original, contentType: image.mime, width: image.width, height: image.height, bytes: image.data.byteLength } };
    if (image.web) {
      const web = renditionPath(image.sha256, image.web.mime);
      payload.push({ path: web, data: image.web.data, compress: false });
      ninjsImages[image.sha256]!.web = { path: web, contentType: image.web.mime, width: image.web.width, height: image.web.height, bytes: image.web.data.byteLength };
      pageImages.set(image.sha256, { path: web, width: image.web.width, height: image.web.height });
    } else {
      pageImages.set(image.sha256, { path: original, width: image.width, height: image.height });
    }
  }

  const workingCopy = input.acceptance.workingCopy;
  const ninjs = ninjsDocuments(article, { images: ninjsImages, workingCopy });
  for (const lang of LANGUAGE_KEYS) {
    if (!article.versions[lang]) continue;
    payload.push({ path: pagePath(lang), data: utf8(articlePage(article, lang, { images: pageImages, digits: input.digits, workingCopy })) });
    payload.push({ path: ninjsPath(lang), data: utf8(ninjs[lang]!) });
  }
  for (const [key, state] of input.documents) payload.push({ path: documentPath(key), data: state });

  payload.push({ path: STYLE_CSS, data: utf8(packageCss(fonts.fonts)) });
  for (const font of fonts.fonts) payload.push({ path: `fonts/${font.file}`, data: font.data, compress: false });
  for (const licence of fonts.licences) payload.push({ path: `fonts/${licence.file}`, data: licence.data });
  payload.push({ path: ARTICLE_JSON, data: utf8(canonicalJson(article)) });
  payload.push({ path: EXPORT_JSON, data: utf8(canonicalJson(input.acceptance)) });

  const unpacked = payload.reduce((sum, file) => sum + file.data.byteLength, 0);
  // Images and fonts are stored as they are, so the unpacked size is close to the zip's: refuse before zipping.
  if (unpacked > PACKAGE_LIMITS.totalBytes) throw new PackageTooLargeError(unpacked);

  const languages = LANGUAGE_KEYS.filter((lang) => article.versions[lang] !== undefined);
  const headline = article.versions[article.sourceLang]?.headline.trim() || languages.map((lang) => article.versions[lang]!.headline.trim()).find(Boolean) || '';
  const accepted = [...new Set(input.acceptance.acceptedWarnings.map((f) => f.code))];
  const bag = buildBag(payload, {
    externalIdentifier: article.id,
    ...(headline ? { externalDescription: headline } : {}),
    // The article's own date, never the clock: the same article gives the same bag.
    baggingDate: article.updatedAt.slice(0, 10),
    extra: [
      ['Qelem-Package-Format', String(PACKAGE_FORMAT)],
      ['Qelem-Languages', languages.join(' ')],
      ...(workingCopy ? ([['Qelem-Working-Copy', 'yes']] as const) : []),
      ...(accepted.length > 0 ? ([['Qelem-Accepted-Warnings', accepted.join(' ')]] as const) : []),
    ],
  });
  const zip = writeZip(bag);
  if (zip.length > PACKAGE_LIMITS.bytes) throw new PackageTooLargeError(zip.length);
  return zip;
}

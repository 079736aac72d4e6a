import type { Article, ArticleVersion } from '../article';
import { exportedImagePath } from '../editor/image/image-data';
import { language, LANGUAGE_KEYS, type LanguageKey } from '../languages';
import type { MediaType } from '../media';
import { bodyToHtml } from '../render/body-html';
import { bodyToPlainText } from '../render/plain-text';
import { countCharacters, countWords } from '../text/counts';

/**
 * One IPTC ninjs 3.1 item per language version of an article, for the export
 * package (valid against ninjs-schema_3.1.json; tests check it with ajv).
 *
 * Identifiers (ninjs has only `uri`, no guid):
 * - a language item's uri is where its own file is in the package:
 *   `<base><lang>/article.ninjs.json`, with `base` by default
 *   `arcp://uuid,<article id>/data/` (the Archive and Package URI scheme,
 *   draft-soilandreyes-arcp, made for naming files inside a BagIt bag). The
 *   article id makes it stable across exports and unique across articles;
 *   `version` (the version's revision) tells exports apart. A publisher
 *   that serves the package's data/ folder passes its own `base`, and every
 *   uri and href becomes a web address.
 * - the picture's uri names its content: `ni:///sha-256;<digest>` (RFC 6920),
 *   the same in all three items and in every export.
 * - rendition hrefs are `<base><path in data/>` (the schema wants absolute URIs).
 *
 * Mapping: headline → headlines[main]; standfirst → descriptions[summary];
 * body → bodies[html] (bodyToHtml in a <div lang dir>) and bodies[text];
 * byline → by; dateline → located (place when there is no dateline);
 * place → places; tags → subjects; section → subjects[rel=section];
 * slug → slugline; the other versions → associations[rel=translation];
 * lead image → associations[rel=leadImage] (type picture: caption and alt
 * text in descriptions, the credit in `by`, renditions original and web).
 * Dates: createdAt → contentCreated (the content was first written),
 * publicationDate → firstCreated (the item first went out; the article has a
 * day, not a time, so 00:00 UTC), the version's updatedAt → versionCreated.
 */

export const NINJS_SCHEMA_URI = 'http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json#';

/** A file of an image in the package, as the package builder wrote it. */
export interface NinjsRendition {
  /** Path inside data/, e.g. `media/<sha256>.jpg`. */
  path: string;
  contentType: MediaType;
  width: number;
  height: number;
  bytes: number;
}

export interface NinjsImage {
  original: NinjsRendition;
  /** The smaller copy for the web page, when there is one. */
  web?: NinjsRendition;
}

export interface NinjsOptions {
  /** Absolute URI of the package's data/ folder, ending in "/". Default `arcp://uuid,<article id>/data/`. */
  base?: string;
  /** The files of each image, by SHA-256. Without an entry an image is referred to as `media/<sha256>`. */
  images?: Readonly<Record<string, NinjsImage>>;
  /** The outlet that holds the rights ("Zhyan News Network"); left out when not given. */
  copyrightHolder?: string;
  /** A working copy: withheld, whatever the article's state. */
  workingCopy?: boolean;
}

interface Text {
  role?: string;
  contentType?: string;
  value: string;
}

export interface NinjsRenditionItem {
  name: string;
  href: string;
  contentType?: string;
  width?: number;
  height?: number;
  sizeInBytes?: number;
}

/** The subset of ninjs 3.1 that Qelem writes. */
export interface NinjsItem {
  uri: string;
  type: 'text' | 'picture';
  name?: string;
  rel?: string;
  representationType?: 'full' | 'partial';
  version?: string;
  language?: string;
  pubStatus?: 'usable' | 'withheld';
  contentCreated?: string;
  firstCreated?: string;
  versionCreated?: string;
  copyrightHolder?: string;
  headlines?: Text[];
  descriptions?: Text[];
  bodies?: (Text & { charCount?: number; wordCount?: number })[];
  by?: string;
  located?: string;
  slugline?: string;
  places?: { name: string }[];
  subjects?: { name: string; rel?: string }[];
  altIds?: { role: string; value: string }[];
  renditions?: NinjsRenditionItem[];
  associations?: NinjsItem[];
  standard?: { name: string; version: string; schema: string };
}

/** Where a language's ninjs file is, inside data/. */
export function ninjsPath(lang: LanguageKey): string {
  return `${lang}/article.ninjs.json`;
}

export function packageBase(article: Pick<Article, 'id'>, options: NinjsOptions = {}): string {
  return options.base ?? `arcp://uuid,${article.id}/data/`;
}

/** The ninjs item of one language version. Throws when the article has no version in `lang`. */
export function ninjsItem(article: Article, lang: LanguageKey, options: NinjsOptions = {}): NinjsItem {
  const version = article.versions[lang];
  if (!version) throw new RangeError(`The article has no ${lang} version`);
  const base = packageBase(article, options);
  const { tag, dir } = language(lang);
  const imageHref = (sha256: string) => base + (options.images?.[sha256]?.original.path ?? exportedImagePath(sha256));
  const bodyHtml = bodyToHtml(version.body, { dir, imageSrc: imageHref });
  const bodyText = bodyToPlainText(version.body);
  const { meta } = article;

  const item: NinjsItem = {
    uri: base + ninjsPath(lang),
    type: 'text',
    representationType: 'full',
    version: String(version.revision),
    language: tag,
    pubStatus: !options.workingCopy && (article.state === 'ready' || article.state === 'published') ? 'usable' : 'withheld',
    contentCreated: article.createdAt,
    ...(meta.publicationDate ? { firstCreated: `${meta.publicationDate}T00:00:00Z` } : {}),
    versionCreated: version.updatedAt,
    ...(options.copyrightHolder ? { copyrightHolder: options.copyrightHolder } : {}),
    ...texts('headlines', [{ role: 'main', value: version.headline }]),
    ...texts('descriptions', [{ role: 'summary', contentType: 'text/plain', value: version.standfirst }]),
    bodies: [
      { role: 'html', contentType: 'text/html', value: `<div lang="${tag}" dir="${dir}">\n${bodyHtml}\n</div>`, charCount: countCharacters(bodyText), wordCount: countWords(bodyText, tag) },
      { role: 'text', contentType: 'text/plain', value: bodyText, charCount: countCharacters(bodyText), wordCount: countWords(bodyText, tag) },
    ],
    ...nonEmpty('by', version.byline),
    ...nonEmpty('located', version.dateline.trim() || meta.place),
    slugline: article.slug,
    ...(meta.place.trim() ? { places: [{ name: meta.place.trim() }] } : {}),
    ...subjects(meta.tags, meta.section),
    altIds: [{ role: 'qelem-article-id', value: article.id }],
    standard: { name: 'ninjs', version: '3.1', schema: NINJS_SCHEMA_URI },
  };

  const associations = [...translations(article, lang, base), ...leadImage(article, version, options, base)];
  if (associations.length > 0) item.associations = associations;
  return item;
}

function nonEmpty<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  const trimmed = value.trim();
  return trimmed ? ({ [key]: trimmed } as Record<K, string>) : {};
}

function texts<K extends 'headlines' | 'descriptions'>(key: K, values: Text[]): Partial<Record<K, Text[]>> {
  const kept = values.map((t) => ({ ...t, value: t.value.trim() })).filter((t) => t.value !== '');
  return kept.length > 0 ? ({ [key]: kept } as Record<K, Text[]>) : {};
}

function subjects(tags: readonly string[], section: string): Pick<NinjsItem, 'subjects'> {
  const list: { name: string; rel?: string }[] = [];
  if (section.trim()) list.push({ name: section.trim(), rel: 'section' });
  for (const tag of tags) if (tag.trim()) list.push({ name: tag.trim() });
  return list.length > 0 ? { subjects: list } : {};
}

/** The other language versions, each with its headline, in table order. */
function translations(article: Article, lang: LanguageKey, base: string): NinjsItem[] {
  return LANGUAGE_KEYS.filter((other) => other !== lang && article.versions[other] !== undefined).map((other) => {
    const version = article.versions[other]!;
    return {
      name: language(other).tag,
      rel: 'translation',
      uri: base + ninjsPath(other),
      type: 'text',
      representationType: 'partial',
      version: String(version.revision),
      language: language(other).tag,
      ...texts('headlines', [{ role: 'main', value: version.headline }]),
    };
  });
}

function leadImage(article: Article, version: ArticleVersion, options: NinjsOptions, base: string): NinjsItem[] {
  const image = article.meta.leadImage;
  if (!image) return [];
  const files = options.images?.[image.sha256];
  const renditions: NinjsRenditionItem[] = files
    ? [rendition('original', files.original, base), ...(files.web ? [rendition('web', files.web, base)] : [])]
    : [{ name: 'original', href: base + exportedImagePath(image.sha256), width: image.width, height: image.height }];
  return [
    {
      name: 'lead-image',
      rel: 'leadImage',
      uri: shaUri(image.sha256),
      type: 'picture',
      representationType: 'partial',
      language: language(version.lang).tag,
      ...texts('descriptions', [
        { role: 'caption', contentType: 'text/plain', value: version.leadImageCaption },
        { role: 'alt', contentType: 'text/plain', value: version.leadImageAlt },
      ]),
      ...nonEmpty('by', image.credit),
      renditions,
    },
  ];
}

function rendition(name: string, file: NinjsRendition, base: string): NinjsRenditionItem {
  return { name, href: base + file.path, contentType: file.contentType, width: file.width, height: file.height, sizeInBytes: file.bytes };
}

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** RFC 6920 named information: `ni:///sha-256;<base64url of the digest, unpadded>`. */
export function shaUri(sha256Hex: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256Hex)) throw new RangeError('Expected a SHA-256 as 64 lower-case hex digits');
  const bytes = sha256Hex.match(/../g)!.map((pair) => parseInt(pair, 16));
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = bytes.slice(i, i + 3);
    const n = (a << 16) | (b << 8) | c;
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += BASE64URL[(n >> (18 - 6 * k)) & 63];
  }
  return `ni:///sha-256;${out}`;
}

/**
 * JSON with keys sorted (by UTF-16 code units, as RFC 8785 JCS sorts them)
 * and no whitespace: the same value always gives the same bytes. Numbers
 * here are integers, which JSON.stringify already writes as JCS does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new RangeError('JSON has no NaN or Infinity');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Every version's ninjs file, as canonical JSON, by language. */
export function ninjsDocuments(article: Article, options: NinjsOptions = {}): Partial<Record<LanguageKey, string>> {
  const documents: Partial<Record<LanguageKey, string>> = {};
  for (const lang of LANGUAGE_KEYS) if (article.versions[lang]) documents[lang] = canonicalJson(ninjsItem(article, lang, options));
  return documents;
}

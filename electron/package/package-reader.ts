import { createHash } from 'node:crypto';
import path from 'node:path';
import * as Y from 'yjs';
import { ArticleSchema, VersionContentSchema, type Article } from '../../shared/article';
import { readArticleFields } from '../../shared/collab/article-doc';
import { bindVersionDoc } from '../../shared/collab/version-editor';
import { documentPath, PACKAGE_FORMAT, PACKAGE_LIMITS, type ImportPhase, type PackageRefusal } from '../../shared/export/package-format';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { formatBytes, MEDIA_EXTENSIONS, MEDIA_LIMITS, type MediaType } from '../../shared/media';
import { BagError, verifyBag, type BagErrorCode } from './bagit';
import { readImageHeader } from './image-header';
import { ARTICLE_JSON, imagesOf } from './package';
import { readZip, ZipError, type ZipErrorCode } from './zip';

/**
 * Reading an export package for import. A package is untrusted input, and
 * everything is checked before the caller writes anything: the zip
 * (readZip's limits: size, entries, names, links, bombs, CRCs), the bag
 * (every manifest line, no file missing or unlisted), the article
 * (qelem/article.json against the shared schemas), and every image (named by
 * its SHA-256, really an image, used by the article, and every image the
 * article shows present). Only qelem/article.json and the original images
 * are read; the pages, ninjs, fonts and renditions are derived, checked by
 * the manifest and otherwise left alone (the next export makes them again).
 */

/** A package whose structure and content passed every check, ready to write. */
export interface CheckedPackage {
  /**
   * The article. From format 2 on, its versions' content and its article-wide
   * fields are what its documents hold (article.json only names the rest:
   * revisions, dates), so what is written and what is merged agree.
   */
  article: Article;
  /** The shared documents' states (format 2 on), checked; null for a format-1 package, which has none. */
  documents: ReadonlyMap<'article' | LanguageKey, Uint8Array> | null;
  /** The original of every image the article shows. */
  media: { sha256: string; mime: MediaType; width: number; height: number; data: Uint8Array; name: string }[];
}

/** Why a package is refused: the refusal code, the sentence shown, and the file or field it is about. */
export class PackageError extends Error {
  constructor(
    readonly refusal: PackageRefusal,
    message: string,
    readonly where?: string,
  ) {
    super(message);
    this.name = 'PackageError';
  }
}

function packageRefusal(refusal: PackageRefusal, message: string, where?: string): PackageError {
  return new PackageError(refusal, message, where);
}

const ZIP_REFUSALS: Readonly<Record<ZipErrorCode, PackageRefusal>> = {
  not_zip: 'not_package',
  truncated: 'damaged_package',
  bad_central_directory: 'damaged_package',
  size_mismatch: 'damaged_package',
  bad_crc: 'damaged_package',
  bad_local_header: 'damaged_package',
  bad_data: 'damaged_package',
  zip64: 'unsafe_package',
  multi_disk: 'unsafe_package',
  too_many_entries: 'unsafe_package',
  encrypted: 'unsafe_package',
  unsupported_method: 'unsafe_package',
  unsafe_name: 'unsafe_package',
  symlink: 'unsafe_package',
  duplicate_name: 'unsafe_package',
  entry_too_large: 'unsafe_package',
  archive_too_large: 'unsafe_package',
  compression_ratio: 'unsafe_package',
  overlapping_entries: 'unsafe_package',
};

const BAG_REFUSALS: Readonly<Record<BagErrorCode, PackageRefusal>> = {
  not_a_bag: 'not_package',
  bad_declaration: 'damaged_package',
  missing_manifest: 'damaged_package',
  unsupported_algorithm: 'damaged_package',
  bad_manifest: 'damaged_package',
  bad_bag_info: 'damaged_package',
  missing_file: 'damaged_package',
  extra_file: 'damaged_package',
  checksum_mismatch: 'damaged_package',
  oxum_mismatch: 'damaged_package',
};

const ORIGINAL = /^media\/([0-9a-f]{64})\.(jpg|png|webp)$/;
const RENDITION = /^media\/([0-9a-f]{64})\.web\.(jpg|png|webp)$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });
const integer = new Intl.NumberFormat('en');

/**
 * Checks a package completely, in memory. Throws a PackageError at the
 * first problem. `onPhase` is told as each step starts (the import's
 * progress: package-worker.ts runs this in a worker thread).
 */
export function checkPackage(bytes: Uint8Array, onPhase: (phase: ImportPhase) => void = () => undefined): CheckedPackage {
  if (bytes.byteLength > PACKAGE_LIMITS.bytes) {
    const size = `${formatBytes(bytes.byteLength)} (${integer.format(bytes.byteLength)} bytes)`;
    throw packageRefusal('too_large', `The package is ${size}; packages can be at most ${PACKAGE_LIMITS.bytes / (1024 * 1024)} MiB (${integer.format(PACKAGE_LIMITS.bytes)} bytes).`);
  }
  let verified: ReturnType<typeof verifyBag>;
  try {
    onPhase('unpacking');
    const entries = readZip(bytes, {
      archiveBytes: PACKAGE_LIMITS.bytes,
      entries: PACKAGE_LIMITS.entries,
      entryBytes: PACKAGE_LIMITS.entryBytes,
      totalBytes: PACKAGE_LIMITS.totalBytes,
    });
    onPhase('verifying');
    verified = verifyBag(entries);
  } catch (error) {
    if (error instanceof ZipError) throw packageRefusal(ZIP_REFUSALS[error.code], `The package cannot be imported: ${error.message}`, error.entry);
    if (error instanceof BagError) throw packageRefusal(BAG_REFUSALS[error.code], `The package cannot be imported: ${error.message}`, error.path);
    throw error;
  }

  const formats = verified.info.filter(([label]) => label.toLowerCase() === 'qelem-package-format');
  if (formats.length !== 1) throw packageRefusal('not_package', 'This is a BagIt bag, but not a package exported by Qelem (bag-info.txt has no Qelem-Package-Format).', 'bag-info.txt');
  const format = Number(formats[0]![1]);
  if (!Number.isInteger(format) || format < 1) throw packageRefusal('not_package', `bag-info.txt names an unknown Qelem package format (${JSON.stringify(formats[0]![1].slice(0, 20))}).`, 'bag-info.txt');
  if (format > PACKAGE_FORMAT) throw packageRefusal('invalid_article', `The package was made by a newer version of Qelem (format ${format}; this version reads ${PACKAGE_FORMAT}). Update Qelem to import it.`, 'bag-info.txt');

  const files = new Map(verified.payload.map((file) => [file.path, file.data]));
  const articleFile = files.get(ARTICLE_JSON);
  if (!articleFile) throw packageRefusal('not_package', `The package has no data/${ARTICLE_JSON}, so it cannot be imported as an article.`, `data/${ARTICLE_JSON}`);
  onPhase('documents');
  const parsed = parseArticle(articleFile);
  const checked = format >= 2 ? checkDocuments(parsed, files) : null;
  const article = checked?.article ?? parsed;
  onPhase('images');
  return { article, documents: checked?.documents ?? null, media: checkMedia(article, files) };
}

/**
 * The shared documents of a format-2 package: the article's and one per
 * version, nothing else. Each must be a Yjs update of at most
 * PACKAGE_LIMITS.documentBytes that applies whole (nothing it depends on
 * missing) and holds what its name says: the article (its source language
 * the package's) or a version in the editor's shape.
 */
function checkDocuments(article: Article, files: ReadonlyMap<string, Uint8Array>): { article: Article; documents: Map<'article' | LanguageKey, Uint8Array> } {
  const documents = new Map<'article' | LanguageKey, Uint8Array>();
  const wanted: ('article' | LanguageKey)[] = ['article', ...LANGUAGE_KEYS.filter((lang) => article.versions[lang])];
  for (const file of files.keys()) {
    if (file.startsWith('qelem/docs/') && !wanted.some((key) => documentPath(key) === file)) {
      throw packageRefusal('invalid_document', `The package holds a document Qelem does not know: data/${file}.`, `data/${file}`);
    }
  }
  const versions = { ...article.versions };
  let fields: ReturnType<typeof readArticleFields> = null;
  for (const key of wanted) {
    const where = `data/${documentPath(key)}`;
    const state = files.get(documentPath(key));
    const bad = (why: string) => packageRefusal('invalid_document', `The document ${where} cannot be imported: ${why}`, where);
    if (!state) throw bad('it is missing.');
    if (state.byteLength > PACKAGE_LIMITS.documentBytes) throw bad(`it is ${formatBytes(state.byteLength)}; a document can be at most ${PACKAGE_LIMITS.documentBytes / (1024 * 1024)} MiB.`);
    const doc = new Y.Doc();
    const view = key === 'article' ? null : bindVersionDoc(doc, key);
    try {
      try {
        if (view === null) Y.applyUpdate(doc, state);
        else Y.decodeUpdate(state);
      } catch {
        throw bad('it is not a Yjs document.');
      }
      if (view !== null) {
        // A body the editor cannot show (issue 18 §1) would blank the version's window: refused as it is built.
        const [issue] = view.applyChecked(state, null);
        if (issue) throw bad(`its body is not one the editor can show: ${issue.message} (at ${issue.path.join('.')}).`);
      }
      // An update whose items refer to others it does not carry would wait for them forever, half applied.
      if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) throw bad('it is incomplete (it refers to edits it does not hold).');
      if (view === null) {
        fields = readArticleFields(doc);
        if (!fields) throw bad('it holds no article.');
        if (fields.sourceLang !== article.sourceLang) throw bad(`its source language (${fields.sourceLang}) is not the article's (${article.sourceLang}).`);
      } else {
        const version = versions[key as LanguageKey]!;
        let content: ReturnType<typeof VersionContentSchema.safeParse>;
        try {
          content = VersionContentSchema.safeParse(view.read());
        } catch {
          throw bad('its content cannot be read.');
        }
        if (!content.success) throw bad(`its content is not a version (${content.error.issues[0]?.message ?? 'schema'}).`);
        versions[key as LanguageKey] = { ...version, ...content.data };
      }
    } finally {
      view?.dispose();
      doc.destroy();
    }
    documents.set(key, state);
  }
  const from = fields as unknown as NonNullable<ReturnType<typeof readArticleFields>>;
  return { article: { ...article, state: from.state, meta: from.meta, versions }, documents };
}

function parseArticle(data: Uint8Array): Article {
  const where = `data/${ARTICLE_JSON}`;
  const invalid = (why: string) => packageRefusal('invalid_article', `The article in the package is not valid: ${why}`, where);
  let value: unknown;
  try {
    value = JSON.parse(UTF8.decode(data));
  } catch (error) {
    throw invalid(error instanceof SyntaxError ? `it is not JSON (${error.message.slice(0, 120)}).` : 'it is not UTF-8 text.');
  }
  let parsed: ReturnType<typeof ArticleSchema.safeParse>;
  try {
    parsed = ArticleSchema.safeParse(value);
  } catch {
    // Nesting deep enough to overflow the validator's stack is not an article either.
    throw invalid('it is nested too deeply to read.');
  }
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalid(`at ${issue?.path.map(String).join('.') || '(top)'}: ${issue?.message ?? 'it does not match the article schema'}.`);
  }
  const article = parsed.data;
  for (const lang of LANGUAGE_KEYS) {
    const version = article.versions[lang];
    if (version && version.lang !== lang) throw invalid(`the version filed under ${lang} says it is ${version.lang}.`);
  }
  if (!article.versions[article.sourceLang]) throw invalid(`it has no version in its source language (${article.sourceLang}).`);
  return article;
}

function checkMedia(article: Article, files: ReadonlyMap<string, Uint8Array>): CheckedPackage['media'] {
  const originals = new Map<string, CheckedPackage['media'][number]>();
  const renditions: [string, string, Uint8Array][] = [];
  const bad = (why: string, file: string) => packageRefusal('invalid_media', `The image data/${file} cannot be imported: ${why}`, `data/${file}`);

  for (const [file, data] of files) {
    if (!file.startsWith('media/')) continue;
    const web = RENDITION.exec(file);
    if (web) {
      renditions.push([file, web[1]!, data]);
      continue;
    }
    const original = ORIGINAL.exec(file);
    if (!original) throw bad('the media folder holds only images named by their SHA-256 (and their .web renditions).', file);
    const sha256 = original[1]!;
    if (originals.has(sha256)) throw bad('the package holds this image twice, under two types.', file);
    if (data.byteLength > MEDIA_LIMITS.bytes) throw bad(`it is ${formatBytes(data.byteLength)}; images can be at most ${MEDIA_LIMITS.bytes / (1024 * 1024)} MiB.`, file);
    if (createHash('sha256').update(data).digest('hex') !== sha256) throw bad('its content does not match the SHA-256 in its name.', file);
    const header = readImageHeader(data);
    if (!header.ok) throw bad(header.message, file);
    if (MEDIA_EXTENSIONS[header.mime] !== original[2]) throw bad(`it is a ${header.mime} file named .${original[2]}.`, file);
    checkDimensions(header.width, header.height, (why) => bad(why, file));
    originals.set(sha256, { sha256, mime: header.mime, width: header.width, height: header.height, data, name: path.posix.basename(file) });
  }

  for (const [file, sha256, data] of renditions) {
    if (!originals.has(sha256)) throw bad('it is the web rendition of an image the package does not hold.', file);
    const header = readImageHeader(data);
    if (!header.ok) throw bad(header.message, file);
    checkDimensions(header.width, header.height, (why) => bad(why, file));
  }

  const shown = imagesOf(article);
  for (const sha256 of shown) {
    if (!originals.has(sha256)) throw packageRefusal('invalid_media', `The article shows the image ${sha256}, but the package does not hold it (data/media/${sha256}.…).`, `data/media/${sha256}`);
  }
  const used = new Set(shown);
  for (const [sha256, image] of originals) {
    if (!used.has(sha256)) throw bad('the article does not show it.', `media/${image.name}`);
  }
  const lead = article.meta.leadImage;
  if (lead) {
    const image = originals.get(lead.sha256)!;
    if (image.width !== lead.width || image.height !== lead.height) {
      throw packageRefusal('invalid_article', `The lead image is recorded as ${lead.width} × ${lead.height} pixels, but its file is ${image.width} × ${image.height}.`, `data/${ARTICLE_JSON}`);
    }
  }
  return [...originals.values()].sort((a, b) => (a.sha256 < b.sha256 ? -1 : 1));
}

/** The media store's own bounds (services/media.ts): a package may not bring in what importMedia would refuse. */
function checkDimensions(width: number, height: number, bad: (why: string) => PackageError): void {
  if (width === 0 || height === 0) throw bad('its header gives it no width or height.');
  if (width > MEDIA_LIMITS.dimension || height > MEDIA_LIMITS.dimension || width * height > MEDIA_LIMITS.pixels) {
    throw bad(`it is ${integer.format(width)} × ${integer.format(height)} pixels, over the media store's limits.`);
  }
}

import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ArticleSchema, type Article, type VersionContent } from '../../shared/article';
import { PACKAGE_FORMAT, PACKAGE_LIMITS, type PackageRefusal } from '../../shared/export/package-format';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { formatBytes, MEDIA_EXTENSIONS, MEDIA_LIMITS, type MediaType } from '../../shared/media';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { BagError, verifyBag, type BagErrorCode } from '../export/bagit';
import { ARTICLE_JSON, imagesOf } from '../export/package';
import { readZip, ZipError, type ZipErrorCode } from '../export/zip';
import { transaction } from '../store/database';
import type { Library } from '../store/library';
import { scheduleRendition } from './media';
import { readImageHeader } from './image-header';
import { createLibraryService } from './library';
import { mediaFilePath } from './media-files';
import { headlineKeyWriter } from './article-rows';
import { foldedSearchText } from './search-query';
import { ServiceError } from './service-error';
import type { PackageImportMethod, ServiceMethods } from './service-methods';
import { createTranslationMemory } from './translation-memory';
import { memoryPairs, progressOf, progressSource, summarize } from './translation-progress';

/**
 * Import of an export package: the same article in this library. A package
 * is untrusted input, and everything is checked before anything is written:
 * the zip (readZip's limits: size, entries, names, links, bombs, CRCs), the
 * bag (every manifest line, no file missing or unlisted), the article
 * (qelem/article.json against the shared schemas), and every image (named
 * by its SHA-256, really an image, used by the article, and every image the
 * article shows present). Only qelem/article.json and the original images
 * are read; the pages, ninjs, fonts and renditions are derived, checked by
 * the manifest and otherwise left alone (the next export makes them again).
 *
 * Then one transaction writes the article, its versions (each with the
 * revision number it had, as the one revision kept: earlier drafts never
 * leave the newsroom), their search rows, segment summaries, progress and
 * translation-memory pairs, and the media rows. New image files are written
 * under temporary names first and renamed inside the transaction; if it
 * fails they are removed, so a refused or failed import leaves the library
 * as it was.
 */
export type PackageImportService = ServiceMethods<PackageImportMethod>;

export interface PackageImportOptions {
  now?: () => Date;
}

/** A package whose structure and content passed every check, ready to write. */
export interface CheckedPackage {
  article: Article;
  /** The original of every image the article shows. */
  media: { sha256: string; mime: MediaType; width: number; height: number; data: Uint8Array; name: string }[];
}

export function packageRefusal(refusal: PackageRefusal, message: string, where?: string): ServiceError {
  return new ServiceError({ code: 'invalid_input', message, refusal, issues: [{ path: where ?? '(package)', message }] });
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

/** Checks a package completely, in memory. Throws a ServiceError (invalid_input with a refusal) at the first problem. */
export function checkPackage(bytes: Uint8Array): CheckedPackage {
  if (bytes.byteLength > PACKAGE_LIMITS.bytes) {
    const size = `${formatBytes(bytes.byteLength)} (${integer.format(bytes.byteLength)} bytes)`;
    throw packageRefusal('too_large', `The package is ${size}; packages can be at most ${PACKAGE_LIMITS.bytes / (1024 * 1024)} MiB (${integer.format(PACKAGE_LIMITS.bytes)} bytes).`);
  }
  let verified: ReturnType<typeof verifyBag>;
  try {
    const entries = readZip(bytes, {
      archiveBytes: PACKAGE_LIMITS.bytes,
      entries: PACKAGE_LIMITS.entries,
      entryBytes: PACKAGE_LIMITS.entryBytes,
      totalBytes: PACKAGE_LIMITS.totalBytes,
    });
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
  const article = parseArticle(articleFile);
  return { article, media: checkMedia(article, files) };
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

/** The media store's own bounds (media.ts): a package may not bring in what importMedia would refuse. */
function checkDimensions(width: number, height: number, bad: (why: string) => ServiceError): void {
  if (width === 0 || height === 0) throw bad('its header gives it no width or height.');
  if (width > MEDIA_LIMITS.dimension || height > MEDIA_LIMITS.dimension || width * height > MEDIA_LIMITS.pixels) {
    throw bad(`it is ${integer.format(width)} × ${integer.format(height)} pixels, over the media store's limits.`);
  }
}

/** Writes `bytes` beside `final` under a temporary name, flushed to disk; the caller renames it. */
function writeTemp(final: string, bytes: Uint8Array): string {
  const temp = path.join(path.dirname(final), `.${path.basename(final)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    let written = 0;
    while (written < bytes.byteLength) written += fs.writeSync(fd, bytes, written, bytes.byteLength - written);
    fs.fsyncSync(fd);
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fd = null;
    fs.rmSync(temp, { force: true });
    throw error;
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
  return temp;
}

export function createPackageImportService(library: Library, options: PackageImportOptions = {}): PackageImportService {
  const { db, mediaDir } = library;
  const timestamp = () => (options.now ?? (() => new Date()))().toISOString();
  const articles = createLibraryService(library, options);
  const memory = createTranslationMemory(db);
  const writeHeadlineKey = headlineKeyWriter(db);
  const articleExists = db.prepare('SELECT 1 FROM articles WHERE id = ?');
  const slugTaken = db.prepare('SELECT id FROM articles WHERE slug = ?');
  const insertArticle = db.prepare('INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at, trashed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const insertSearchRow = db.prepare('INSERT INTO search_index (folded) VALUES (?)');
  const insertVersion = db.prepare(
    `INSERT INTO versions (article_id, lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links, segments, progress,
       body_text, revision, updated_at, search_rowid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRevision = db.prepare('INSERT INTO revisions (article_id, lang, revision, content, saved_at) VALUES (?, ?, ?, ?, ?)');
  const insertMedia = db.prepare('INSERT OR IGNORE INTO media (sha256, mime, width, height, bytes, original_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)');

  function checkFree(article: Article): void {
    if (articleExists.get(article.id)) {
      throw packageRefusal('article_exists', `This library already has the article ${article.id}. Importing never overwrites or duplicates an article: import the package into another library.`, `data/${ARTICLE_JSON}`);
    }
    const other = slugTaken.get(article.slug) as { id: string } | undefined;
    if (other) throw packageRefusal('slug_taken', `Another article of this library (${other.id}) has the slug ${JSON.stringify(article.slug)}.`, `data/${ARTICLE_JSON}`);
  }

  /** Everything the library keeps about the article; inside the transaction. */
  function writeArticle(article: Article, media: CheckedPackage['media'], now: string): void {
    insertArticle.run(article.id, article.slug, article.sourceLang, article.state, JSON.stringify(article.meta), article.createdAt, article.updatedAt, article.trashedAt);
    for (const image of media) insertMedia.run(image.sha256, image.mime, image.width, image.height, image.data.byteLength, image.name, now);

    // Segment summaries, progress and memory pairs, worked out as migration 5 does for existing versions.
    const segments = new Map<LanguageKey, Segment[]>();
    for (const lang of LANGUAGE_KEYS) {
      const version = article.versions[lang];
      if (!version) continue;
      try {
        segments.set(lang, segmentsOf(version));
      } catch {
        // A body not in the editor's shape: no summary yet, worked out at its next save.
      }
    }
    const summaries = new Map([...segments].map(([lang, list]) => [lang, summarize(list)]));
    for (const lang of LANGUAGE_KEYS) {
      const version = article.versions[lang];
      if (!version) continue;
      const list = segments.get(lang);
      const summary = summaries.get(lang);
      let progress: string | null = null;
      if (list && summary) {
        const sources = new Map([...summaries].filter(([other]) => other !== lang).map(([other, entries]) => [other, new Map(entries.map((e) => [e.id, e]))]));
        memory.store(memoryPairs(lang, list, summary, null, sources), now);
        if (lang !== article.sourceLang) {
          const from = progressSource(list, article.sourceLang);
          progress = JSON.stringify(progressOf(from, segments.get(from) ?? [], list));
        }
      }
      const bodyText = bodyToPlainText(version.body);
      const searchRowid = insertSearchRow.run(foldedSearchText({ ...version, bodyText })).lastInsertRowid as number;
      insertVersion.run(
        article.id,
        lang,
        version.headline,
        version.standfirst,
        version.dateline,
        version.byline,
        version.leadImageCaption,
        version.leadImageAlt,
        JSON.stringify(version.body),
        JSON.stringify(version.fieldLinks),
        summary ? JSON.stringify(summary) : '[]',
        progress,
        bodyText,
        version.revision,
        version.updatedAt,
        searchRowid,
      );
      const content: VersionContent = {
        headline: version.headline,
        standfirst: version.standfirst,
        dateline: version.dateline,
        byline: version.byline,
        leadImageCaption: version.leadImageCaption,
        leadImageAlt: version.leadImageAlt,
        body: version.body,
        fieldLinks: version.fieldLinks,
      };
      insertRevision.run(article.id, lang, version.revision, JSON.stringify(content), version.updatedAt);
    }
    writeHeadlineKey(article.id);
  }

  return {
    importPackage({ dataBase64 }): Article {
      const { article, media } = checkPackage(Buffer.from(dataBase64, 'base64'));
      // Checked here to refuse before any file is written, and again inside the transaction.
      checkFree(article);

      const pending: { temp: string; final: string }[] = [];
      const renamed: string[] = [];
      try {
        for (const image of media) {
          const final = mediaFilePath(mediaDir, image.sha256, image.mime);
          // Same name, same content: a file already there is this image.
          if (!fs.existsSync(final)) pending.push({ temp: writeTemp(final, image.data), final });
        }
        transaction(db, () => {
          checkFree(article);
          writeArticle(article, media, timestamp());
          // Last, so a failure above leaves no file; a failing COMMIT is undone below.
          for (const file of pending) {
            fs.renameSync(file.temp, file.final);
            renamed.push(file.final);
          }
        });
      } catch (error) {
        for (const file of pending) fs.rmSync(file.temp, { force: true });
        for (const final of renamed) fs.rmSync(final, { force: true });
        throw error;
      }
      // As for importMedia: the web renditions are made now, off the request, so the first export finds them.
      for (const image of media) scheduleRendition(library, image);
      return articles.getArticle({ id: article.id });
    },
  };
}

import fs from 'node:fs';
import type { ApiOutput, ApiParsedInput } from '../../shared/api';
import type { Article, VersionContent } from '../../shared/article';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { documentPath, type ImportPhase, type MergeSummary, type PackageRefusal } from '../../shared/export/package-format';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { isStrictBase64 } from '../../shared/media';
import { articleTranslationState } from '../../shared/translation/progress';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { ARTICLE_JSON } from '../package/package';
import { checkPackageInWorker, NotBase64Error, removeStaged, type StagedImage, type StagedPackage } from '../package/package-check';
import { PackageError } from '../package/package-reader';
import { transaction } from '../store/database';
import { mediaFilePath } from '../store/media-files';
import type { LibraryContext } from './context';
import { InvalidBodyError } from './documents';
import { ServiceError } from './service-error';
import type { PackageImportMethod } from './service-methods';

/**
 * Import of an export package. The package is checked completely first
 * (electron/package/package-reader.ts), in a worker thread
 * (package-check.ts), and nothing is kept unless it passes; the main thread
 * answers other calls meanwhile, and every window hears how far the import
 * is (the `import` event).
 *
 * An article the library does not hold comes in as it was: one transaction
 * writes the article, its versions (each with the revision number it had, as
 * the one revision kept: earlier drafts never leave the newsroom), their
 * search rows, segment summaries, progress and translation-memory pairs, the
 * media rows, and its shared documents (from format 2 on).
 *
 * An article the library holds is merged: its documents take in the
 * package's (Yjs: edits made on the other machine appear, edits made here
 * stay, and what both have is not doubled), its new images are added, and
 * the rows are derived again; the answer says what changed. Importing the
 * same package again changes nothing. A format-1 package (no documents) of
 * an article the library holds cannot be merged and is refused.
 *
 * New image files are written under temporary names first and renamed
 * inside the transaction; if it fails they are removed, so a refused or
 * failed import leaves the library as it was.
 */
export type PackageImportService = { [M in PackageImportMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> } & {
  /**
   * importPackage of a base64 text read as it arrives (browser mode's
   * request body, never held whole): at most `maxChars` characters. What
   * the source throws is thrown as it is.
   */
  importPackageStream(source: AsyncIterable<string>, maxChars: number): Promise<ApiOutput<'importPackage'>>;
};

/** Up to this many base64 characters, importPackage checks the text itself before starting the worker. */
const SHORT_TEXT_CHARS = 1024 * 1024;

export function packageRefusal(refusal: PackageRefusal, message: string, where?: string): ServiceError {
  return new ServiceError({ code: 'invalid_input', message, refusal, issues: [{ path: where ?? '(package)', message }] });
}

/** The refusals of the worker's check as the API reports them (invalid_input with a refusal; bad base64 as the schema would say it). */
function apiError(error: unknown): unknown {
  if (error instanceof PackageError) return packageRefusal(error.refusal, error.message, error.where);
  if (error instanceof NotBase64Error) return new ServiceError({ code: 'invalid_input', message: `Invalid input: ${error.message}`, issues: [{ path: 'dataBase64', message: error.message }] });
  return error;
}

export function createPackageImportService(context: LibraryContext): PackageImportService {
  const { db, library, articles, versions, media, renditions, documents, timestamp, readArticle } = context;
  const progress = (phase: ImportPhase, done = 0, total = 0) => documents.notify({ type: 'import', phase, done, total });
  const { mediaDir } = library;

  function checkFree(article: Article): void {
    if (articles.row(article.id)) {
      throw packageRefusal('article_exists', `This library already has the article ${article.id}, and this package was made by an older Qelem, without the documents a merge needs. Import it into another library, or export it again with this Qelem.`, `data/${ARTICLE_JSON}`);
    }
    const other = articles.withSlug(article.slug);
    if (other !== undefined) throw packageRefusal('slug_taken', `Another article of this library (${other}) has the slug ${JSON.stringify(article.slug)}.`, `data/${ARTICLE_JSON}`);
  }

  function insertMedia(images: readonly StagedImage[], now: string): void {
    for (const image of images) {
      if (media.get(image.sha256)) continue;
      media.insert({ sha256: image.sha256, mime: image.mime, width: image.width, height: image.height, bytes: image.bytes, originalName: image.name, createdAt: now });
    }
  }

  /** The documents of a package's article, created as the rows were written from them. */
  function adoptDocuments(article: Article, states: StagedPackage['documents']): void {
    if (!states) return;
    for (const [key, state] of states) documents.create(key === 'article' ? articleDocName(article.id) : versionDocName(article.id, key), state, { derived: true });
  }

  /** Everything the library keeps about the article; inside the transaction. */
  function writeArticle(article: Article, images: readonly StagedImage[], states: StagedPackage['documents'], now: string): void {
    articles.insert(article);
    insertMedia(images, now);
    adoptDocuments(article, states);

    // Segment summaries, progress and memory pairs of the whole article at once, as migration 5 worked them out for existing versions.
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
    const translation = articleTranslationState(article.sourceLang, segments);
    for (const lang of LANGUAGE_KEYS) {
      const version = article.versions[lang];
      if (!version) continue;
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
      versions.write({
        articleId: article.id,
        sourceLang: article.sourceLang,
        lang,
        content,
        current: { revision: 0, searchRowid: null },
        now,
        imported: { revision: version.revision, updatedAt: version.updatedAt, translation: translation.get(lang) ?? null },
      });
    }
  }

  /**
   * Takes the package's documents into the article's (a document the
   * library lacks, a version added elsewhere, is created), then derives the
   * rows; inside the transaction, so a failure changes nothing.
   */
  function mergeArticle(article: Article, images: readonly StagedImage[], states: NonNullable<StagedPackage['documents']>, now: string): void {
    insertMedia(images, now);
    for (const [key, state] of states) {
      const name = key === 'article' ? articleDocName(article.id) : versionDocName(article.id, key);
      try {
        if (documents.has(name)) documents.apply(name, state);
        else documents.create(name, state);
      } catch (error) {
        // Each document was checked alone; merged with the library's, a body may still come out one the editor cannot show.
        if (!(error instanceof InvalidBodyError)) throw error;
        const where = `data/${documentPath(key)}`;
        throw packageRefusal('invalid_document', `The document ${where} cannot be merged: with this library's edits its body would not be one the editor can show (${error.issue.message}).`, where);
      }
    }
    documents.flush(article.id);
  }

  /**
   * Runs `write` in one transaction that also renames the image files the
   * worker wrote into place; on any failure no file and no row stays.
   */
  function withMediaFiles(images: readonly StagedImage[], write: () => void): void {
    const renamed: string[] = [];
    try {
      transaction(db, () => {
        write();
        // Last, so a failure above leaves no file; a failing COMMIT is undone below.
        for (const image of images) {
          if (!image.temp) continue;
          const final = mediaFilePath(mediaDir, image.sha256, image.mime);
          fs.renameSync(image.temp, final);
          renamed.push(final);
        }
      });
    } catch (error) {
      for (const final of renamed) fs.rmSync(final, { force: true });
      throw error;
    }
    // As for importMedia: the web renditions are made now, off the request, so the first export finds them.
    for (const image of images) renditions.schedule(image);
  }

  /** The package's source checked in the worker, then written or merged. */
  async function importFrom(source: string | AsyncIterable<string>, maxChars?: number): Promise<ApiOutput<'importPackage'>> {
    let staged: StagedPackage;
    try {
      staged = await checkPackageInWorker(source, { mediaDir, onProgress: progress, ...(maxChars === undefined ? {} : { maxChars }) });
    } catch (error) {
      throw apiError(error);
    }
    const { article, documents: states, media: images } = staged;
    progress('saving');
    try {
      if (articles.row(article.id) && states) {
        const before = readArticle(article.id);
        const names = [articleDocName(article.id), ...LANGUAGE_KEYS.map((lang) => versionDocName(article.id, lang))];
        try {
          withMediaFiles(images, () => mergeArticle(article, images, states, timestamp()));
        } catch (error) {
          // What memory took in of a merge that was rolled back is read again from the library.
          documents.forget(names);
          throw error;
        }
        const after = readArticle(article.id);
        return { ...after, merged: mergeSummary(before, after) };
      }
      // Checked here to refuse before the transaction, and again inside it.
      checkFree(article);
      withMediaFiles(images, () => {
        checkFree(article);
        writeArticle(article, images, states, timestamp());
      });
      return readArticle(article.id);
    } finally {
      // Renamed into place, or refused: no staged file stays either way.
      removeStaged(images);
    }
  }

  return {
    importPackage: ({ dataBase64 }) => {
      // A short text is checked here at once (a few milliseconds): no worker is started for a payload that is not base64.
      if (dataBase64.length <= SHORT_TEXT_CHARS && !isStrictBase64(dataBase64)) return Promise.reject(apiError(new NotBase64Error()));
      return importFrom(dataBase64);
    },
    importPackageStream: (source, maxChars) => importFrom(source, maxChars),
  };
}

/** What a merge changed, version by version: versions that came in, blocks added or changed, fields changed. */
export function mergeSummary(before: Article, after: Article): MergeSummary {
  const summary: MergeSummary = { versionsAdded: [], blocksAdded: 0, blocksChanged: 0, fieldsChanged: 0 };
  for (const lang of LANGUAGE_KEYS) {
    const next = after.versions[lang];
    if (!next) continue;
    const previous = before.versions[lang];
    if (!previous) {
      summary.versionsAdded.push(lang);
      continue;
    }
    const old = new Map(segmentsOf(previous).map((segment) => [segment.id, segment.text]));
    for (const segment of segmentsOf(next)) {
      const text = old.get(segment.id);
      if (segment.kind === 'field') {
        if (text !== segment.text) summary.fieldsChanged++;
      } else if (text === undefined) {
        summary.blocksAdded++;
      } else if (text !== segment.text) {
        summary.blocksChanged++;
      }
    }
  }
  return summary;
}

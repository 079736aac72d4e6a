import fs from 'node:fs';
import type { Article, VersionContent } from '../../shared/article';
import type { PackageRefusal } from '../../shared/export/package-format';
import { LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { articleTranslationState } from '../../shared/translation/progress';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { ARTICLE_JSON } from '../package/package';
import { checkPackage, PackageError, type CheckedPackage } from '../package/package-reader';
import { transaction } from '../store/database';
import { mediaFilePath, writeTemp } from '../store/media-files';
import type { LibraryContext } from './context';
import { ServiceError } from './service-error';
import type { PackageImportMethod, ServiceMethods } from './service-methods';

/**
 * Import of an export package: the same article in this library. The package
 * is checked completely first (electron/package/package-reader.ts), and
 * nothing is written unless it passes.
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

export function packageRefusal(refusal: PackageRefusal, message: string, where?: string): ServiceError {
  return new ServiceError({ code: 'invalid_input', message, refusal, issues: [{ path: where ?? '(package)', message }] });
}

/** checkPackage with its refusals as the API reports them (invalid_input with a refusal). */
function checked(bytes: Uint8Array): CheckedPackage {
  try {
    return checkPackage(bytes);
  } catch (error) {
    if (error instanceof PackageError) throw packageRefusal(error.refusal, error.message, error.where);
    throw error;
  }
}

export function createPackageImportService(context: LibraryContext): PackageImportService {
  const { db, library, articles, versions, media, renditions, timestamp, readArticle } = context;
  const { mediaDir } = library;

  function checkFree(article: Article): void {
    if (articles.row(article.id)) {
      throw packageRefusal('article_exists', `This library already has the article ${article.id}. Importing never overwrites or duplicates an article: import the package into another library.`, `data/${ARTICLE_JSON}`);
    }
    const other = articles.withSlug(article.slug);
    if (other !== undefined) throw packageRefusal('slug_taken', `Another article of this library (${other}) has the slug ${JSON.stringify(article.slug)}.`, `data/${ARTICLE_JSON}`);
  }

  /** Everything the library keeps about the article; inside the transaction. */
  function writeArticle(article: Article, images: CheckedPackage['media'], now: string): void {
    articles.insert(article);
    for (const image of images) {
      media.insert({ sha256: image.sha256, mime: image.mime, width: image.width, height: image.height, bytes: image.data.byteLength, originalName: image.name, createdAt: now });
    }

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

  return {
    importPackage({ dataBase64 }): Article {
      const { article, media: images } = checked(Buffer.from(dataBase64, 'base64'));
      // Checked here to refuse before any file is written, and again inside the transaction.
      checkFree(article);

      const pending: { temp: string; final: string }[] = [];
      const renamed: string[] = [];
      try {
        for (const image of images) {
          const final = mediaFilePath(mediaDir, image.sha256, image.mime);
          // Same name, same content: a file already there is this image.
          if (!fs.existsSync(final)) pending.push({ temp: writeTemp(final, image.data), final });
        }
        transaction(db, () => {
          checkFree(article);
          writeArticle(article, images, timestamp());
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
      for (const image of images) renditions.schedule(image);
      return readArticle(article.id);
    },
  };
}

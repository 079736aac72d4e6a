import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import type { Article } from '../../shared/article';
import { packageFileName, type ExportRefusal } from '../../shared/export/package-format';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { isKurdish, LANGUAGE_KEYS, type LanguageKey } from '../../shared/languages';
import { MEDIA_TYPES, type MediaType } from '../../shared/media';
import { checkArticle, type Finding } from '../../shared/qa';
import { buildPackage, imagesOf, PackageTooLargeError, type PackageImage } from '../package/package';
import { loadPackageFonts, type PackageFonts } from '../package/package-css';
import type { StoredImage } from '../package/renditions';
import { transaction } from '../store/database';
import { mediaFilePath } from '../store/media-files';
import type { LibraryContext } from './context';
import { ServiceError } from './service-error';
import type { ExportMethod, ServiceMethods } from './service-methods';
import { createSettingsService } from './settings';

/**
 * Export: the pre-publish checks, the package (electron/package/package.ts)
 * and the library's export log (store/exports.ts). The package goes back to the caller as
 * base64; nothing is written to a user's folder here (the renderer offers a
 * download in browser mode, a save dialog in Electron).
 */
export type ExportService = ServiceMethods<ExportMethod>;

export interface ExportServiceOptions {
  /** A folder with the fontsource packages' layout, instead of node_modules (tests, a packaged app). */
  fontsDir?: string;
  /** Who the export log names; default the operating-system account. */
  exportedBy?: () => string;
}

function refused(refusal: ExportRefusal, message: string, findings?: Finding[]): ServiceError {
  return new ServiceError({ code: 'invalid_input', message, refusal, ...(findings ? { findings } : {}) });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function osAccount(): string {
  try {
    return os.userInfo().username;
  } catch {
    return '';
  }
}

// Fonts are the same for every export of a run: read once per folder and set of faces.
const fontCache = new Map<string, PackageFonts>();

function fontsFor(article: Article, dir: string | undefined): PackageFonts {
  const kurdish = LANGUAGE_KEYS.some((lang) => isKurdish(lang) && article.versions[lang] !== undefined);
  const key = `${dir ?? ''}\u0000${kurdish}`;
  let fonts = fontCache.get(key);
  if (!fonts) {
    fonts = loadPackageFonts({ kurdish, ...(dir === undefined ? {} : { dir }) });
    fontCache.set(key, fonts);
  }
  return fonts;
}

export function createExportService(context: LibraryContext, options: ExportServiceOptions = {}): ExportService {
  const { db, library, media, exports, renditions, documents, timestamp, readArticle } = context;
  const settings = createSettingsService(library);

  function mediaOf(sha256: string): StoredImage {
    const row = media.get(sha256);
    const mime = row && (MEDIA_TYPES as readonly string[]).includes(row.mime) ? (row.mime as MediaType) : null;
    let data: Buffer | null = null;
    if (row && mime) {
      try {
        data = fs.readFileSync(mediaFilePath(library.mediaDir, sha256, mime));
      } catch (error) {
        if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      }
    }
    if (!row || !mime || !data) throw refused('media_missing', `The article shows the image ${sha256}, which is not in the library's media store. Import the image again, or remove it from the article.`);
    return { sha256, mime, width: row.width, height: row.height, data };
  }

  /** The images with their web renditions: made when they were imported (or being made now: waited for); made here only when they never were. */
  function withRenditions(stored: StoredImage[]): PackageImage[] {
    const web = renditions.webRenditionsOf(stored);
    return stored.map((image, i) => ({ ...image, web: web[i] ?? null }));
  }

  /** The states of the article's shared documents, for the package (an import merges them). */
  function documentsOf(article: Article): Map<'article' | LanguageKey, Uint8Array> {
    const states = new Map<'article' | LanguageKey, Uint8Array>();
    const state = (name: string) => {
      const found = documents.stateOf(name);
      if (!found) throw new Error(`The library has no document ${name}.`);
      return found;
    };
    states.set('article', state(articleDocName(article.id)));
    for (const lang of LANGUAGE_KEYS) if (article.versions[lang]) states.set(lang, state(versionDocName(article.id, lang)));
    return states;
  }

  return {
    checkArticle({ id }) {
      return { findings: checkArticle(readArticle(id)) };
    },

    exportArticle({ id, acceptWarnings, note, workingCopy }) {
      const article = readArticle(id);
      // A working copy goes out as it stands, at any stage: no checks, marked not for publication.
      let warnings: Finding[] = [];
      if (!workingCopy) {
        const findings = checkArticle(article);
        const errors = findings.filter((f) => f.severity === 'error');
        if (errors.length > 0) throw refused('qa_errors', `The pre-publish checks found ${plural(errors.length, 'error')}; fix them before exporting.`, errors);
        warnings = findings.filter((f) => f.severity === 'warning');
        if (warnings.length > 0 && !acceptWarnings) {
          throw refused('qa_warnings', `The pre-publish checks found ${plural(warnings.length, 'warning')}; accept them, with a note, to export anyway.`, warnings);
        }
      }

      const images = withRenditions(imagesOf(article).map(mediaOf));
      let zip: Buffer;
      try {
        zip = buildPackage({
          article,
          documents: documentsOf(article),
          images,
          fonts: fontsFor(article, options.fontsDir),
          digits: settings.getSettings({}).kurdishDigits,
          acceptance: { acceptedWarnings: warnings, note, workingCopy },
        });
      } catch (error) {
        if (error instanceof PackageTooLargeError) {
          throw refused('too_large', `The package would be ${Math.ceil(error.bytes / (1024 * 1024))} MiB; packages can be at most 200 MiB. Use smaller images.`);
        }
        throw error;
      }

      const sha256 = createHash('sha256').update(zip).digest('hex');
      const fileName = packageFileName(article.slug, workingCopy);
      const revisions = Object.fromEntries(LANGUAGE_KEYS.filter((lang) => article.versions[lang]).map((lang) => [lang, article.versions[lang]!.revision]));
      transaction(db, () => {
        exports.add(id, {
          exportedAt: timestamp(),
          exportedBy: (options.exportedBy ?? osAccount)(),
          fileName,
          bytes: zip.length,
          sha256,
          revisions,
          acceptedWarnings: warnings,
          note,
          workingCopy,
        });
      });
      return { fileName, bytes: zip.length, sha256, dataBase64: zip.toString('base64') };
    },

    listExports({ id }) {
      readArticle(id);
      return { items: exports.of(id) };
    },
  };
}

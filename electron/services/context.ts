import type { DatabaseSync } from 'node:sqlite';
import type { Article } from '../../shared/article';
import { createRenditionScheduler, type RenditionScheduler } from '../package/renditions';
import { createArticleStore, type ArticleStore } from '../store/articles';
import { createExportLog, type ExportLog } from '../store/exports';
import { createGlossaryStore, type GlossaryStore } from '../store/glossary';
import type { Library } from '../store/library';
import { createMediaStore, type MediaStore } from '../store/media';
import { SEARCH_CATCH_UP_DELAY_MS, searchIndexOf, type SearchIndex } from '../store/search-index';
import { createTranslationMemory, type TranslationMemory } from '../store/translation-memory';
import { createVersionStore, type VersionStore } from '../store/versions';
import { notFound } from './service-error';

/**
 * What the services of one open library share: the library, the clock, the
 * store's table families (statements prepared once), and the library's
 * rendition scheduler. The service table makes one per library and hands it
 * to every service.
 */
export interface LibraryContext {
  readonly library: Library;
  readonly db: DatabaseSync;
  /** The clock as an ISO string; tests pass a fake clock. */
  timestamp(): string;
  readonly articles: ArticleStore;
  readonly versions: VersionStore;
  readonly search: SearchIndex;
  readonly memory: TranslationMemory;
  readonly media: MediaStore;
  readonly glossary: GlossaryStore;
  readonly exports: ExportLog;
  readonly renditions: RenditionScheduler;
  /** The article with every version; not_found when the library has none with that id. */
  readArticle(id: string): Article;
}

export interface LibraryContextOptions {
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /**
   * Milliseconds without a save after which the search index catches up with
   * the versions saved (see SearchIndex); null: only when searching. Default
   * SEARCH_CATCH_UP_DELAY_MS.
   */
  searchCatchUpDelayMs?: number | null;
  /** The library's rendition scheduler, when the caller keeps it (tests, the bench); default a new one. */
  renditions?: RenditionScheduler;
}

export function createLibraryContext(library: Library, options: LibraryContextOptions = {}): LibraryContext {
  const { db } = library;
  const search = searchIndexOf(db);
  const memory = createTranslationMemory(db);
  const catchUpDelayMs = options.searchCatchUpDelayMs === undefined ? SEARCH_CATCH_UP_DELAY_MS : options.searchCatchUpDelayMs;
  const articles = createArticleStore(db);
  return {
    library,
    db,
    timestamp: () => (options.now ?? (() => new Date()))().toISOString(),
    articles,
    versions: createVersionStore(db, { search, memory, catchUpDelayMs }),
    search,
    memory,
    media: createMediaStore(db),
    glossary: createGlossaryStore(db),
    exports: createExportLog(db),
    renditions: options.renditions ?? createRenditionScheduler(library),
    readArticle(id) {
      const article = articles.read(id);
      if (!article) throw notFound(`No article with id ${id}.`);
      return article;
    },
  };
}

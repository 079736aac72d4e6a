import type { DatabaseSync } from 'node:sqlite';
import { MAX_REVISION, type Article } from '../../shared/article';
import { createRenditionScheduler, type RenditionScheduler } from '../package/renditions';
import { createArticleStore, type ArticleStore } from '../store/articles';
import { createExportLog, type ExportLog } from '../store/exports';
import { createGlossaryStore, type GlossaryStore } from '../store/glossary';
import type { Library } from '../store/library';
import { createMediaStore, type MediaStore } from '../store/media';
import { SEARCH_CATCH_UP_DELAY_MS, searchIndexOf, type SearchIndex } from '../store/search-index';
import { createTranslationMemory, type TranslationMemory } from '../store/translation-memory';
import { createVersionStore, RevisionLimitError, type VersionStore } from '../store/versions';
import { articleDocUpdate } from '../../shared/collab/article-doc';
import { versionDocUpdate } from '../../shared/collab/convert';
import { isLanguageKey } from '../../shared/languages';
import { createDocumentStore } from '../store/documents';
import { transaction } from '../store/database';
import { createDocumentHub, type DocumentHub } from './documents';
import { notFound } from './service-error';
import type * as Y from 'yjs';
import type { DocName } from '../../shared/collab/doc-names';
import type { GlossaryDbRow } from '../store/glossary';

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
  /** The library's shared documents: what every version's and article's saved rows are derived from. */
  readonly documents: DocumentHub;
  /** Told when the newsroom's library or glossary document changes (the newsroom sync listens). */
  onSharedDocument(listener: (name: 'library' | 'glossary', doc: Y.Doc) => void): () => void;
  /** Told after the glossary service changed entries (the newsroom sync writes them into its glossary document). */
  onGlossaryWritten(listener: (change: GlossaryWrite) => void): () => void;
  glossaryWritten(change: GlossaryWrite): void;
  /**
   * Why the newsroom lets this library only read a document (a reason of
   * shared/collab/roles.ts), or null. Edits of such a document are refused
   * here as the server would refuse them.
   */
  readOnlyReason(doc: DocName): string | null;
  /** The rule readOnlyReason follows (the newsroom sync sets it from the account's role; null: everything writable). */
  setReadOnlyRule(rule: ((doc: DocName) => string | null) | null): void;
  /** The article with every version, as derived from its documents now; not_found when the library has none with that id. */
  readArticle(id: string): Article;
}

/** Glossary entries written (their rows as stored) and removed, by the glossary service. */
export interface GlossaryWrite {
  written: readonly GlossaryDbRow[];
  removed: readonly string[];
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
  /** Milliseconds of pause in a document's edits before its rows are derived (documents.ts); null: only when read. */
  deriveAfterMs?: number | null;
}

export function createLibraryContext(library: Library, options: LibraryContextOptions = {}): LibraryContext {
  const { db } = library;
  const search = searchIndexOf(db);
  const memory = createTranslationMemory(db);
  const catchUpDelayMs = options.searchCatchUpDelayMs === undefined ? SEARCH_CATCH_UP_DELAY_MS : options.searchCatchUpDelayMs;
  const articles = createArticleStore(db);
  const versions = createVersionStore(db, { search, memory, catchUpDelayMs });
  const timestamp = () => (options.now ?? (() => new Date()))().toISOString();
  const sharedListeners = new Set<(name: 'library' | 'glossary', doc: Y.Doc) => void>();
  const glossaryListeners = new Set<(change: GlossaryWrite) => void>();
  let readOnlyRule: ((doc: DocName) => string | null) | null = null;
  const readOnlyReason = (doc: DocName) => readOnlyRule?.(doc) ?? null;
  const documents = createDocumentHub({
    store: createDocumentStore(db),
    readOnly: readOnlyReason,
    refuseEdit(parsed) {
      if (parsed.kind !== 'version') return null;
      const { revision } = versions.current(parsed.articleId, parsed.lang);
      return revision >= MAX_REVISION ? new RevisionLimitError(parsed.lang, revision).message : null;
    },
    deriveAfterMs: options.deriveAfterMs,
    articleExists: (id) => articles.row(id) !== undefined,
    isOpen: () => db.isOpen,
    derive: {
      version(articleId, lang, content) {
        return transaction(db, () => {
          const row = articles.row(articleId);
          if (!row || !isLanguageKey(row.source_lang)) return false;
          versions.write({ articleId, sourceLang: row.source_lang, lang, content, current: versions.current(articleId, lang), now: timestamp() });
          return true;
        });
      },
      article(articleId, fields) {
        const row = articles.row(articleId);
        const now = timestamp();
        if (row) {
          articles.update(articleId, fields.meta, fields.state, now);
          return;
        }
        // An article the newsroom brought: its row, under its slug (or the slug with its id, if another article here has it).
        const slug = articles.withSlug(fields.slug) === undefined ? fields.slug : `${fields.slug}-${articleId.slice(0, 8)}`;
        articles.insert({ id: articleId, slug, sourceLang: fields.sourceLang, state: fields.state, meta: fields.meta, createdAt: fields.createdAt || now, updatedAt: now, trashedAt: null });
      },
      shared(name, doc) {
        for (const listener of sharedListeners) listener(name, doc);
      },
    },
    convert(_name, parsed) {
      if (parsed.kind !== 'article' && parsed.kind !== 'version') return null;
      const article = articles.read(parsed.articleId);
      if (!article) return null;
      if (parsed.kind === 'article') return articleDocUpdate(article);
      const version = article.versions[parsed.lang];
      if (!version) return null;
      const { lang: _lang, revision: _revision, updatedAt: _updatedAt, ...content } = version;
      return versionDocUpdate(article.id, parsed.lang, content);
    },
  });
  try {
    documents.recover();
  } catch (error) {
    // A read-only or full library: its rows stay as they were until it can be written.
    console.error('[qelem documents] could not derive the edits of the last session:', error);
  }
  return {
    library,
    db,
    timestamp,
    articles,
    versions,
    search,
    memory,
    media: createMediaStore(db),
    glossary: createGlossaryStore(db),
    exports: createExportLog(db),
    renditions: options.renditions ?? createRenditionScheduler(library),
    documents,
    onSharedDocument(listener) {
      sharedListeners.add(listener);
      return () => sharedListeners.delete(listener);
    },
    onGlossaryWritten(listener) {
      glossaryListeners.add(listener);
      return () => glossaryListeners.delete(listener);
    },
    glossaryWritten(change) {
      for (const listener of glossaryListeners) listener(change);
    },
    readOnlyReason,
    setReadOnlyRule(rule) {
      readOnlyRule = rule;
    },
    readArticle(id) {
      documents.flush(id);
      const article = articles.read(id);
      if (!article) throw notFound(`No article with id ${id}.`);
      return article;
    },
  };
}

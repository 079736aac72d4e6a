import * as Y from 'yjs';
import { readArticleFields } from '../shared/collab/article-doc';
import { articleDocName } from '../shared/collab/doc-names';
import type { LanguageKey } from '../shared/languages';
import type { DocumentStorage } from './storage';

/**
 * Each article's source language as the server's own copy of `article/<id>`
 * says: the loaded document if someone has it open (it is what will be
 * stored), else the stored one. Known languages are cached; the cache is
 * kept current by `note`, called on every change to an article document
 * (all changes go through this server). An article the server has no copy
 * of has none (null), and is looked up again next time.
 *
 * With several instances, changes to an article may be made on another
 * instance: there `load` (./pins.ts) loads the article's document here and
 * keeps it loaded while its versions are open, so that it is always the
 * live document that answers, kept current by Redis.
 */
export class SourceLanguages {
  private readonly cache = new Map<string, LanguageKey>();

  constructor(
    private readonly storage: DocumentStorage,
    /** The loaded (not loading) document of that name, if any. */
    private readonly loaded: (name: string) => Y.Doc | undefined,
    private readonly maxEntries = 10_000,
    /** Loads the document of that name here and keeps it loaded (several instances). */
    private readonly load?: (name: string) => Promise<Y.Doc | undefined>,
  ) {}

  async of(articleId: string): Promise<LanguageKey | null> {
    const name = articleDocName(articleId);
    const live = this.loaded(name) ?? (this.load ? await this.load(name) : undefined);
    if (live) {
      this.note(articleId, live);
      return this.cache.get(articleId) ?? null;
    }
    const cached = this.cache.get(articleId);
    if (cached) {
      this.remember(articleId, cached);
      return cached;
    }
    const state = await this.storage.fetch(articleDocName(articleId));
    if (!state) return null;
    const doc = new Y.Doc();
    try {
      Y.applyUpdate(doc, state);
      return this.note(articleId, doc).now;
    } finally {
      doc.destroy();
    }
  }

  /** Reads the source language from an article document; says whether it differs from what was known. */
  note(articleId: string, doc: Y.Doc): { before: LanguageKey | null; now: LanguageKey | null } {
    const before = this.cache.get(articleId) ?? null;
    const now = readArticleFields(doc)?.sourceLang ?? null;
    if (now) this.remember(articleId, now);
    else this.cache.delete(articleId);
    return { before, now };
  }

  private remember(articleId: string, lang: LanguageKey): void {
    this.cache.delete(articleId);
    this.cache.set(articleId, lang);
    if (this.cache.size > this.maxEntries) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
  }
}

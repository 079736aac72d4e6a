import { randomUUID } from 'node:crypto';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/api';
import { EMPTY_META, MAX_REVISION, VersionContentSchema, type Article, type ArticleSummary, type ArticleVersion, type LeadImage, type SearchHit, type VersionContent } from '../../shared/article';
import { invalidInput } from '../../shared/errors';
import { isLanguageKey, type LanguageKey } from '../../shared/languages';
import { articleDocName, versionDocName } from '../../shared/collab/doc-names';
import { emptyVersionDocUpdate } from '../../shared/collab/convert';
import { ensureSegmentIds } from '../../shared/translation/ensure-ids';
import { writeArticleFields } from '../../shared/collab/article-doc';
import * as Y from 'yjs';
import { toArticle, type ArticleRow } from '../store/article-rows';
import { transaction } from '../store/database';
import { isEmpty, makeSnippet, searchableText, searchTerms } from '../store/search-query';
import type { LibraryContext } from './context';
import { conflict, notFound, ServiceError } from './service-error';
import type { BackupMethod, DocumentMethod, ExportMethod, NewsroomMethod, GlossaryMethod, MediaMethod, PackageImportMethod, TranslationMemoryMethod } from './service-methods';

/**
 * The library service: one function per API method, taking input already
 * parsed by the contract's schema. Failures are thrown (ServiceError for
 * expected ones); the service table turns them into result envelopes.
 */
export type LibraryService = {
  [M in Exclude<ApiMethod, 'getSettings' | 'updateSettings' | MediaMethod | TranslationMemoryMethod | GlossaryMethod | ExportMethod | PackageImportMethod | BackupMethod | DocumentMethod | NewsroomMethod>]: (input: ApiParsedInput<M>) => ApiOutput<M>;
};

export function createLibraryService(context: LibraryContext): LibraryService {
  const { db, articles, versions, search, media, documents, timestamp, readArticle } = context;

  function languageOf(row: ArticleRow): LanguageKey {
    if (!isLanguageKey(row.source_lang)) throw new Error(`Unknown language in the library: ${row.source_lang}`);
    return row.source_lang;
  }

  function requireArticle(id: string): ArticleRow {
    const row = articles.row(id);
    if (!row) throw notFound(`No article with id ${id}.`);
    return row;
  }

  function summaryOf(id: string): ArticleSummary {
    const summary = articles.summary(id);
    if (!summary) throw notFound(`No article with id ${id}.`);
    return summary;
  }

  /**
   * A lead image must be one the media store holds; its size is taken from
   * the store's record, which read it from the file, not from the caller.
   */
  function checkedLeadImage(leadImage: LeadImage | null): LeadImage | null {
    if (leadImage === null) return null;
    const size = media.get(leadImage.sha256);
    if (!size) {
      const message = `No image ${leadImage.sha256} in the library: import it first.`;
      throw new ServiceError({ code: 'invalid_input', message, issues: [{ path: 'meta.leadImage.sha256', message }] });
    }
    return { ...leadImage, width: size.width, height: size.height };
  }

  /**
   * Writes a whole version as one edit of its document: the smallest change
   * from what it holds (shared/collab/reconcile.ts), so it merges with what
   * windows typed meanwhile. A version nobody has written yet starts as every
   * machine starts it. Its rows are derived at once; the version as saved.
   */
  function writeVersionContent(id: string, lang: LanguageKey, content: VersionContent): ArticleVersion {
    if (!documents.has(versionDocName(id, lang))) documents.create(versionDocName(id, lang), emptyVersionDocUpdate(id, lang));
    // Every block gets its segment id here (an editor would have given it one), so a translation can link to it.
    const { body } = ensureSegmentIds(content.body);
    documents.editVersion(id, lang, (editor) => editor.write({ ...content, body }));
    documents.flush(id);
    const version = versions.read(id, lang);
    if (!version) throw new Error(`The ${lang} version of ${id} was not derived.`);
    return version;
  }

  /** A version at MAX_REVISION takes no further save: the next number would not fit (an imported package can claim it). */
  function refuseLastRevision(lang: LanguageKey, revision: number): void {
    if (revision < MAX_REVISION) return;
    const message = `The ${lang} version is at revision ${revision}, the highest a version can have: it cannot be saved again. Keep a copy of the text as a new article.`;
    throw new ServiceError({ code: 'invalid_input', message, issues: [{ path: 'baseRevision', message }] });
  }

  /** A readable, unique slug; the headline does not exist yet, so date plus a piece of the id. */
  function newSlug(id: string, createdAt: string): string {
    const compact = id.replaceAll('-', '');
    for (let length = 8; ; length += 4) {
      const slug = `${createdAt.slice(0, 10)}-${compact.slice(0, length)}`;
      if (articles.withSlug(slug) === undefined || length >= compact.length) return slug;
    }
  }

  return {
    createArticle({ sourceLang }): Article {
      const id = randomUUID();
      const names = [articleDocName(id), versionDocName(id, sourceLang)];
      try {
        // The article row, its documents and the rows derived from them, all or nothing.
        transaction(db, () => {
          const now = timestamp();
          const slug = newSlug(id, now);
          articles.insert({ id, slug, sourceLang, state: 'draft', meta: EMPTY_META, createdAt: now, updatedAt: now, trashedAt: null });
          // The article's document (written by this machine alone) and its source version's start.
          const doc = new Y.Doc();
          writeArticleFields(doc, { sourceLang, slug, state: 'draft', createdAt: now, meta: EMPTY_META });
          documents.create(articleDocName(id), Y.encodeStateAsUpdate(doc));
          doc.destroy();
          documents.create(versionDocName(id, sourceLang), emptyVersionDocUpdate(id, sourceLang));
          documents.flush(id);
        });
      } catch (error) {
        documents.forget(names);
        throw error;
      }
      return readArticle(id);
    },

    listArticles(query) {
      documents.flush();
      return articles.list(query);
    },

    getArticle({ id }): Article {
      return readArticle(id);
    },

    saveVersion({ id, lang, baseRevision, content }): ArticleVersion {
      const row = requireArticle(id);
      documents.flush(id);
      const current = versions.current(id, lang);
      if (baseRevision !== current.revision) throw conflict(baseRevision, current.revision);
      refuseLastRevision(lang, current.revision);
      languageOf(row);
      return writeVersionContent(id, lang, content);
    },

    updateArticle({ id, meta, state }): Article {
      const row = requireArticle(id);
      const current = toArticle(row, []);
      const patch = { ...meta };
      if (meta?.leadImage !== undefined) patch.leadImage = checkedLeadImage(meta.leadImage);
      // Field by field into the article's document, so two people changing different fields both keep theirs.
      documents.editArticle(id, (doc) => writeArticleFields(doc, { state: state ?? current.state, meta: patch }));
      return readArticle(id);
    },

    trashArticle({ id }): ArticleSummary {
      return transaction(db, () => {
        const row = requireArticle(id);
        // Trashing twice keeps the first date: the trash sorts by when it was thrown away.
        if (row.trashed_at === null) articles.setTrashed(id, timestamp());
        return summaryOf(id);
      });
    },

    restoreArticle({ id }): ArticleSummary {
      return transaction(db, () => {
        requireArticle(id);
        articles.setTrashed(id, null);
        return summaryOf(id);
      });
    },

    listRevisions({ id, lang }) {
      requireArticle(id);
      documents.flush(id);
      // A language without a version simply has no history yet.
      return versions.revisions(id, lang);
    },

    restoreRevision({ id, lang, revision, baseRevision }): ArticleVersion {
      const article = requireArticle(id);
      documents.flush(id);
      const current = versions.current(id, lang);
      if (current.revision === 0) throw notFound(`Article ${id} has no ${lang} version.`);
      const saved = versions.revisionContent(id, lang, revision);
      if (saved === undefined) throw notFound(`Revision ${revision} of the ${lang} version does not exist.`);
      if (baseRevision !== current.revision) throw conflict(baseRevision, current.revision);
      refuseLastRevision(lang, current.revision);
      // Parsed, not trusted: a revision written by an older build must still fit today's schema (a body the
      // editor cannot show is refused here, as a save of it would be).
      const parsed = VersionContentSchema.safeParse(JSON.parse(saved));
      if (!parsed.success) {
        const { issues } = invalidInput(parsed.error).error;
        throw new ServiceError({ code: 'invalid_input', message: `Revision ${revision} of the ${lang} version cannot be restored: ${issues?.[0]?.message ?? 'it is not valid content'}.`, issues });
      }
      const content = parsed.data;
      languageOf(article);
      // A new edit on top of the document, never a rewrite of its history.
      return writeVersionContent(id, lang, content);
    },

    searchArticles({ query, limit }) {
      const terms = searchTerms(query);
      if (isEmpty(terms)) return { items: [] };
      documents.flush();
      try {
        search.catchUp();
      } catch {
        // A library that cannot be written (read-only, full): search what is indexed.
      }
      const hits = search.newestMatches(terms, limit);
      const summaries = new Map(articles.summaries(hits.map((h) => h.articleId)).map((summary) => [summary.id, summary]));
      const items: SearchHit[] = hits.flatMap(({ articleId, lang }) => {
        const summary = summaries.get(articleId);
        if (!summary) return [];
        const text = versions.searchText(articleId, lang) as { headline: string; standfirst: string; dateline: string; bodyText: string };
        const snippet = makeSnippet(searchableText(text), terms);
        return [{ ...summary, matchLang: lang, snippet }];
      });
      return { items };
    },
  };
}

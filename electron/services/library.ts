import { randomUUID } from 'node:crypto';
import type { SQLInputValue } from 'node:sqlite';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../shared/api';
import {
  EMPTY_META,
  VersionContentSchema,
  emptyBody,
  type Article,
  type ArticleSummary,
  type ArticleVersion,
  type LeadImage,
  type RevisionInfo,
  type SearchHit,
  type VersionContent,
} from '../../shared/article';
import { LANGUAGE_KEYS, directionOf, isLanguageKey, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import type { TranslationProgress } from '../../shared/translation/segment';
import { transaction } from '../store/database';
import type { Library } from '../store/library';
import { headlineKeyWriter, SUMMARIES, toArticle, toSummary, toVersion, type ArticleRow, type SummaryRow, type VersionRow } from './article-rows';
import {
  SEARCH_CATCH_UP_DELAY_MS,
  foldedSearchText,
  isEmpty,
  makeSnippet,
  matchExpression,
  searchIndexOf,
  searchTerms,
  searchableText,
  type SearchTerms,
} from './search-query';
import { conflict, notFound, ServiceError } from './service-error';
import type { BackupMethod, ExportMethod, GlossaryMethod, MediaMethod, PackageImportMethod, TranslationMemoryMethod } from './service-methods';
import { createTranslationMemory } from './translation-memory';
import {
  hasFinishedLinks,
  memoryPairs,
  parseSummary,
  progressOf,
  progressSource,
  segmentsOfSummary,
  sourceSegmentsForTarget,
  summarize,
  type SegmentSummary,
} from './translation-progress';

/**
 * The library service: one function per API method, taking input already
 * parsed by the contract's schema. Failures are thrown (ServiceError for
 * expected ones); the service table turns them into result envelopes.
 */
export type LibraryService = {
  [M in Exclude<ApiMethod, 'getSettings' | 'updateSettings' | MediaMethod | TranslationMemoryMethod | GlossaryMethod | ExportMethod | PackageImportMethod | BackupMethod>]: (input: ApiParsedInput<M>) => ApiOutput<M>;
};

export interface LibraryServiceOptions {
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /**
   * Milliseconds without a save after which the search index catches up with
   * the versions saved (see SearchIndex); null: only when searching. Default
   * SEARCH_CATCH_UP_DELAY_MS.
   */
  searchCatchUpDelayMs?: number | null;
}

/**
 * JSON.stringify of the saved VersionContent (the revision row) without its
 * body: the text before and after it, key order included. The revision row
 * is written as before + the version row's body + after (see writeVersion).
 */
export function revisionJsonAround(content: VersionContent, fieldLinksJson: string): { before: string; after: string } {
  const text = JSON.stringify;
  return {
    before:
      `{"headline":${text(content.headline)},"standfirst":${text(content.standfirst)},"dateline":${text(content.dateline)},` +
      `"byline":${text(content.byline)},"leadImageCaption":${text(content.leadImageCaption)},"leadImageAlt":${text(content.leadImageAlt)},"body":`,
    after: `,"fieldLinks":${fieldLinksJson}}`,
  };
}

/** A version that matched a search, with what ordering the hits needs of its article. */
interface MatchRow {
  rowid: number;
  article_id: string | null;
  lang: string;
  updated_at: string;
  source_lang: string;
  trashed_at: string | null;
}

const MAX_ROWID = 2n ** 63n - 1n;
/** Versions checked one by one at most (step 2 of newestMatches); beyond that every match is read. */
const MAX_PROBES = 40;

const SORT_COLUMNS = { updated: 's.updated_at', created: 's.created_at' } as const;
const ORDERS = { asc: 'ASC', desc: 'DESC' } as const;

export function createLibraryService(library: Library, options: LibraryServiceOptions = {}): LibraryService {
  const { db } = library;
  const timestamp = () => (options.now ?? (() => new Date()))().toISOString();
  const searchIndex = searchIndexOf(db);
  const catchUpDelay = options.searchCatchUpDelayMs === undefined ? SEARCH_CATCH_UP_DELAY_MS : options.searchCatchUpDelayMs;

  const selectArticle = db.prepare('SELECT id, slug, source_lang, state, meta, created_at, updated_at, trashed_at FROM articles WHERE id = ?');
  const selectVersions = db.prepare(
    'SELECT lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links, revision, updated_at FROM versions WHERE article_id = ?',
  );
  const selectRevisionNumber = db.prepare('SELECT revision, search_rowid FROM versions WHERE article_id = ? AND lang = ?');
  const selectSummary = db.prepare(`SELECT * FROM ${SUMMARIES} s WHERE s.id = ?`);
  const selectSummariesOf = db.prepare(`SELECT * FROM ${SUMMARIES} s WHERE s.id IN (SELECT value FROM json_each(?))`);
  // The versions of the live articles updated at or after a time whose search row is below a rowid
  // (unary + keeps SQLite from walking the search_rowid index: the updated_at range is the small one).
  const selectNewerVersions = db.prepare(
    `SELECT v.search_rowid AS rowid, v.article_id, v.lang, a.updated_at, a.source_lang, a.trashed_at
     FROM articles a JOIN versions v ON v.article_id = a.id
     WHERE a.updated_at >= ? AND a.trashed_at IS NULL AND +v.search_rowid < ?`,
  );
  const slugTaken = db.prepare('SELECT 1 FROM articles WHERE slug = ?');
  const insertArticle = db.prepare(
    'INSERT INTO articles (id, slug, source_lang, state, meta, created_at, updated_at, trashed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
  );
  const touchArticle = db.prepare('UPDATE articles SET updated_at = ? WHERE id = ?');
  // A new version is inserted, the next revision of one updated in place (the upsert that did both
  // measured ~0.2 ms more per save of a 10,000-word version); a version keeps its search row.
  const versionColumns = [
    'headline',
    'standfirst',
    'dateline',
    'byline',
    'lead_image_caption',
    'lead_image_alt',
    'body',
    'field_links',
    'segments',
    'progress',
    'body_text',
    'revision',
    'updated_at',
    'search_rowid',
  ];
  const insertVersionRow = db.prepare(
    `INSERT INTO versions (${versionColumns.join(', ')}, article_id, lang) VALUES (${versionColumns.map(() => '?').join(', ')}, ?, ?)`,
  );
  const updateVersionRow = db.prepare(`UPDATE versions SET ${versionColumns.map((c) => `${c} = ?`).join(', ')} WHERE article_id = ? AND lang = ?`);
  // The revision row takes the body from the version row just written: the body's JSON (hundreds of
  // kilobytes for a long article) crosses from JavaScript into SQLite once, not twice.
  const insertRevision = db.prepare(
    `INSERT INTO revisions (article_id, lang, revision, content, saved_at)
     SELECT article_id, lang, revision, ? || body || ?, updated_at FROM versions WHERE article_id = ? AND lang = ?`,
  );
  const selectRevisionContent = db.prepare('SELECT content FROM revisions WHERE article_id = ? AND lang = ? AND revision = ?');
  const selectRevisions = db.prepare(
    `SELECT revision, coalesce(json_extract(content, '$.headline'), '') AS headline, saved_at
     FROM revisions WHERE article_id = ? AND lang = ? ORDER BY revision DESC`,
  );
  const updateArticleRow = db.prepare('UPDATE articles SET meta = ?, state = ?, updated_at = ? WHERE id = ?');
  const setTrashed = db.prepare('UPDATE articles SET trashed_at = ? WHERE id = ?');
  const selectMediaSize = db.prepare('SELECT width, height FROM media WHERE sha256 = ?');
  const selectSearchText = db.prepare('SELECT headline, standfirst, dateline, body_text FROM versions WHERE article_id = ? AND lang = ?');
  const selectSummaries = db.prepare('SELECT lang, segments FROM versions WHERE article_id = ?');
  const selectVersion = db.prepare(
    'SELECT lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links, revision, updated_at FROM versions WHERE article_id = ? AND lang = ?',
  );
  const updateSummary = db.prepare('UPDATE versions SET segments = ? WHERE article_id = ? AND lang = ?');
  const updateProgress = db.prepare('UPDATE versions SET progress = ? WHERE article_id = ? AND lang = ?');
  const memory = createTranslationMemory(db);
  const writeHeadlineKey = headlineKeyWriter(db);

  function languageOf(row: ArticleRow): LanguageKey {
    if (!isLanguageKey(row.source_lang)) throw new Error(`Unknown language in the library: ${row.source_lang}`);
    return row.source_lang;
  }

  function requireArticle(id: string): ArticleRow {
    const row = selectArticle.get(id) as ArticleRow | undefined;
    if (!row) throw notFound(`No article with id ${id}.`);
    return row;
  }

  function summaryOf(id: string): ArticleSummary {
    const row = selectSummary.get(id) as SummaryRow | undefined;
    if (!row) throw notFound(`No article with id ${id}.`);
    return toSummary(row);
  }

  /** The version's current revision, 0 if the version does not exist yet. */
  function currentRevision(id: string, lang: LanguageKey): { revision: number; searchRowid: number | null } {
    const row = selectRevisionNumber.get(id, lang) as { revision: number; search_rowid: number } | undefined;
    return row ? { revision: row.revision, searchRowid: row.search_rowid } : { revision: 0, searchRowid: null };
  }

  /**
   * A stored version's segments, read from its body: only where its summary
   * cannot serve (see sourceSegmentsForTarget). A body not in the editor's
   * shape has none, rather than failing the save of another version.
   */
  function parsedSegments(id: string, lang: LanguageKey): Segment[] | null {
    try {
      return segmentsOf(toVersion(selectVersion.get(id, lang) as unknown as VersionRow));
    } catch {
      return null;
    }
  }

  /**
   * The stored segment summaries of an article's versions (those `wanted`).
   * A version without one (none is worked out yet) gets it from its body,
   * once, and kept.
   */
  function storedSummaries(id: string, wanted: (lang: LanguageKey) => boolean): Map<LanguageKey, SegmentSummary[]> {
    const out = new Map<LanguageKey, SegmentSummary[]>();
    for (const row of selectSummaries.all(id) as unknown as { lang: string; segments: string }[]) {
      if (!isLanguageKey(row.lang) || !wanted(row.lang)) continue;
      let summary = parseSummary(row.segments);
      if (summary === null) {
        const segments = parsedSegments(id, row.lang);
        summary = summarize(segments ?? []);
        if (segments !== null) updateSummary.run(JSON.stringify(summary), id, row.lang);
      }
      out.set(row.lang, summary);
    }
    return out;
  }

  /**
   * Translation bookkeeping of a save of `lang`, before its row is written:
   * the translation-memory pairs it finished, its own progress (null for the
   * article's source language), and the progress of every other version
   * counted against it. Only this version is parsed; the others are known by
   * their summaries.
   */
  function translationState(id: string, sourceLang: LanguageKey, lang: LanguageKey, segments: Segment[], now: string) {
    const summary = summarize(segments);
    // This version's previous summary matters only to segments marked finished (memoryPairs): an
    // autosave of a source text or of a draft translation does not read it.
    const withPrevious = hasFinishedLinks(segments);
    const stored = storedSummaries(id, (other) => other !== lang || withPrevious);
    const previous = stored.get(lang) ?? null;
    stored.delete(lang);
    const bySegment = new Map([...stored].map(([other, entries]) => [other, new Map(entries.map((e) => [e.id, e]))]));
    memory.store(memoryPairs(lang, segments, summary, previous, bySegment), now);

    let progress: TranslationProgress | null = null;
    if (lang !== sourceLang) {
      const from = progressSource(segments, sourceLang);
      const sourceSummary = stored.get(from);
      let source: Segment[];
      if (from === lang) source = segments;
      else if (!sourceSummary) source = [];
      else source = sourceSegmentsForTarget(sourceSummary, from, segments) ?? parsedSegments(id, from) ?? [];
      progress = progressOf(from, source, segments);
    }
    for (const [other, entries] of stored) {
      if (other === sourceLang) continue;
      const target = segmentsOfSummary(entries);
      if (progressSource(target, sourceLang) !== lang) continue;
      updateProgress.run(JSON.stringify(progressOf(lang, segments, target)), id, other);
    }
    return { summary, progress };
  }

  /**
   * Writes `content` as the next revision of a version whose current state is
   * `current`: the version row (with its segment summary and progress), its
   * search row, a kept revision row, the translation memory, the other
   * versions' progress, and the article's updated_at. Call inside a
   * transaction, after the conflict check.
   */
  function writeVersion(
    id: string,
    sourceLang: LanguageKey,
    lang: LanguageKey,
    content: VersionContent,
    current: ReturnType<typeof currentRevision>,
  ): ArticleVersion {
    const now = timestamp();
    const translation = translationState(id, sourceLang, lang, segmentsOf(content), now);
    const revision = current.revision + 1;
    const bodyText = bodyToPlainText(content.body);
    let searchRowid = current.searchRowid;
    if (searchRowid === null) searchRowid = searchIndex.add(foldedSearchText({ ...content, bodyText }));
    // Still the first revision (the empty version createArticle made): little or nothing to delete, indexed now.
    else if (current.revision <= 1) searchIndex.replace(searchRowid, foldedSearchText({ ...content, bodyText }));
    else {
      searchIndex.markStale(searchRowid);
      if (catchUpDelay !== null) searchIndex.scheduleCatchUp(catchUpDelay);
    }
    // The body is serialised once; the revision's JSON is put together around it, key for key what
    // JSON.stringify of the saved content gives.
    const fieldLinksJson = JSON.stringify(content.fieldLinks);
    (current.revision === 0 ? insertVersionRow : updateVersionRow).run(
      content.headline,
      content.standfirst,
      content.dateline,
      content.byline,
      content.leadImageCaption,
      content.leadImageAlt,
      JSON.stringify(content.body),
      fieldLinksJson,
      JSON.stringify(translation.summary),
      translation.progress === null ? null : JSON.stringify(translation.progress),
      bodyText,
      revision,
      now,
      searchRowid,
      id,
      lang,
    );
    const { before, after } = revisionJsonAround(content, fieldLinksJson);
    insertRevision.run(before, after, id, lang);
    touchArticle.run(now, id);
    writeHeadlineKey(id);
    return {
      lang,
      headline: content.headline,
      standfirst: content.standfirst,
      dateline: content.dateline,
      byline: content.byline,
      leadImageCaption: content.leadImageCaption,
      leadImageAlt: content.leadImageAlt,
      body: content.body,
      fieldLinks: content.fieldLinks,
      revision,
      updatedAt: now,
    };
  }

  /**
   * The `limit` articles with a version matching every term, newest first
   * (articles.updated_at, then id), each with the version that matched: its
   * source version if that one matches, else the first in language-table order.
   *
   * Exact, without visiting every match: a common pair of Kurdish words
   * matches a third of a 10,000-article library, and joining and ordering all
   * of those cost 60–90 ms (npm run bench). FTS5 walks its matches in rowid
   * order and can stop anywhere, and rowids follow the order versions were
   * written in (see SearchIndex), so:
   * 1. The newest matching rows are read from the index in batches, until
   *    they name `limit` live articles (or the matches run out: then every
   *    match is known).
   * 2. Every match not read yet has a rowid below the last one read. It can
   *    only belong in the page if its article is at least as new as the page's
   *    last article; those articles are few (an index range on updated_at), and
   *    each of their versions with a lower rowid is checked against the index
   *    by rowid. Only when there are many (old articles touched lately en
   *    masse) does the search read every match instead.
   */
  function newestMatches(terms: SearchTerms, limit: number): { articleId: string; lang: LanguageKey }[] {
    const where = 'search_index MATCH ?';
    const params: SQLInputValue[] = [matchExpression(terms)];
    // rowid bounds are bound as BigInt: FTS5 ignores a rowid = constraint bound as a double
    // (which node:sqlite makes of every JS number) when there is a MATCH.
    const scan = db.prepare(
      `SELECT s.rowid AS rowid, v.article_id, v.lang, a.updated_at, a.source_lang, a.trashed_at
       FROM (SELECT rowid FROM search_index WHERE ${where} AND rowid > 0 AND rowid < ? ORDER BY rowid DESC LIMIT ?) s
       LEFT JOIN versions v ON v.search_rowid = s.rowid
       LEFT JOIN articles a ON a.id = v.article_id`,
    );
    const probe = db.prepare(`SELECT 1 FROM search_index WHERE ${where} AND rowid = ?`);

    const found = new Map<string, { updatedAt: string; sourceLang: string; langs: Set<LanguageKey> }>();
    const add = (row: MatchRow) => {
      if (row.article_id === null || row.trashed_at !== null || !isLanguageKey(row.lang)) return;
      const entry = found.get(row.article_id);
      if (entry) entry.langs.add(row.lang);
      else found.set(row.article_id, { updatedAt: row.updated_at, sourceLang: row.source_lang, langs: new Set([row.lang]) });
    };
    // Rows at or above `below` have been read.
    let below = MAX_ROWID;
    let complete = false;
    for (let batch = 2 * limit + 16; ; batch *= 2) {
      const rows = scan.all(...params, below, batch) as unknown as MatchRow[];
      for (const row of rows) {
        add(row);
        if (BigInt(row.rowid) < below) below = BigInt(row.rowid);
      }
      if (rows.length < batch) complete = true;
      if (complete || found.size >= limit) break;
    }
    const newest = () => [...found].sort(([idA, a], [idB, b]) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : idA < idB ? -1 : idA > idB ? 1 : 0));
    if (!complete) {
      const last = (newest()[limit - 1] as [string, { updatedAt: string }])[1].updatedAt;
      const unread = selectNewerVersions.all(last, below) as unknown as MatchRow[];
      if (unread.length > MAX_PROBES) {
        for (const row of scan.all(...params, below, -1) as unknown as MatchRow[]) add(row);
      } else {
        for (const row of unread) if (probe.get(...params, BigInt(row.rowid))) add(row);
      }
    }
    return newest()
      .slice(0, limit)
      .map(([articleId, { sourceLang, langs }]) => ({
        articleId,
        lang: isLanguageKey(sourceLang) && langs.has(sourceLang) ? sourceLang : (LANGUAGE_KEYS.find((key) => langs.has(key)) as LanguageKey),
      }));
  }

  /**
   * A lead image must be one the media store holds; its size is taken from
   * the store's record, which read it from the file, not from the caller.
   */
  function checkedLeadImage(leadImage: LeadImage | null): LeadImage | null {
    if (leadImage === null) return null;
    const size = selectMediaSize.get(leadImage.sha256) as { width: number; height: number } | undefined;
    if (!size) {
      const message = `No image ${leadImage.sha256} in the library: import it first.`;
      throw new ServiceError({ code: 'invalid_input', message, issues: [{ path: 'meta.leadImage.sha256', message }] });
    }
    return { ...leadImage, width: size.width, height: size.height };
  }

  /** A readable, unique slug; the headline does not exist yet, so date plus a piece of the id. */
  function newSlug(id: string, createdAt: string): string {
    const compact = id.replaceAll('-', '');
    for (let length = 8; ; length += 4) {
      const slug = `${createdAt.slice(0, 10)}-${compact.slice(0, length)}`;
      if (!slugTaken.get(slug) || length >= compact.length) return slug;
    }
  }

  return {
    createArticle({ sourceLang }): Article {
      return transaction(db, () => {
        const id = randomUUID();
        const now = timestamp();
        insertArticle.run(id, newSlug(id, now), sourceLang, 'draft', JSON.stringify(EMPTY_META), now, now);
        const empty: VersionContent = {
          headline: '',
          standfirst: '',
          dateline: '',
          byline: '',
          leadImageCaption: '',
          leadImageAlt: '',
          body: emptyBody(directionOf(sourceLang)),
          fieldLinks: {},
        };
        writeVersion(id, sourceLang, sourceLang, empty, { revision: 0, searchRowid: null });
        return toArticle(requireArticle(id), selectVersions.all(id) as unknown as VersionRow[]);
      });
    },

    listArticles({ sort, order, offset, limit, trashed }) {
      const where = trashed ? 's.trashed_at IS NOT NULL' : 's.trashed_at IS NULL';
      const direction = ORDERS[order];
      let rows: SummaryRow[];
      if (sort === 'headline') {
        // By the shown headline's sort key (Kurdish alphabet, English as English, stored with each save), untitled
        // last whichever the direction. The page's ids from the articles table alone, then their summaries:
        // summarising every article to sort them by its headline cost about 100 ms on 10,000 articles.
        const ids = (
          db
            .prepare(`SELECT s.id FROM articles s WHERE ${where} ORDER BY (s.headline_key = '') ASC, s.headline_key ${direction}, s.id ${direction} LIMIT ? OFFSET ?`)
            .all(limit, offset) as { id: string }[]
        ).map((row) => row.id);
        const byId = new Map((selectSummariesOf.all(JSON.stringify(ids)) as unknown as SummaryRow[]).map((row) => [row.id, row]));
        rows = ids.flatMap((id) => byId.get(id) ?? []);
      } else {
        rows = db
          .prepare(`SELECT * FROM ${SUMMARIES} s WHERE ${where} ORDER BY ${SORT_COLUMNS[sort]} ${direction}, s.id ${direction} LIMIT ? OFFSET ?`)
          .all(limit, offset) as unknown as SummaryRow[];
      }
      const total = (db.prepare(`SELECT count(*) AS n FROM articles s WHERE ${where}`).get() as { n: number }).n;
      return { items: rows.map(toSummary), total };
    },

    getArticle({ id }): Article {
      const row = requireArticle(id);
      return toArticle(row, selectVersions.all(id) as unknown as VersionRow[]);
    },

    saveVersion({ id, lang, baseRevision, content }): ArticleVersion {
      return transaction(db, () => {
        const row = requireArticle(id);
        const current = currentRevision(id, lang);
        if (baseRevision !== current.revision) throw conflict(baseRevision, current.revision);
        return writeVersion(id, languageOf(row), lang, content, current);
      });
    },

    updateArticle({ id, meta, state }): Article {
      return transaction(db, () => {
        const row = requireArticle(id);
        const current = toArticle(row, []);
        const nextMeta = { ...current.meta, ...meta };
        if (meta?.leadImage !== undefined) nextMeta.leadImage = checkedLeadImage(meta.leadImage);
        updateArticleRow.run(JSON.stringify(nextMeta), state ?? current.state, timestamp(), id);
        return toArticle(requireArticle(id), selectVersions.all(id) as unknown as VersionRow[]);
      });
    },

    trashArticle({ id }): ArticleSummary {
      return transaction(db, () => {
        const row = requireArticle(id);
        // Trashing twice keeps the first date: the trash sorts by when it was thrown away.
        if (row.trashed_at === null) setTrashed.run(timestamp(), id);
        return summaryOf(id);
      });
    },

    restoreArticle({ id }): ArticleSummary {
      return transaction(db, () => {
        requireArticle(id);
        setTrashed.run(null, id);
        return summaryOf(id);
      });
    },

    listRevisions({ id, lang }): RevisionInfo[] {
      requireArticle(id);
      // A language without a version simply has no history yet.
      const rows = selectRevisions.all(id, lang) as unknown as { revision: number; headline: string; saved_at: string }[];
      return rows.map((r) => ({ revision: r.revision, headline: String(r.headline), savedAt: r.saved_at }));
    },

    restoreRevision({ id, lang, revision, baseRevision }): ArticleVersion {
      return transaction(db, () => {
        const article = requireArticle(id);
        const current = currentRevision(id, lang);
        if (current.revision === 0) throw notFound(`Article ${id} has no ${lang} version.`);
        const row = selectRevisionContent.get(id, lang, revision) as { content: string } | undefined;
        if (!row) throw notFound(`Revision ${revision} of the ${lang} version does not exist.`);
        if (baseRevision !== current.revision) throw conflict(baseRevision, current.revision);
        // Parsed, not trusted: a revision written by an older build must still fit today's schema.
        const content = VersionContentSchema.parse(JSON.parse(row.content));
        return writeVersion(id, languageOf(article), lang, content, current);
      });
    },

    searchArticles({ query, limit }) {
      const terms = searchTerms(query);
      if (isEmpty(terms)) return { items: [] };
      try {
        searchIndex.catchUp();
      } catch {
        // A library that cannot be written (read-only, full): search what is indexed.
      }
      const hits = newestMatches(terms, limit);
      const summaries = new Map(
        (selectSummariesOf.all(JSON.stringify(hits.map((h) => h.articleId))) as unknown as SummaryRow[]).map((row) => [row.id, toSummary(row)]),
      );
      const items: SearchHit[] = hits.flatMap(({ articleId, lang }) => {
        const summary = summaries.get(articleId);
        if (!summary) return [];
        const text = selectSearchText.get(articleId, lang) as { headline: string; standfirst: string; dateline: string; body_text: string };
        const snippet = makeSnippet(searchableText({ ...text, bodyText: text.body_text }), terms);
        return [{ ...summary, matchLang: lang, snippet }];
      });
      return { items };
    },
  };
}

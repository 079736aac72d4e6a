import type { DatabaseSync } from 'node:sqlite';
import { MAX_REVISION, type ArticleVersion, type RevisionInfo, type VersionContent } from '../../shared/article';
import { isLanguageKey, type LanguageKey } from '../../shared/languages';
import { bodyToPlainText } from '../../shared/render/plain-text';
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
  type VersionTranslationState,
} from '../../shared/translation/progress';
import type { TranslationProgress } from '../../shared/translation/segment';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { headlineKeyWriter, toVersion, type VersionRow } from './article-rows';
import { transaction } from './database';
import type { SearchIndex } from './search-index';
import { foldedSearchText } from './search-query';
import type { TranslationMemory } from './translation-memory';

/**
 * The versions and revisions tables: the one writer of a version (version
 * row, kept revision row, search row, segment summary, translation-memory
 * pairs, the progress of the article's other versions, the article's
 * headline sort key) and what is read of
 * versions and revisions on their own.
 */
export interface VersionStore {
  /** The version's current revision (0 if the version does not exist yet) and its search row. */
  current(id: string, lang: LanguageKey): StoredRevision;
  /**
   * Writes a version (see VersionWrite) in one transaction: the caller's when
   * it has one, as a save does, which reads `current` and checks it against
   * its base revision inside that same transaction first.
   */
  write(version: VersionWrite): ArticleVersion;
  /** The kept revisions of a version, newest first, each with its headline. */
  revisions(id: string, lang: LanguageKey): RevisionInfo[];
  /** The VersionContent JSON of a kept revision. */
  revisionContent(id: string, lang: LanguageKey, revision: number): string | undefined;
  /** One version as saved; undefined when the article has none in that language. */
  read(id: string, lang: LanguageKey): ArticleVersion | undefined;
  /** A version's searchable text fields, as the search row was made of them. */
  searchText(id: string, lang: LanguageKey): { headline: string; standfirst: string; dateline: string; bodyText: string } | undefined;
}

/**
 * A version at MAX_REVISION cannot take another revision (and none is ever
 * written above it): the number would no longer be exact everywhere it is
 * read (issue 18 §2). Nothing is written.
 */
export class RevisionLimitError extends Error {
  constructor(
    readonly lang: LanguageKey,
    readonly revision: number,
  ) {
    super(`The ${lang} version is at revision ${revision}, the highest a version can have: it cannot be saved again.`);
    this.name = 'RevisionLimitError';
  }
}

export interface StoredRevision {
  revision: number;
  searchRowid: number | null;
}

export interface VersionWrite {
  articleId: string;
  /** The article's source language (progress is null for its version). */
  sourceLang: LanguageKey;
  lang: LanguageKey;
  content: VersionContent;
  /** The version as stored now (current(); { revision: 0, searchRowid: null }: it does not exist yet). */
  current: StoredRevision;
  /** The clock: the date of the revision, of the article's change and of the memory pairs. */
  now: string;
  /**
   * A version brought in whole (package import), written as it was: its own
   * revision number and date, its translation state worked out with the
   * article's other versions (articleTranslationState; null when its body
   * could not be read), the article's row left as written. Absent: a save,
   * the next revision at `now`, its translation state worked out against the
   * other versions' stored summaries.
   */
  imported?: { revision: number; updatedAt: string; translation: VersionTranslationState | null };
}

export interface VersionStoreOptions {
  search: SearchIndex;
  memory: TranslationMemory;
  /** Milliseconds without a save after which the search index catches up (see SearchIndex); null: only when searching. */
  catchUpDelayMs: number | null;
}

/**
 * JSON.stringify of the saved VersionContent (the revision row) without its
 * body: the text before and after it, key order included. The revision row
 * is written as before + the version row's body + after (see write).
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

export function createVersionStore(db: DatabaseSync, options: VersionStoreOptions): VersionStore {
  const { search, memory, catchUpDelayMs } = options;
  const selectRevisionNumber = db.prepare('SELECT revision, search_rowid FROM versions WHERE article_id = ? AND lang = ?');
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
  const selectSearchText = db.prepare('SELECT headline, standfirst, dateline, body_text FROM versions WHERE article_id = ? AND lang = ?');
  const selectSummaries = db.prepare('SELECT lang, segments FROM versions WHERE article_id = ?');
  const selectVersion = db.prepare(
    'SELECT lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links, revision, updated_at FROM versions WHERE article_id = ? AND lang = ?',
  );
  const updateSummary = db.prepare('UPDATE versions SET segments = ? WHERE article_id = ? AND lang = ?');
  const updateProgress = db.prepare('UPDATE versions SET progress = ? WHERE article_id = ? AND lang = ?');
  const writeHeadlineKey = headlineKeyWriter(db);

  function current(id: string, lang: LanguageKey): StoredRevision {
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
   * Writes `content` as a revision of a version whose current state is
   * `current`: its translation state (the translation memory, the other
   * versions' progress), its search row, the version row (with its segment
   * summary and progress), a kept revision row, the article's headline sort
   * key and, for a save, the article's updated_at.
   */
  function write({ articleId: id, sourceLang, lang, content, current, now, imported }: VersionWrite): ArticleVersion {
    // Every revision number is numbered here (saves, restores, derivations from documents, imports): none past the last.
    const next = imported ? imported.revision : current.revision + 1;
    if (!Number.isSafeInteger(next) || next < 1 || next > MAX_REVISION) throw new RevisionLimitError(lang, imported ? next : current.revision);
    return transaction(db, () => {
      let translation: { summary: SegmentSummary[] | null; progress: TranslationProgress | null };
      if (imported) {
        translation = imported.translation ?? { summary: null, progress: null };
        if (imported.translation) memory.store(imported.translation.pairs, now);
      } else {
        translation = translationState(id, sourceLang, lang, segmentsOf(content), now);
      }
      const revision = next;
      const updatedAt = imported ? imported.updatedAt : now;
      const bodyText = bodyToPlainText(content.body);
      let searchRowid = current.searchRowid;
      if (searchRowid === null) searchRowid = search.add(foldedSearchText({ ...content, bodyText }));
      // Still the first revision (the empty version createArticle made): little or nothing to delete, indexed now.
      else if (current.revision <= 1) search.replace(searchRowid, foldedSearchText({ ...content, bodyText }));
      else {
        search.markStale(searchRowid);
        if (catchUpDelayMs !== null) search.scheduleCatchUp(catchUpDelayMs);
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
        // '[]': no summary yet (an imported body not in the editor's shape), worked out at its next save.
        translation.summary === null ? '[]' : JSON.stringify(translation.summary),
        translation.progress === null ? null : JSON.stringify(translation.progress),
        bodyText,
        revision,
        updatedAt,
        searchRowid,
        id,
        lang,
      );
      const { before, after } = revisionJsonAround(content, fieldLinksJson);
      insertRevision.run(before, after, id, lang);
      if (!imported) touchArticle.run(now, id);
      // The headline the article shows may be this version's now (or no longer): its sort key follows.
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
        updatedAt,
      };
    });
  }

  return {
    current,
    write,

    revisions(id, lang) {
      const rows = selectRevisions.all(id, lang) as unknown as { revision: number; headline: string; saved_at: string }[];
      return rows.map((r) => ({ revision: r.revision, headline: String(r.headline), savedAt: r.saved_at }));
    },

    revisionContent(id, lang, revision) {
      return (selectRevisionContent.get(id, lang, revision) as { content: string } | undefined)?.content;
    },

    read(id, lang) {
      const row = selectVersion.get(id, lang) as unknown as VersionRow | undefined;
      return row && toVersion(row);
    },
    searchText(id, lang) {
      const row = selectSearchText.get(id, lang) as { headline: string; standfirst: string; dateline: string; body_text: string } | undefined;
      return row && { headline: row.headline, standfirst: row.standfirst, dateline: row.dateline, bodyText: row.body_text };
    },
  };
}

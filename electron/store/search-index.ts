import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { LANGUAGE_KEYS, isLanguageKey, type LanguageKey } from '../../shared/languages';
import { transaction } from './database';
import { foldedSearchText, matchExpression, type SearchTerms } from './search-query';

/** How long after the last save the index catches up on its own (a search catches up first anyway). */
export const SEARCH_CATCH_UP_DELAY_MS = 2_000;

/**
 * The full-text index of the versions. A save of an existing version does
 * not re-index it at once: re-indexing a long body in the trigram index (the
 * old row's trigrams deleted, the new row's added, both written at commit)
 * was three quarters of an autosave of a 10,000-word version (npm run bench).
 * The save marks the version's row stale instead, in its own transaction, and
 * the index catches up later, in one transaction: before every search (so a
 * search always sees every saved text) and on a pause in saving. A version
 * saved many times between two catch-ups is re-indexed once.
 *
 * The mark is a row of search_index itself at rowid −R, R being the stale
 * version's search_rowid, with empty text (no trigrams: cheap to write and
 * invisible to MATCH). It is written with the save, so a crash after the save
 * leaves the mark, and the next catch-up finds it (rowid < 0, a range scan):
 * no schema change, nothing kept only in memory.
 *
 * A catch-up gives each re-indexed version a new search row (new rowid, the
 * highest so far, in the order of the saves), so the index's rowid order
 * follows the order in which versions were last written; search relies on
 * that to stop early (see newestMatches), never for correctness.
 */
export interface SearchIndex {
  /** Indexes a new version's text now; returns its search_rowid. */
  add(folded: string): number;
  /** Replaces a version's indexed text now. */
  replace(searchRowid: number, folded: string): void;
  /** Marks a version's search row stale: re-indexed at the next catch-up. Inside the save's transaction. */
  markStale(searchRowid: number): void;
  /** Re-indexes every version marked stale, in one transaction. Returns how many rows were re-indexed. */
  catchUp(): number;
  /** Catches up after `delayMs` without another save (a timer that does not keep the process alive). */
  scheduleCatchUp(delayMs: number): void;
  /** The `limit` newest live articles with a version matching every term, each with the version that matched (see newestMatches). */
  newestMatches(terms: SearchTerms, limit: number): { articleId: string; lang: LanguageKey }[];
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

const indexes = new WeakMap<DatabaseSync, SearchIndex>();

/** The index of a connection: one per connection, so every service on it shares the catch-up timer. */
export function searchIndexOf(db: DatabaseSync): SearchIndex {
  let index = indexes.get(db);
  if (!index) indexes.set(db, (index = createSearchIndex(db)));
  return index;
}

interface StaleVersion {
  search_rowid: number;
  headline: string;
  standfirst: string;
  dateline: string;
  body_text: string;
  updated_at: string;
}

function createSearchIndex(db: DatabaseSync): SearchIndex {
  const insertRow = db.prepare('INSERT INTO search_index (folded) VALUES (?)');
  const updateRow = db.prepare('UPDATE search_index SET folded = ? WHERE rowid = ?');
  const deleteRow = db.prepare('DELETE FROM search_index WHERE rowid = ?');
  const selectRow = db.prepare('SELECT folded FROM search_index WHERE rowid = ?');
  const insertMark = db.prepare("INSERT INTO search_index (rowid, folded) VALUES (?, '')");
  const selectMarks = db.prepare('SELECT rowid FROM search_index WHERE rowid < 0');
  const selectStale = db.prepare('SELECT search_rowid, headline, standfirst, dateline, body_text, updated_at FROM versions WHERE search_rowid = ?');
  const moveVersion = db.prepare('UPDATE versions SET search_rowid = ? WHERE search_rowid = ?');
  // The versions of the live articles updated at or after a time whose search row is below a rowid
  // (unary + keeps SQLite from walking the search_rowid index: the updated_at range is the small one).
  const selectNewerVersions = db.prepare(
    `SELECT v.search_rowid AS rowid, v.article_id, v.lang, a.updated_at, a.source_lang, a.trashed_at
     FROM articles a JOIN versions v ON v.article_id = a.id
     WHERE a.updated_at >= ? AND a.trashed_at IS NULL AND +v.search_rowid < ?`,
  );
  let timer: ReturnType<typeof setTimeout> | null = null;

  function catchUp(): number {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const marks = (selectMarks.all() as { rowid: number }[]).map((m) => m.rowid);
    if (marks.length === 0) return 0;
    return transaction(db, () => {
      const stale = marks.flatMap((mark) => {
        const version = selectStale.get(-mark) as StaleVersion | undefined;
        return version ? [version] : [];
      });
      // Oldest save first: new rowids then follow the order of the saves.
      stale.sort((a, b) => (a.updated_at < b.updated_at ? -1 : a.updated_at > b.updated_at ? 1 : a.search_rowid - b.search_rowid));
      let reindexed = 0;
      for (const version of stale) {
        const folded = foldedSearchText({ ...version, bodyText: version.body_text });
        const indexed = selectRow.get(version.search_rowid) as { folded: string } | undefined;
        // Same text (a save that changed only links or formatting): nothing to re-tokenise.
        if (indexed?.folded === folded) continue;
        // Inserted before the old row goes: a new rowid is one above the highest, which must not be a mark's (below 0).
        const rowid = insertRow.run(folded).lastInsertRowid;
        deleteRow.run(version.search_rowid);
        moveVersion.run(rowid, version.search_rowid);
        reindexed++;
      }
      for (const mark of marks) deleteRow.run(mark);
      return reindexed;
    });
  }

  function scheduleCatchUp(delayMs: number): void {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      // Never on a closed library, never inside someone else's transaction (then later).
      if (!db.isOpen) return;
      if (db.isTransaction) return scheduleCatchUp(delayMs);
      try {
        catchUp();
      } catch {
        // A full disk or another writer's lock: the marks stay, and the next search catches up first.
      }
    }, delayMs);
    timer.unref();
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

  return {
    add: (folded) => Number(insertRow.run(folded).lastInsertRowid),
    replace: (searchRowid, folded) => void updateRow.run(folded, searchRowid),
    markStale(searchRowid) {
      if (!selectRow.get(-searchRowid)) insertMark.run(-searchRowid);
    },
    catchUp,
    scheduleCatchUp,
    newestMatches,
  };
}

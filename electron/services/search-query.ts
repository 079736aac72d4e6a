import type { DatabaseSync } from 'node:sqlite';
import { foldForSearch } from '../../shared/text/search-fold';
import { parseSearchQuery, searchWords, versionIndexText, wordsText, type SearchableParts, type SearchNeedle } from '../../shared/text/search-text';
import { transaction } from '../store/database';

export { searchableText } from '../../shared/text/search-text';

/**
 * A query as needles that must all occur (see shared/text/search-text.ts for
 * what matches what). Every needle is at least three characters long as the
 * index row holds it (a short word has a space on each side), so the trigram
 * index finds all of them: there is no scan.
 */
export interface SearchTerms {
  readonly needles: readonly SearchNeedle[];
}

export function searchTerms(query: string): SearchTerms {
  return { needles: parseSearchQuery(query) };
}

export function isEmpty(terms: SearchTerms): boolean {
  return terms.needles.length === 0;
}

/**
 * An FTS5 MATCH expression: every needle's strings as quoted phrases (so no
 * character of the query is FTS syntax), its variants joined by OR, the
 * needles by AND. The trigram tokenizer makes a quoted phrase a substring match.
 */
export function matchExpression(terms: SearchTerms): string {
  const quoted = (s: string) => `"${s.replaceAll('"', '""')}"`;
  return terms.needles.map((n) => (n.strings.length === 1 ? quoted(n.strings[0]!) : `(${n.strings.map(quoted).join(' OR ')})`)).join(' AND ');
}

const SNIPPET_BEFORE = 40;
const SNIPPET_LENGTH = 160;

/**
 * A short excerpt of `text` around the first word where a needle starts, in
 * the original spelling. The index holds folded text whose offsets do not map
 * back to the original, so the match is found again by folding line by line,
 * then word by word inside the matching line (folding every word of a long
 * body for every hit was too slow). If no line holds a needle, the excerpt
 * starts at the beginning of the text.
 */
export function makeSnippet(text: string, terms: SearchTerms): string {
  const at = locate(text, terms.needles);
  const from = wordStartAfter(text, at - SNIPPET_BEFORE, at);
  const to = wordEndBefore(text, from + SNIPPET_LENGTH, at);
  const excerpt = text.slice(from, to).replace(/\s+/gu, ' ').trim();
  return `${from > 0 ? '… ' : ''}${excerpt}${to < text.trimEnd().length ? ' …' : ''}`;
}

/** A test of one search word: could a needle's match start in it? (Its first word whole, or inside it.) */
function startsIn(n: SearchNeedle): (word: string) => boolean {
  const first = n.words[0]!;
  if (n.strings[0]!.startsWith(' ')) return (word) => word === first;
  // One word: its strings are its spellings. A phrase's first word: itself, or with ڕ for ر.
  const forms = n.words.length === 1 ? n.strings : [first, first.startsWith('\u0631') ? `\u0695${first.slice(1)}` : first];
  return (word) => forms.some((form) => word.includes(form));
}

/** A part of a needle every folded line holding it holds too (its longest word without the ends that have variants). */
function coreOf(n: SearchNeedle): string {
  const longest = n.words.reduce((a, b) => (b.length > a.length ? b : a));
  return longest.length >= 3 ? longest.slice(1, -1) : '';
}

const TOKEN = /\S+/gu;

function locate(text: string, needles: readonly SearchNeedle[]): number {
  const starts = needles.map(startsIn);
  const cores = needles.map(coreOf);
  const holds = (folded: string) => searchWords(folded).some((word) => starts.some((test) => test(word)));
  for (const line of text.matchAll(/[^\n]+/gu)) {
    const folded = foldForSearch(line[0]);
    // Most lines lack the needles: a plain includes rules them out before they are reduced to words.
    if (!cores.some((core) => folded.includes(core))) continue;
    const row = wordsText(folded);
    if (!needles.some((n) => n.strings.some((s) => row.includes(s)))) continue;
    const tokens = [...line[0].matchAll(TOKEN)];
    // The fold keeps the spaces between written words, so the folded line's words are the written ones, in order
    // (unless one folded to nothing or a ligature to several: then each written word is folded on its own).
    const foldedTokens = folded.split(' ');
    if (foldedTokens.length === tokens.length) {
      const at = foldedTokens.findIndex(holds);
      return line.index + (at < 0 ? 0 : tokens[at]!.index);
    }
    // One written word may be several search words (ئەمڕۆ.دوێنێ).
    for (const token of tokens) if (holds(foldForSearch(token[0]))) return line.index + token.index;
    return line.index;
  }
  return 0;
}

/** The first word start at or after `position` (but not after `limit`); 0 for a position before the text. */
function wordStartAfter(text: string, position: number, limit: number): number {
  if (position <= 0) return 0;
  const space = text.slice(position, limit).search(/\s/u);
  return space < 0 ? limit : notInsideSurrogatePair(text, position + space + 1);
}

/** The last word end at or before `position` (but not before the word at `minimum`); text end if it is within reach. */
function wordEndBefore(text: string, position: number, minimum: number): number {
  if (position >= text.length) return text.length;
  const before = text.slice(minimum, position);
  const lastSpace = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\n'), before.lastIndexOf('\t'));
  // One enormous "word" (glued text, a pasted URL) is cut rather than shown whole.
  return lastSpace > 0 ? minimum + lastSpace : notInsideSurrogatePair(text, position);
}

function notInsideSurrogatePair(text: string, index: number): number {
  const unit = text.charCodeAt(index);
  return unit >= 0xdc00 && unit <= 0xdfff ? index + 1 : index;
}

// ---------------------------------------------------------------------------
// Keeping search_index up to date.

/** The text a version's search row holds: its searchable fields, folded and reduced to words. */
export function foldedSearchText(parts: SearchableParts): string {
  return versionIndexText(parts);
}

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
 * that to stop early (see newestMatches in library.ts), never for correctness.
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
}

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

  return {
    add: (folded) => Number(insertRow.run(folded).lastInsertRowid),
    replace: (searchRowid, folded) => void updateRow.run(folded, searchRowid),
    markStale(searchRowid) {
      if (!selectRow.get(-searchRowid)) insertMark.run(-searchRowid);
    },
    catchUp,
    scheduleCatchUp,
  };
}

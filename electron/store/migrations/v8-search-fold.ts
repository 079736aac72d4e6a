import type { DatabaseSync } from 'node:sqlite';
import { foldForSearch } from '../../../shared/text/search-fold';
import { versionIndexText } from '../../../shared/text/search-text';
import { sortKey } from '../../../shared/text/sort-key';
import { wordKey, wordsOfFolded } from '../../../shared/translation/tm-score';
import type { Migration } from './migration';

export const kurdishSearchFold: Migration = {
  version: 8,
  description: 'Kurdish search and order: every search row, glossary fold and memory source folded again; headline sort keys',
  // The search fold changed (final ه is ە, initial ڕ is ر, month spellings, rows of words): the index is
  // rebuilt from the versions' text, with the same rowids (stale marks go: every row is fresh).
  // articles.headline_key: sortKey of the headline the article shows ('' for none), so a sort by headline
  // follows the Kurdish alphabet and reads one table.
  sql: `
    DROP TABLE search_index;
    CREATE VIRTUAL TABLE search_index USING fts5 (folded, tokenize = 'trigram');
    ALTER TABLE articles ADD COLUMN headline_key TEXT NOT NULL DEFAULT '';
  `,
  data: refoldForKurdishSearch,
};

/**
 * Migration 8's data: everything stored folded by foldForSearch, folded again
 * (search rows, glossary *_fold, translation-memory sources with their word
 * keys), and the headline sort keys. Uses only shared code and the database:
 * what it does stays what it did, whatever the store's code becomes.
 */
function refoldForKurdishSearch(db: DatabaseSync): void {
  const versions = db.prepare('SELECT headline, standfirst, dateline, body_text, search_rowid FROM versions ORDER BY search_rowid').all() as {
    headline: string;
    standfirst: string;
    dateline: string;
    body_text: string;
    search_rowid: number;
  }[];
  const insertRow = db.prepare('INSERT INTO search_index (rowid, folded) VALUES (?, ?)');
  for (const v of versions) insertRow.run(v.search_rowid, versionIndexText({ ...v, bodyText: v.body_text }));

  // The headline an article shows, as the summaries of schema 8 pick it: the source version's if it has one,
  // else the first non-empty one in language order (en, ckb, kmr), else the (empty) source headline.
  const shown = db.prepare(
    `SELECT a.id, coalesce((
       SELECT v.headline FROM versions v WHERE v.article_id = a.id
       ORDER BY (v.lang = a.source_lang AND v.headline <> '') DESC, (v.headline <> '') DESC, (v.lang = a.source_lang) DESC,
         CASE v.lang WHEN 'en' THEN 0 WHEN 'ckb' THEN 1 WHEN 'kmr' THEN 2 ELSE 3 END
       LIMIT 1), '') AS headline
     FROM articles a`,
  );
  const setKey = db.prepare('UPDATE articles SET headline_key = ? WHERE id = ?');
  for (const article of shown.all() as { id: string; headline: string }[]) setKey.run(article.headline === '' ? '' : sortKey(article.headline) || '\u0001', article.id);

  const setGlossaryFolds = db.prepare('UPDATE glossary SET en_fold = ?, ckb_fold = ?, kmr_fold = ? WHERE id = ?');
  for (const term of db.prepare('SELECT id, en, ckb, kmr FROM glossary').all() as { id: string; en: string; ckb: string; kmr: string }[]) {
    setGlossaryFolds.run(foldForSearch(term.en), foldForSearch(term.ckb), foldForSearch(term.kmr), term.id);
  }

  refoldTranslationMemory(db);
}

/**
 * Folds every memory pair's source again. A pair whose fold changed gets its
 * postings and key counts again; of pairs whose sources now fold alike (one
 * pair per fold and language pair), the most recent stays, as a save would
 * have kept it.
 */
function refoldTranslationMemory(db: DatabaseSync): void {
  const pairs = db.prepare('SELECT id, from_lang, to_lang, source_text, source_fold, word_count FROM tm_pairs ORDER BY updated_at DESC, id DESC').all() as {
    id: number;
    from_lang: string;
    to_lang: string;
    source_text: string;
    source_fold: string;
    word_count: number;
  }[];
  const deletePostings = db.prepare('DELETE FROM tm_postings WHERE pair_id = ?');
  const deletePair = db.prepare('DELETE FROM tm_pairs WHERE id = ?');
  const uncount = db.prepare('UPDATE tm_keys SET pairs = pairs - 1 WHERE from_lang = ? AND to_lang = ? AND key = ?');
  const count = db.prepare(
    `INSERT INTO tm_keys (from_lang, to_lang, key, pairs) VALUES (?, ?, ?, 1)
     ON CONFLICT (from_lang, to_lang, key) DO UPDATE SET pairs = pairs + 1 RETURNING id`,
  );
  const insertPosting = db.prepare('INSERT INTO tm_postings (key_id, word_count, pair_id) VALUES (?, ?, ?)');
  const setFold = db.prepare('UPDATE tm_pairs SET source_fold = ?, word_count = ? WHERE id = ?');
  const keysOf = (fold: string) => [...new Set(wordsOfFolded(fold).map(wordKey))];

  const kept = new Set<string>();
  const changed: { id: number; from: string; to: string; fold: string; words: number }[] = [];
  for (const pair of pairs) {
    const fold = foldForSearch(pair.source_text);
    const words = wordsOfFolded(fold).length;
    const same = `${pair.from_lang}\t${pair.to_lang}\t${fold}`;
    const unchanged = fold === pair.source_fold;
    if (kept.has(same) || words === 0) {
      // A newer pair has this fold now (or no words are left): this one goes, with its postings.
      deletePostings.run(pair.id);
      for (const key of keysOf(pair.source_fold)) uncount.run(pair.from_lang, pair.to_lang, key);
      deletePair.run(pair.id);
      continue;
    }
    kept.add(same);
    if (unchanged) continue;
    deletePostings.run(pair.id);
    for (const key of keysOf(pair.source_fold)) uncount.run(pair.from_lang, pair.to_lang, key);
    // A placeholder first: the new fold may still be another changed pair's old one (UNIQUE).
    setFold.run(`\u0000${pair.id}`, words, pair.id);
    changed.push({ id: pair.id, from: pair.from_lang, to: pair.to_lang, fold, words });
  }
  for (const pair of changed) {
    setFold.run(pair.fold, pair.words, pair.id);
    for (const key of keysOf(pair.fold)) {
      const row = count.get(pair.from, pair.to, key) as { id: number };
      insertPosting.run(row.id, pair.words, pair.id);
    }
  }
  db.exec('DELETE FROM tm_keys WHERE pairs <= 0 AND NOT EXISTS (SELECT 1 FROM tm_postings WHERE key_id = tm_keys.id)');
}

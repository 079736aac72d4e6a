import type { DatabaseSync } from 'node:sqlite';
import { isLanguageKey, type LanguageKey } from '../../shared/languages';
import type { VersionContent } from '../../shared/article';
import { segmentsOf, type Segment } from '../../shared/translation/segments-of';
import { foldForSearch } from '../../shared/text/search-fold';
import { versionIndexText } from '../../shared/text/search-text';
import { sortKey } from '../../shared/text/sort-key';
import { wordKey, wordsOfFolded } from '../../shared/translation/tm-score';
import { createTranslationMemory } from '../services/translation-memory';
import { memoryPairs, progressOf, progressSource, summarize } from '../services/translation-progress';

/**
 * Numbered schema migrations. A migration is never edited once released:
 * change the schema by appending a new one. `PRAGMA user_version` records the
 * last one applied.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /** Runs after `sql`, in the same transaction: data only code can work out. */
  readonly data?: (db: DatabaseSync) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'articles, versions, revisions and the trigram search index',
    // No CHECK on language or workflow state: the service validates them, and
    // adding a language must not force a table rebuild (SQLite cannot alter a CHECK).
    sql: `
      CREATE TABLE articles (
        id          TEXT PRIMARY KEY NOT NULL,
        slug        TEXT NOT NULL UNIQUE,
        source_lang TEXT NOT NULL,
        state       TEXT NOT NULL,
        meta        TEXT NOT NULL CHECK (json_valid(meta)),
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        trashed_at  TEXT
      ) STRICT;
      CREATE INDEX articles_by_updated ON articles (updated_at);
      CREATE INDEX articles_by_created ON articles (created_at);

      -- search_rowid is the rowid of this version's row in search_index. It is a
      -- column of its own because VACUUM may renumber the implicit rowid of a
      -- table whose primary key is not an INTEGER PRIMARY KEY.
      CREATE TABLE versions (
        article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        lang         TEXT NOT NULL,
        headline     TEXT NOT NULL,
        standfirst   TEXT NOT NULL,
        dateline     TEXT NOT NULL,
        body         TEXT NOT NULL CHECK (json_valid(body)),
        body_text    TEXT NOT NULL,
        revision     INTEGER NOT NULL CHECK (revision >= 1),
        updated_at   TEXT NOT NULL,
        search_rowid INTEGER NOT NULL UNIQUE,
        PRIMARY KEY (article_id, lang)
      ) STRICT;

      -- Every save is kept; content is the VersionContent JSON of that save.
      CREATE TABLE revisions (
        article_id TEXT NOT NULL,
        lang       TEXT NOT NULL,
        revision   INTEGER NOT NULL CHECK (revision >= 1),
        content    TEXT NOT NULL CHECK (json_valid(content)),
        saved_at   TEXT NOT NULL,
        PRIMARY KEY (article_id, lang, revision),
        FOREIGN KEY (article_id, lang) REFERENCES versions (article_id, lang) ON DELETE CASCADE
      ) STRICT;

      -- Folded headline, standfirst, dateline and body text of one version.
      -- Trigram, not a word tokenizer: Kurdish words carry suffixes and are often
      -- glued together, so search must match inside words.
      CREATE VIRTUAL TABLE search_index USING fts5 (folded, tokenize = 'trigram');
    `,
  },
  {
    version: 2,
    description: 'byline per language version',
    sql: `ALTER TABLE versions ADD COLUMN byline TEXT NOT NULL DEFAULT '';`,
  },
  {
    version: 3,
    description: 'media store, and the lead image caption and alt text per language version',
    // The image files live in media/<sha256>.<ext>; this table is their record.
    // No CHECK on mime: the service decides which types exist (as with languages).
    sql: `
      CREATE TABLE media (
        sha256        TEXT PRIMARY KEY NOT NULL CHECK (length(sha256) = 64),
        mime          TEXT NOT NULL,
        width         INTEGER NOT NULL CHECK (width >= 1),
        height        INTEGER NOT NULL CHECK (height >= 1),
        bytes         INTEGER NOT NULL CHECK (bytes >= 1),
        original_name TEXT NOT NULL,
        created_at    TEXT NOT NULL
      ) STRICT;
      ALTER TABLE versions ADD COLUMN lead_image_caption TEXT NOT NULL DEFAULT '';
      ALTER TABLE versions ADD COLUMN lead_image_alt TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    version: 4,
    description: 'translation: field links, segment summaries and progress per version; glossary; translation memory',
    sql: `
      -- field_links: VersionContent.fieldLinks. segments: the version's segment
      -- summary (ids, counted flags, text hashes, links; no text), so a save can
      -- work out the other versions' progress without parsing their bodies.
      -- progress: TranslationProgress JSON against the version's source; NULL for
      -- the source version itself.
      ALTER TABLE versions ADD COLUMN field_links TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(field_links));
      ALTER TABLE versions ADD COLUMN segments TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(segments));
      ALTER TABLE versions ADD COLUMN progress TEXT CHECK (progress IS NULL OR json_valid(progress));

      -- The termbase. The *_fold columns hold foldForSearch of each term, for matching on import.
      CREATE TABLE glossary (
        id         TEXT PRIMARY KEY NOT NULL,
        en         TEXT NOT NULL,
        ckb        TEXT NOT NULL,
        kmr        TEXT NOT NULL,
        note       TEXT NOT NULL,
        en_fold    TEXT NOT NULL,
        ckb_fold   TEXT NOT NULL,
        kmr_fold   TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX glossary_by_en ON glossary (en_fold) WHERE en_fold <> '';
      CREATE INDEX glossary_by_ckb ON glossary (ckb_fold) WHERE ckb_fold <> '';
      CREATE INDEX glossary_by_kmr ON glossary (kmr_fold) WHERE kmr_fold <> '';

      -- Translation memory: one pair per folded source text and language pair;
      -- a newer translation of the same source replaces the older.
      CREATE TABLE tm_pairs (
        id          INTEGER PRIMARY KEY,
        from_lang   TEXT NOT NULL,
        to_lang     TEXT NOT NULL,
        source_text TEXT NOT NULL,
        target_text TEXT NOT NULL,
        source_fold TEXT NOT NULL,
        word_count  INTEGER NOT NULL CHECK (word_count >= 1),
        updated_at  TEXT NOT NULL,
        UNIQUE (from_lang, to_lang, source_fold)
      ) STRICT;

      -- Word keys (the first characters of a folded word, so suffixed forms share
      -- one) per language pair, with their document frequency: how many pairs hold them.
      CREATE TABLE tm_keys (
        id        INTEGER PRIMARY KEY,
        from_lang TEXT NOT NULL,
        to_lang   TEXT NOT NULL,
        key       TEXT NOT NULL,
        pairs     INTEGER NOT NULL CHECK (pairs >= 0),
        UNIQUE (from_lang, to_lang, key)
      ) STRICT;

      -- The inverted index: key -> pairs, ordered by the pair's word count so a
      -- lookup reads only the pairs whose length can still be similar enough.
      CREATE TABLE tm_postings (
        key_id     INTEGER NOT NULL REFERENCES tm_keys (id),
        word_count INTEGER NOT NULL,
        pair_id    INTEGER NOT NULL REFERENCES tm_pairs (id),
        PRIMARY KEY (key_id, word_count, pair_id)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    description: 'segment summaries, progress and translation-memory pairs of the versions saved before migration 4',
    sql: '',
    data: backfillTranslationState,
  },
  {
    version: 6,
    description: 'export log: every package exported, with the warnings accepted and the note',
    // No foreign key to articles: the record of what went out outlives the article.
    sql: `
      CREATE TABLE exports (
        id                INTEGER PRIMARY KEY,
        article_id        TEXT NOT NULL,
        exported_at       TEXT NOT NULL,
        exported_by       TEXT NOT NULL,
        file_name         TEXT NOT NULL,
        bytes             INTEGER NOT NULL CHECK (bytes >= 1),
        sha256            TEXT NOT NULL CHECK (length(sha256) = 64),
        revisions         TEXT NOT NULL CHECK (json_valid(revisions)),
        accepted_warnings TEXT NOT NULL CHECK (json_valid(accepted_warnings)),
        note              TEXT NOT NULL
      ) STRICT;
      CREATE INDEX exports_by_article ON exports (article_id, exported_at);
    `,
  },
  {
    version: 7,
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
  },
];

interface StoredVersion {
  lang: string;
  headline: string;
  standfirst: string;
  dateline: string;
  byline: string;
  lead_image_caption: string;
  lead_image_alt: string;
  body: string;
  field_links: string;
}

/**
 * Works out what a save now records for every existing version: its segment
 * summary, its progress against its source, and the memory pairs of its
 * finished segments. Versions saved by schema 3 have no links, so their
 * translations start with every source segment missing.
 */
function backfillTranslationState(db: DatabaseSync): void {
  const articles = db.prepare('SELECT id, source_lang FROM articles').all() as { id: string; source_lang: string }[];
  const selectVersions = db.prepare(
    'SELECT lang, headline, standfirst, dateline, byline, lead_image_caption, lead_image_alt, body, field_links FROM versions WHERE article_id = ?',
  );
  const update = db.prepare('UPDATE versions SET segments = ?, progress = ? WHERE article_id = ? AND lang = ?');
  const memory = createTranslationMemory(db);
  const now = new Date().toISOString();
  for (const article of articles) {
    if (!isLanguageKey(article.source_lang)) continue;
    const segments = new Map<LanguageKey, Segment[]>();
    for (const row of selectVersions.all(article.id) as unknown as StoredVersion[]) {
      if (!isLanguageKey(row.lang)) continue;
      const content: VersionContent = {
        headline: row.headline,
        standfirst: row.standfirst,
        dateline: row.dateline,
        byline: row.byline,
        leadImageCaption: row.lead_image_caption,
        leadImageAlt: row.lead_image_alt,
        body: JSON.parse(row.body) as VersionContent['body'],
        fieldLinks: JSON.parse(row.field_links) as VersionContent['fieldLinks'],
      };
      try {
        segments.set(row.lang, segmentsOf(content));
      } catch {
        // A body not in the editor's shape (hand-edited, or from a broken build): no summary, worked out again at its next save.
      }
    }
    const summaries = new Map([...segments].map(([lang, list]) => [lang, summarize(list)]));
    for (const [lang, list] of segments) {
      const summary = summaries.get(lang) as ReturnType<typeof summarize>;
      const sources = new Map([...summaries].filter(([other]) => other !== lang).map(([other, entries]) => [other, new Map(entries.map((e) => [e.id, e]))]));
      memory.store(memoryPairs(lang, list, summary, null, sources), now);
      let progress: string | null = null;
      if (lang !== article.source_lang) {
        const from = progressSource(list, article.source_lang);
        progress = JSON.stringify(progressOf(from, segments.get(from) ?? [], list));
      }
      update.run(JSON.stringify(summary), progress, article.id, lang);
    }
  }
}

/**
 * Migration 7's data: everything stored folded by foldForSearch, folded again
 * (search rows, glossary *_fold, translation-memory sources with their word
 * keys), and the headline sort keys. Uses only shared code and the database,
 * so it can move with the store.
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

  // The headline an article shows, as the summaries of schema 7 pick it: the source version's if it has one,
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

export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/** The library was written by a newer Qelem; opening it with this one could corrupt it. */
export class SchemaTooNewError extends Error {
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`This library was created by a newer version of Qelem (schema ${found}; this version understands up to ${supported}). Update Qelem to open it.`);
    this.name = 'SchemaTooNewError';
  }
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

/**
 * Applies every migration newer than the database, each in its own
 * transaction together with its user_version bump, so a crash leaves the
 * schema at a numbered version, never half-way.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = MIGRATIONS): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > latest) throw new SchemaTooNewError(current, latest);

  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      migration.data?.(db);
      // PRAGMA takes no bound parameters; the version is an integer from our own table.
      db.exec(`PRAGMA user_version = ${Math.trunc(migration.version)}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return schemaVersion(db);
}

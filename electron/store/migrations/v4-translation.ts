import type { Migration } from './migration';

export const translation: Migration = {
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
};

import type { Migration } from './migration';

export const articlesVersionsSearch: Migration = {
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
};

import type { Migration } from './migration';

export const exportLog: Migration = {
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
};

import type { Migration } from './migration';

/**
 * The documents of versions and articles saved before this schema are made
 * when they are first opened, each from its saved row and the same on every
 * machine (shared/collab/convert.ts): nothing is converted here, so opening
 * a large library does not wait for it.
 */
export const documents: Migration = {
  version: 7,
  description: 'shared documents: a compacted state and an update log per article and version document; working copies in the export log',
  sql: `
    -- One row per shared document: its compacted state, and how far the library's
    -- derived rows (version, revisions, search, translation state) follow its log.
    CREATE TABLE documents (
      name            TEXT PRIMARY KEY NOT NULL,
      article_id      TEXT NOT NULL,
      snapshot        BLOB NOT NULL,
      derived_through INTEGER NOT NULL DEFAULT 0
    ) STRICT;
    CREATE INDEX documents_by_article ON documents (article_id);

    -- Updates appended since the snapshot, in the order they were acknowledged.
    CREATE TABLE document_updates (
      id   INTEGER PRIMARY KEY,
      name TEXT NOT NULL REFERENCES documents (name) ON DELETE CASCADE,
      data BLOB NOT NULL
    ) STRICT;
    CREATE INDEX document_updates_by_name ON document_updates (name, id);

    -- An export without the pre-publish checks, to pass the article on (not for publication).
    ALTER TABLE exports ADD COLUMN working_copy INTEGER NOT NULL DEFAULT 0 CHECK (working_copy IN (0, 1));
  `,
};

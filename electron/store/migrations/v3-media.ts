import type { Migration } from './migration';

export const mediaAndLeadImage: Migration = {
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
};

import type { Migration } from './migration';

export const byline: Migration = {
  version: 2,
  description: 'byline per language version',
  sql: `ALTER TABLE versions ADD COLUMN byline TEXT NOT NULL DEFAULT '';`,
};

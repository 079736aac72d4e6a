import type { DatabaseSync } from 'node:sqlite';
import type { Migration } from './migration';
import { articlesVersionsSearch } from './v1-articles';
import { byline } from './v2-byline';
import { mediaAndLeadImage } from './v3-media';
import { translation } from './v4-translation';
import { translationBackfill } from './v5-translation-backfill';
import { exportLog } from './v6-exports';
import { documents } from './v7-documents';
import { kurdishSearchFold } from './v8-search-fold';

export type { Migration } from './migration';

/** The schema migrations in order, one file each (see migration.ts). */
export const MIGRATIONS: readonly Migration[] = [articlesVersionsSearch, byline, mediaAndLeadImage, translation, translationBackfill, exportLog, documents, kurdishSearchFold];

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

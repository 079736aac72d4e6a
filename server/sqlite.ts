import { DatabaseSync } from 'node:sqlite';

/**
 * The server's SQLite files (node:sqlite, no native module). Each database
 * has its own numbered migrations, appended and never edited once released;
 * `PRAGMA user_version` records the last one applied (as the library's
 * electron/store/migrations.ts does).
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/** How long a writer waits for another connection's lock (the CLI and the server share accounts.db). */
export const BUSY_TIMEOUT_MS = 5_000;

export class SchemaTooNewError extends Error {
  constructor(file: string, found: number, known: number) {
    super(`${file} has schema version ${found}, newer than this server knows (${known}): run a newer Qelem server`);
    this.name = 'SchemaTooNewError';
  }
}

/** A database that cannot be opened (no such folder, no permission, not a database): one line says which. */
export class DatabaseOpenError extends Error {
  constructor(file: string, cause: unknown) {
    super(`cannot open ${file}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'DatabaseOpenError';
  }
}

/** Opens (creating if needed) a database in WAL mode and brings its schema up to date. */
export function openSqlite(file: string, migrations: readonly Migration[]): DatabaseSync {
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(file, { timeout: BUSY_TIMEOUT_MS });
    db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.prepare('PRAGMA user_version').get();
  } catch (error) {
    if (db?.isOpen) db.close();
    throw new DatabaseOpenError(file, error);
  }
  try {
    const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode?: string } | undefined;
    if (mode?.journal_mode !== 'wal') throw new Error(`${file} could not switch to WAL mode (got ${String(mode?.journal_mode)}); is it on a network drive?`);
    // A store is acknowledged to nobody, but it is debounced (seconds apart per
    // document), so syncing every commit costs little and a power cut loses nothing stored.
    db.exec('PRAGMA synchronous = FULL');
    migrate(db, file, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

export function schemaVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  return row?.user_version ?? 0;
}

export function migrate(db: DatabaseSync, file: string, migrations: readonly Migration[]): number {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const current = schemaVersion(db);
  if (current > latest) throw new SchemaTooNewError(file, current, latest);
  const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
  for (const migration of pending) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(migration.sql);
      // PRAGMA takes no bound parameters; the version is an integer from our own list.
      db.exec(`PRAGMA user_version = ${Math.trunc(migration.version)}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  return schemaVersion(db);
}

/**
 * `PRAGMA data_version`: changes when another connection (another process:
 * the account commands) commits to the database; this connection's own
 * commits leave it as it is.
 */
export function dataVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA data_version').get() as { data_version: number } | undefined;
  return row?.data_version ?? 0;
}

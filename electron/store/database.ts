import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations';

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/**
 * Opens (creating if needed) a library database and brings its schema up to
 * date. Throws SchemaTooNewError for a database written by a newer Qelem.
 */
export function openDatabase(file: string): DatabaseSync {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true, timeout: BUSY_TIMEOUT_MS });
  try {
    applyPragmas(db);
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

function applyPragmas(db: DatabaseSync): void {
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // WAL lets the export and search read while a save is being written.
  const mode = db.prepare('PRAGMA journal_mode = WAL').get() as { journal_mode: string } | undefined;
  if (mode?.journal_mode !== 'wal') {
    throw new Error(`The library database could not switch to WAL mode (got ${String(mode?.journal_mode)}); is it on a network drive?`);
  }
  // FULL, not WAL's usual NORMAL: with NORMAL the last acknowledged saves can be
  // lost on power failure, and a reporter's "saved" must mean saved.
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
}

/**
 * Runs `work` in one write transaction. BEGIN IMMEDIATE takes the write lock
 * up front, so a read-then-write (the revision check of a save) cannot be
 * overtaken by another writer between the read and the write.
 * Nested calls join the outer transaction.
 */
export function transaction<T>(db: DatabaseSync, work: () => T): T {
  if (db.isTransaction) return work();
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { DatabaseOpenError } from './sqlite';

/**
 * The data folder (--data DIR): accounts.db, documents.db (with their -wal
 * and -shm files while open) and server.lock. Created readable by its owner
 * only.
 */
export const LOCK_FILE = 'server.lock';

export class DataDirInUseError extends Error {
  constructor(dir: string) {
    super(`another Qelem server is already using ${dir}`);
    this.name = 'DataDirInUseError';
  }
}

export function ensureDataDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Makes sure one server at a time serves `dir`: two would each hold the
 * documents in memory and overwrite each other's stores. The lock is an
 * exclusive SQLite lock on DIR/server.lock, held while the process lives and
 * released by the operating system however it ends (no stale lock after a
 * crash). The account commands do not take it: they run beside the server.
 */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, LOCK_FILE);
  let db: DatabaseSync;
  try {
    db = new DatabaseSync(file, { timeout: 0 });
  } catch (error) {
    throw new DatabaseOpenError(file, error);
  }
  try {
    db.exec('PRAGMA journal_mode = MEMORY'); // no server.lock-journal beside it
    db.exec('PRAGMA locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    db.close();
    if (error instanceof Error && /locked|busy/i.test(error.message)) throw new DataDirInUseError(dir);
    throw error;
  }
  return () => {
    if (db.isOpen) db.close();
  };
}

import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openDatabase } from './database';

/** A library folder: `qelem.db` plus `media/` (images stored by SHA-256). */
export interface Library {
  readonly dir: string;
  readonly db: DatabaseSync;
  readonly mediaDir: string;
  close(): void;
}

export const DATABASE_FILE = 'qelem.db';
export const MEDIA_DIR = 'media';

/** The library folder exists but this process may not write to it. */
export class LibraryNotWritableError extends Error {
  constructor(
    readonly dir: string,
    options?: { cause?: unknown },
  ) {
    super(`The library folder cannot be written: ${dir}`, options);
    this.name = 'LibraryNotWritableError';
  }
}

// One connection per folder per process: two connections in one process would
// each hold their own cache and could block each other's writes.
const openLibraries = new Map<string, Library>();

const PERMISSION_CODES = new Set(['EACCES', 'EPERM', 'EROFS']);

function isPermissionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && PERMISSION_CODES.has(code);
}

/**
 * Opens the library in `dir`, creating the folder, `media/` and the database
 * if missing. Opening the same folder again (by any path that resolves to it)
 * returns the same instance until it is closed.
 */
export function openLibrary(dir: string): Library {
  try {
    fs.mkdirSync(dir, { recursive: true });
    const realDir = fs.realpathSync(dir);
    const existing = openLibraries.get(realDir);
    if (existing) return existing;

    const mediaDir = path.join(realDir, MEDIA_DIR);
    fs.mkdirSync(mediaDir, { recursive: true });
    // Checked up front: SQLite would otherwise open a read-only file and fail only
    // at the first save, or report a vague "unable to open database file".
    fs.accessSync(realDir, fs.constants.W_OK);
    fs.accessSync(mediaDir, fs.constants.W_OK);
    const dbFile = path.join(realDir, DATABASE_FILE);
    if (fs.existsSync(dbFile)) fs.accessSync(dbFile, fs.constants.R_OK | fs.constants.W_OK);

    const db = openDatabase(dbFile);
    const library: Library = {
      dir: realDir,
      db,
      mediaDir,
      close() {
        if (openLibraries.get(realDir) === library) openLibraries.delete(realDir);
        if (db.isOpen) db.close();
      },
    };
    openLibraries.set(realDir, library);
    return library;
  } catch (error) {
    if (isPermissionError(error)) throw new LibraryNotWritableError(dir, { cause: error });
    throw error;
  }
}

import { DatabaseSync } from 'node:sqlite';
import { migrate } from './migrations';

/** How long a writer waits for another connection's lock before SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5_000;

/** WAL pages after which a commit checkpoints by itself (4 KiB pages: 40 MB); otherwise scheduleSync does, on a pause. */
export const WAL_AUTOCHECKPOINT_PAGES = 10_000;

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
  // NORMAL, WAL's usual setting, not FULL. A commit returns once its pages are
  // written to the WAL file, before the disk has them (FULL waits for an fsync
  // at every commit: 11–15 ms of an autosave of a 10,000-word version on this
  // machine, more than all its other work; npm run bench, docs/performance.md).
  // What that means for a save that was acknowledged:
  // - Qelem crashing or being killed loses nothing: the operating system holds
  //   the written pages and writes them out.
  // - A power cut or an operating-system crash can lose the saves acknowledged
  //   since the WAL was last synced: that happens SYNC_AFTER_MS after writing
  //   pauses, at most SYNC_WITHIN_MS after the first unsynced commit (see
  //   scheduleSync), and at every checkpoint. So at most the last ~10 s of
  //   saves. The database stays consistent either way: it opens at an earlier
  //   complete save, never half-written.
  db.exec('PRAGMA synchronous = NORMAL');
  // Checkpoints (copying the WAL into the database file, with two fsyncs) are
  // the sync of scheduleSync, on a pause. SQLite's own, at every 1,000 pages
  // of WAL by default, ran inside every ~6th autosave of a 10,000-word version
  // (+30 ms); now only when writing never pauses for 40 MB. The WAL file is cut
  // back to 8 MB after a checkpoint.
  db.exec(`PRAGMA wal_autocheckpoint = ${WAL_AUTOCHECKPOINT_PAGES}`);
  db.exec(`PRAGMA journal_size_limit = ${8 * 1024 * 1024}`);
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
  let result: T;
  try {
    result = work();
    db.exec('COMMIT');
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
  scheduleSync(db);
  return result;
}

/** Milliseconds without a commit after which the commits are synced to disk (synchronous = NORMAL: see applyPragmas). */
export const SYNC_AFTER_MS = 2_000;
/** …and at most this long after the first commit not yet synced, however often commits follow. */
export const SYNC_WITHIN_MS = 10_000;

const unsynced = new WeakMap<DatabaseSync, { since: number; timer: ReturnType<typeof setTimeout> }>();

/**
 * Syncs a connection's committed transactions to disk: a passive checkpoint,
 * which fsyncs the WAL before copying it into the database (and fsyncs that).
 * Returns whether every commit was synced (a reader of another connection can
 * hold part of the WAL back).
 */
export function syncToDisk(db: DatabaseSync): boolean {
  const row = db.prepare('PRAGMA wal_checkpoint(PASSIVE)').get() as { busy: number; log: number; checkpointed: number };
  return row.busy === 0 && row.checkpointed >= row.log;
}

/** After a commit: sync once commits pause for SYNC_AFTER_MS, or SYNC_WITHIN_MS after the first unsynced one. */
function scheduleSync(db: DatabaseSync): void {
  const pending = unsynced.get(db);
  const since = pending?.since ?? Date.now();
  if (pending) clearTimeout(pending.timer);
  const wait = (delay: number) => {
    const timer = setTimeout(fire, delay);
    timer.unref();
    unsynced.set(db, { since, timer });
  };
  const fire = () => {
    // A closed connection was synced by closing.
    if (!db.isOpen) return void unsynced.delete(db);
    let synced = false;
    try {
      // Not inside a transaction (someone else's, still open): after it.
      synced = !db.isTransaction && syncToDisk(db);
    } catch {
      // A busy or failing disk: again later.
    }
    if (synced) unsynced.delete(db);
    else wait(SYNC_AFTER_MS);
  };
  wait(Math.max(0, Math.min(SYNC_AFTER_MS, since + SYNC_WITHIN_MS - Date.now())));
}

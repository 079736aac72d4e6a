import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { backup, DatabaseSync } from 'node:sqlite';
import { BACKUP_KEEP, BACKUP_NAME_PATTERN, type ApiOutput, type ApiParsedInput, type BackupInfo } from '../../shared/api';
import { DATABASE_FILE, type Library } from '../store/library';
import { migrate, MIGRATIONS } from '../store/migrations';
import { notFound, ServiceError } from './service-error';
import type { BackupMethod } from './service-methods';

/**
 * Automatic backups of the library database, with SQLite's online backup
 * (node:sqlite `backup()`, which reads the open database page by page while
 * the app goes on using it): one when Qelem starts, one every few hours of use
 * when something changed, the last BACKUP_KEEP kept in <library>/backups.
 *
 * A backup is written under a temporary name, switched to a rollback journal
 * (one self-contained file that opens read-only anywhere), checked, flushed to
 * disk and only then renamed to its final name: a crash or a full disk leaves
 * either a complete, checked backup or a temporary file, which is never listed
 * and is removed at a later start.
 *
 * A restore copies the backup into the open database through the same backup
 * API, in one write transaction of that database (its WAL): every connection,
 * the app's own included, sees the restored library at its next statement, the
 * prepared statements of the services stay valid, and a crash halfway leaves
 * the library as it was. (Closing the database, swapping the file and opening
 * it again would leave every service holding statements of a closed
 * connection, and a stale -wal file beside the new one could be replayed onto
 * it.) The backup is checked and brought to the current schema in a scratch
 * copy first, and the current state is backed up before anything changes.
 */

export const BACKUP_DIR = 'backups';
/** A backup every four hours of use, when something changed since the last one. */
export const BACKUP_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** A temporary file older than this is left over from a crash, not a backup in progress in another process. */
const STALE_TEMP_MS = 60_000;

export interface BackupServiceOptions {
  /** The clock; tests pass a fake one. */
  now?: () => Date;
  /**
   * The automatic backups: on start and every `intervalMs`, keeping `keep`.
   * false: none are made by themselves (listBackups and restoreBackup still work).
   */
  backups?: false | { keep?: number; intervalMs?: number };
  /** Told once a backup was restored into the library (what was held in memory of it is stale). */
  afterRestore?: () => void;
}

export type BackupService = {
  [M in BackupMethod]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M>;
};

/**
 * Backups of one library folder run one at a time, in the order asked, across
 * every service table on it in this process.
 */
const queues = new Map<string, Promise<unknown>>();
/** The open database each folder had its start backup for: one per open, however many service tables. */
const startedFor = new Map<string, DatabaseSync>();

function enqueue<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(dir) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(dir, settled);
  void settled.then(() => {
    if (queues.get(dir) === settled) queues.delete(dir);
  });
  return next;
}

/** Resolves when every backup asked of this library so far has finished (tests; shutting down). */
export async function backupsSettled(library: Pick<Library, 'dir'>): Promise<void> {
  while (queues.has(library.dir)) await queues.get(library.dir);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function backupName(at: Date, kind: BackupInfo['kind']): string {
  const date = `${at.getUTCFullYear()}${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  const time = `${pad(at.getUTCHours())}${pad(at.getUTCMinutes())}${pad(at.getUTCSeconds())}-${pad(at.getUTCMilliseconds(), 3)}`;
  return `qelem-${date}-${time}-${kind}.db`;
}

/** What a backup's name says about it: when (UTC) and why it was made; null for any other name. */
export function parseBackupName(name: string): Pick<BackupInfo, 'kind' | 'createdAt'> | null {
  const m = BACKUP_NAME_PATTERN.exec(name);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, ms, kind] = m;
  const at = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), Number(ms)));
  if (Number.isNaN(at.getTime()) || backupName(at, kind as BackupInfo['kind']) !== name) return null;
  return { kind: kind as BackupInfo['kind'], createdAt: at.toISOString() };
}

/**
 * node:sqlite's backup(), tried again when its first step finds the source
 * connection in the middle of a write (SQLITE_LOCKED) or the destination
 * locked (SQLITE_BUSY): Node retries a busy step only once the page count is
 * known, and otherwise rejects with the destination's "not an error". The
 * steps after the first are retried by Node itself.
 */
async function backupRetrying(source: DatabaseSync, destination: string, options: { rate?: number } = {}): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await backup(source, destination, options);
      return;
    } catch (error) {
      const errcode = (error as { errcode?: unknown }).errcode;
      const retryable = typeof errcode === 'number' && [0, 5, 6].includes(errcode & 0xff);
      if (!retryable || attempt >= 100 || !source.isOpen) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.min(5 * attempt, 50)));
    }
  }
}

function fsyncPath(file: string): void {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, 'r');
    fs.fsyncSync(fd);
  } catch {
    // A folder cannot be opened for fsync on Windows, where the rename is journaled anyway.
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function removeDatabaseFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** SQLite's verdict on a database file: null when it is whole, else what is wrong with it. */
function checkDatabase(db: DatabaseSync): string | null {
  try {
    const rows = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
    if (rows.length !== 1 || rows[0]?.integrity_check !== 'ok') return rows.map((r) => r.integrity_check).slice(0, 3).join('; ');
    return null;
  } catch (error) {
    return (error as { errstr?: string }).errstr ?? (error instanceof Error ? error.message : String(error));
  }
}

export function createBackupService(library: Library, options: BackupServiceOptions = {}): BackupService {
  const dir = path.join(library.dir, BACKUP_DIR);
  const liveFile = path.join(library.dir, DATABASE_FILE);
  const now = options.now ?? (() => new Date());
  const auto = options.backups === false ? null : { keep: options.backups?.keep ?? BACKUP_KEEP, intervalMs: options.backups?.intervalMs ?? BACKUP_INTERVAL_MS };
  const keep = auto?.keep ?? BACKUP_KEEP;
  let changesAtLastBackup = -1;

  const totalChanges = () => (library.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;

  function names(): string[] {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return [];
      throw error;
    }
    // The names sort by the time in them: oldest first.
    return entries.filter((name) => parseBackupName(name) !== null).sort();
  }

  function info(name: string): BackupInfo {
    const parsed = parseBackupName(name);
    if (!parsed) throw new Error(`Not a backup name: ${name}`);
    return { name, ...parsed, bytes: fs.statSync(path.join(dir, name)).size };
  }

  function rotate(): void {
    const all = names();
    for (const name of all.slice(0, Math.max(0, all.length - keep))) fs.rmSync(path.join(dir, name), { force: true });
  }

  function removeStaleTemporaryFiles(): void {
    let entries: string[];
    try {
      entries = fs.readdirSync(dir);
    } catch {
      return;
    }
    const cutoff = Date.now() - STALE_TEMP_MS;
    for (const name of entries) {
      if (!name.startsWith('.') || !/\.tmp(-wal|-shm|-journal)?$/.test(name)) continue;
      const file = path.join(dir, name);
      try {
        if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
      } catch {
        // Gone already, or not ours to remove: a later start tries again.
      }
    }
  }

  /** A name no backup has yet: the time, a millisecond later when two are made in the same one. */
  function freshName(kind: BackupInfo['kind']): string {
    const existing = new Set(names());
    let at = now();
    let name = backupName(at, kind);
    while (existing.has(name) || fs.existsSync(path.join(dir, name))) {
      at = new Date(at.getTime() + 1);
      name = backupName(at, kind);
    }
    return name;
  }

  /** Makes one backup of the open database; call inside the queue. */
  async function makeBackup(kind: BackupInfo['kind']): Promise<BackupInfo> {
    fs.mkdirSync(dir, { recursive: true });
    const name = freshName(kind);
    const temp = path.join(dir, `.${name}.${randomBytes(6).toString('hex')}.tmp`);
    const changes = totalChanges();
    try {
      await backupRetrying(library.db, temp);
      const copy = new DatabaseSync(temp);
      try {
        // One self-contained file: the backup carries the database's WAL mode, which would need -wal and -shm beside it.
        copy.exec('PRAGMA journal_mode = DELETE');
        const problem = checkDatabase(copy);
        if (problem !== null) throw new Error(`The backup did not pass SQLite's integrity check: ${problem}`);
      } finally {
        copy.close();
      }
      fsyncPath(temp);
      fs.renameSync(temp, path.join(dir, name));
      fsyncPath(dir);
    } catch (error) {
      removeDatabaseFile(temp);
      throw error;
    }
    changesAtLastBackup = changes;
    rotate();
    return info(name);
  }

  function automatic(kind: 'start' | 'periodic'): void {
    void enqueue(library.dir, async () => {
      if (!library.db.isOpen) return;
      if (kind === 'start') removeStaleTemporaryFiles();
      if (kind === 'periodic' && totalChanges() === changesAtLastBackup) return;
      await makeBackup(kind);
    }).catch((error: unknown) => {
      // A closed library (the app quitting, a test done) is no failure; anything else is logged, never thrown.
      if (library.db.isOpen) console.warn(`[qelem] the ${kind} backup of the library failed:`, error instanceof Error ? error.message : error);
    });
  }

  if (auto) {
    // The folder exists from the start, so the library folder looks the same before and after the first backup.
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch {
      // A read-only library: the backup itself reports it.
    }
    const started = startedFor.get(library.dir);
    if (started === undefined || !started.isOpen) {
      startedFor.set(library.dir, library.db);
      automatic('start');
    }
    const timer = setInterval(() => {
      if (!library.db.isOpen) {
        clearInterval(timer);
        return;
      }
      automatic('periodic');
    }, auto.intervalMs);
    timer.unref();
  }

  return {
    listBackups() {
      return { items: names().reverse().map(info) };
    },

    restoreBackup({ name }) {
      return enqueue(library.dir, async () => {
        if (!names().includes(name)) throw notFound(`No backup named ${name}.`);
        const restored = info(name);
        const damaged = (why: string) =>
          new ServiceError({ code: 'storage', message: `The backup ${name} cannot be restored: ${why}. Nothing was changed.` });

        // A scratch copy: checked, and brought to this Qelem's schema, before the library is touched.
        const scratch = path.join(dir, `.restore-${randomBytes(6).toString('hex')}.tmp`);
        try {
          fs.copyFileSync(path.join(dir, name), scratch);
          let copy: DatabaseSync;
          try {
            copy = new DatabaseSync(scratch);
          } catch (error) {
            throw damaged((error as { errstr?: string }).errstr ?? 'it cannot be opened');
          }
          try {
            const problem = checkDatabase(copy);
            if (problem !== null) throw damaged(`it is damaged (${problem})`);
            const version = (copy.prepare('PRAGMA user_version').get() as { user_version: number }).user_version;
            const latest = MIGRATIONS.at(-1)?.version ?? 0;
            if (version < 1) throw damaged('it is not a Qelem library');
            if (version > latest) throw damaged('it was made by a newer Qelem');
            const pageSize = (db: DatabaseSync) => (db.prepare('PRAGMA page_size').get() as { page_size: number }).page_size;
            if (pageSize(copy) !== pageSize(library.db)) throw damaged('its page size differs from the library’s');
            migrate(copy);
            copy.prepare('SELECT count(*) FROM articles').get();
          } catch (error) {
            if (error instanceof ServiceError) throw error;
            throw damaged((error as { errstr?: string }).errstr ?? (error instanceof Error ? error.message : String(error)));
          } finally {
            copy.close();
          }

          const safetyBackup = await makeBackup('before-restore');
          const source = new DatabaseSync(scratch, { readOnly: true });
          try {
            // Every page in one step: one write transaction of the library's WAL.
            await backupRetrying(source, liveFile, { rate: 0x7fff_ffff });
          } finally {
            source.close();
          }
          const articles = (library.db.prepare('SELECT count(*) AS n FROM articles').get() as { n: number }).n;
          options.afterRestore?.();
          changesAtLastBackup = -1;
          rotate();
          return { restored, safetyBackup, articles };
        } finally {
          removeDatabaseFile(scratch);
        }
      });
    },
  };
}

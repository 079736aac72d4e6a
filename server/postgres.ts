import pg from 'pg';
import type { Logger } from './log';
import { DatabaseOpenError, SchemaTooNewError, type Migration } from './sqlite';

/**
 * The server's PostgreSQL database (--postgres URL), through `pg`: one pool
 * per process, the same numbered migrations as the SQLite files (each
 * store's own list, in PostgreSQL's dialect, in storage-postgres.ts and
 * accounts-postgres.ts), and the instance lock that keeps a server without
 * Redis alone on its database.
 *
 * What SQLite keeps in `PRAGMA user_version` is a row per component in
 * `qelem_schema`. Migrations run in one transaction each, behind an
 * advisory lock, so instances started at the same moment apply each once.
 */
export type Pool = pg.Pool;

/** The URL as it may be shown: without its password. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unreadable URL)';
  }
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\/./i.test(url);
}

/**
 * A pool on `url`. The password may also come from PGPASSWORD or ~/.pgpass
 * (pg reads both), which keeps it out of the process list.
 */
export function openPool(url: string, log?: Logger, max = 10): Pool {
  const pool = new pg.Pool({
    connectionString: url,
    application_name: 'qelem-server',
    max,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    // A statement that hangs (a lock held by a stuck session) fails instead of holding a store forever.
    statement_timeout: 60_000,
  });
  // An idle client whose connection breaks (the database restarted) is dropped by the pool; without a listener it would end the process.
  pool.on('error', (error) => log?.warn(`PostgreSQL connection lost: ${error.message}`));
  return pool;
}

/** Connects once to find out whether the database is there, so that a wrong URL is one line at start. */
export async function checkReachable(pool: Pool, url: string): Promise<void> {
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    throw new DatabaseOpenError(redactUrl(url), error);
  }
}

const SCHEMA_TABLE = `CREATE TABLE IF NOT EXISTS qelem_schema (
  component  TEXT PRIMARY KEY NOT NULL,
  version    INTEGER NOT NULL
)`;

/** Advisory lock keys (any 64-bit numbers no one else on the database uses). */
const MIGRATION_LOCK = 0x51656c656d_01n;
const INSTANCE_LOCK = 0x51656c656d_02n;

export async function schemaVersionOf(pool: Pool, component: string): Promise<number> {
  const exists = await pool.query<{ present: boolean }>(`SELECT to_regclass('qelem_schema') IS NOT NULL AS present`);
  if (!exists.rows[0]?.present) return 0;
  const row = await pool.query<{ version: number }>('SELECT version FROM qelem_schema WHERE component = $1', [component]);
  return row.rows[0]?.version ?? 0;
}

/** Brings `component`'s tables up to date; returns its schema version. */
export async function migratePostgres(pool: Pool, component: string, migrations: readonly Migration[], where: string): Promise<number> {
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK.toString()]);
      await client.query(SCHEMA_TABLE);
      const row = await client.query<{ version: number }>('SELECT version FROM qelem_schema WHERE component = $1', [component]);
      const current = row.rows[0]?.version ?? 0;
      if (current > latest) throw new SchemaTooNewError(`${where} (${component})`, current, latest);
      const pending = [...migrations].filter((m) => m.version > current).sort((a, b) => a.version - b.version);
      for (const migration of pending) await client.query(migration.sql);
      const version = Math.max(current, latest);
      if (pending.length > 0) {
        await client.query('INSERT INTO qelem_schema (component, version) VALUES ($1, $2) ON CONFLICT (component) DO UPDATE SET version = excluded.version', [
          component,
          version,
        ]);
      }
      await client.query('COMMIT');
      return version;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  } finally {
    client.release();
  }
}

/** Another server holds the database in a way this one cannot share. */
export class DatabaseInUseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseInUseError';
  }
}

export type InstanceLockMode = 'alone' | 'shared';

/**
 * Who may serve one PostgreSQL database at once: any number of instances
 * with --redis (they pass every change to each other), or one without
 * (it would hold documents in memory that nobody else sees). A session
 * advisory lock on a connection of its own, shared or exclusive; it goes
 * with the session however the process ends. migrate-to-postgres takes it
 * exclusively too: it copies into a database nobody serves.
 *
 * If the lock's connection breaks (the database restarted), the lock is
 * taken again every few seconds; until then `held` is false and the
 * instance is not ready.
 */
export class InstanceLock {
  private client: pg.Client | null = null;
  private retry: NodeJS.Timeout | null = null;
  private closed = false;
  held = false;

  private constructor(
    private readonly url: string,
    readonly mode: InstanceLockMode,
    private readonly log?: Logger,
  ) {}

  static async take(url: string, mode: InstanceLockMode, log?: Logger): Promise<InstanceLock> {
    const lock = new InstanceLock(url, mode, log);
    await lock.acquire();
    return lock;
  }

  private async acquire(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: 'qelem-server-lock', connectionTimeoutMillis: 10_000 });
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, null));
    try {
      await client.connect();
    } catch (error) {
      client.removeAllListeners('end');
      throw new DatabaseOpenError(redactUrl(this.url), error);
    }
    const fn = this.mode === 'shared' ? 'pg_try_advisory_lock_shared' : 'pg_try_advisory_lock';
    const got = await client.query<{ locked: boolean }>(`SELECT ${fn}($1) AS locked`, [INSTANCE_LOCK.toString()]);
    if (!got.rows[0]?.locked) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw new DatabaseInUseError(
        this.mode === 'shared'
          ? `a Qelem server without --redis is using ${redactUrl(this.url)} (instances that share a database all need --redis)`
          : `another Qelem server is already using ${redactUrl(this.url)} (instances that share a database all need --redis)`,
      );
    }
    this.client = client;
    this.held = true;
  }

  private lost(client: pg.Client, error: Error | null): void {
    if (this.client !== client || this.closed) return;
    this.client = null;
    this.held = false;
    this.log?.error(`lost the connection that holds this instance's PostgreSQL lock${error ? ` (${error.message})` : ''}; taking it again`);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      this.acquire().then(
        () => this.log?.info('PostgreSQL instance lock taken again'),
        (error: unknown) => {
          this.log?.error(`could not take the PostgreSQL instance lock again: ${error instanceof Error ? error.message : String(error)}`);
          this.scheduleRetry();
        },
      );
    }, 3_000);
    this.retry.unref();
  }

  async release(): Promise<void> {
    this.closed = true;
    this.held = false;
    if (this.retry) clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}

/** PostgreSQL's code for a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

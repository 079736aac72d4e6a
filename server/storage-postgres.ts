import * as Y from 'yjs';
import { checkReachable, migratePostgres, openPool, redactUrl, type Pool } from './postgres';
import type { Migration } from './sqlite';
import type { DocumentStorage, StoredDocument } from './storage';

/**
 * Documents in PostgreSQL (--postgres URL): the same table as
 * storage-sqlite.ts, one row per document with its whole state. All of
 * this storage's SQL is here.
 *
 * Several instances may store the same document (with Redis, one at a time
 * under its lock; but a lock can expire during a slow store, and an instance
 * may have been stopped after another stored). So a store never drops what
 * another instance stored: under a per-document transaction lock, it reads
 * the row's revision (its xmin: the transaction that wrote it last), and
 * unless it is the revision this instance last read, or wrote without a
 * merge, the state written is the stored one merged with the new one (a Yjs
 * merge loses nothing of either). Otherwise the new state (this instance's
 * copy, which only ever grows from what it read or wrote) already holds the
 * stored one, and replaces it as it is.
 */
export const POSTGRES_DOCUMENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'documents: name, state, time of the last store',
    sql: `
      CREATE TABLE documents (
        name        TEXT PRIMARY KEY NOT NULL,
        state       BYTEA NOT NULL,
        updated_at  TEXT NOT NULL
      );
    `,
  },
];

/** At most this many documents' last seen revisions are remembered (the oldest are forgotten: their next store merges). */
const MAX_REVISIONS = 20_000;

export class PostgresDocumentStorage implements DocumentStorage {
  /** Per document, the revision (xmin) this process last read or wrote. */
  private readonly revisions = new Map<string, string>();
  /** How many stores merged with a state another instance wrote (for the tests and the log). */
  merges = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly ownsPool: boolean,
  ) {}

  /** Uses `pool` (kept open by its owner) after bringing the documents table up to date. */
  static async on(pool: Pool, where: string): Promise<PostgresDocumentStorage> {
    await migratePostgres(pool, 'documents', POSTGRES_DOCUMENT_MIGRATIONS, where);
    return new PostgresDocumentStorage(pool, false);
  }

  /** Opens a pool of its own on `url` (closed by close()). */
  static async open(url: string): Promise<PostgresDocumentStorage> {
    const pool = openPool(url);
    try {
      await checkReachable(pool, url);
      await migratePostgres(pool, 'documents', POSTGRES_DOCUMENT_MIGRATIONS, redactUrl(url));
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresDocumentStorage(pool, true);
  }

  async fetch(name: string): Promise<Uint8Array | null> {
    const result = await this.pool.query<{ state: Buffer; revision: string }>('SELECT state, xmin::text AS revision FROM documents WHERE name = $1', [name]);
    const row = result.rows[0];
    if (!row) {
      this.revisions.delete(name);
      return null;
    }
    this.remember(name, row.revision);
    return new Uint8Array(row.state.buffer, row.state.byteOffset, row.state.byteLength);
  }

  async store(name: string, state: Uint8Array): Promise<void> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        // One writer per document at a time, whatever the Redis lock did; released at COMMIT.
        await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 20251117))', [name]);
        const known = this.revisions.get(name) ?? null;
        const current = await client.query<{ revision: string; state: Buffer | null }>(
          'SELECT xmin::text AS revision, CASE WHEN xmin::text = $2 THEN NULL ELSE state END AS state FROM documents WHERE name = $1',
          [name, known],
        );
        let written = state;
        const other = current.rows[0]?.state;
        if (other) {
          written = Y.mergeUpdates([new Uint8Array(other.buffer, other.byteOffset, other.byteLength), state]);
          this.merges += 1;
        }
        const result = await client.query<{ revision: string }>(
          `INSERT INTO documents (name, state, updated_at) VALUES ($1, $2, $3)
           ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at
           RETURNING xmin::text AS revision`,
          [name, Buffer.from(written.buffer, written.byteOffset, written.byteLength), new Date().toISOString()],
        );
        await client.query('COMMIT');
        // After a merge the stored state holds what this instance's copy lacks: the next store merges again.
        const revision = result.rows[0]?.revision;
        if (revision && !other) this.remember(name, revision);
        else this.revisions.delete(name);
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    } finally {
      client.release();
    }
  }

  async list(): Promise<StoredDocument[]> {
    const result = await this.pool.query<{ name: string; size: number; updated_at: string }>(
      'SELECT name, octet_length(state) AS size, updated_at FROM documents ORDER BY name COLLATE "C"',
    );
    return result.rows.map((r) => ({ name: r.name, size: Number(r.size), updatedAt: r.updated_at }));
  }

  async check(): Promise<void> {
    await this.pool.query('SELECT 1 FROM documents LIMIT 1');
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }

  private remember(name: string, revision: string): void {
    this.revisions.delete(name);
    this.revisions.set(name, revision);
    if (this.revisions.size > MAX_REVISIONS) {
      const oldest = this.revisions.keys().next();
      if (!oldest.done) this.revisions.delete(oldest.value);
    }
  }
}

/** How many documents the database holds (migrate-to-postgres). */
export async function countDocuments(pool: Pool): Promise<number> {
  const result = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM documents');
  return result.rows[0]?.n ?? 0;
}

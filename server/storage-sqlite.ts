import type { DatabaseSync, StatementSync } from 'node:sqlite';
import path from 'node:path';
import { openSqlite, type Migration } from './sqlite';
import type { DocumentStorage, StoredDocument } from './storage';

/** Documents in DIR/documents.db (node:sqlite): one row per document, its whole state. All of the storage's SQL is here. */
export const DOCUMENTS_FILE = 'documents.db';

export const DOCUMENT_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'documents: name, state, time of the last store',
    sql: `
      CREATE TABLE documents (
        name        TEXT PRIMARY KEY NOT NULL,
        state       BLOB NOT NULL,
        updated_at  TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export class SqliteDocumentStorage implements DocumentStorage {
  private readonly fetchStatement: StatementSync;
  private readonly storeStatement: StatementSync;

  private constructor(private readonly db: DatabaseSync) {
    this.fetchStatement = db.prepare('SELECT state FROM documents WHERE name = ?');
    this.storeStatement = db.prepare(
      'INSERT INTO documents (name, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
    );
  }

  static open(dataDir: string): SqliteDocumentStorage {
    return new SqliteDocumentStorage(openSqlite(path.join(dataDir, DOCUMENTS_FILE), DOCUMENT_MIGRATIONS));
  }

  async fetch(name: string): Promise<Uint8Array | null> {
    const row = this.fetchStatement.get(name) as { state: Uint8Array } | undefined;
    return row ? new Uint8Array(row.state) : null;
  }

  async store(name: string, state: Uint8Array): Promise<void> {
    this.storeStatement.run(name, state, new Date().toISOString());
  }

  async list(): Promise<StoredDocument[]> {
    const rows = this.db.prepare('SELECT name, length(state) AS size, updated_at FROM documents ORDER BY name').all() as unknown as {
      name: string;
      size: number;
      updated_at: string;
    }[];
    return rows.map((r) => ({ name: r.name, size: r.size, updatedAt: r.updated_at }));
  }

  async check(): Promise<void> {
    this.db.prepare('SELECT 1 FROM documents LIMIT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.isOpen) this.db.close();
  }
}

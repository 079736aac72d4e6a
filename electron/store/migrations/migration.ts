import type { DatabaseSync } from 'node:sqlite';

/**
 * A numbered schema migration. A migration is never edited once released:
 * change the schema by appending a new one (a file of its own, listed in
 * index.ts). `PRAGMA user_version` records the last one applied.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
  /** Runs after `sql`, in the same transaction: data only code can work out. */
  readonly data?: (db: DatabaseSync) => void;
}

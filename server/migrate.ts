import { existsSync } from 'node:fs';
import path from 'node:path';
import * as Y from 'yjs';
import { Accounts, ACCOUNTS_FILE, type UserRow } from './accounts';
import { PostgresAccountRows, PostgresAccounts } from './accounts-postgres';
import { lockDataDir } from './data-dir';
import { checkReachable, InstanceLock, openPool, redactUrl } from './postgres';
import { countDocuments, PostgresDocumentStorage } from './storage-postgres';
import { DOCUMENTS_FILE, SqliteDocumentStorage } from './storage-sqlite';

/**
 * migrate-to-postgres: a data folder's accounts and documents into
 * PostgreSQL, then every one read back and compared.
 *
 * Neither side may be in use: the data folder's lock is taken (a server on
 * it stops the move), and PostgreSQL's instance lock exclusively (no server
 * on the database either). An account is copied as it is (its token hash,
 * generation and times: its token keeps working). A document is copied as
 * its stored state, byte for byte.
 *
 * The check: each account row equal field by field; each document either
 * byte for byte the same, or the same Yjs document (each state applied to
 * the other changes nothing). With --merge, a document PostgreSQL held
 * already is merged with the copy (a Yjs merge: nothing of either is lost),
 * and must then hold everything the copy holds; an account PostgreSQL held
 * already (by name) is kept as it is and not compared.
 */
export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export interface MigrationReport {
  accounts: { copied: number; kept: number; compared: number; mismatched: string[] };
  documents: { copied: number; merged: number; compared: number; mismatched: string[]; bytes: number };
}

export async function migrateToPostgres(options: { dataDir: string; postgres: string; merge: boolean; progress?: (line: string) => void }): Promise<MigrationReport> {
  const { dataDir, postgres, merge } = options;
  const progress = options.progress ?? (() => undefined);
  const hasAccounts = existsSync(path.join(dataDir, ACCOUNTS_FILE));
  const hasDocuments = existsSync(path.join(dataDir, DOCUMENTS_FILE));
  if (!hasAccounts && !hasDocuments) throw new MigrationError(`no Qelem data in ${dataDir} (neither ${ACCOUNTS_FILE} nor ${DOCUMENTS_FILE}; is --data right?)`);

  const unlock = lockDataDir(dataDir);
  const where = redactUrl(postgres);
  let lock: InstanceLock | null = null;
  const pool = openPool(postgres);
  const sqliteAccounts = hasAccounts ? Accounts.open(dataDir) : null;
  const sqliteDocuments = hasDocuments ? SqliteDocumentStorage.open(dataDir) : null;
  try {
    lock = await InstanceLock.take(postgres, 'alone');
    await checkReachable(pool, postgres);
    await PostgresAccounts.on(pool, where);
    const target = await PostgresDocumentStorage.on(pool, where);
    const targetAccounts = new PostgresAccountRows(pool);

    const before = { accounts: await targetAccounts.count(), documents: await countDocuments(pool) };
    if (!merge && before.accounts + before.documents > 0) {
      throw new MigrationError(
        `${where} already holds ${before.accounts} ${before.accounts === 1 ? 'account' : 'accounts'} and ${before.documents} ${before.documents === 1 ? 'document' : 'documents'}: migrate into an empty database, or add --merge`,
      );
    }

    // Accounts, in one transaction.
    const rows = sqliteAccounts?.rows() ?? [];
    const inserted = await targetAccounts.insert(rows);
    progress(`accounts: ${inserted.size} copied${rows.length > inserted.size ? `, ${rows.length - inserted.size} already in PostgreSQL (kept as they are)` : ''}`);

    // Documents, one by one (each store is its own transaction).
    const names = (await sqliteDocuments?.list())?.map((d) => d.name) ?? [];
    const mergedInto = new Set<string>();
    // A storage of its own to look: a fetch through `target` would let its next store replace instead of merge.
    const probe = await PostgresDocumentStorage.on(pool, where);
    let bytes = 0;
    for (const [i, name] of names.entries()) {
      const state = await sqliteDocuments!.fetch(name);
      if (!state) continue;
      if (merge && before.documents > 0 && (await probe.fetch(name))) mergedInto.add(name);
      await target.store(name, state);
      bytes += state.byteLength;
      if ((i + 1) % 500 === 0) progress(`documents: ${i + 1} of ${names.length} copied`);
    }
    progress(`documents: ${names.length} copied${mergedInto.size ? ` (${mergedInto.size} merged into documents PostgreSQL held)` : ''}`);

    // Read everything back and compare.
    const copied = new Map((await targetAccounts.all()).map((row) => [row.name, row]));
    const accountMismatches: string[] = [];
    for (const row of rows) {
      if (!inserted.has(row.name)) continue;
      const back = copied.get(row.name);
      if (!back || !sameRow(row, back)) accountMismatches.push(row.name);
    }
    const documentMismatches: string[] = [];
    const reader = await PostgresDocumentStorage.on(pool, where);
    for (const [i, name] of names.entries()) {
      const source = await sqliteDocuments!.fetch(name);
      const back = await reader.fetch(name);
      if (!source || !back) {
        documentMismatches.push(name);
        continue;
      }
      const verdict = compareStates(source, back);
      const ok = verdict === 'identical' || (mergedInto.has(name) && verdict === 'target-holds-source');
      if (!ok) documentMismatches.push(name);
      if ((i + 1) % 500 === 0) progress(`documents: ${i + 1} of ${names.length} compared`);
    }
    return {
      accounts: { copied: inserted.size, kept: rows.length - inserted.size, compared: inserted.size, mismatched: accountMismatches },
      documents: { copied: names.length, merged: mergedInto.size, compared: names.length, mismatched: documentMismatches, bytes },
    };
  } finally {
    sqliteAccounts?.close();
    await sqliteDocuments?.close();
    await pool.end();
    await lock?.release();
    unlock();
  }
}

function sameRow(a: UserRow, b: UserRow): boolean {
  return (
    a.name === b.name &&
    a.role === b.role &&
    Buffer.from(a.token_hash).equals(Buffer.from(b.token_hash)) &&
    Number(a.generation) === Number(b.generation) &&
    a.created_at === b.created_at &&
    a.updated_at === b.updated_at
  );
}

/**
 * How two stored states of a document compare: byte for byte or as Yjs
 * documents (`identical`: each holds everything of the other), or only
 * `target` holding everything of `source` (it has more), or neither.
 */
export function compareStates(source: Uint8Array, target: Uint8Array): 'identical' | 'target-holds-source' | 'differs' {
  if (Buffer.from(source.buffer, source.byteOffset, source.byteLength).equals(Buffer.from(target.buffer, target.byteOffset, target.byteLength))) return 'identical';
  const targetHoldsSource = holds(target, source);
  const sourceHoldsTarget = holds(source, target);
  if (targetHoldsSource && sourceHoldsTarget) return 'identical';
  return targetHoldsSource ? 'target-holds-source' : 'differs';
}

/** Whether applying `inner` to the document `outer` changes nothing (and leaves nothing waiting for missing parts). */
export function holds(outer: Uint8Array, inner: Uint8Array): boolean {
  const doc = new Y.Doc();
  try {
    Y.applyUpdate(doc, outer);
    let changed = false;
    doc.on('update', () => {
      changed = true;
    });
    Y.applyUpdate(doc, inner);
    return !changed && doc.store.pendingStructs === null && doc.store.pendingDs === null;
  } catch {
    return false;
  } finally {
    doc.destroy();
  }
}

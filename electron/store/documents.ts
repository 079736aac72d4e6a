import type { DatabaseSync } from 'node:sqlite';
import * as Y from 'yjs';
import { transaction } from './database';

/**
 * The library's shared documents (shared/collab): per document a snapshot
 * (one Yjs update holding everything compacted so far) and a log of the
 * updates appended since. A save is one append, so its cost follows the
 * edit, not the article; every update the main process acknowledged is in
 * the log (WAL: it survives the process being killed).
 *
 * When a document's log grows, compact() merges it into the snapshot in one
 * transaction. Y.mergeUpdates keeps updates whose dependencies are missing
 * as pending parts of the merged update, so compaction never drops one.
 */
export interface StoredDocument {
  /** Snapshot and log, in order: apply them all to get the document. */
  updates: Uint8Array[];
  /** Rows in the log. */
  logged: number;
  loggedBytes: number;
  /** The id of the last log row the library's derived rows (version, search, progress) were worked out from. */
  derivedThrough: number;
  /** Whether the derived rows follow every log row. */
  derived: boolean;
}

/** A log longer than this (rows or bytes) is compacted after the next derivation. */
export const COMPACT_AFTER_UPDATES = 500;
export const COMPACT_AFTER_BYTES = 1024 * 1024;

export interface DocumentStore {
  /** null when the library has no such document. */
  load(name: string): StoredDocument | null;
  /**
   * Creates a document from its first state; false (and nothing written)
   * when it exists. Its rows are to be derived (a crash before that leaves it
   * in underived()), unless `derived`: made from the rows themselves.
   */
  create(name: string, articleId: string, state: Uint8Array, derived?: boolean): boolean;
  /** Appends an update to an existing document's log; returns the log row's id. */
  append(name: string, update: Uint8Array): number;
  /** The highest log row id of a document (0 if none since the snapshot). */
  lastLogged(name: string): number;
  /** Records that the derived rows now reflect the log up to `id`. */
  markDerived(name: string, id: number): void;
  /** Documents with log rows not derived yet (after a crash, or a quit before the pause). */
  underived(): string[];
  /** Merges the log into the snapshot; returns whether anything was merged. */
  compact(name: string): boolean;
  /** Whether the log is long enough to compact. */
  wantsCompaction(name: string): boolean;
  /** Names of the documents of an article. */
  namesOf(articleId: string): string[];
  /** Names of every document. */
  names(): string[];
}

interface DocumentRow {
  snapshot: Uint8Array;
  derived_through: number;
}

export function createDocumentStore(db: DatabaseSync): DocumentStore {
  const selectDocument = db.prepare('SELECT snapshot, derived_through FROM documents WHERE name = ?');
  const selectLog = db.prepare('SELECT id, data FROM document_updates WHERE name = ? ORDER BY id');
  const selectLogSize = db.prepare('SELECT count(*) AS n, coalesce(sum(length(data)), 0) AS bytes, coalesce(max(id), 0) AS last FROM document_updates WHERE name = ?');
  // derived_through -1: never derived.
  const insertDocument = db.prepare('INSERT INTO documents (name, article_id, snapshot, derived_through) VALUES (?, ?, ?, ?) ON CONFLICT (name) DO NOTHING');
  const insertUpdate = db.prepare('INSERT INTO document_updates (name, data) VALUES (?, ?)');
  const updateDerived = db.prepare('UPDATE documents SET derived_through = max(derived_through, ?) WHERE name = ?');
  const selectUnderived = db.prepare(
    'SELECT d.name FROM documents d WHERE d.derived_through < 0 OR EXISTS (SELECT 1 FROM document_updates u WHERE u.name = d.name AND u.id > d.derived_through)',
  );
  const updateSnapshot = db.prepare('UPDATE documents SET snapshot = ? WHERE name = ?');
  const deleteLogThrough = db.prepare('DELETE FROM document_updates WHERE name = ? AND id <= ?');
  const selectNames = db.prepare('SELECT name FROM documents WHERE article_id = ? ORDER BY name');
  const selectAllNames = db.prepare('SELECT name FROM documents ORDER BY name');
  // In-memory log sizes, so an append does not have to count the log.
  const sizes = new Map<string, { rows: number; bytes: number }>();

  const logSize = (name: string) => {
    let size = sizes.get(name);
    if (!size) {
      const row = selectLogSize.get(name) as { n: number; bytes: number };
      size = { rows: row.n, bytes: row.bytes };
      sizes.set(name, size);
    }
    return size;
  };

  return {
    load(name) {
      const row = selectDocument.get(name) as DocumentRow | undefined;
      if (!row) return null;
      const log = selectLog.all(name) as unknown as { id: number; data: Uint8Array }[];
      const loggedBytes = log.reduce((sum, entry) => sum + entry.data.length, 0);
      sizes.set(name, { rows: log.length, bytes: loggedBytes });
      const last = log.length > 0 ? (log[log.length - 1] as { id: number }).id : 0;
      return {
        updates: [row.snapshot, ...log.map((entry) => entry.data)],
        logged: log.length,
        loggedBytes,
        derivedThrough: row.derived_through,
        derived: row.derived_through >= 0 && last <= row.derived_through,
      };
    },
    create(name, articleId, state, derived = false) {
      const created = Number(insertDocument.run(name, articleId, state, derived ? 0 : -1).changes) === 1;
      if (created) sizes.set(name, { rows: 0, bytes: 0 });
      return created;
    },
    append(name, update) {
      const id = Number(insertUpdate.run(name, update).lastInsertRowid);
      const size = logSize(name);
      size.rows += 1;
      size.bytes += update.length;
      return id;
    },
    lastLogged(name) {
      return (selectLogSize.get(name) as { last: number }).last;
    },
    markDerived(name, id) {
      updateDerived.run(id, name);
    },
    underived() {
      return (selectUnderived.all() as { name: string }[]).map((row) => row.name);
    },
    wantsCompaction(name) {
      const size = logSize(name);
      return size.rows >= COMPACT_AFTER_UPDATES || size.bytes >= COMPACT_AFTER_BYTES;
    },
    compact(name) {
      return transaction(db, () => {
        const row = selectDocument.get(name) as DocumentRow | undefined;
        if (!row) return false;
        const log = selectLog.all(name) as unknown as { id: number; data: Uint8Array }[];
        if (log.length === 0) return false;
        const merged = Y.mergeUpdates([row.snapshot, ...log.map((entry) => entry.data)]);
        updateSnapshot.run(merged, name);
        deleteLogThrough.run(name, (log[log.length - 1] as { id: number }).id);
        sizes.set(name, { rows: 0, bytes: 0 });
        return true;
      });
    },
    namesOf(articleId) {
      return (selectNames.all(articleId) as { name: string }[]).map((row) => row.name);
    },
    names() {
      return (selectAllNames.all() as { name: string }[]).map((row) => row.name);
    },
  };
}

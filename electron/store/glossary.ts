import type { DatabaseSync } from 'node:sqlite';
import { foldForSearch } from '../../shared/text/search-fold';

/**
 * The glossary table (the termbase): one row per entry, with foldForSearch of
 * each term in the *_fold columns (the glossary service matches and sorts by
 * them).
 */
export interface GlossaryStore {
  all(): GlossaryDbRow[];
  get(id: string): GlossaryDbRow | undefined;
  count(): number;
  /** Writes a row made by glossaryRow: a new entry, or the new state of an existing one (its created_at kept). */
  write(row: GlossaryDbRow, isNew: boolean): void;
  /** Whether there was an entry to delete. */
  remove(id: string): boolean;
}

export const TERM_LANGUAGES = ['en', 'ckb', 'kmr'] as const;
export type TermLanguage = (typeof TERM_LANGUAGES)[number];

export interface GlossaryDbRow {
  id: string;
  en: string;
  ckb: string;
  kmr: string;
  note: string;
  en_fold: string;
  ckb_fold: string;
  kmr_fold: string;
  created_at: string;
  updated_at: string;
}

/** An entry's row: its terms, note and dates, and the folded terms. */
export function glossaryRow(id: string, entry: Record<TermLanguage | 'note', string>, createdAt: string, updatedAt: string): GlossaryDbRow {
  return {
    id,
    en: entry.en,
    ckb: entry.ckb,
    kmr: entry.kmr,
    note: entry.note,
    en_fold: foldForSearch(entry.en),
    ckb_fold: foldForSearch(entry.ckb),
    kmr_fold: foldForSearch(entry.kmr),
    created_at: createdAt,
    updated_at: updatedAt,
  };
}

export function createGlossaryStore(db: DatabaseSync): GlossaryStore {
  const selectAll = db.prepare('SELECT * FROM glossary');
  const selectOne = db.prepare('SELECT * FROM glossary WHERE id = ?');
  const countAll = db.prepare('SELECT count(*) AS n FROM glossary');
  const insert = db.prepare(
    `INSERT INTO glossary (id, en, ckb, kmr, note, en_fold, ckb_fold, kmr_fold, created_at, updated_at)
     VALUES (:id, :en, :ckb, :kmr, :note, :en_fold, :ckb_fold, :kmr_fold, :created_at, :updated_at)`,
  );
  const update = db.prepare(
    `UPDATE glossary SET en = :en, ckb = :ckb, kmr = :kmr, note = :note, en_fold = :en_fold, ckb_fold = :ckb_fold, kmr_fold = :kmr_fold,
       updated_at = :updated_at WHERE id = :id`,
  );
  const remove = db.prepare('DELETE FROM glossary WHERE id = ?');

  return {
    all: () => selectAll.all() as unknown as GlossaryDbRow[],
    get: (id) => selectOne.get(id) as GlossaryDbRow | undefined,
    count: () => (countAll.get() as { n: number }).n,
    write(row, isNew) {
      if (isNew) insert.run({ ...row });
      else {
        const { created_at: _created, ...changed } = row;
        update.run({ ...changed });
      }
    },
    remove: (id) => Number(remove.run(id).changes) > 0,
  };
}

import { readGlossaryDoc, writeGlossaryDoc, type GlossaryDocEntry } from '../../../shared/collab/glossary-doc';
import { transaction } from '../../store/database';
import { glossaryRow, type GlossaryDbRow } from '../../store/glossary';
import type { GlossaryWrite, LibraryContext } from '../context';
import type * as Y from 'yjs';

/**
 * The glossary table and the newsroom's glossary document kept alike. The
 * glossary service writes the table; what it wrote goes into the document
 * (toDocument). The document's changes, ours and everyone's, are written
 * back into the table (toTable) once the library has joined the newsroom's
 * glossary: before that, the table's own entries are added to the document
 * first (join), so connecting never drops an entry.
 */
function entryOf(row: GlossaryDbRow): GlossaryDocEntry {
  return { en: row.en, ckb: row.ckb, kmr: row.kmr, note: row.note, createdAt: row.created_at, updatedAt: row.updated_at };
}

function sameEntry(row: GlossaryDbRow, entry: GlossaryDocEntry): boolean {
  return row.en === entry.en && row.ckb === entry.ckb && row.kmr === entry.kmr && row.note === entry.note && row.updated_at === entry.updatedAt;
}

/** The glossary service's change, as an edit of the document. */
export function toDocument(doc: Y.Doc, change: GlossaryWrite, origin: unknown = null): void {
  writeGlossaryDoc(doc, { set: new Map(change.written.map((row) => [row.id, entryOf(row)])), remove: change.removed }, origin);
}

/** Adds the table's entries the document lacks; returns how many. */
export function join(context: LibraryContext, doc: Y.Doc): number {
  const held = readGlossaryDoc(doc);
  const missing = context.glossary.all().filter((row) => !held.has(row.id));
  if (missing.length > 0) toDocument(doc, { written: missing, removed: [] });
  return missing.length;
}

/**
 * Writes the document's entries into the table; `exact`: the table then
 * holds exactly them (entries the document no longer has are removed).
 * Returns whether anything changed.
 */
export function toTable(context: LibraryContext, doc: Y.Doc, exact: boolean): boolean {
  const entries = readGlossaryDoc(doc);
  const { glossary, db } = context;
  return transaction(db, () => {
    let changed = false;
    for (const [id, entry] of entries) {
      const row = glossary.get(id);
      if (row && sameEntry(row, entry)) continue;
      glossary.write(glossaryRow(id, entry, row?.created_at ?? entry.createdAt, entry.updatedAt), row === undefined);
      changed = true;
    }
    if (exact) {
      for (const row of glossary.all()) {
        if (!entries.has(row.id)) changed = glossary.remove(row.id) || changed;
      }
    }
    return changed;
  });
}

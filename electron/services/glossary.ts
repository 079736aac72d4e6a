import { randomUUID } from 'node:crypto';
import { foldForSearch } from '../../shared/text/search-fold';
import { sortKey } from '../../shared/text/sort-key';
import { GLOSSARY_LIMITS, GlossaryTermInputSchema, type GlossaryTerm } from '../../shared/translation/glossary';
import { transaction } from '../store/database';
import { glossaryRow, TERM_LANGUAGES, type GlossaryDbRow, type GlossaryStore, type TermLanguage } from '../store/glossary';
import type { LibraryContext } from './context';
import { CsvError, readGlossaryCsv, writeGlossaryCsv, type GlossaryRow } from './glossary-csv';
import { notFound, ServiceError } from './service-error';
import type { GlossaryMethod, ServiceMethods } from './service-methods';

/**
 * The glossary (termbase): entries with a term in English, Sorani and Badini
 * and a note, listed and exported in alphabetical order (Kurdish terms by the
 * Kurdish alphabet), imported from and exported to CSV (glossary-csv.ts). The
 * rows are store/glossary.ts's.
 */
export type GlossaryService = ServiceMethods<GlossaryMethod>;

const integer = new Intl.NumberFormat('en');

function invalid(message: string): ServiceError {
  return new ServiceError({ code: 'invalid_input', message, issues: [{ path: 'csv', message }] });
}

function toTerm(row: GlossaryDbRow): GlossaryTerm {
  return { id: row.id, en: row.en, ckb: row.ckb, kmr: row.kmr, note: row.note, updatedAt: row.updated_at };
}

const ENGLISH = new Intl.Collator('en');
// Kurdish terms in the Kurdish alphabet's order, as the library sorts headlines (sortKey); keys made once per term.
const kurdishKeys = new Map<string, string>();
function kurdishKey(term: string): string {
  let key = kurdishKeys.get(term);
  if (key === undefined) {
    if (kurdishKeys.size >= 50_000) kurdishKeys.clear();
    kurdishKeys.set(term, (key = sortKey(term)));
  }
  return key;
}
/** English terms folded, by the collator; Kurdish terms as written, by their sort keys (ر and ڕ are two letters there). */
function compareTerms(lang: TermLanguage, a: GlossaryDbRow, b: GlossaryDbRow): number {
  if (lang === 'en') return ENGLISH.compare(a.en_fold, b.en_fold);
  const x = kurdishKey(a[lang]);
  const y = kurdishKey(b[lang]);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** By English, then Sorani, then Badini term; an empty term after the filled ones. */
function compareRows(a: GlossaryDbRow, b: GlossaryDbRow): number {
  for (const lang of TERM_LANGUAGES) {
    const x = a[`${lang}_fold`];
    const y = b[`${lang}_fold`];
    if ((x === '') !== (y === '')) return x === '' ? 1 : -1;
    const order = compareTerms(lang, a, b) || (x < y ? -1 : x > y ? 1 : 0);
    if (order !== 0) return order;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** What an import row fails on, in the words shown to the user; null when it is a valid entry. */
function rowProblem(row: GlossaryRow): string | null {
  for (const lang of TERM_LANGUAGES) {
    if (row[lang].trim().length > GLOSSARY_LIMITS.term) return `the ${lang} term is longer than ${integer.format(GLOSSARY_LIMITS.term)} characters`;
  }
  if (row.note.length > GLOSSARY_LIMITS.note) return `the note is longer than ${integer.format(GLOSSARY_LIMITS.note)} characters`;
  if (TERM_LANGUAGES.every((lang) => row[lang].trim() === '')) return 'the entry has no term (fill in at least one of en, ckb, kmr)';
  return null;
}

export function createGlossaryService(context: LibraryContext): GlossaryService {
  const { db, glossary, timestamp } = context;

  function sortedRows(): GlossaryDbRow[] {
    return glossary.all().sort(compareRows);
  }

  function full(): ServiceError {
    const message = `The glossary is full: it holds at most ${integer.format(GLOSSARY_LIMITS.entries)} entries.`;
    return new ServiceError({ code: 'invalid_input', message, issues: [{ path: 'term', message }] });
  }

  /**
   * Runs a change of the glossary in one transaction, on a store that notes
   * what it writes, then tells the newsroom's sync (context.glossaryWritten).
   * Refused when the newsroom lets this account only read the glossary.
   */
  function writing<T>(change: (store: GlossaryStore) => T): T {
    const reason = context.readOnlyReason({ kind: 'glossary' });
    if (reason !== null) throw new ServiceError({ code: 'read_only', message: `The newsroom lets this account only read the glossary: ${reason}.`, reason });
    const written: GlossaryDbRow[] = [];
    const removed: string[] = [];
    const noting: GlossaryStore = {
      ...glossary,
      write(row, isNew) {
        glossary.write(row, isNew);
        written.push(row);
      },
      remove(id) {
        const found = glossary.remove(id);
        if (found) removed.push(id);
        return found;
      },
    };
    const result = transaction(db, () => change(noting));
    if (written.length > 0 || removed.length > 0) context.glossaryWritten({ written, removed });
    return result;
  }

  return {
    listGlossary: () => ({ terms: sortedRows().map(toTerm) }),

    saveGlossaryTerm({ id, term }) {
      return writing((glossary) => {
        const now = timestamp();
        if (id === undefined) {
          if (glossary.count() >= GLOSSARY_LIMITS.entries) throw full();
          const row = glossaryRow(randomUUID(), term, now, now);
          glossary.write(row, true);
          return toTerm(row);
        }
        const existing = glossary.get(id);
        if (!existing) throw notFound(`No glossary entry with id ${id}.`);
        const row = glossaryRow(id, term, existing.created_at, now);
        glossary.write(row, false);
        return toTerm(row);
      });
    },

    deleteGlossaryTerm({ id }) {
      return writing((glossary) => {
        if (!glossary.remove(id)) throw notFound(`No glossary entry with id ${id}.`);
        return { id };
      });
    },

    importGlossary({ csv }) {
      let parsed: ReturnType<typeof readGlossaryCsv>;
      try {
        parsed = readGlossaryCsv(csv);
      } catch (error) {
        if (error instanceof CsvError) throw invalid(`The CSV could not be read. ${error.message}.`);
        throw error;
      }
      // Every row is checked before anything is written: a bad file is refused whole.
      const entries = parsed.rows.map((row) => {
        const problem = rowProblem(row);
        if (problem) throw invalid(`Line ${row.line}: ${problem}.`);
        return { line: row.line, ...GlossaryTermInputSchema.parse({ en: row.en, ckb: row.ckb, kmr: row.kmr, note: row.note }) };
      });
      const given = new Set(parsed.columns);

      return writing((glossary) => {
        const now = timestamp();
        const rows = sortedRows();
        // Folded term -> entry, per language; the first in list order wins where two entries share a term.
        const byTerm: Record<TermLanguage, Map<string, GlossaryDbRow>> = { en: new Map(), ckb: new Map(), kmr: new Map() };
        const index = (row: GlossaryDbRow) => {
          for (const lang of TERM_LANGUAGES) {
            const fold = row[`${lang}_fold`];
            if (fold !== '' && !byTerm[lang].has(fold)) byTerm[lang].set(fold, row);
          }
        };
        rows.forEach(index);
        let count = rows.length;
        const result = { added: 0, updated: 0, unchanged: 0 };

        for (const entry of entries) {
          let match: GlossaryDbRow | undefined;
          for (const lang of TERM_LANGUAGES) {
            if (entry[lang] === '') continue;
            match = byTerm[lang].get(foldForSearch(entry[lang]));
            if (match) break;
          }
          if (!match) {
            if (count >= GLOSSARY_LIMITS.entries) {
              throw invalid(`Line ${entry.line}: the glossary would hold more than ${integer.format(GLOSSARY_LIMITS.entries)} entries.`);
            }
            const row = glossaryRow(randomUUID(), entry, now, now);
            glossary.write(row, true);
            index(row);
            count++;
            result.added++;
            continue;
          }
          // A column the file leaves out, or an empty cell, keeps what the entry has.
          const pick = (column: keyof GlossaryRow) => (given.has(column) && entry[column] !== '' ? entry[column] : match[column]);
          const merged: GlossaryRow = { en: pick('en'), ckb: pick('ckb'), kmr: pick('kmr'), note: pick('note') };
          if (merged.en === match.en && merged.ckb === match.ckb && merged.kmr === match.kmr && merged.note === match.note) {
            result.unchanged++;
            continue;
          }
          const row = glossaryRow(match.id, merged, match.created_at, now);
          glossary.write(row, false);
          for (const lang of TERM_LANGUAGES) if (byTerm[lang].get(match[`${lang}_fold`]) === match) byTerm[lang].delete(match[`${lang}_fold`]);
          index(row);
          result.updated++;
        }
        return result;
      });
    },

    exportGlossary: () => ({ csv: writeGlossaryCsv(sortedRows()) }),
  };
}

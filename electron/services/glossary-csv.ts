/**
 * Glossary CSV (RFC 4180): fields separated by commas, records by CRLF (LF
 * and a lone CR are read too), a field holding a comma, a quote or a line
 * break enclosed in double quotes with its quotes doubled. UTF-8; a BOM at
 * the start is dropped.
 */

export const GLOSSARY_COLUMNS = ['en', 'ckb', 'kmr', 'note'] as const;
export type GlossaryColumn = (typeof GLOSSARY_COLUMNS)[number];

export type GlossaryRow = Record<GlossaryColumn, string>;

/** A CSV that cannot be read; `line` is the 1-based line of the file where the problem is. */
export class CsvError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`Line ${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

export interface CsvRecord {
  /** The line the record starts on (a quoted line break makes a record span lines). */
  line: number;
  fields: string[];
}

const BOM = '\ufeff';

/** Splits CSV text into records. Throws CsvError for a quote that is not closed or text after a closing quote. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.startsWith(BOM) ? 1 : 0;
  let line = 1;
  const length = text.length;
  while (i < length) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        const opened = line;
        i++;
        for (;;) {
          if (i >= length) throw new CsvError(opened, 'a quoted field is not closed (a " is missing)');
          const c = text[i] as string;
          if (c === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i++;
            break;
          }
          if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) line++;
          field += c;
          i++;
        }
        const after = text[i];
        if (after !== undefined && after !== ',' && after !== '\n' && after !== '\r') {
          throw new CsvError(line, 'unexpected text after a closing quote (a " inside a quoted field must be doubled)');
        }
      } else {
        const from = i;
        while (i < length) {
          const c = text[i];
          if (c === ',' || c === '\n' || c === '\r') break;
          if (c === '"') throw new CsvError(line, 'a " inside a field that does not start with a quote (enclose the field in quotes and double the ")');
          i++;
        }
        field = text.slice(from, i);
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      // End of the record: CRLF, LF, a lone CR, or the end of the text.
      if (text[i] === '\r') {
        i++;
        if (text[i] === '\n') i++;
      } else if (text[i] === '\n') {
        i++;
      }
      line++;
      break;
    }
    records.push({ line: start, fields });
  }
  return records;
}

/** The rows of a glossary CSV, by the header's column names (any order). Missing columns come back as ''. */
export function readGlossaryCsv(text: string): { columns: GlossaryColumn[]; rows: (GlossaryRow & { line: number })[] } {
  const records = parseCsv(text);
  const header = records[0];
  if (!header) throw new CsvError(1, `the file is empty; the first line must name the columns (${GLOSSARY_COLUMNS.join(', ')})`);
  const columns: GlossaryColumn[] = [];
  for (const raw of header.fields) {
    const name = raw.trim().toLowerCase();
    if (!(GLOSSARY_COLUMNS as readonly string[]).includes(name)) {
      throw new CsvError(header.line, `unknown column "${raw.slice(0, 40)}"; the columns are ${GLOSSARY_COLUMNS.join(', ')}`);
    }
    if (columns.includes(name as GlossaryColumn)) throw new CsvError(header.line, `the column "${name}" is named twice`);
    columns.push(name as GlossaryColumn);
  }
  if (!columns.some((c) => c !== 'note')) throw new CsvError(header.line, 'no term column: name at least one of en, ckb, kmr');

  const rows: (GlossaryRow & { line: number })[] = [];
  for (const record of records.slice(1)) {
    // A blank line (one empty field) holds nothing: skipped, like the line end after the last record.
    if (record.fields.length === 1 && record.fields[0] === '') continue;
    if (record.fields.length !== columns.length) {
      throw new CsvError(record.line, `${record.fields.length} fields where the header names ${columns.length}`);
    }
    const row: GlossaryRow & { line: number } = { line: record.line, en: '', ckb: '', kmr: '', note: '' };
    columns.forEach((column, index) => (row[column] = unguardFormula(record.fields[index] as string)));
    rows.push(row);
  }
  return { columns, rows };
}

// A spreadsheet runs a cell starting with one of these as a formula (OWASP CSV injection); tab and CR too.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

/** A field a spreadsheet would run as a formula gets a leading ' (and one already starting with quotes and such a character one more). */
export function guardFormula(field: string): string {
  return FORMULA_START.test(field) ? `'${field}` : field;
}

/** Undoes guardFormula. */
export function unguardFormula(field: string): string {
  return GUARDED.test(field) ? field.slice(1) : field;
}

function quoteField(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

/** The CSV of `rows`: BOM, header en,ckb,kmr,note, CRLF after every record, quoting where needed, formulas guarded. */
export function writeGlossaryCsv(rows: readonly GlossaryRow[]): string {
  const lines = [GLOSSARY_COLUMNS.join(',')];
  for (const row of rows) lines.push(GLOSSARY_COLUMNS.map((column) => quoteField(guardFormula(row[column]))).join(','));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

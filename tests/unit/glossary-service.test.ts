// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GLOSSARY_LIMITS } from '../../shared/translation/glossary';
import { createGlossaryService, type GlossaryService } from '../../electron/services/glossary';
import type { Library } from '../../electron/store/library';
import { contractCall, expectServiceError as expectError, steppingClock, tempLibrary, type TempLibrary } from './helpers/library';

let temp: TempLibrary;
let library: Library;
let service: GlossaryService;

beforeEach(() => {
  temp = tempLibrary('qelem-glossary-');
  library = temp.library;
  service = createGlossaryService(temp.context({ now: steppingClock('2025-03-01T08:00:00.000Z') }));
});

afterEach(() => temp.dispose());

/** As the service table calls it: input parsed by the contract, output checked against it. */
const call = contractCall(() => service);

const term = (en: string, ckb = '', kmr = '', note = '') => ({ en, ckb, kmr, note });
const save = (t: ReturnType<typeof term>, id?: string) => call('saveGlossaryTerm', id === undefined ? { term: t } : { id, term: t });
const list = () => call('listGlossary', {}).terms;
const plain = () => list().map(({ en, ckb, kmr, note }) => ({ en, ckb, kmr, note }));
const importCsv = (csv: string) => call('importGlossary', { csv });
const exportCsv = () => call('exportGlossary', {}).csv;

describe('saveGlossaryTerm, listGlossary, deleteGlossaryTerm', () => {
  it('adds an entry with a new id and trimmed terms, and lists it', () => {
    const saved = save(term('  Peshmerga ', 'پێشمەرگە', 'پێشمەرگە', ' fighters of the KRG '));
    expect(saved).toMatchObject({ en: 'Peshmerga', ckb: 'پێشمەرگە', kmr: 'پێشمەرگە', note: ' fighters of the KRG ' });
    expect(saved.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(list()).toEqual([saved]);
  });

  it('replaces an entry by id, keeping the id and moving updatedAt', () => {
    const first = save(term('Erbil', 'هەولێر'));
    const second = save(term('Erbil', 'هەولێر', 'هەولێر', 'capital'), first.id);
    expect(second.id).toBe(first.id);
    expect(second.updatedAt > first.updatedAt).toBe(true);
    expect(list()).toEqual([second]);
  });

  it('sorts by English, then Sorani, then Badini term, folded, empty terms last', () => {
    save(term('erbil'));
    save(term('', 'ئامێدی'));
    save(term('Duhok', 'دهۆک'));
    save(term('', 'بەغدا'));
    save(term('', 'پردێ'));
    save(term('Amedi', 'ئامێدی', 'ئامێدیێ'));
    save(term('', '', 'زاخۆ'));
    save(term('', 'ئامێدی', 'ئامێدی'));
    // Folded: Arabic kaf/yeh sort as Kurdish ک/ی.
    save(term('', 'كەركووك'));
    expect(list().map((t) => t.en || t.ckb || t.kmr)).toEqual(['Amedi', 'Duhok', 'erbil', 'ئامێدی', 'ئامێدی', 'بەغدا', 'پردێ', 'كەركووك', 'زاخۆ']);
    // The two ئامێدی entries: the one with a Badini term first.
    expect(list().slice(3, 5).map((t) => t.kmr)).toEqual(['ئامێدی', '']);
  });

  it('sorts Kurdish terms by the Kurdish alphabet, as the library sorts headlines (issue 16)', () => {
    for (const ckb of ['هەولێر', 'وان', 'ڕانیە', 'رواندز', 'پردێ', 'ژاراوە', 'ەنکاوە', 'گەرمیان', 'یاسا', 'ۆمەر']) save(term('', ckb));
    expect(list().map((t) => t.ckb)).toEqual(['پردێ', 'رواندز', 'ڕانیە', 'ژاراوە', 'گەرمیان', 'وان', 'ۆمەر', 'هەولێر', 'ەنکاوە', 'یاسا']);
  });

  it('deletes by id; an unknown id is not_found for delete and replace', () => {
    const a = save(term('Kirkuk'));
    expect(call('deleteGlossaryTerm', { id: a.id })).toEqual({ id: a.id });
    expect(list()).toEqual([]);
    expect(expectError(() => call('deleteGlossaryTerm', { id: a.id }), 'not_found').body.message).toBe(`No glossary entry with id ${a.id}.`);
    expectError(() => save(term('Kirkuk'), a.id), 'not_found');
    expect(list()).toEqual([]);
  });

  it(`refuses a new entry once the glossary holds ${GLOSSARY_LIMITS.entries} entries`, () => {
    const insert = library.db.prepare(
      "INSERT INTO glossary (id, en, ckb, kmr, note, en_fold, ckb_fold, kmr_fold, created_at, updated_at) VALUES (?, ?, '', '', '', ?, '', '', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
    );
    library.db.exec('BEGIN');
    for (let i = 0; i < GLOSSARY_LIMITS.entries; i++) insert.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `t${i}`, `t${i}`);
    library.db.exec('COMMIT');
    const error = expectError(() => save(term('one more')), 'invalid_input');
    expect(error.body.message).toBe('The glossary is full: it holds at most 20,000 entries.');
    // Replacing one still works.
    expect(save(term('replaced'), '00000000-0000-4000-8000-000000000000').en).toBe('replaced');
  });
});

describe('importGlossary and exportGlossary', () => {
  // Kurdish text with commas (Arabic and Latin), quotes, line breaks and formula starters.
  const tricky = [
    term('Kurdistan Region', 'هەرێمی کوردستان', 'هەرێما کوردستانێ', 'Official name, not "Kurdistan"'),
    term('Peshmerga', 'پێشمەرگە، "هێزی" پێشمەرگە', 'پێشمەرگە,\nهێز', 'multi\r\nline'),
    term('-Minus', '=کوردی', '@بادینی', '+1'),
    term('', 'تەنیا سۆرانی', '', "'already quoted"),
    term('', '', 'تنێ بادینی', "'=quoted formula"),
  ];

  it('exports BOM, CRLF, header and guarded fields, sorted like the list', () => {
    for (const t of tricky) save(t);
    const csv = exportCsv();
    expect(csv.startsWith('\ufeffen,ckb,kmr,note\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(`'-Minus,'=کوردی,'@بادینی,'+1\r\n`);
    expect(csv).toContain('"پێشمەرگە، ""هێزی"" پێشمەرگە"');
    // One line per entry in list order ('-minus' before 'kurdistan region': the collator puts the hyphen before letters).
    expect(csv.split('\r\n').slice(1, 4).map((line) => line.split(',')[0])).toEqual(["'-Minus", 'Kurdistan Region', 'Peshmerga']);
  });

  it('round-trips exactly: export, import into an empty library, export again', async () => {
    for (const t of tricky) save(t);
    const csv = exportCsv();
    const before = plain();

    const other = tempLibrary('qelem-glossary-other-');
    try {
      const otherService = createGlossaryService(other.context());
      expect(otherService.importGlossary({ csv })).toEqual({ added: tricky.length, updated: 0, unchanged: 0 });
      expect(otherService.listGlossary({}).terms.map(({ en, ckb, kmr, note }) => ({ en, ckb, kmr, note }))).toEqual(before);
      expect(otherService.exportGlossary({}).csv).toBe(csv);
      // Importing the same file again changes nothing.
      expect(otherService.importGlossary({ csv })).toEqual({ added: 0, updated: 0, unchanged: tricky.length });
    } finally {
      await other.dispose();
    }
  });

  it('updates an entry whose term equals an existing one after folding, and adds the others', () => {
    const erbil = save(term('Erbil', 'هەولێر', '', 'old note'));
    const kirkuk = save(term('', 'کەرکووک', 'کەرکووک'));
    save(term('Duhok', 'دهۆک', 'دهۆک'));
    // ERBIL matches by English (case folded); كەركووك (Arabic kaf) matches the Sorani term; Duhok is unchanged; Zakho is new.
    const result = importCsv(
      'en,ckb,kmr,note\r\nERBIL,,هەولێر,new note\r\nKirkuk,كەركووك,,\r\nDuhok,دهۆک,دهۆک,\r\nZakho,زاخۆ,زاخۆ,\r\n',
    );
    expect(result).toEqual({ added: 1, updated: 2, unchanged: 1 });
    const byId = new Map(list().map((t) => [t.id, t]));
    // An empty cell keeps what the entry had.
    expect(byId.get(erbil.id)).toMatchObject({ en: 'ERBIL', ckb: 'هەولێر', kmr: 'هەولێر', note: 'new note' });
    expect(byId.get(kirkuk.id)).toMatchObject({ en: 'Kirkuk', ckb: 'كەركووك', kmr: 'کەرکووک' });
    expect(list()).toHaveLength(4);
  });

  it('keeps the columns a file leaves out', () => {
    const entry = save(term('Sulaimani', 'سلێمانی', 'سلێمانی', 'city'));
    expect(importCsv('ckb,en\r\nسلێمانی,Slemani\r\n')).toEqual({ added: 0, updated: 1, unchanged: 0 });
    expect(list()).toEqual([expect.objectContaining({ id: entry.id, en: 'Slemani', kmr: 'سلێمانی', note: 'city' })]);
  });

  it('treats a repeated term inside one file as an update of the entry it added', () => {
    expect(importCsv('en,ckb\r\nErbil,هەولێر\r\nerbil,هەولێر\r\nerbil,هەولێر\r\n')).toEqual({ added: 1, updated: 1, unchanged: 1 });
    expect(plain()).toEqual([term('erbil', 'هەولێر')]);
  });

  it('refuses a malformed file whole, naming the line, and writes nothing', () => {
    save(term('Erbil', 'هەولێر'));
    const before = exportCsv();
    const cases: [string, string][] = [
      ['en,ckb,fr\r\na,b,c\r\n', 'The CSV could not be read. Line 1: unknown column "fr"; the columns are en, ckb, kmr, note.'],
      ['en,ckb\r\nKirkuk,کەرکووک\r\n"Duhok,دهۆک\r\n', 'The CSV could not be read. Line 3: a quoted field is not closed (a " is missing).'],
      ['en,ckb\r\nKirkuk,کەرکووک\r\nDuhok\r\n', 'The CSV could not be read. Line 3: 1 fields where the header names 2.'],
      [`en,ckb\r\nKirkuk,کەرکووک\r\nDuhok,${'د'.repeat(301)}\r\n`, 'Line 3: the ckb term is longer than 300 characters.'],
      [`en,note\r\nKirkuk,\r\n"Duhok\r\n(city)","${'x'.repeat(1001)}"\r\n`, 'Line 3: the note is longer than 1,000 characters.'],
      ['en,ckb,note\r\nKirkuk,کەرکووک,\r\n,,just a note\r\n', 'Line 3: the entry has no term (fill in at least one of en, ckb, kmr).'],
      ['', 'The CSV could not be read. Line 1: the file is empty; the first line must name the columns (en, ckb, kmr, note).'],
    ];
    for (const [csv, message] of cases) {
      const error = expectError(() => importCsv(csv), 'invalid_input');
      expect(error.body.message).toBe(message);
      expect(error.body.issues).toEqual([{ path: 'csv', message }]);
    }
    expect(exportCsv()).toBe(before);
  });

  it(`refuses a file that would take the glossary over ${GLOSSARY_LIMITS.entries} entries, naming the first line over`, () => {
    const insert = library.db.prepare(
      "INSERT INTO glossary (id, en, ckb, kmr, note, en_fold, ckb_fold, kmr_fold, created_at, updated_at) VALUES (?, ?, '', '', '', ?, '', '', '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z')",
    );
    library.db.exec('BEGIN');
    for (let i = 0; i < GLOSSARY_LIMITS.entries - 2; i++) insert.run(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, `t${i}`, `t${i}`);
    library.db.exec('COMMIT');
    const error = expectError(() => importCsv('en\r\nt0\r\nnew 1\r\nnew 2\r\nnew 3\r\n'), 'invalid_input');
    expect(error.body.message).toBe('Line 5: the glossary would hold more than 20,000 entries.');
    expect(list()).toHaveLength(GLOSSARY_LIMITS.entries - 2);
    expect(importCsv('en\r\nt0\r\nnew 1\r\nnew 2\r\n')).toEqual({ added: 2, updated: 0, unchanged: 1 });
  });

  it('reads LF line ends, no BOM, and skips blank lines', () => {
    expect(importCsv('kmr,en\n\nدهۆک,Duhok\n\n')).toEqual({ added: 1, updated: 0, unchanged: 0 });
    expect(plain()).toEqual([term('Duhok', '', 'دهۆک')]);
  });
});

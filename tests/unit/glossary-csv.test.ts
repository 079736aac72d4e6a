// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { CsvError, guardFormula, parseCsv, readGlossaryCsv, unguardFormula, writeGlossaryCsv } from '../../electron/services/glossary-csv';

const fields = (text: string) => parseCsv(text).map((r) => r.fields);

function csvError(work: () => unknown): CsvError {
  try {
    work();
  } catch (error) {
    expect(error).toBeInstanceOf(CsvError);
    return error as CsvError;
  }
  throw new Error('expected a CsvError');
}

describe('parseCsv (RFC 4180)', () => {
  it('splits fields and records with CRLF, LF or a lone CR, with or without a final line end', () => {
    expect(fields('a,b\r\nc,d\r\n')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(fields('a,b\nc,d')).toEqual([['a', 'b'], ['c', 'd']]);
    expect(fields('a,b\rc,d\r')).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('keeps empty fields, leading and trailing ones too', () => {
    expect(fields(',a,\r\n,,\r\n')).toEqual([['', 'a', ''], ['', '', '']]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks', () => {
    expect(fields('"a,b","say ""hi""","two\r\nlines"\r\nx,"",y\r\n')).toEqual([
      ['a,b', 'say "hi"', 'two\r\nlines'],
      ['x', '', 'y'],
    ]);
  });

  it('drops a BOM at the start, but keeps one elsewhere', () => {
    expect(fields('\ufeffen,ckb\r\n')).toEqual([['en', 'ckb']]);
    expect(fields('a,\ufeffb')).toEqual([['a', '\ufeffb']]);
  });

  it('numbers records by the line they start on, across quoted line breaks', () => {
    expect(parseCsv('h\r\n"1\r\n2\n3"\r\nnext\r\n').map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it('refuses a quoted field that is not closed, naming the line it opened on', () => {
    const error = csvError(() => parseCsv('en,ckb\r\nKirkuk,کەرکووک\r\n"Erbil,هەولێر\r\nDuhok,دهۆک\r\n'));
    expect(error.line).toBe(3);
    expect(error.message).toBe('Line 3: a quoted field is not closed (a " is missing)');
  });

  it('refuses text after a closing quote, and a quote inside an unquoted field', () => {
    expect(csvError(() => parseCsv('a\r\n"b"c\r\n')).message).toBe('Line 2: unexpected text after a closing quote (a " inside a quoted field must be doubled)');
    expect(csvError(() => parseCsv('a\r\n"multi\r\nline"x\r\n')).line).toBe(3);
    expect(csvError(() => parseCsv('a\r\nb\r\nsay "hi"\r\n')).message).toMatch(/^Line 3: a " inside a field that does not start with a quote/);
  });
});

describe('readGlossaryCsv', () => {
  it('maps columns by the header, in any order and case, missing ones empty', () => {
    const { columns, rows } = readGlossaryCsv('\ufeffNote, kmr ,EN\r\nfighters,پێشمەرگە,Peshmerga\r\n');
    expect(columns).toEqual(['note', 'kmr', 'en']);
    expect(rows).toEqual([{ line: 2, en: 'Peshmerga', ckb: '', kmr: 'پێشمەرگە', note: 'fighters' }]);
  });

  it('skips blank lines', () => {
    expect(readGlossaryCsv('en\r\n\r\nErbil\r\n\r\n').rows.map((r) => [r.line, r.en])).toEqual([[3, 'Erbil']]);
  });

  it('refuses an unknown or repeated column, a header without a term column, and an empty file', () => {
    expect(csvError(() => readGlossaryCsv('en,fr\r\n')).message).toBe('Line 1: unknown column "fr"; the columns are en, ckb, kmr, note');
    expect(csvError(() => readGlossaryCsv('en,EN\r\n')).message).toBe('Line 1: the column "en" is named twice');
    expect(csvError(() => readGlossaryCsv('note\r\nx\r\n')).message).toBe('Line 1: no term column: name at least one of en, ckb, kmr');
    expect(csvError(() => readGlossaryCsv('')).line).toBe(1);
    expect(csvError(() => readGlossaryCsv('\ufeff')).line).toBe(1);
  });

  it('refuses a record with more or fewer fields than the header', () => {
    expect(csvError(() => readGlossaryCsv('en,ckb\r\na,b\r\nc\r\n')).message).toBe('Line 3: 1 fields where the header names 2');
    expect(csvError(() => readGlossaryCsv('en,ckb\r\na,b,c\r\n')).line).toBe(2);
  });

  it('strips the formula guard', () => {
    expect(readGlossaryCsv("en,note\r\n'=SUM(A1),'-5\r\n").rows[0]).toMatchObject({ en: '=SUM(A1)', note: '-5' });
  });
});

describe('formula guard', () => {
  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('prefixes %j with a quote, and undoes it', (field) => {
    expect(guardFormula(field)).toBe(`'${field}`);
    expect(unguardFormula(guardFormula(field))).toBe(field);
  });

  it("leaves other fields alone, a leading ' included, and round-trips quotes before a formula character", () => {
    for (const field of ['Erbil', "'quoted'", '', 'a=b', 'کوردستان', '٥-٦']) {
      expect(guardFormula(field)).toBe(field);
      expect(unguardFormula(field)).toBe(field);
    }
    expect(guardFormula("'=x")).toBe("''=x");
    expect(unguardFormula("''=x")).toBe("'=x");
  });
});

describe('writeGlossaryCsv', () => {
  it('writes BOM, header, CRLF line ends and quotes only where needed', () => {
    const csv = writeGlossaryCsv([
      { en: 'Kurdistan Region', ckb: 'هەرێمی کوردستان', kmr: 'هەرێما کوردستانێ', note: '' },
      { en: 'say "no"', ckb: 'نا، نەخێر', kmr: 'a,b', note: 'line one\nline two' },
      { en: '=HYPERLINK("http://x")', ckb: '', kmr: '', note: '-1' },
    ]);
    expect(csv).toBe(
      '\ufeffen,ckb,kmr,note\r\n' +
        'Kurdistan Region,هەرێمی کوردستان,هەرێما کوردستانێ,\r\n' +
        '"say ""no""",نا، نەخێر,"a,b","line one\nline two"\r\n' +
        '"\'=HYPERLINK(""http://x"")",,,\'-1\r\n',
    );
  });

  it('is read back exactly by readGlossaryCsv', () => {
    const rows = [
      { en: 'Peshmerga', ckb: 'پێشمەرگە، "هێز"', kmr: 'پێشمەرگە\r\nدووەم', note: "'@home' = +1" },
      { en: '', ckb: '-کورد', kmr: '', note: '"' },
    ];
    expect(readGlossaryCsv(writeGlossaryCsv(rows)).rows.map(({ line: _line, ...row }) => row)).toEqual(rows);
  });
});

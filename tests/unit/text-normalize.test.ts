import { readFixture } from '../shared-fixtures';
import { describe, expect, it } from 'vitest';
import { normalizeKurdish, normalizeKurdishWithCount } from '../../shared/text/normalize';

const SORANI = readFixture('sorani-news-sample.txt');
const BADINI = readFixture('badini-news-sample.txt');

const ZWNJ = '\u200C';
const count = (text: string, char: string) => text.split(char).length - 1;

/**
 * Independent count of changed characters: code points of `before` that are not
 * kept in a longest common subsequence with `after`, line by line.
 */
function lcsChanges(before: string, after: string): number {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  let changed = 0;
  for (let k = 0; k < a.length; k++) {
    const x = [...a[k]!];
    const y = [...b[k]!];
    const row = new Int32Array(y.length + 1);
    for (let i = 1; i <= x.length; i++) {
      let diag = 0;
      for (let j = 1; j <= y.length; j++) {
        const up = row[j]!;
        row[j] = x[i - 1] === y[j - 1] ? diag + 1 : Math.max(up, row[j - 1]!);
        diag = up;
      }
    }
    changed += x.length - row[y.length]!;
  }
  return changed;
}

function expectNormalized(input: string, output: string, changed: number) {
  expect(normalizeKurdishWithCount(input)).toEqual({ text: output, changed });
}

describe('normalizeKurdish: the table in kurdish-text.md', () => {
  it.each([
    ['\u0643', 'ك'],
    ['\u06AA', 'ڪ'],
    ['\u06AB', 'ګ'],
    ['\u06AC', 'ڬ'],
    ['\u06AD', 'ڭ'],
    ['\u063B', 'ػ'],
  ])('kaf variant %s (%s) becomes Kurdish ک U+06A9', (variant) => {
    expectNormalized(`${variant}وردستان`, 'کوردستان', 1);
  });

  it.each([
    ['\u064A', 'ي'],
    ['\u0649', 'ى'],
    ['\u06D2', 'ے'],
    ['\u06CD', 'ۍ'],
  ])('yeh variant %s (%s) becomes Kurdish ی U+06CC', (variant) => {
    expectNormalized(`پارێزگا${variant}`, 'پارێزگای', 1);
    expectNormalized(`د${variant}الە`, 'دیالە', 1);
  });

  it('heh + ZWNJ (old keyboards) becomes ە U+06D5', () => {
    expectNormalized(`ده${ZWNJ}کات`, 'دەکات', 2);
    expectNormalized(`کوردستانه${ZWNJ}`, 'کوردستانە', 2);
  });

  it('teh marbuta ة becomes ە', () => {
    expectNormalized('قوتابخانة', 'قوتابخانە', 1);
    expectNormalized('ثورة', 'ثورە', 1);
  });

  it('ھ U+06BE before a letter (mid-word or word-initial) becomes ه U+0647', () => {
    expectNormalized('کەلھێ', 'کەلهێ', 1);
    expectNormalized('ھەبوو', 'هەبوو', 1);
    expectNormalized('ھـاتن', 'هاتن', 2); // tatweel between does not hide the letter
  });

  it('word-final h: ھ is the convention (klpt, CLDR); kept at a word end', () => {
    expectNormalized('شاھ', 'شاھ', 0);
    expectNormalized('شاھ جوانیا', 'شاھ جوانیا', 0);
    expectNormalized('شاھ، ', 'شاھ، ', 0);
  });

  it("word-final h: AsoSoft's ه + tatweel becomes ھ; plain final ه and ە are kept as typed", () => {
    expectNormalized('ماهـ ', 'ماھ ', 2);
    expectNormalized('ماهـ', 'ماھ', 2);
    expectNormalized('ماهــ.', 'ماھ.', 3);
    expectNormalized('ماهـا', 'ماها', 1); // ه + tatweel before a letter is just a tatweel
    expectNormalized('ماه', 'ماه', 0);
    expectNormalized('ئەوە', 'ئەوە', 0);
  });

  it('tatweel / kashida U+0640 is removed', () => {
    expectNormalized('ســــڵاو', 'سڵاو', 4);
    expectNormalized('کـورد', 'کورد', 1);
  });

  it.each(['064B', '064C', '064D', '064E', '064F', '0650', '0651'])('haraka U+%s is removed', (hex) => {
    expectNormalized(`ب${String.fromCharCode(parseInt(hex, 16))}ەرد`, 'بەرد', 1);
  });

  it.each(['0652', '0610', '0615', '0670', '06D6', '06E1', '06ED', '08F0'])('Quranic mark U+%s is removed', (hex) => {
    expectNormalized(`ب${String.fromCharCode(parseInt(hex, 16))}ەرد`, 'بەرد', 1);
  });

  it('removes all harakat of a vocalised Arabic name', () => {
    expectNormalized('مُحَمَّد', 'محمد', 4);
  });

  it('keeps marks that carry letter identity (hamza below, maddah, small v)', () => {
    expectNormalized('ب\u0655', 'ب\u0655', 0);
    expectNormalized('ب\u065A', 'ب\u065A', 0);
  });

  it('presentation forms U+FB50–U+FEFC become base letters', () => {
    // ﮐﻮﺭﺩﺳﺘﺎﻥ as copied from a PDF
    expectNormalized('\uFB90\uFEEE\uFEAD\uFEA9\uFEB3\uFE98\uFE8E\uFEE5', 'کوردستان', 8);
    expectNormalized('\uFEFB', 'لا', 1); // lam-alef ligature
    expectNormalized('\uFED9', 'ک', 1); // ﻙ: Arabic kaf form, then the kaf row
    expectNormalized('\uFBFE\uFEAE', 'یر', 2);
    expectNormalized('\uFEF1', 'ی', 1); // ﻱ: Arabic yeh form
    expectNormalized('ب\uFE70', 'ب', 1); // isolated fathatan: no stray space
    expectNormalized('\uFD3E\uFD3F', '\uFD3E\uFD3F', 0); // ornate parentheses have no base letter
  });

  it('ی U+06CC + hamza above U+0654 becomes ئ U+0626 (NFC does not compose it)', () => {
    expectNormalized('\u06CC\u0654ەوە', 'ئەوە', 2);
    expectNormalized('\u064A\u0654ەوە', 'ئەوە', 2); // NFC composes this one
    expectNormalized('\u0649\u0654ەوە', 'ئەوە', 2);
    expectNormalized('\u06D2\u0654', 'ئ', 2); // NFC gives ۓ, the barree yeh row gives ئ
  });

  it('¬ (MS Word artefact) after an Arabic letter becomes ZWNJ', () => {
    expectNormalized('نووسین¬ەکان', `نووسین${ZWNJ}ەکان`, 1);
    expectNormalized('سەر¬کەوت', 'سەرکەوت', 1); // ... then dropped after non-joining ر
    expectNormalized('NOT ¬p', 'NOT ¬p', 0);
  });

  it('duplicate ZWNJ becomes one', () => {
    expectNormalized(`کتێب${ZWNJ}${ZWNJ}${ZWNJ}ەکان`, `کتێب${ZWNJ}ەکان`, 2);
  });

  it('ZWNJ before a space is removed', () => {
    expectNormalized(`بێ${ZWNJ} کار`, 'بێ کار', 1);
    expectNormalized(`کتێب${ZWNJ}\nکتێب`, 'کتێب\nکتێب', 1);
  });

  it('ZWNJ after a non-joining letter is removed; after a joining letter it stays', () => {
    for (const letter of ['ر', 'ڕ', 'د', 'ز', 'ژ', 'ا', 'و', 'ۆ', 'ە']) {
      expectNormalized(`${letter}${ZWNJ}ب`, `${letter}ب`, 1);
    }
    expectNormalized(`می${ZWNJ}خوێنم`, `می${ZWNJ}خوێنم`, 0);
    expectNormalized(`ھ${ZWNJ}ب`, `ھ${ZWNJ}ب`, 0);
  });

  it('ZWNJ at the end of the text stays: the next letter is still being typed', () => {
    expectNormalized(`می${ZWNJ}`, `می${ZWNJ}`, 0);
  });

  it('U+FEFF (BOM) becomes ZWNJ after a joining letter, otherwise it is removed', () => {
    expectNormalized('\uFEFFسڵاو', 'سڵاو', 1);
    expectNormalized('می\uFEFFخوێنم', `می${ZWNJ}خوێنم`, 1);
    expectNormalized('سەر\uFEFFکەوت', 'سەرکەوت', 1);
  });

  it.each([
    ['\u0691', 'ڑ', 'ڕ'],
    ['\u0692', 'ڒ', 'ڕ'],
    ['\u0693', 'ړ', 'ڕ'],
    ['\u0694', 'ڔ', 'ڕ'],
    ['\u0696', 'ږ', 'ڕ'],
    ['\u06B6', 'ڶ', 'ڵ'],
    ['\u06B7', 'ڷ', 'ڵ'],
    ['\u06B8', 'ڸ', 'ڵ'],
    ['\u06A5', 'ڥ', 'ڤ'],
    ['\u06C4', 'ۄ', 'ۆ'],
    ['\u06C5', 'ۅ', 'ۆ'],
    ['\u06C9', 'ۉ', 'ۆ'],
    ['\u06CB', 'ۋ', 'ۆ'],
  ])('exotic variant %s (%s) becomes %s', (variant, _shown, target) => {
    expectNormalized(`ب${variant}`, `ب${target}`, 1);
  });

  it('keeps ٪ ٫ ٬ in Kurdish text', () => {
    expectNormalized('١٥٪ و ٣٫٥ و ١٬٠٠٠', '١٥٪ و ٣٫٥ و ١٬٠٠٠', 0);
  });

  it('applies NFC first', () => {
    expectNormalized('\u0627\u0653زاد', 'آزاد', 2);
    expect(normalizeKurdish('\u0648\u0654')).toBe('\u0624');
  });
});

describe('normalizeKurdish: legacy-font vowel signs (AsoSoft)', () => {
  it('ر + kasra is ڕ', () => {
    expectNormalized('برِیار', 'بڕیار', 2);
    expectNormalized('ئەمرِۆ', 'ئەمڕۆ', 2);
    expectNormalized('فرِِۆکە', 'فڕۆکە', 3);
    expectNormalized('ڕِاگەیاند', 'ڕاگەیاند', 1);
  });

  it('لا + fatha is ڵا, ل + fatha/fathatan is ڵ', () => {
    expectNormalized('بەلاَم', 'بەڵام', 2);
    expectNormalized('ولاَت', 'وڵات', 2);
    expectNormalized('\uFEFB\u064Eت', 'ڵات', 2); // ﻻَ from an old font
    expectNormalized('گولَ', 'گوڵ', 2);
    expectNormalized('فیستیڤاڵً', 'فیستیڤاڵ', 1);
  });

  it('ی + fatha/fathatan is ێ, و + fatha/fathatan is ۆ', () => {
    expectNormalized('لیَبوردن', 'لێبوردن', 2);
    expectNormalized('ئاسیًکرن', 'ئاسێکرن', 2);
    expectNormalized('وێَ', 'وێ', 1);
    expectNormalized('کوَڕ', 'کۆڕ', 2);
  });

  it('لا + fathatan is Arabic tanween (مثلاً), not ڵا', () => {
    expectNormalized('مثلاً', 'مثلا', 1);
  });
});

describe('normalizeKurdish: never touches', () => {
  it('a Latin-script run inside Sorani, byte for byte', () => {
    const latin = `Reuters (AFP) e-mail: news@example.com ¬x ${ZWNJ}${ZWNJ}fi ${ZWNJ}`;
    const out = normalizeKurdish(`ڕۆیتەرز ${latin} كوردستان`);
    expect(out).toBe(`ڕۆیتەرز ${latin} کوردستان`);
  });

  it('digits of any set', () => {
    const digits = '0123456789 ٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹ 2٠22 1٠٠';
    expect(normalizeKurdish(`ساڵی ${digits} ي`)).toBe(`ساڵی ${digits} ی`);
  });

  it('bidi controls LRM RLM ALM, embeddings, overrides and isolates', () => {
    const controls = '\u200E\u200F\u061C\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069';
    const input = `كورد${controls}ي \u2067ـ${controls}\u2069`;
    expectNormalized(input, `کورد${controls}ی \u2067${controls}\u2069`, 3);
  });

  it('English text', () => {
    const english = 'The governor of Diyala said on Tuesday that 15% of the gas — ¬ — is disputed.';
    expectNormalized(english, english, 0);
  });
});

describe('normalizeKurdish: idempotence', () => {
  it.each([
    ['sorani', SORANI],
    ['badini', BADINI],
  ])('normalize(normalize(line)) === normalize(line) for every %s fixture line', (_name, text) => {
    const lines = text.split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(300);
    const failing = lines.filter((line) => {
      const once = normalizeKurdish(line);
      return normalizeKurdish(once) !== once;
    });
    expect(failing).toEqual([]);
  });

  it('holds on 50,000 random strings over the characters the rules look at', () => {
    const alphabet = [
      'ه', 'ھ', 'ە', ZWNJ, '\u0640', 'ر', 'ڕ', 'ل', 'ا', 'ی', 'ي', 'ى', 'و', 'ک', 'ك', 'ب', 'د',
      '\u064E', '\u064B', '\u0650', '\u0651', '\u0654', '\u0653', '\u0610', ' ', '\n', 'a', '1', '٠',
      '¬', '\uFEFF', '\uFEFB', '\uFEEA', '\uFE70', 'ۓ', 'ے', 'ة', '\u200D', '\u200F', '\u2067',
    ];
    let seed = 20240601;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const failing: string[] = [];
    for (let k = 0; k < 50_000; k++) {
      let s = '';
      const length = 1 + Math.floor(random() * 8);
      for (let j = 0; j < length; j++) s += alphabet[Math.floor(random() * alphabet.length)];
      const once = normalizeKurdish(s);
      if (normalizeKurdish(once) !== once) failing.push(s);
    }
    expect(failing).toEqual([]);
  });
});

describe('normalizeKurdishWithCount on the fixtures', () => {
  it('Sorani: no Arabic kaf/yeh or harakat remain; 174 characters changed', () => {
    const { text, changed } = normalizeKurdishWithCount(SORANI);
    expect(count(text, '\u0643')).toBe(0);
    expect(count(text, '\u064A')).toBe(0);
    expect(text).not.toMatch(/[\u064B-\u0652]/);
    // 92 harakat removed + 71 ر→ڕ (kasra) + 8 لاَ→ڵا + 3 یَ→ێ
    expect(changed).toBe(174);
    expect(changed).toBe(lcsChanges(SORANI, text));
    expect(text).toContain('بەڵام');
    expect(text).toContain('لێبوردن لەسزاکانی');
    expect(text).toContain('ئەمڕۆ هونەری کوردی لەو');
  });

  it('Badini: ى, ة and mid-word ھ are gone; 348 characters changed', () => {
    const { text, changed } = normalizeKurdishWithCount(BADINI);
    expect(count(BADINI, '\u0649')).toBe(341);
    expect(count(text, '\u0649')).toBe(0);
    expect(count(text, '\u0629')).toBe(0);
    expect(count(text, '\u06BE')).toBe(1); // the word-final one in شاھ
    // 341 ى→ی + 2 ة→ە + 2 ھ→ه + ئاسیًکرن (2) + وێَ (1)
    expect(changed).toBe(348);
    expect(changed).toBe(lcsChanges(BADINI, text));
    expect(text).toContain('شاھ جوانیا');
    expect(text).toContain('مەلا عوسمان هەبوو');
    expect(text).toContain('گوندێ کەلهێ کەت');
    expect(text).toContain('ل دوشەمبیا بووری سەرنەگرتی.');
  });

  it('digits in the fixtures, including mixed sets, are unchanged', () => {
    for (const fixture of [SORANI, BADINI]) {
      const digits = (s: string) => s.match(/[0-9\u0660-\u0669\u06F0-\u06F9]/g)?.join('');
      expect(digits(normalizeKurdish(fixture))).toBe(digits(fixture));
    }
  });

  it('reports 0 and returns the same text when nothing changes', () => {
    const clean = normalizeKurdish(SORANI);
    expect(normalizeKurdishWithCount(clean)).toEqual({ text: clean, changed: 0 });
    expect(normalizeKurdishWithCount('')).toEqual({ text: '', changed: 0 });
  });

  it('counts NFC changes too', () => {
    expect(normalizeKurdishWithCount('cafe\u0301 ا\u0653')).toEqual({ text: 'café آ', changed: 4 });
  });
});

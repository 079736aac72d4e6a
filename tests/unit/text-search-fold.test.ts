import { readFixture } from '../shared-fixtures';
import { describe, expect, it } from 'vitest';
import { foldForSearch } from '../../shared/text/search-fold';


const ZWNJ = '\u200C';

describe('foldForSearch', () => {
  it('folds a query typed with Arabic ي to the Kurdish ی of the text', () => {
    expect(foldForSearch('پارێزگاي')).toBe('پارێزگای');
    expect(foldForSearch('پارێزگاي')).toBe(foldForSearch('پارێزگای'));
  });

  it('folds Arabic ك to Kurdish ک', () => {
    expect(foldForSearch('ك')).toBe('ک');
    expect(foldForSearch('كوردستان')).toBe(foldForSearch('کوردستان'));
    expect(foldForSearch('كوردستان')).toBe('کوردستان');
  });

  it('applies the whole Kurdish normalisation (ى, ة, heh + ZWNJ, tatweel, harakat)', () => {
    expect(foldForSearch('دیمکراتى')).toBe('دیمکراتی');
    expect(foldForSearch('قوتابخانة')).toBe('قوتابخانە');
    expect(foldForSearch(`ده${ZWNJ}کات`)).toBe('دەکات');
    expect(foldForSearch('ســــڵاو')).toBe('سڵاو');
    expect(foldForSearch('برِیار')).toBe('بڕیار');
  });

  it('lower-cases without a locale (no Turkish dotless i)', () => {
    expect(foldForSearch('Reuters AND IRAQ')).toBe('reuters and iraq');
    expect(foldForSearch('ÇIRAĞAN')).toBe('çirağan');
  });

  it('folds Arabic-Indic and Persian digits to ASCII', () => {
    expect(foldForSearch('٢٠٢٢')).toBe('2022');
    expect(foldForSearch('۲۰۲۲')).toBe('2022');
    expect(foldForSearch('2٠22')).toBe('2022');
    expect(foldForSearch('ساڵی ١٩٨١')).toBe(foldForSearch('ساڵی 1981'));
  });

  it('removes ZWNJ, ZWJ, soft hyphen, BOM and bidi controls', () => {
    expect(foldForSearch(`می${ZWNJ}خوێنم`)).toBe('میخوێنم');
    expect(foldForSearch('ب\u200Dا')).toBe('با');
    expect(foldForSearch('news\u00ADpaper')).toBe('newspaper');
    expect(foldForSearch('\u200Fکورد\u200E \u2067AFP\u2069 \u202Bx\u202C\u061C')).toBe('کورد afp x');
    expect(foldForSearch('\u2066\u2067\u2068\u2069\u202A\u202B\u202C\u202D\u202E\u200E\u200F\u061C')).toBe('');
  });

  it('collapses whitespace to single spaces and trims', () => {
    expect(foldForSearch('  هەولێر \n\t و\u00A0\u00A0دهۆک  ')).toBe('هەولێر و دهۆک');
    expect(foldForSearch(`سەر${ZWNJ} کەوت`)).toBe('سەر کەوت');
  });

  it('matches the two h spellings (ھ and ه); a word-final one is ە (issue 16)', () => {
    expect(foldForSearch('ھەبوو')).toBe('هەبوو');
    expect(foldForSearch('شاھ')).toBe('شاە');
    expect(foldForSearch('شاهـ')).toBe('شاە');
    expect(foldForSearch('شاھ')).toBe(foldForSearch('شاه'));
  });

  it('is idempotent', () => {
    const text = readFixture('badini-news-sample.txt');
    const once = foldForSearch(text);
    expect(foldForSearch(once)).toBe(once);
  });

  it('finds a query typed on an Arabic keyboard in the folded Sorani fixture', () => {
    const index = foldForSearch(readFixture('sorani-news-sample.txt'));
    expect(index).toContain(foldForSearch('پارێزگاي ديالە'));
    expect(index).toContain(foldForSearch('ئەمرِۆ هونەری كوردی'));
    expect(index).not.toMatch(/[\u0643\u064A\u200C\u200F]/);
    expect(index).not.toMatch(/[\u064B-\u0652]/);
  });

  it('finds a query typed with Kurdish letters in the folded Badini fixture (ى in the text)', () => {
    const index = foldForSearch(readFixture('badini-news-sample.txt'));
    expect(index).toContain(foldForSearch('دیمکراتی ناڤەندا دهوک'));
    expect(index).toContain(foldForSearch('25-1-2022'));
  });
});

describe('foldForSearch: Kurdish spellings a desk types both ways (issue 16)', () => {
  it('folds a word-final ه to ە, as an Arabic keyboard types it, and keeps an h inside a word', () => {
    expect(foldForSearch('نوكه')).toBe(foldForSearch('نوکە'));
    expect(foldForSearch(`پێشمه${ZWNJ}رگه`)).toBe(foldForSearch('پێشمەرگە'));
    expect(foldForSearch('ئەو بووه.')).toBe(foldForSearch('ئەو بووە.'));
    expect(foldForSearch('«کوردستانه»')).toBe('«کوردستانە»');
    // Inside a word ه stays h: هەولێر, شاهید.
    expect(foldForSearch('هەولێر و شاهید')).toBe('هەولێر و شاهید');
  });

  it('folds a word-initial ڕ to ر (Badini رۆژ, Sorani ڕۆژ) and keeps ڕ inside a word', () => {
    expect(foldForSearch('ڕۆژی هەینی')).toBe(foldForSearch('رۆژی هەینی'));
    expect(foldForSearch('«ڕووداو»')).toBe('«رووداو»');
    expect(foldForSearch('بەڕێوەبەر')).toBe('بەڕێوەبەر');
    expect(foldForSearch('ئەمڕۆ.ڕۆژنامە')).toBe('ئەمڕۆ.رۆژنامە');
  });

  it('folds the spelling variants of month names, suffixed and glued too', () => {
    expect(foldForSearch('١٤ی تەمووزی ٢٠٢٣')).toBe(foldForSearch('14ی تەمموزی 2023'));
    expect(foldForSearch('لەتەممووزدا')).toBe(foldForSearch('لەتەمموزدا'));
    expect(foldForSearch('15ئەیلوول/سەپتەمبەر')).toBe('15ئەیلول/سەپتەمبەر');
    expect(foldForSearch('مانگی حوزێران')).toBe(foldForSearch('مانگی حوزەیران'));
    expect(foldForSearch('د چریا دوویێ دا')).toBe(foldForSearch('د چریا دووێ دا'));
    expect(foldForSearch('کانونی دووەم')).toBe(foldForSearch('کانوونی دووەم'));
    expect(foldForSearch('کانونا دوویێ')).toBe(foldForSearch('کانوونا دووێ'));
    // دوویێ outside a month name is left alone.
    expect(foldForSearch('جارا دوویێ')).toBe('جارا دوویێ');
  });

  it('folds every month spelling variant to its one spelling', () => {
    const variants: [string, string][] = [
      ['کانون', 'کانوون'], ['حوزێران', 'حوزەیران'], ['حوزیران', 'حوزەیران'], ['حزیران', 'حوزەیران'], ['تەممووز', 'تەمموز'], ['تەمووز', 'تەمموز'],
      ['تەموز', 'تەمموز'], ['ئەیلوول', 'ئەیلول'], ['تیشرین', 'تشرین'], ['چریا دوویێ', 'چریا دووێ'], ['کانوونا دوویێ', 'کانوونا دووێ'], ['کانونا دوویێ', 'کانوونا دووێ'],
    ];
    for (const [variant, spelling] of variants) {
      expect(foldForSearch(variant), variant).toBe(spelling);
      expect(foldForSearch(`لە${variant}دا`), variant).toBe(`لە${spelling}دا`);
    }
  });

  it('stays idempotent on every month spelling and on the new rules', () => {
    for (const text of ['تەمموز تەممووز تەمووز تەموز ئەیلول ئەیلوول', 'حوزەیران حوزێران حوزیران حزیران', 'چریا دوویێ کانونا دوویێ کانوونا دووێ', 'شاه ڕۆژ ه ڕ']) {
      const once = foldForSearch(text);
      expect(foldForSearch(once)).toBe(once);
    }
    const sorani = foldForSearch(readFixture('sorani-news-sample.txt'));
    expect(foldForSearch(sorani)).toBe(sorani);
  });
});

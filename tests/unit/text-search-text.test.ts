import { describe, expect, it } from 'vitest';
import { parseSearchQuery, searchIndexText, searchWords, type SearchNeedle } from '../../shared/text/search-text';
import { foldForSearch } from '../../shared/text/search-fold';

const needles = (query: string) => parseSearchQuery(query).map((n: SearchNeedle) => n.strings);
const row = (text: string) => searchIndexText(text);
/** Whether the query matches the text: every needle, any of its strings. */
const matches = (query: string, text: string) => {
  const index = row(text);
  const parsed = parseSearchQuery(query);
  return parsed.length > 0 && parsed.every((n) => n.strings.some((s) => index.includes(s)));
};

describe('searchIndexText: a version as the index holds it', () => {
  it('keeps words only, one space apart, with a space before and after', () => {
    expect(row('«داعش»، هێرشی کرد.')).toBe(' داعش هێرشی کرد ');
    expect(row('"هەرێمی کوردستان": هەولێر؛ دهۆک؟ (سلێمانی)!')).toBe(' هەرێمی کوردستان هەولێر دهۆک سلێمانی ');
    expect(row('Iraq’s PM, al-Kadhimi: “no”.')).toBe(' iraq s pm al kadhimi no ');
    expect(row('')).toBe('');
    expect(row(' … ')).toBe('');
  });

  it('makes a sentence end with no space after it two words', () => {
    expect(row('ئەمڕۆ.دوێنێ')).toBe(' ئەمڕۆ دوێنێ ');
    expect(searchWords(foldForSearch('سوتن.بەشێ'))).toEqual(['سوتن', 'بەشێ']);
  });

  it('writes numbers of all digit sets and separators the same way', () => {
    expect(row('٢٬٥٠٠ دۆلار')).toBe(' 2 500 دۆلار ');
    expect(row('2,500 dollars')).toBe(' 2 500 dollars ');
    expect(row('۱۵٪')).toBe(' 15 ');
  });
});

describe('parseSearchQuery', () => {
  it('strips punctuation of every script from terms', () => {
    expect(needles('«داعش»')).toEqual(needles('داعش'));
    expect(needles('هەولێر،')).toEqual(needles('هەولێر'));
    expect(needles('داعش.')).toEqual(needles('داعش'));
    expect(needles('(کەرکووک)؛ ؟!')).toEqual(needles('کەرکووک'));
    expect(needles('… ، .')).toEqual([]);
  });

  it('reads a quoted query as a phrase, two unquoted words as two terms', () => {
    expect(needles('"هەرێمی کوردستان"')).toEqual([['هەرێمی کوردستان']]);
    expect(needles('“هەرێمی کوردستان”')).toEqual([['هەرێمی کوردستان']]);
    expect(needles('«هەرێمی کوردستان»')).toEqual([['هەرێمی کوردستان']]);
    expect(needles('هەرێمی کوردستان')).toEqual([['هەرێمی'], ['کوردستان']]);
    // An unclosed quote runs to the end; the rest stays terms.
    expect(needles('نەوت "هەرێمی کوردستان')).toEqual([['نەوت'], ['هەرێمی کوردستان']]);
  });

  it('matches a word shorter than three characters whole, a longer one inside words', () => {
    expect(needles('بی بی سی')).toEqual([[' بی '], [' سی ']]);
    expect(matches('بی بی سی', 'کەناڵی بی بی سی ڕایگەیاند')).toBe(true);
    expect(matches('بی بی سی', 'بیری لێ کردەوە و سیاسەت')).toBe(false);
    expect(matches('پارێزگا', 'لەپارێزگاکەدا')).toBe(true);
    expect(matches('"بی بی سی"', 'بی بی سی')).toBe(true);
    expect(matches('"بی بی سی"', 'بی بی سیاسی')).toBe(false);
  });

  it('makes a word with punctuation inside the phrase of its words', () => {
    expect(needles('ئەمڕۆ.دوێنێ')).toEqual([['ئەمڕۆ دوێنێ']]);
    expect(matches('ئەمڕۆ.دوێنێ', 'ئەمڕۆ. دوێنێ')).toBe(true);
    expect(matches('2,500', '٢٬٥٠٠ سەرباز')).toBe(true);
    expect(matches('al-Kadhimi', 'Mustafa al-Kadhimi said')).toBe(true);
  });

  it('finds an Arabic-keyboard query in Kurdish text and the other way round', () => {
    expect(matches('نوكه', 'نوکە بارودۆخەکە ئارامە')).toBe(true);
    expect(matches(`پێشمه\u200cرگه`, 'هێزەکانی پێشمەرگە')).toBe(true);
    expect(matches('بووە', 'ئەو کارە ئەنجام دراو بووه')).toBe(true);
    // A final h before a suffix stays h in the text: a query ending in ە (or typed with ه) still finds it.
    expect(matches('گوناه', 'گوناهەکانی')).toBe(true);
    expect(matches('بووە', 'بووهتەوە')).toBe(true);
  });

  it('finds ر and ڕ at a word start both ways, and ڕ inside a word', () => {
    expect(matches('ڕۆژ', 'رۆژا ئەینیێ')).toBe(true);
    expect(matches('رۆژ', 'ڕۆژی هەینی')).toBe(true);
    expect(matches('ڕێوەبەر', 'بەڕێوەبەری گشتی')).toBe(true);
    expect(matches('رێوەبەر', 'بەڕێوەبەری گشتی')).toBe(true);
    expect(matches('رێوەبەر', 'بەرێوەبەرێ گشتی')).toBe(true);
  });

  it('finds month names in either spelling', () => {
    expect(matches('تەمموز', '١٤ی تەمووزی ٢٠٢٣')).toBe(true);
    expect(matches('ئەیلوول', '15ئەیلول/سەپتەمبەر')).toBe(true);
    expect(matches('حوزێران', 'مانگی حوزەیران')).toBe(true);
    expect(matches('"چریا دووێ"', 'ل ٢٠ێ چریا دوویێ')).toBe(true);
    expect(matches('چریا دوویێ', 'ل ٢٠ێ چریا دووێ')).toBe(true);
  });

  it('gives each needle once', () => {
    expect(needles('داعش «داعش» داعش.')).toHaveLength(1);
  });
});

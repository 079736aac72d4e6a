import { readFixture } from '../shared-fixtures';
import { describe, expect, it } from 'vitest';
import { digitSetOf, digitSetsIn, findMixedDigitNumbers, foldDigits, mixesDigitSets } from '../../shared/text/digits';


describe('foldDigits', () => {
  it('maps Arabic-Indic ٠–٩ (U+0660–0669) to ASCII', () => {
    expect(foldDigits('٠١٢٣٤٥٦٧٨٩')).toBe('0123456789');
  });

  it('maps Persian ۰–۹ (U+06F0–06F9) to ASCII', () => {
    expect(foldDigits('۰۱۲۳۴۵۶۷۸۹')).toBe('0123456789');
  });

  it('folds numbers that mix sets', () => {
    expect(foldDigits('2٠22 و 1٠٠ و ۲٠2۲')).toBe('2022 و 100 و 2022');
  });

  it('leaves ASCII digits, separators ٪ ٫ ٬ and letters unchanged', () => {
    expect(foldDigits('ساڵی 1981، ١٥٪ و ٣٫٥ و ١٬٠٠٠')).toBe('ساڵی 1981، 15٪ و 3٫5 و 1٬000');
    expect(foldDigits('no digits here')).toBe('no digits here');
    expect(foldDigits('')).toBe('');
  });
});

describe('digit sets', () => {
  it('digitSetOf names the set of one character', () => {
    expect(digitSetOf('7')).toBe('ascii');
    expect(digitSetOf('٧')).toBe('arabic-indic');
    expect(digitSetOf('۷')).toBe('persian');
    expect(digitSetOf('٫')).toBeUndefined();
    expect(digitSetOf('a')).toBeUndefined();
  });

  it('digitSetsIn lists the sets in a fixed order', () => {
    expect(digitSetsIn('2022')).toEqual(['ascii']);
    expect(digitSetsIn('٢٠٢٢')).toEqual(['arabic-indic']);
    expect(digitSetsIn('۲۰۲۲')).toEqual(['persian']);
    expect(digitSetsIn('2٠22')).toEqual(['ascii', 'arabic-indic']);
    expect(digitSetsIn('۲٠2')).toEqual(['ascii', 'arabic-indic', 'persian']);
    expect(digitSetsIn('٫٬')).toEqual([]);
  });

  it('mixesDigitSets flags numbers written with more than one set', () => {
    expect(mixesDigitSets('2٠22')).toBe(true);
    expect(mixesDigitSets('1٠٠')).toBe(true);
    expect(mixesDigitSets('١٢۳')).toBe(true);
    expect(mixesDigitSets('2022')).toBe(false);
    expect(mixesDigitSets('٢٠٢٢')).toBe(false);
    expect(mixesDigitSets('۲۰۲۲')).toBe(false);
    expect(mixesDigitSets('3٫5')).toBe(false);
    expect(mixesDigitSets('')).toBe(false);
  });
});

describe('findMixedDigitNumbers', () => {
  it('finds each mixed number with its offset, separators included', () => {
    const text = 'ساڵی 2٠22 و ١٬٠٠0 و 1981 و ٣٫5';
    expect(findMixedDigitNumbers(text)).toEqual([
      { index: 5, token: '2٠22', sets: ['ascii', 'arabic-indic'] },
      { index: 12, token: '١٬٠٠0', sets: ['ascii', 'arabic-indic'] },
      { index: 27, token: '٣٫5', sets: ['ascii', 'arabic-indic'] },
    ]);
  });

  it('finds the mixed numbers of the Badini fixture', () => {
    const found = findMixedDigitNumbers(readFixture('badini-news-sample.txt')).map((m) => m.token);
    expect(found).toEqual(['14٠', '3٠', '1٠٠', '2٠22', '2٠14']);
  });

  it('finds the mixed numbers of the Sorani fixture', () => {
    const found = findMixedDigitNumbers(readFixture('sorani-news-sample.txt')).map((m) => m.token);
    expect(found).toEqual(['1٠', '2٠1٠', '2٠٠3']);
  });
});

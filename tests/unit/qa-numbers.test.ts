// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { compareNumbers, extractNumbers, mixedDigitNumbers } from '../../shared/qa/numbers';

const values = (text: string) => extractNumbers(text).map((n) => n.value);

describe('extractNumbers', () => {
  it('folds the three digit sets and their separators to one value', () => {
    expect(values('about 2,500 U.S. troops')).toEqual(['2500']);
    expect(values('نزیکەی ٢٬٥٠٠ سەرباز')).toEqual(['2500']);
    expect(values('نزیکەی ۲٬۵۰۰ سەرباز')).toEqual(['2500']);
    expect(values('نزیکەی 2,500 سەرباز')).toEqual(['2500']);
    expect(values('1,000,000 and ١٬٠٠٠٬٠٠٠')).toEqual(['1000000', '1000000']);
  });

  it('reads decimals: ٫ always, a single . too, and drops trailing zeros', () => {
    expect(values('2.5 ٢٫٥ ۲٫۵ 2.50')).toEqual(['2.5', '2.5', '2.5', '2.5']);
    expect(values('0.75')).toEqual(['0.75']);
    // Repeated dots before three-digit groups group thousands (1.000.000).
    expect(values('1.000.000')).toEqual(['1000000']);
  });

  it('reads years, percentages, ordinals and dates in all three languages', () => {
    expect(values('founded in 2014.')).toEqual(['2014']);
    expect(values('لە ساڵی ٢٠١٤ دامەزراوە')).toEqual(['2014']);
    expect(values('ل سالا 2014ێ')).toEqual(['2014']);
    expect(values('15% of the gas')).toEqual(['15']);
    expect(values('15 % ی ئەو گازە')).toEqual(['15']);
    expect(values('٪١٥ی گازەکە')).toEqual(['15']);
    expect(values('8ی ئادارا 1981ێ')).toEqual(['8', '1981']);
    expect(values('2021-07-25')).toEqual(['2021', '7', '25']);
  });

  it('keeps the text and offsets of each number as written', () => {
    const text = 'ئێستا نزیکەی ٢٬٥٠٠ سەربازی ئەمریکا لە ساڵی ٢٠١٤';
    for (const n of extractNumbers(text)) expect(text.slice(n.start, n.end)).toBe(n.text);
    expect(extractNumbers(text).map((n) => n.text)).toEqual(['٢٬٥٠٠', '٢٠١٤']);
  });

  it('splits a comma that does not group three digits ("1,2" is a list), and a second decimal point', () => {
    expect(values('1,2,3')).toEqual(['1', '2', '3']);
    expect(values('10,5')).toEqual(['10', '5']);
    expect(values('1.5.2')).toEqual(['1.5', '2']);
    expect(extractNumbers('1,2').map((n) => [n.text, n.start])).toEqual([
      ['1', 0],
      ['2', 2],
    ]);
  });

  it('ignores separators that are not between digits and strips leading zeros', () => {
    expect(values('In 2020, the parliament')).toEqual(['2020']);
    expect(values('007 and 0')).toEqual(['7', '0']);
    expect(values('no numbers here, ژمارە نییە')).toEqual([]);
  });

  it('reads a number that mixes digit sets by its value', () => {
    expect(values('2٠22')).toEqual(['2022']);
  });
});

describe('compareNumbers', () => {
  it('matches numbers as multisets, whatever the order and digit set', () => {
    expect(compareNumbers('about 2,500 troops since 2014', ['لە ساڵی ٢٠١٤ەوە نزیکەی ٢٬٥٠٠ سەرباز'])).toEqual({ missing: [], extra: [] });
    expect(compareNumbers('June 6 and October 10', ['6ی خزیرانێ', '10ی چریا ئێکێ'])).toEqual({ missing: [], extra: [] });
  });

  it('reports what the translation lacks and what it adds, with the part it is in', () => {
    const result = compareNumbers('2,500 troops in 2014 and 2014', ['٢٬٤٠٠ سەرباز لە ٢٠١٤', 'و 7']);
    expect(result.missing.map((n) => n.text)).toEqual(['2,500', '2014']);
    expect(result.extra.map((e) => [e.token.text, e.part])).toEqual([
      ['٢٬٤٠٠', 0],
      ['7', 1],
    ]);
  });
});

describe('mixedDigitNumbers', () => {
  it('finds a number written in two digit sets, as in real Badini news text', () => {
    const text = 'ل سالا 2٠22ێ و 1٠٠ کەس';
    expect(mixedDigitNumbers(text)).toEqual([
      { number: '2٠22', sets: 'ascii,arabic-indic', range: { start: 7, end: 11 } },
      { number: '1٠٠', sets: 'ascii,arabic-indic', range: { start: 15, end: 18 } },
    ]);
    expect(mixedDigitNumbers('۲٠۲۲')[0]!.sets).toBe('arabic-indic,persian');
  });

  it('leaves numbers in one set alone, separators included', () => {
    expect(mixedDigitNumbers('2,500 ٢٬٥٠٠ ۲٬۵۰۰ 2022')).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { formatCalendarDate, formatDateTime, formatInteger, MONTHS } from '../../shared/text/dates';
import { toDigits } from '../../shared/text/digits';

describe('Kurdish dates (the app carries its own month names)', () => {
  it('has twelve months in each Kurdish language, as the design note lists them', () => {
    expect(MONTHS.ckb).toHaveLength(12);
    expect(MONTHS.kmr).toHaveLength(12);
    expect(MONTHS.ckb[0]).toBe('کانوونی دووەم');
    expect(MONTHS.ckb[11]).toBe('کانوونی یەکەم');
    expect(MONTHS.kmr[2]).toBe('ئادار');
    expect(MONTHS.kmr[9]).toBe('چریا ئێکێ');
  });

  it('writes the seed article date in all three languages', () => {
    const date = { year: 2021, month: 7, day: 25 };
    expect(formatCalendarDate(date, 'en')).toBe('July 25, 2021');
    expect(formatCalendarDate(date, 'ckb')).toBe('25ی تەمووزی 2021');
    expect(formatCalendarDate(date, 'kmr')).toBe('25ی تیرمەها 2021ێ');
  });

  it('puts Badini -a on the month and -ê on the year, as in "8ی ئادارا 1981ێ"', () => {
    expect(formatCalendarDate({ year: 1981, month: 3, day: 8 }, 'kmr')).toBe('8ی ئادارا 1981ێ');
    expect(formatCalendarDate({ year: 1982, month: 12, day: 2 }, 'kmr')).toBe('2ی کانوونا ئێکێ 1982ێ');
  });

  it('writes Arabic-Indic digits when the user prefers them', () => {
    expect(formatCalendarDate({ year: 2021, month: 7, day: 25 }, 'ckb', 'arabic-indic')).toBe('٢٥ی تەمووزی ٢٠٢١');
    expect(formatDateTime('2026-11-28T01:57:00Z', 'ckb', 'arabic-indic', 'UTC')).toBe('٢٨ی تشرینی دووەمی ٢٠٢٦، ٠١:٥٧');
    expect(formatDateTime('2026-11-28T13:05:00Z', 'kmr', 'ascii', 'UTC')).toBe('28ی چریا دووێ 2026ێ، 13:05');
    expect(formatDateTime('2026-11-28T13:05:00Z', 'en', 'ascii', 'UTC')).toBe('Nov 28, 2026, 1:05 PM');
  });

  it('groups numbers, with ٬ between Arabic-Indic digit groups', () => {
    expect(formatInteger(2500, 'en')).toBe('2,500');
    expect(formatInteger(2500, 'ckb')).toBe('2,500');
    expect(formatInteger(2500, 'kmr', 'arabic-indic')).toBe('٢٬٥٠٠');
    expect(toDigits('U.S. 2,500', 'arabic-indic')).toBe('U.S. ٢,٥٠٠');
  });
});

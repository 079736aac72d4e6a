import type { LanguageKey } from '../languages';
import type { DigitStyle } from '../settings';
import { toDigits } from './digits';

/**
 * Month names the app carries itself: Chromium ships no Kurdish locale data,
 * so Intl.DateTimeFormat('ckb') silently answers in English (kurdish-text.md).
 */
export const MONTHS: Record<'ckb' | 'kmr', readonly string[]> = {
  // CLDR ckb, January and December spelled consistently.
  ckb: ['کانوونی دووەم', 'شوبات', 'ئازار', 'نیسان', 'ئایار', 'حوزەیران', 'تەمووز', 'ئاب', 'ئەیلوول', 'تشرینی یەکەم', 'تشرینی دووەم', 'کانوونی یەکەم'],
  // Attested in Duhok news text.
  kmr: ['کانوونا دووێ', 'شوبات', 'ئادار', 'نیسان', 'گولان', 'خزیران', 'تیرمەه', 'تەباخ', 'ئەیلول', 'چریا ئێکێ', 'چریا دووێ', 'کانوونا ئێکێ'],
};

/** The twelve month names of `lang`, January first. */
export function monthNames(lang: LanguageKey): readonly string[] {
  return lang === 'en' ? ENGLISH_MONTHS : MONTHS[lang];
}

const ENGLISH_MONTHS: readonly string[] = (() => {
  const format = new Intl.DateTimeFormat('en', { month: 'long', timeZone: 'UTC' });
  return Array.from({ length: 12 }, (_, month) => format.format(Date.UTC(2001, month, 1)));
})();

// Formatters are costly to create and are used on every render of a count.
const GROUPED_INTEGER = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });

/** Badini puts -a on the month inside a date ("8ی ئادارا 1981ێ"); the compound months already end their first word with it. */
function badiniMonthInDate(month: string): string {
  return month.includes(' ') ? month : `${month}ا`;
}

export interface CalendarDate {
  year: number;
  month: number; // 1–12
  day: number;
}

/**
 * A calendar date written out in `lang`: "July 25, 2021", "25ی تەمووزی 2021",
 * "25ی تیرمەها 2021ێ". Kurdish digits follow the user's digit style.
 */
export function formatCalendarDate(date: CalendarDate, lang: LanguageKey, digits: DigitStyle = 'ascii'): string {
  if (lang === 'en') {
    return new Intl.DateTimeFormat('en', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(Date.UTC(date.year, date.month - 1, date.day));
  }
  const month = MONTHS[lang][date.month - 1];
  if (!month) throw new RangeError(`No month ${date.month}`);
  const day = toDigits(String(date.day), digits);
  const year = toDigits(String(date.year), digits);
  // Sorani: the day and the month take the ezafe -ی; Badini: -ی on the day, -a on the month, -ê on the year.
  return lang === 'ckb' ? `${day}ی ${month}ی ${year}` : `${day}ی ${badiniMonthInDate(month)} ${year}ێ`;
}

/** Date and time of a moment in the user's time zone, in `lang`. */
export function formatDateTime(iso: string, lang: LanguageKey, digits: DigitStyle = 'ascii', timeZone?: string): string {
  const moment = new Date(iso);
  if (lang === 'en') {
    return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', ...(timeZone ? { timeZone } : {}) }).format(moment);
  }
  const parts = new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(moment);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const date = formatCalendarDate({ year: part('year'), month: part('month'), day: part('day') }, lang, digits);
  const time = toDigits(`${String(part('hour')).padStart(2, '0')}:${String(part('minute')).padStart(2, '0')}`, digits);
  return `${date}، ${time}`;
}

/** A whole number in `lang`, grouped, in the user's digit style for Kurdish. */
export function formatInteger(value: number, lang: LanguageKey, digits: DigitStyle = 'ascii'): string {
  const grouped = GROUPED_INTEGER.format(value);
  if (lang === 'en') return grouped;
  // Arabic-Indic digits group with the Arabic thousands separator ٬.
  return digits === 'arabic-indic' ? toDigits(grouped.replaceAll(',', '٬'), digits) : grouped;
}

import { findMixedDigitNumbers } from '../text/digits';
import type { TextRange } from './findings';

/**
 * Numbers for comparing a translation with its source. Digits of all three
 * sets (ASCII, Arabic-Indic ٠–٩, Persian ۰–۹) fold to ASCII and the
 * separators to a canonical value, so `2,500` in English equals `٢٬٥٠٠` in
 * Sorani and `15%` equals `١٥٪`.
 */

export interface NumberToken {
  /** As written. */
  text: string;
  /** Canonical: ASCII digits, no grouping, no leading zeros, `.` before a fraction without trailing zeros ("2500", "2.5"). */
  value: string;
  start: number;
  end: number;
}

// Digit runs joined by single separators: . , and Arabic decimal ٫ U+066B and thousands ٬ U+066C.
const NUMBER = /[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*/g;
const GROUP = /[0-9\u0660-\u0669\u06f0-\u06f9]+/g;
const ARABIC_DECIMAL = '\u066b';
const ARABIC_THOUSANDS = '\u066c';

function asciiDigits(run: string): string {
  let out = '';
  for (let i = 0; i < run.length; i++) {
    const c = run.charCodeAt(i);
    out += c <= 0x39 ? run[i] : String.fromCharCode(0x30 + c - (c >= 0x06f0 ? 0x06f0 : 0x0660));
  }
  return out;
}

function canonical(int: string, fraction: string): string {
  const whole = int.replace(/^0+(?=\d)/, '');
  const frac = fraction.replace(/0+$/, '');
  return frac === '' ? whole : `${whole}.${frac}`;
}

/**
 * The numbers in `text`, in order. Separator rules: ٬ always groups and ٫ is
 * always the decimal point; `,` groups when three digits follow, otherwise it
 * separates two numbers ("1,2"); `.` groups only when repeated before
 * three-digit groups ("1.000.000"), otherwise the first is the decimal point.
 * Anything after the decimal point that is not a digit starts a new number.
 */
export function extractNumbers(text: string): NumberToken[] {
  const tokens: NumberToken[] = [];
  for (const match of text.matchAll(NUMBER)) {
    const raw = match[0];
    const base = match.index;
    const groups = [...raw.matchAll(GROUP)].map((g) => ({ digits: asciiDigits(g[0]), start: base + g.index, end: base + g.index + g[0].length }));
    const separators = groups.slice(1).map((g) => text[g.start - 1]!);
    const dots = separators.filter((s) => s === '.').length;
    const dotsGroup = dots >= 2 && groups.every((g, i) => i === 0 || separators[i - 1] !== '.' || g.digits.length === 3);

    let first = groups[0]!;
    let int = first.digits;
    let fraction: string | null = null;
    const close = (end: number) => tokens.push({ text: text.slice(first.start, end), value: canonical(int, fraction ?? ''), start: first.start, end });
    for (let i = 1; i < groups.length; i++) {
      const group = groups[i]!;
      const sep = separators[i - 1]!;
      const grouping = fraction === null && (sep === ARABIC_THOUSANDS || (sep === ',' && group.digits.length === 3) || (sep === '.' && dotsGroup));
      const decimal = fraction === null && !grouping && (sep === ARABIC_DECIMAL || sep === '.');
      if (grouping) int += group.digits;
      else if (decimal) fraction = group.digits;
      else {
        close(groups[i - 1]!.end);
        first = group;
        int = group.digits;
        fraction = null;
      }
    }
    close(groups[groups.length - 1]!.end);
  }
  return tokens;
}

export interface NumberMismatch {
  /** Source numbers without a counterpart, in source order. */
  missing: NumberToken[];
  /** Translation numbers without a counterpart, in translation order (with the index of the text they are in). */
  extra: { token: NumberToken; part: number }[];
}

/**
 * Compares the numbers of a source text with those of its translation (one or
 * more texts: a paragraph split in two) as multisets of canonical values.
 */
export function compareNumbers(source: string, translation: readonly string[]): NumberMismatch {
  const pending = new Map<string, NumberToken[]>();
  for (const token of extractNumbers(source)) {
    const list = pending.get(token.value);
    if (list) list.push(token);
    else pending.set(token.value, [token]);
  }
  const extra: NumberMismatch['extra'] = [];
  translation.forEach((text, part) => {
    for (const token of extractNumbers(text)) {
      const list = pending.get(token.value);
      if (list && list.length > 0) list.shift();
      else extra.push({ token, part });
    }
  });
  const missing = [...pending.values()].flat().sort((a, b) => a.start - b.start);
  return { missing, extra };
}

export interface MixedDigits {
  number: string;
  sets: string;
  range: TextRange;
}

/** Numbers written in more than one digit set ("2٠22", "1٠٠"). */
export function mixedDigitNumbers(text: string): MixedDigits[] {
  return findMixedDigitNumbers(text).map((m) => ({ number: m.token, sets: m.sets.join(','), range: { start: m.index, end: m.index + m.token.length } }));
}

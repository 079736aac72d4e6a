/**
 * The three digit sets seen in Kurdish text: ASCII 0–9 (bidi class EN),
 * Arabic-Indic ٠–٩ U+0660–0669 (AN) and Persian ۰–۹ U+06F0–06F9 (EN). Stored
 * text keeps what the writer typed; these helpers fold for comparison and find
 * numbers that mix sets ("2٠22"), a QA warning.
 */

export type DigitSet = 'ascii' | 'arabic-indic' | 'persian';

/** Fixed order in which `digitSetsIn` reports sets. */
export const DIGIT_SETS: readonly DigitSet[] = ['ascii', 'arabic-indic', 'persian'];

const ARABIC_INDIC_ZERO = 0x0660;
const PERSIAN_ZERO = 0x06f0;
const NON_ASCII_DIGIT = /[\u0660-\u0669\u06f0-\u06f9]/g;

/** The digit set of one character, or undefined if it is not a digit of the three sets. */
export function digitSetOf(char: string): DigitSet | undefined {
  const c = char.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return 'ascii';
  if (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9) return 'arabic-indic';
  if (c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) return 'persian';
  return undefined;
}

/** Arabic-Indic and Persian digits to ASCII; everything else (separators ٫ ٬ ٪ included) unchanged. */
export function foldDigits(text: string): string {
  return text.replace(NON_ASCII_DIGIT, (d) => {
    const c = d.charCodeAt(0);
    return String.fromCharCode(0x30 + c - (c >= PERSIAN_ZERO ? PERSIAN_ZERO : ARABIC_INDIC_ZERO));
  });
}

/** The digit sets used in `token`, in `DIGIT_SETS` order ("2٠22" → ['ascii', 'arabic-indic']). */
export function digitSetsIn(token: string): DigitSet[] {
  let ascii = false;
  let arabicIndic = false;
  let persian = false;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) ascii = true;
    else if (c >= ARABIC_INDIC_ZERO && c <= ARABIC_INDIC_ZERO + 9) arabicIndic = true;
    else if (c >= PERSIAN_ZERO && c <= PERSIAN_ZERO + 9) persian = true;
  }
  const sets: DigitSet[] = [];
  if (ascii) sets.push('ascii');
  if (arabicIndic) sets.push('arabic-indic');
  if (persian) sets.push('persian');
  return sets;
}

/** True when a number is written with more than one digit set ("2٠22", "1٠٠"). */
export function mixesDigitSets(token: string): boolean {
  return digitSetsIn(token).length > 1;
}

export interface MixedNumber {
  /** UTF-16 offset of the number in the text. */
  index: number;
  token: string;
  sets: DigitSet[];
}

// A number: digits of any set, with single decimal or thousands separators (. , ٫ ٬) between digits.
const NUMBER = /[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*/g;

/** Every number in `text` that mixes digit sets, for a QA warning. */
export function findMixedDigitNumbers(text: string): MixedNumber[] {
  const found: MixedNumber[] = [];
  for (const m of text.matchAll(NUMBER)) {
    const sets = digitSetsIn(m[0]);
    if (sets.length > 1) found.push({ index: m.index, token: m[0], sets });
  }
  return found;
}

/** Writes the ASCII digits of `text` in `style` (for display; stored text keeps what was typed). */
export function toDigits(text: string, style: 'ascii' | 'arabic-indic'): string {
  if (style === 'ascii') return text;
  return text.replace(/[0-9]/g, (d) => String.fromCharCode(ARABIC_INDIC_ZERO + d.charCodeAt(0) - 48));
}

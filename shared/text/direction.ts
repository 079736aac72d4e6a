import type { Direction } from '../languages';
import { ISOLATE_INITIATORS, PDI, STRONG_CLASS_NAMES, STRONG_RANGE_CLASS, STRONG_RANGES } from './bidi-classes';

/**
 * Direction of text from its characters: UAX #9 rules P2–P3, "the first strong
 * character decides". Not for a Sorani or Badini article's own paragraphs: those
 * take the version's direction from the language table (a Sorani paragraph that
 * opens with "ISIS" is still right to left). This is for text of unknown language:
 * pasted snippets, titles in lists, search results.
 */

export type StrongBidiClass = (typeof STRONG_CLASS_NAMES)[number];

// LRI, RLI, FSI and PDI sit together in General Punctuation; one range test skips the rest.
const ISOLATE_MIN = Math.min(PDI, ...ISOLATE_INITIATORS);
const ISOLATE_MAX = Math.max(PDI, ...ISOLATE_INITIATORS);

/** The strong bidi class (L, R, AL) of a code point, or null for weak and neutral ones. */
export function bidiStrongClass(codePoint: number): StrongBidiClass | null {
  if (codePoint < 0x80) {
    return (codePoint >= 0x41 && codePoint <= 0x5a) || (codePoint >= 0x61 && codePoint <= 0x7a) ? 'L' : null;
  }
  let low = 0;
  let high = STRONG_RANGE_CLASS.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    if (codePoint < STRONG_RANGES[2 * mid]!) high = mid - 1;
    else if (codePoint > STRONG_RANGES[2 * mid + 1]!) low = mid + 1;
    else return STRONG_CLASS_NAMES[STRONG_RANGE_CLASS[mid]!]!;
  }
  return null;
}

/**
 * The direction of the first strong character (L → ltr, R or AL → rtl), skipping
 * everything from an isolate initiator (LRI, RLI, FSI) to its matching PDI, or to
 * the end if it has none; null when there is no strong character outside isolates.
 * `text` is one paragraph: a "\n" in it is a line break, as in an HTML paragraph
 * with dir="auto", not the paragraph separator of UAX #9 P1.
 */
export function firstStrongDirection(text: string): Direction | null {
  let isolates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!;
    if (c > 0xffff) i++;
    if (c >= ISOLATE_MIN && c <= ISOLATE_MAX) {
      if (c === PDI) {
        if (isolates > 0) isolates--; // an unmatched PDI is just a neutral
        continue;
      }
      if (ISOLATE_INITIATORS.includes(c)) {
        isolates++;
        continue;
      }
    }
    if (isolates > 0) continue;
    const strong = bidiStrongClass(c);
    if (strong !== null) return strong === 'L' ? 'ltr' : 'rtl';
  }
  return null;
}

/** `firstStrongDirection`, or `fallback` when the text has no strong character (digits, punctuation, empty). */
export function paragraphDirection(text: string, fallback: Direction): Direction {
  return firstStrongDirection(text) ?? fallback;
}

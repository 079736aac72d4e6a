import { foldDigits } from './digits';
import { normalizeKurdish } from './normalize';

/**
 * ZWNJ, ZWJ, ZWSP, word joiner, BOM, soft hyphen and every bidi control (LRM,
 * RLM, ALM, LRE…RLO, LRI…PDI): invisible, so a query never types them the same
 * way the text has them.
 */
const INVISIBLE = /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/g;
const SPACES = /\s+/g;
// Search only: the two final-h spellings (klpt/CLDR ھ, plain ه) match each other.
const HEH_DOACHASHMEE = /\u06be/g;

/**
 * The one fold applied to both the full-text index and the query, in all three
 * languages. Only for matching: the result's offsets do not map back to the text.
 */
export function foldForSearch(text: string): string {
  return foldDigits(normalizeKurdish(text).toLowerCase())
    .replace(INVISIBLE, '')
    .replace(HEH_DOACHASHMEE, '\u0647')
    .replace(SPACES, ' ')
    .trim();
}

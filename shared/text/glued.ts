/**
 * Sentence ends with no space after them in Kurdish (Arabic-script) text:
 * `ئەمڕۆ.دوێنێ`, common in copy pasted from web pages and PDFs. They are two
 * words (the counts), and worth a warning (the checks). Pure, the same in
 * the renderer and in Node.
 *
 * A glued end is a full stop, ! ? ؟ or ۔ between two Arabic-script words of
 * two letters or more. Left alone: a one-letter abbreviation (`د.ئەحمەد`,
 * `ک.م`), an acronym spelled out in letter names (`تی.ئار.تی`, TRT), a colon
 * (`هەولێر:`, labels), an ellipsis, and anything with Latin letters or
 * digits on either side (`U.S`, `3.5`).
 */

// Arabic-script letters (Arabic, Supplement, Extended-A), without tatweel.
const LETTER = '\\u0620-\\u063f\\u0641-\\u064a\\u066e\\u066f\\u0671-\\u06d3\\u06d5\\u06ee\\u06ef\\u06fa-\\u06fc\\u06ff\\u0750-\\u077f\\u08a0-\\u08c9';
const GLUED = new RegExp(`(?<![${LETTER}])([${LETTER}]{2,})([.!?\\u061f\\u06d4])(?=([${LETTER}]{2,})(?![${LETTER}]))`, 'gu');
// Cheap test before the scan: most text has no sentence mark between two Arabic letters.
const MAYBE = new RegExp(`[${LETTER}][.!?\\u061f\\u06d4][${LETTER}]`, 'u');

/**
 * Latin letter names as Kurdish writes them, for acronyms spelled out
 * (`بی بی سی`, BBC; `سی ئێن ئێن`, CNN; `تی.ئار.تی`, TRT). Sorani and Badini
 * spellings, each letter's common variants.
 */
export const LETTER_NAMES: ReadonlySet<string> = new Set([
  'ئەی', 'ئێ', 'بی', 'سی', 'دی', 'ئی', 'ئێف', 'ئەف', 'جی', 'ئێچ', 'ئەیچ', 'ئای', 'جەی', 'کەی', 'ئێل', 'ئێڵ', 'ئەل',
  'ئێم', 'ئەم', 'ئێن', 'ئەن', 'ئۆ', 'پی', 'کیو', 'ئار', 'ئاڕ', 'ئێس', 'ئەس', 'تی', 'یو', 'ڤی', 'دەبڵیو', 'دابلیو', 'دەبلیو',
  'ئێکس', 'ئەکس', 'وای', 'زێد', 'زی', 'زەد',
]);

export interface GluedSentenceEnd {
  /** UTF-16 offset of the sentence mark. */
  index: number;
  mark: string;
  /** The word before the mark and the word after it. */
  before: string;
  after: string;
  /** Offset of the word before; the word after ends at `index + 1 + after.length`. */
  start: number;
}

/** Every glued sentence end in `text`, in order. */
export function gluedSentenceEnds(text: string): GluedSentenceEnd[] {
  if (!MAYBE.test(text)) return [];
  const found: GluedSentenceEnd[] = [];
  for (const m of text.matchAll(GLUED)) {
    const before = m[1]!;
    const after = m[3]!;
    // Letter names on both sides: an acronym (تی.ئار.تی). One alone is a word too (ئەم, this).
    if (LETTER_NAMES.has(before) && LETTER_NAMES.has(after)) continue;
    found.push({ index: m.index + before.length, mark: m[2]!, before, after, start: m.index });
  }
  return found;
}

import { gluedSentenceEnds } from './glued';

/**
 * Word and character counts for English, Sorani and Badini text, the same in the
 * renderer (Chromium) and in Node.
 *
 * Words come from Intl.Segmenter (UAX #29 word boundaries). Checked in both: ZWNJ
 * and ZWJ never split a word (they are Extend, so "دەچم‌ەوە" is one word), numbers
 * with separators ("2,500", "١٬٢٠٠", "٣٫٥") are one word, punctuation alone is
 * none. Where the two disagree: Chromium's ICU is patched so that a full stop or
 * colon between letters ends a word ("U.S", "ئەعرەجی:هەولێر" are two words there,
 * one in Node). So words joined by full stops, colons or hyphens with no space
 * count as one word in both, which is also how Word counts "U.S.-led", "12:30"
 * and "al-Kadhimi". One exception: a sentence end with no space after it
 * between two Kurdish words (`ئەمڕۆ.دوێنێ`, see glued.ts) is two words in both.
 *
 * Characters are grapheme clusters (UAX #29), counted by a table for the scripts
 * these languages use and by Intl.Segmenter, tens of times slower, for other text.
 */

// . : and their fullwidth forms; hyphen-minus, hyphen, non-breaking hyphen.
const JOINERS = new Set([0x2e, 0x3a, 0xff0e, 0xff1a, 0x2d, 0x2010, 0x2011]);

// Where countWords is: after a word, after a word and joiners only, or neither.
const NONE = 0;
const AFTER_WORD = 1;
const JOINED = 2;

const wordSegmenters = new Map<string, Intl.Segmenter>();
let graphemeSegmenter: Intl.Segmenter | undefined;

function wordSegmenter(locale: string): Intl.Segmenter {
  let segmenter = wordSegmenters.get(locale);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity: 'word' });
    wordSegmenters.set(locale, segmenter);
  }
  return segmenter;
}

/**
 * Words in `text`: runs of letters, marks and digits, with "'" and "’" inside a
 * word, separators inside a number, and . : or hyphens between two words (with no
 * space) keeping them one word. `locale` is a BCP 47 tag ('en', 'ckb', 'kmr-Arab').
 */
export function countWords(text: string, locale: string): number {
  // Offsets of glued sentence ends, in order: Node's segmenter keeps them inside a word, Chromium's splits there.
  const glued = gluedSentenceEnds(text).map((g) => g.index);
  let next = 0;
  let words = 0;
  let state = NONE;
  for (const { segment, index, isWordLike } of wordSegmenter(locale).segment(text)) {
    let splits = 0;
    while (next < glued.length && glued[next]! < index + segment.length) {
      next++;
      splits++;
    }
    if (isWordLike) {
      if (state !== JOINED) words++;
      words += splits;
      state = AFTER_WORD;
    } else {
      state = state !== NONE && splits === 0 && allJoiners(segment) ? JOINED : NONE;
    }
  }
  return words;
}

function allJoiners(segment: string): boolean {
  for (let i = 0; i < segment.length; i++) if (!JOINERS.has(segment.charCodeAt(i))) return false;
  return true;
}

// Grapheme kinds of the characters English, Sorani and Badini text is made of (UAX #29,
// GraphemeBreakProperty.txt); anything else (emoji, Hangul, other scripts, the Arabic
// number signs that are Prepend) sends the whole text to Intl.Segmenter.
const COMPLEX = 0;
const BASE = 1; // starts a cluster; marks after it join it
const MARK = 2; // Extend or ZWJ: joins the cluster before it, unless a control comes first
const CONTROL = 3; // a cluster of its own (LF, TAB, bidi controls…)
const CR = 4; // CR LF is one cluster
const KIND = 7;
const INVISIBLE = 8; // not counted: ZWNJ, ZWJ, soft hyphen, ALM, ZWSP, LRM, RLM, LRE…RLO, WJ…, LRI…PDI, BOM

const GRAPHEME_KIND = new Uint8Array(0x20d0); // U+0000–U+20CF; U+FEFF is tested apart
function setKind(from: number, to: number, kind: number): void {
  GRAPHEME_KIND.fill(kind, from, to + 1);
}
setKind(0x0000, 0x02ff, BASE); // Basic Latin, Latin-1, Latin Extended, IPA, modifier letters
setKind(0x0000, 0x001f, CONTROL);
setKind(0x007f, 0x009f, CONTROL);
GRAPHEME_KIND[0x0d] = CR;
GRAPHEME_KIND[0xad] = CONTROL | INVISIBLE; // soft hyphen
GRAPHEME_KIND[0xa9] = GRAPHEME_KIND[0xae] = COMPLEX; // © ®: emoji, which ZWJ may join
setKind(0x0300, 0x036f, MARK); // combining diacritical marks
setKind(0x0606, 0x06ff, BASE); // Arabic, without the Prepend number signs U+0600–0605
setKind(0x0610, 0x061a, MARK);
GRAPHEME_KIND[0x061c] = CONTROL | INVISIBLE; // ALM
setKind(0x064b, 0x065f, MARK);
GRAPHEME_KIND[0x0670] = MARK;
setKind(0x06d6, 0x06dc, MARK);
GRAPHEME_KIND[0x06dd] = COMPLEX; // end of ayah: Prepend
setKind(0x06df, 0x06e4, MARK);
setKind(0x06e7, 0x06e8, MARK);
setKind(0x06ea, 0x06ed, MARK);
setKind(0x0750, 0x077f, BASE); // Arabic Supplement
setKind(0x2000, 0x20cf, BASE); // spaces, punctuation, super- and subscripts, currency
GRAPHEME_KIND[0x200b] = CONTROL | INVISIBLE; // ZWSP
GRAPHEME_KIND[0x200c] = MARK | INVISIBLE; // ZWNJ
GRAPHEME_KIND[0x200d] = MARK | INVISIBLE; // ZWJ
setKind(0x200e, 0x200f, CONTROL | INVISIBLE); // LRM, RLM
setKind(0x2028, 0x2029, CONTROL); // line and paragraph separators
setKind(0x202a, 0x202e, CONTROL | INVISIBLE); // LRE…RLO
GRAPHEME_KIND[0x203c] = GRAPHEME_KIND[0x2049] = COMPLEX; // ‼ ⁉: emoji
setKind(0x2060, 0x206f, CONTROL | INVISIBLE); // word joiner…, LRI…PDI, deprecated format characters
const BOM_KIND = CONTROL | INVISIBLE;

/**
 * Characters as a reader sees them: grapheme clusters, so a letter with its
 * combining marks is one, and invisible format characters (bidi controls, ZWNJ,
 * ZWJ, soft hyphen, BOM) are none. Spaces and line breaks count.
 */
export function countCharacters(text: string): number {
  let count = 0;
  let inCluster = false; // a mark here joins the cluster before it
  let counted = false; // that cluster has something visible
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const kind = c < GRAPHEME_KIND.length ? GRAPHEME_KIND[c]! : c === 0xfeff ? BOM_KIND : COMPLEX;
    switch (kind & KIND) {
      case BASE:
        count++;
        inCluster = counted = true;
        break;
      case MARK:
        if (!inCluster) {
          inCluster = true;
          counted = false;
        }
        if (!counted && !(kind & INVISIBLE)) {
          count++;
          counted = true;
        }
        break;
      case CR:
        if (text.charCodeAt(i + 1) === 0x0a) i++;
        count++;
        inCluster = false;
        break;
      case CONTROL:
        if (!(kind & INVISIBLE)) count++;
        inCluster = false;
        break;
      default:
        return countGraphemes(text);
    }
  }
  return count;
}

/** countCharacters for any text, by Intl.Segmenter: clusters with a visible character in them. */
function countGraphemes(text: string): number {
  graphemeSegmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  let count = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) {
    for (let i = 0; i < segment.length; i++) {
      const c = segment.charCodeAt(i);
      const kind = c < GRAPHEME_KIND.length ? GRAPHEME_KIND[c]! : c === 0xfeff ? BOM_KIND : COMPLEX;
      if (!(kind & INVISIBLE)) {
        count++;
        break;
      }
    }
  }
  return count;
}

import { normalizeKurdish } from '../text/normalize';

/**
 * The hash a done translation records of its source segment's text
 * (SegmentLink.sourceHash). A later source edit that changes the hash makes the
 * translation stale; one that only re-types the same words, fixes spacing or
 * swaps an Arabic keyboard letter for the Kurdish one must not.
 */

// Invisible characters that never change what a reader sees: ZWSP, LRM, RLM, ALM,
// LRE…RLO, word joiner, LRI…PDI, soft hyphen. ZWNJ (U+200C) is not here: inside
// a Kurdish word it changes the letter shapes, so it is part of the text. Nor is
// BOM: normalizeKurdish reads it as the old spelling of ZWNJ after a letter.
const INVISIBLE = /[\u00ad\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069]/g;
const SPACES = /\s+/g;
// A ZWNJ beside a space or at either end joins nothing: typing it or not is the same text.
const LOOSE_ZWNJ = /\u200c+(?= |$)|(?<=^| )\u200c+/g;

/**
 * The text a hash is taken of: invisibles dropped, Kurdish-normalised (NFC
 * included; harmless on English, which it leaves as typed), every whitespace
 * run one space, trimmed. Case and digits are kept: changing them is an edit.
 */
export function normalizeSegmentText(text: string): string {
  return normalizeKurdish(text.replace(INVISIBLE, '')).replace(SPACES, ' ').trim().replace(LOOSE_ZWNJ, '');
}

/** hash64 of the normalised text. */
export function hashSegmentText(text: string): string {
  return hash64(normalizeSegmentText(text));
}

/**
 * cyrb53's two 32-bit lanes of a string, both kept in full, as 16 lowercase
 * hex digits: a 64-bit non-cryptographic hash. Works on UTF-16 code units
 * with Math.imul only, so Node and Chromium agree bit for bit.
 */
export function hash64(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex32(h2) + hex32(h1);
}

function hex32(n: number): string {
  return (n >>> 0).toString(16).padStart(8, '0');
}

// Alignment and autosave hash the same texts again and again (a source rarely changes; one block per save): each text once.
const cache = new Map<string, string>();
const CACHE_LIMIT = 20_000;

/** hashSegmentText, remembered for the last texts hashed (the cache is emptied when it fills). */
export function cachedSegmentHash(text: string): string {
  let hash = cache.get(text);
  if (hash === undefined) {
    hash = hashSegmentText(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, hash);
  }
  return hash;
}
